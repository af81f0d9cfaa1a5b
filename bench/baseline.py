"""Baselines: for each measured page, a bare view in the same process (same middleware,
same session and user lookup) that runs one indexed query for the same rows and renders
a minimal template. Served only under the bench settings (bench/urls.py).

A page's ratio to its baseline shows what the page costs beyond fetching its rows.
"""

from collections.abc import Callable
from typing import Any

from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from apps.achterban.models import NewsItem, PollAnswer
from apps.bestuurder.models import Request
from apps.hr.models import Policy, PolicyVersion
from apps.ondernemingsraad.models import Document, Meeting, MeetingKind
from apps.vertrouwenspersoon.models import AnnualReport, Report, ReportTally, Status

PAGE = 25
PANEL = 5


def _render(request: HttpRequest, title: str, rows: QuerySet[Any, Any]) -> HttpResponse:
    return render(request, "bench/baseline.html", {"title": title, "rows": list(rows)})


def home_employee(request: HttpRequest) -> HttpResponse:
    news = NewsItem.objects.order_by("-published_at").values("id", "title", "published_at")
    return _render(request, "home", news[:PANEL])


def home_works_council(request: HttpRequest) -> HttpResponse:
    upcoming = Meeting.objects.filter(kind=MeetingKind.CONSULTATION, starts_at__gte=timezone.now())
    return _render(request, "home", upcoming.order_by("starts_at").values("id", "title", "starts_at")[:PANEL])


def home_hr(request: HttpRequest) -> HttpResponse:
    return _render(request, "home", Policy.objects.order_by("-pk").values("id", "title", "state")[:PANEL])


def home_executive(request: HttpRequest) -> HttpResponse:
    return _render(request, "home", Request.objects.order_by("-pk").values("id", "title", "state")[:PANEL])


def _cases(request: HttpRequest) -> QuerySet[Report, Any]:
    return Report.objects.filter(counsellor_id=request.user.pk, status=Status.IN_PROGRESS).order_by(
        "-created_at"
    )


def home_counsellor(request: HttpRequest) -> HttpResponse:
    return _render(request, "home", _cases(request).values("id", "category", "created_at")[:PANEL])


def case_list(request: HttpRequest) -> HttpResponse:
    return _render(request, "cases", _cases(request).values("id", "category", "status", "created_at")[:PAGE])


def case_detail(request: HttpRequest, pk: str) -> HttpResponse:
    case = Report.objects.filter(pk=pk, counsellor_id=request.user.pk)
    return _render(request, "case", case.values("id", "category", "status", "created_at"))


def report_detail(request: HttpRequest, pk: str) -> HttpResponse:
    report = Report.objects.filter(pk=pk, reporter_id=request.user.pk)
    return _render(request, "report", report.values("id", "category", "status", "created_at"))


def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.filter(kind=MeetingKind.CONSULTATION, starts_at__gte=timezone.now())
    return _render(
        request, "meetings", meetings.order_by("starts_at").values("id", "title", "starts_at")[:PAGE]
    )


def past_meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.filter(kind=MeetingKind.CONSULTATION, starts_at__lt=timezone.now())
    return _render(
        request, "meetings", meetings.order_by("-starts_at").values("id", "title", "starts_at")[:PAGE]
    )


def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    documents = Document.objects.filter(item__meeting_id=pk).values("id", "title", "item__title")
    return _render(request, "agenda", documents)


def library(request: HttpRequest) -> HttpResponse:
    current = PolicyVersion.objects.filter(published_at__isnull=False, expired_at__isnull=True)
    return _render(
        request, "library", current.order_by("title").values("id", "title", "effective_date")[:PAGE]
    )


def poll_results(request: HttpRequest, pk: str) -> HttpResponse:
    counts = (
        PollAnswer.objects.filter(question__poll_id=pk)
        .values("question_id", "option_id", "value")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _render(request, "results", counts)


def published_figures(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, "figures", AnnualReport.objects.filter(pk=pk).values("year", "figures"))


def draft_figures(request: HttpRequest, pk: int) -> HttpResponse:
    report = AnnualReport.objects.filter(pk=pk).values_list("year", flat=True)
    counts = (
        ReportTally.objects.filter(counsellor_id=request.user.pk, year=report[:1])
        .values("category")
        .annotate(n=Count("id"))
        .order_by()
    )
    return _render(request, "figures", counts)


VIEWS: dict[str, Callable[..., HttpResponse]] = {
    "home-employee": home_employee,
    "home-works-council": home_works_council,
    "home-hr": home_hr,
    "home-executive": home_executive,
    "home-counsellor": home_counsellor,
    "case-list": case_list,
    "meeting-list": meeting_list,
    "past-meeting-list": past_meeting_list,
    "library": library,
}

urlpatterns = [
    *(path(f"{name}/", view, name=name) for name, view in VIEWS.items()),
    path("case/<uuid:pk>/", case_detail, name="case-detail"),
    path("report/<uuid:pk>/", report_detail, name="report-detail"),
    path("meeting/<int:pk>/", meeting_detail, name="meeting-detail"),
    path("poll/<uuid:pk>/", poll_results, name="poll-results"),
    path("figures/<int:pk>/", published_figures, name="published-figures"),
    path("draft-figures/<int:pk>/", draft_figures, name="draft-figures"),
]
