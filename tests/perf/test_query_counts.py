"""The benchmarked pages that had no query-count test yet read the same number of queries
with little and with more data (the others are pinned in their apps' tests: home pages in
tests/core/test_home.py, case list, meeting list and agenda, library, poll list)."""

import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from apps.accounts.roles import Role
from apps.achterban import services as poll_services
from apps.vertrouwenspersoon import services, services_figures, services_minutes
from apps.vertrouwenspersoon.models import Author, Report
from tests.achterban.conftest import answers_for, close, make_poll
from tests.keys import content_key

pytestmark = pytest.mark.django_db


def queries(client, path, method="get", data=None, status=200):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, data or {})
    assert response.status_code == status
    return len(captured)


def submit(personas, reporter="medewerker", counsellor="vertrouwenspersoon", **fields):
    return services.report_submit(
        reporter=personas[reporter],
        category=fields.get("category", "pesten"),
        text="Mijn leidinggevende maakt kleinerende opmerkingen.",
        counsellor=personas[counsellor],
        anonymous=False,
    ).report


# --- the counsellor's case page ------------------------------------------------------------


def test_the_case_page_reads_as_many_queries_for_a_long_case_as_for_a_short_one(personas, login):
    report = submit(personas)
    client = login(personas["vertrouwenspersoon"])
    path = reverse("vertrouwenspersoon:case-detail", args=[report.pk])

    key = content_key(report)

    def more(n):  # one more of everything the page lists
        services.message_post(report=report, key=key, author=Author.COUNSELLOR, body=f"Bericht {n}")
        services.message_post(report=report, key=key, author=Author.REPORTER, body=f"Antwoord {n}")
        services.note_add(report=report, key=key, body=f"Notitie {n}")
        services.summary_propose(report=report, key=key, recipient=personas["hr"], text=f"Samenvatting {n}")
        services_minutes.minutes_record(
            report=report, key=key, held_on=timezone.localdate(), text=f"Verslag {n}"
        )
        client.get(path)  # and one more read in the trail

    more(0)
    short = queries(client, path)
    for n in range(1, 6):
        more(n)
    assert queries(client, path) == short


def test_the_case_page_offers_no_list_of_every_colleague(personas, login, make_user):
    for n in range(30):
        make_user(f"collega{n}", [Role.EMPLOYEE])
    report = submit(personas)
    page = login(personas["vertrouwenspersoon"]).get(
        reverse("vertrouwenspersoon:case-detail", args=[report.pk])
    )
    assert "collega17" not in page.content.decode()  # the summary's recipient is typed, not chosen


def test_a_summary_goes_to_the_colleague_named_by_username_or_e_mail(personas, login):
    report = submit(personas)
    client = login(personas["vertrouwenspersoon"])
    url = reverse("vertrouwenspersoon:case-summary", args=[report.pk])
    for named in (personas["hr"].username.upper(), personas["bestuurder"].email):
        response = client.post(url, {"summary-recipient": named, "summary-text": "Bemiddeling gevraagd."})
        assert response.status_code == 302
    assert {s.recipient for s in report.summaries.all()} == {personas["hr"], personas["bestuurder"]}
    response = client.post(url, {"summary-recipient": "niemand", "summary-text": "Bemiddeling gevraagd."})
    assert response.context["forms"]["summary"].errors["recipient"]


# --- sending a melding --------------------------------------------------------------------


def test_sending_a_melding_takes_as_many_queries_with_many_reports_and_counsellors(
    personas, login, make_user
):
    client = login(personas["medewerker"])
    url = reverse("vertrouwenspersoon:report-create")

    def send():
        data = {"category": "pesten", "text": "Ik word buitengesloten.", "counsellor": ""}
        sent = Report.objects.count()
        # 200: the page with the receipt code (a named reporter gets one too)
        count = queries(client, url, "post", {**data, "submission": uuid.uuid4().hex}, status=200)
        assert Report.objects.count() == sent + 1
        return count

    send()  # warms the per-process caches
    few = send()
    for n in range(3):
        make_user(f"vp{n}", [Role.COUNSELLOR])
    for _ in range(12):
        submit(personas, reporter="or_lid", counsellor="andere_vertrouwenspersoon")
    assert send() == few


# --- poll results -------------------------------------------------------------------------


def answered_poll(actor, people):
    poll = make_poll(actor)
    for person in people:
        poll_services.poll_answer_submit(
            respondent=person, poll=poll, answers=answers_for(poll, text="Meer rust")
        )
    return close(poll)


def test_poll_results_take_as_many_queries_for_many_respondents_and_then_come_from_the_cache(
    personas, login, make_user
):
    client = login(personas["medewerker"])
    few = answered_poll(personas["or_secretaris"], [make_user(f"a{n}", [Role.EMPLOYEE]) for n in range(6)])
    many = answered_poll(personas["or_secretaris"], [make_user(f"b{n}", [Role.EMPLOYEE]) for n in range(30)])

    def path(poll):
        return reverse("achterban:poll-results", args=[poll.pk])

    client.get(path(few))
    cache.clear()
    computed = queries(client, path(few))
    assert queries(client, path(many)) == computed
    assert queries(client, path(many)) < computed  # closed for good: figures and page part cached


# --- the anonymised figures ---------------------------------------------------------------


def receive(personas, at, counsellor="vertrouwenspersoon"):
    with freeze_time(at):
        submit(personas, counsellor=counsellor)


@freeze_time("2026-02-15 10:00:00")
def test_figures_pages_take_as_many_queries_for_many_reports(personas, login):
    counsellor = personas["vertrouwenspersoon"]
    receive(personas, "2025-03-10 09:00:00")
    published = services_figures.annual_report_create(counsellor=counsellor, year=2025, quarter=0)
    services_figures.annual_report_publish(report=published)
    draft = services_figures.annual_report_create(counsellor=counsellor, year=2026, quarter=0)
    reader, writer = login(personas["hr"]), login(counsellor)
    published_path = reverse("vertrouwenspersoon:published-figures-detail", args=[published.pk])
    draft_path = reverse("vertrouwenspersoon:figures-edit", args=[draft.pk])
    reader.get(published_path)
    writer.get(draft_path)
    before = (queries(reader, published_path), queries(writer, draft_path))
    for day in range(1, 13):
        receive(personas, f"2026-01-{day:02d} 09:00:00")
        receive(personas, f"2026-01-{day:02d} 10:00:00", counsellor="andere_vertrouwenspersoon")
    other = services_figures.annual_report_create(
        counsellor=personas["andere_vertrouwenspersoon"], year=2025, quarter=0
    )
    services_figures.annual_report_publish(report=other)
    assert (queries(reader, published_path), queries(writer, draft_path)) == before
