"""News from the OR: employees read what is meant for them, OR members publish."""

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.achterban import policy, selectors, services
from apps.achterban.forms import NewsForm
from apps.achterban.views.common import EMPLOYEE, WORKS_COUNCIL, paginate
from apps.core.access import access
from apps.core.form_actions import run_form


@access(EMPLOYEE)
def news_list(request: HttpRequest) -> HttpResponse:
    items = selectors.news_list(request.user)
    context = {
        "page": paginate(request, items),
        "can_publish": policy.is_works_council_member(request.user),
    }
    return render(request, "achterban/news_list.html", context)


@access(EMPLOYEE)
def news_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    item = policy.get_news_item(request.user, pk)
    return render(request, "achterban/news_detail.html", {"item": item})


@access(WORKS_COUNCIL)
def news_create(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = NewsForm(request.POST if posted else None)

    def run(data: dict[str, Any]) -> Any:
        return services.news_publish(
            actor=request.user,  # type: ignore[arg-type]
            title=data["title"],
            body=data["body"],
            for_everyone=data["for_everyone"],
            departments=data["departments"],
        )

    return run_form(
        request,
        form,
        run,
        done=_("The announcement has been published."),
        success_url=lambda item: reverse("achterban:news-detail", args=[item.pk]),
        show_again=lambda: render(request, "achterban/news_create.html", {"form": form}),
    )
