"""Committees (commissies): list, page, create and edit, and planning their meetings."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from apps.core.access import access
from apps.core.form_actions import run_form
from apps.ondernemingsraad import policy, selectors, services
from apps.ondernemingsraad.forms import CommitteeForm, MeetingForm
from apps.ondernemingsraad.models import MeetingKind

from ._common import COMMITTEE_MANAGERS, OBJECT_PAGE


@access(OBJECT_PAGE)
@never_cache
def committee_list(request: HttpRequest) -> HttpResponse:
    context = {
        "committees": selectors.committee_list(request.user),
        "can_create": COMMITTEE_MANAGERS.allows(request.user),
    }
    return render(request, "ondernemingsraad/committee_list.html", context)


@access(OBJECT_PAGE)
@never_cache
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = policy.get_committee(request.user, pk)
    context = {
        "committee": committee,
        "members": list(committee.members.order_by("first_name", "last_name")),
        "meetings": selectors.committee_meetings(request.user, committee),
        "can_change": policy.can_change_committee(request.user, committee),
        "can_plan": policy.can_plan_committee_meeting(request.user, committee),
    }
    return render(request, "ondernemingsraad/committee_detail.html", context)


def _save(request: HttpRequest, form: CommitteeForm, committee: Any = None) -> HttpResponse:
    """Create (no `committee`) or update; on an error the form page again."""

    def run(data: dict[str, Any]) -> Any:
        fields = {"name": data["name"], "description": data["description"], "members": data["members"]}
        if committee is None:
            return services.committee_create(actor=request.user, **fields)  # type: ignore[arg-type]
        services.committee_update(actor=request.user, committee=committee, **fields)  # type: ignore[arg-type]
        return committee

    return run_form(
        request,
        form,
        run,
        done=_("The committee has been saved."),
        success_url=lambda saved: reverse("ondernemingsraad:committee-detail", args=[saved.pk]),
        show_again=lambda: render(
            request, "ondernemingsraad/committee_form.html", {"form": form, "committee": committee}
        ),
    )


@access(COMMITTEE_MANAGERS)
@never_cache
def committee_create(request: HttpRequest) -> HttpResponse:
    form = CommitteeForm(request.POST or None)
    return _save(request, form)


@access(OBJECT_PAGE)
@never_cache
def committee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    committee = policy.get_committee(request.user, pk)
    policy.require(policy.can_change_committee(request.user, committee))
    initial = {
        "name": committee.name,
        "description": committee.description,
        "members": list(committee.members.all()),
    }
    form = CommitteeForm(request.POST or None, initial=initial)
    return _save(request, form, committee)


@access(OBJECT_PAGE)
@never_cache
def committee_meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    committee = policy.get_committee(request.user, pk)
    policy.require(policy.can_plan_committee_meeting(request.user, committee))
    people = committee.members.filter(is_active=True).order_by("first_name", "last_name")
    form = MeetingForm(
        request.POST or None,
        people=people,
        initial={"title": committee.name, "secretary": request.user},
        submit_label=_("Plan meeting"),
    )

    def run(data: dict[str, Any]) -> Any:
        return services.meeting_create(
            actor=request.user,  # type: ignore[arg-type]
            kind=MeetingKind.COMMITTEE,
            committee=committee,
            title=data["title"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            location=data["location"] or "",
            online_link=data["online_link"] or "",
            chair=data["chair"],
            secretary=data["secretary"] or request.user,  # type: ignore[arg-type]
        )

    return run_form(
        request,
        form,
        run,
        done=_("The meeting has been planned."),
        success_url=lambda meeting: reverse("ondernemingsraad:meeting-detail", args=[meeting.pk]),
        show_again=lambda: render(
            request,
            "ondernemingsraad/meeting_form.html",
            {"form": form, "meeting": None, "committee": committee},
        ),
    )
