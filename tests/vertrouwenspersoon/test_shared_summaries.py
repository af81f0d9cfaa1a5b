"""A recipient sees a summary the reporter consented to share, and never the report."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.vertrouwenspersoon import services
from apps.vertrouwenspersoon.models import Author
from tests.keys import content_key

pytestmark = pytest.mark.django_db

REPORT_TEXT = "Mijn leidinggevende kleineert mij elke ochtend in het teamoverleg."
SUMMARY_TEXT = "Een medewerker vraagt HR om een gesprek over de sfeer in het team."
LIST_URL = reverse("vertrouwenspersoon:summary-list")


@pytest.fixture
def summary(personas):
    submitted = services.report_submit(
        reporter=personas["medewerker"],
        category="pesten",
        text=REPORT_TEXT,
        counsellor=personas["vertrouwenspersoon"],
        anonymous=False,
    )
    report, key = submitted.report, submitted.key
    services.message_post(
        report=report, key=key, author=Author.REPORTER, body="Het gebeurde weer op maandag."
    )
    return services.summary_propose(report=report, key=key, recipient=personas["hr"], text=SUMMARY_TEXT)


@pytest.fixture
def recipient(personas, login):
    return login(personas["hr"])


def detail_url(summary):
    return reverse("vertrouwenspersoon:summary-detail", kwargs={"pk": summary.pk})


def assert_nothing_of_the_report(content, personas):
    for secret in (REPORT_TEXT, "Het gebeurde weer op maandag.", personas["medewerker"].display_name):
        assert secret not in content
    assert "pesten" not in content.lower()


def test_recipient_sees_the_summary_after_consent(personas, recipient, summary):
    services.summary_consent(summary=summary, key=content_key(summary.report))
    response = recipient.get(detail_url(summary))
    assert response.status_code == 200
    assert SUMMARY_TEXT in response.content.decode()
    assert personas["vertrouwenspersoon"].display_name in response.content.decode()
    assert_nothing_of_the_report(response.content.decode(), personas)


def test_summary_list_shows_the_shared_summary_and_nothing_of_the_report(personas, recipient, summary):
    services.summary_consent(summary=summary, key=content_key(summary.report))
    response = recipient.get(LIST_URL)
    assert detail_url(summary) in response.content.decode()
    assert personas["vertrouwenspersoon"].display_name in response.content.decode()
    assert_nothing_of_the_report(response.content.decode(), personas)


def test_summary_list_query_count_does_not_grow(personas, recipient, summary, django_assert_num_queries):
    services.summary_consent(summary=summary, key=content_key(summary.report))
    with CaptureQueriesContext(connection) as one_summary:
        recipient.get(LIST_URL)
    for text in ("Tweede.", "Derde.", "Vierde."):
        extra = services.summary_propose(
            report=summary.report, key=content_key(summary.report), recipient=personas["hr"], text=text
        )
        services.summary_consent(summary=extra, key=content_key(summary.report))
    with django_assert_num_queries(len(one_summary)):  # session, user, summaries with counsellor (+ menus)
        assert recipient.get(LIST_URL).status_code == 200


def test_recipient_gets_404_before_consent(recipient, summary):
    assert recipient.get(detail_url(summary)).status_code == 404
    assert detail_url(summary) not in recipient.get(LIST_URL).content.decode()


def test_recipient_gets_404_after_a_decline(recipient, summary):
    services.summary_decline(summary=summary)
    assert recipient.get(detail_url(summary)).status_code == 404


def test_recipient_gets_404_after_consent_is_revoked(recipient, summary):
    services.summary_consent(summary=summary, key=content_key(summary.report))
    services.summary_revoke(summary=summary)
    assert recipient.get(detail_url(summary)).status_code == 404
    assert detail_url(summary) not in recipient.get(LIST_URL).content.decode()


@pytest.mark.parametrize(
    "persona", ["medewerker", "vertrouwenspersoon", "or_lid", "bestuurder", "staff", "superuser", "outsider"]
)
def test_anyone_but_the_recipient_gets_404(personas, login, summary, persona):
    services.summary_consent(summary=summary, key=content_key(summary.report))
    client = login(personas[persona])
    assert client.get(detail_url(summary)).status_code == 404
    assert detail_url(summary) not in client.get(LIST_URL).content.decode()


def test_recipient_never_reaches_the_report(personas, recipient, summary):
    services.summary_consent(summary=summary, key=content_key(summary.report))
    case_url = reverse("vertrouwenspersoon:case-detail", kwargs={"pk": summary.report_id})
    for path in (LIST_URL, detail_url(summary), case_url):
        response = recipient.get(path)
        assert_nothing_of_the_report(response.content.decode(), personas)
    assert recipient.get(case_url).status_code in (403, 404)


def test_anonymous_is_sent_to_log_in(client, summary):
    services.summary_consent(summary=summary, key=content_key(summary.report))
    for path in (LIST_URL, detail_url(summary)):
        assert client.get(path)["Location"].startswith(reverse("login"))


def test_summary_pages_are_never_cached(recipient, summary):
    services.summary_consent(summary=summary, key=content_key(summary.report))
    for path in (LIST_URL, detail_url(summary)):
        assert "no-store" in recipient.get(path)["Cache-Control"]
