"""The action list, the decision list and the published minutes."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from apps.core.access import access
from apps.ondernemingsraad import policy, selectors, services
from apps.ondernemingsraad.forms import ActionStatusForm
from apps.ondernemingsraad.models import ActionStatus

from ._common import EMPLOYEES, OBJECT_PAGE, not_post, paginate


@access(OBJECT_PAGE)
@never_cache
def action_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", ActionStatus.OPEN)
    if status not in ActionStatus.values:
        status = ""
    context = {
        "page": paginate(request, selectors.action_list(request.user, status or None)),
        "status": status,
        "statuses": ActionStatus.choices,
    }
    return render(request, "ondernemingsraad/action_list.html", context)


@access(OBJECT_PAGE)
@never_cache
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = policy.get_action_to_update(request.user, pk)
    if refused := not_post(request):
        return refused
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.action_set_status(actor=request.user, action=action, status=form.cleaned_data["status"])  # type: ignore[arg-type]
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The action has been updated."))
    else:
        messages.error(request, _("Choose a valid status."))
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(back)  # redirect() would read a bare word as a URL name
    return redirect("ondernemingsraad:action-list")


@access(OBJECT_PAGE)
@never_cache
def decision_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.decision_list(request.user))
    return render(request, "ondernemingsraad/decision_list.html", {"page": page})


@access(EMPLOYEES)
@never_cache
def minutes_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.published_minutes_list(request.user))
    return render(request, "ondernemingsraad/minutes_list.html", {"page": page})


@access(EMPLOYEES)
@never_cache
def minutes_detail(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = policy.get_published_minutes(request.user, pk)
    return render(
        request, "ondernemingsraad/minutes_detail.html", {"minutes": minutes, "meeting": minutes.meeting}
    )
