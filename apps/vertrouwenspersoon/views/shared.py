"""Summaries a reporter consented to share: the only part of a melding anyone
else ever sees. These pages show the summary and who wrote it, nothing of the
report itself (no category, no text, no reporter)."""

from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from apps.core.access import SIGNED_IN, access
from apps.vertrouwenspersoon import policy, selectors


@access(SIGNED_IN)
@never_cache
def summary_list(request: HttpRequest) -> HttpResponse:
    summaries = selectors.summary_list(request.user)
    return render(request, "vertrouwenspersoon/summary_list.html", {"summaries": summaries})


@access(SIGNED_IN)
@never_cache
def summary_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    summary = policy.get_summary_for_recipient(request.user, pk)
    writer = selectors.summary_writer(summary)
    return render(request, "vertrouwenspersoon/summary_detail.html", {"summary": summary, "writer": writer})
