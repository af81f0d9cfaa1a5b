"""The counsellor's case pages: only the counsellor holding a case reaches it."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.roles import Role
from apps.vertrouwenspersoon import services
from apps.vertrouwenspersoon.models import (
    Attachment,
    CaseLogEntry,
    CaseNote,
    LogAction,
    ReadEvent,
    Report,
    ReportMessage,
    SharedSummary,
    Status,
    TransferProposal,
)
from tests.keys import content_key, plain

pytestmark = pytest.mark.django_db

REPORT_TEXT = "Mijn leidinggevende kleineert mij elke ochtend in het teamoverleg."
PDF = b"%PDF-1.4 een bijlage"


def submit(personas, **overrides):
    fields = {
        "reporter": personas["medewerker"],
        "category": "pesten",
        "text": REPORT_TEXT,
        "counsellor": personas["vertrouwenspersoon"],
        "anonymous": False,
    }
    return services.report_submit(**{**fields, **overrides}).report


@pytest.fixture
def report(personas):
    return submit(personas)


@pytest.fixture
def counsellor(personas, login):
    return login(personas["vertrouwenspersoon"])


@pytest.fixture
def other_counsellor(make_user):
    return make_user("tweede_vp", [Role.COUNSELLOR])


def url(name, report, **kwargs):
    return reverse(f"vertrouwenspersoon:{name}", kwargs={"pk": report.pk, **kwargs})


# --- the list ---------------------------------------------------------------------------


def test_counsellor_sees_their_cases(counsellor, report):
    response = counsellor.get(reverse("vertrouwenspersoon:case-list"))
    assert response.status_code == 200
    assert url("case-detail", report) in response.content.decode()
    assert REPORT_TEXT not in response.content.decode()


def test_case_list_leaves_out_other_counsellors_cases(personas, login, report, other_counsellor):
    response = login(other_counsellor).get(reverse("vertrouwenspersoon:case-list"))
    assert response.status_code == 200
    assert url("case-detail", report) not in response.content.decode()


def test_case_list_filters_by_status(personas, counsellor, report):
    closed = submit(personas)
    services.report_set_status(report=closed, status=Status.CLOSED)
    response = counsellor.get(reverse("vertrouwenspersoon:case-list"), {"status": Status.CLOSED})
    # The deadlines above the list still link the open case; the list itself does not.
    assert [case.pk for case in response.context["page"].object_list] == [closed.pk]


def test_case_list_ignores_an_unknown_status(personas, counsellor, report):
    closed = submit(personas)
    services.report_set_status(report=closed, status=Status.CLOSED)
    response = counsellor.get(reverse("vertrouwenspersoon:case-list"), {"status": "bestaat-niet"})
    assert url("case-detail", closed) in response.content.decode()
    assert url("case-detail", report) in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "999", "-1", ""])
def test_case_list_answers_a_bad_page_number_with_a_page(counsellor, report, page):
    response = counsellor.get(reverse("vertrouwenspersoon:case-list"), {"page": page})
    assert response.status_code == 200
    assert url("case-detail", report) in response.content.decode()


def test_case_list_shows_25_cases_per_page(personas, counsellor):
    for _ in range(26):
        submit(personas)
    first = counsellor.get(reverse("vertrouwenspersoon:case-list"))
    second = counsellor.get(reverse("vertrouwenspersoon:case-list"), {"page": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 1


def test_case_list_marks_an_open_transfer(personas, counsellor, report, other_counsellor):
    services.transfer_propose(report=report, to_counsellor=other_counsellor)
    response = counsellor.get(reverse("vertrouwenspersoon:case-list"))
    assert [case.has_open_transfer for case in response.context["page"].object_list] == [True]


def test_case_list_query_count_does_not_grow_with_the_cases(personas, counsellor, django_assert_num_queries):
    submit(personas)
    with CaptureQueriesContext(connection) as one_case:
        counsellor.get(reverse("vertrouwenspersoon:case-list"))
    for _ in range(14):
        submit(personas)
    with django_assert_num_queries(len(one_case)):  # session, user, roles, count, page (+ menus)
        assert counsellor.get(reverse("vertrouwenspersoon:case-list")).status_code == 200


def test_employee_gets_403_on_case_list(personas, login):
    assert login(personas["medewerker"]).get(reverse("vertrouwenspersoon:case-list")).status_code == 403


def test_anonymous_is_sent_to_log_in(client, report):
    for path in (reverse("vertrouwenspersoon:case-list"), url("case-detail", report)):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


# --- the case page ----------------------------------------------------------------------


def test_counsellor_reads_the_case_and_the_read_is_recorded(personas, counsellor, report):
    response = counsellor.get(url("case-detail", report))
    assert response.status_code == 200
    assert REPORT_TEXT in response.content.decode()
    assert f'<dd class="col-sm-9">{personas["medewerker"].display_name}</dd>' in response.content.decode()
    read = ReadEvent.objects.get(report=report)
    assert (read.reader, read.what) == (personas["vertrouwenspersoon"], "melding")


def test_case_page_is_never_cached(counsellor, report):
    response = counsellor.get(url("case-detail", report))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_case_page_shows_no_name_for_an_anonymous_report(personas, counsellor):
    anonymous = submit(personas, anonymous=True)
    response = counsellor.get(url("case-detail", anonymous))
    assert REPORT_TEXT in response.content.decode()
    assert f'<dd class="col-sm-9">{personas["medewerker"].display_name}</dd>' not in response.content.decode()


def test_case_page_marks_a_whistleblower_report(personas, counsellor):
    wrongdoing = submit(personas, category="misstand")
    response = counsellor.get(url("case-detail", wrongdoing))
    assert response.context["report"].is_whistleblower_report
    assert "klokkenluiders" in response.content.decode()


def test_case_page_shows_notes_log_and_the_reason_of_a_breach(counsellor, report):
    key = content_key(report)
    services.note_add(report=report, key=key, body="Alleen voor mij: eerst het team spreken.")
    services.confidentiality_break(
        report=report, key=key, reason="Acuut gevaar: dreiging met geweld tegen een collega."
    )
    content = counsellor.get(url("case-detail", report)).content.decode()
    assert "Alleen voor mij: eerst het team spreken." in content
    assert "Acuut gevaar: dreiging met geweld tegen een collega." in content


# --- the actions ------------------------------------------------------------------------


def test_reply_reaches_the_reporter_with_an_email_without_content(
    personas, counsellor, report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = counsellor.post(url("case-message", report), {"message-body": "Zullen we dinsdag praten?"})
    assert response.status_code == 302
    assert plain(report, ReportMessage.objects.get(report=report).body) == "Zullen we dinsdag praten?"
    [email] = mail.outbox
    assert email.to == [personas["medewerker"].email]
    for secret in ("Zullen we dinsdag praten?", REPORT_TEXT, "pesten", "Pesten", "Bullying"):
        assert secret not in email.subject + email.body


def test_reply_can_carry_an_attachment(counsellor, report):
    upload = SimpleUploadedFile("afspraak.pdf", PDF, content_type="application/pdf")
    counsellor.post(
        url("case-message", report), {"message-body": "Zie bijlage.", "message-attachments": upload}
    )
    attachment = Attachment.objects.get(report=report)
    assert attachment.message == ReportMessage.objects.get(report=report)
    assert plain(report, attachment.filename) == "afspraak.pdf"


def test_counsellor_adds_a_private_note(counsellor, report):
    response = counsellor.post(url("case-note", report), {"note-body": "Gesprek gepland."})
    assert response.status_code == 302
    assert response["Location"] == url("case-detail", report)
    assert plain(report, CaseNote.objects.get(report=report).body) == "Gesprek gepland."


def test_counsellor_changes_the_status(counsellor, report):
    response = counsellor.post(url("case-status", report), {"status-status": Status.CLOSED})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.CLOSED
    assert report.closed_at is not None


def test_counsellor_proposes_a_summary_that_waits_for_consent(personas, counsellor, report):
    data = {"summary-recipient": personas["hr"].username, "summary-text": "Medewerker vraagt om bemiddeling."}
    response = counsellor.post(url("case-summary", report), data)
    assert response.status_code == 302
    summary = SharedSummary.objects.get(report=report)
    assert (summary.recipient, summary.state) == (personas["hr"], SharedSummary.State.PROPOSED)


def test_counsellor_records_a_breach_of_confidentiality_with_reason(counsellor, report):
    reason = "Strafbaar feit: de melder beschrijft diefstal van cliëntgeld."
    response = counsellor.post(
        url("case-breach", report), {"breach-reason": reason, "breach-understood": "on"}
    )
    assert response.status_code == 302
    entry = CaseLogEntry.objects.get(report=report, action=LogAction.CONFIDENTIALITY_BROKEN)
    assert plain(report, entry.reason) == reason


def test_counsellor_proposes_a_transfer(counsellor, report, other_counsellor):
    response = counsellor.post(url("case-transfer", report), {"transfer-to_counsellor": other_counsellor.pk})
    assert response.status_code == 302
    proposal = TransferProposal.objects.get(report=report)
    assert (proposal.to_counsellor, proposal.state) == (other_counsellor, TransferProposal.State.PENDING)


def test_counsellor_downloads_an_attachment_safely(personas, counsellor):
    upload = SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")
    report = submit(personas, files=[upload])
    attachment = Attachment.objects.get(report=report)
    response = counsellor.get(url("case-attachment", report, attachment_pk=attachment.pk))
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith('attachment; filename="verslag.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_attachment_of_another_report_is_not_found_under_this_one(personas, counsellor, report):
    upload = SimpleUploadedFile("ander.pdf", PDF, content_type="application/pdf")
    attachment = Attachment.objects.get(report=submit(personas, files=[upload]))
    response = counsellor.get(url("case-attachment", report, attachment_pk=attachment.pk))
    assert response.status_code == 404


def test_get_on_an_action_is_not_allowed(counsellor, report):
    assert counsellor.get(url("case-note", report)).status_code == 405
    assert not CaseNote.objects.exists()


# --- bad input: the page comes back with the text kept and the error at the field -----


def test_empty_message_keeps_the_form_with_an_error(counsellor, report):
    response = counsellor.post(url("case-message", report), {"message-body": ""})
    assert response.status_code == 200
    assert response.context["forms"]["message"].errors["body"]
    assert not ReportMessage.objects.exists()


def test_message_to_a_closed_case_is_refused_with_the_text_kept(counsellor, report):
    services.report_set_status(report=report, status=Status.CLOSED)
    response = counsellor.post(url("case-message", report), {"message-body": "Nog één vraag."})
    assert response.status_code == 200
    assert response.context["forms"]["message"].errors["body"]
    assert "Nog één vraag." in response.content.decode()


def test_reply_with_a_forbidden_file_is_refused(counsellor, report):
    upload = SimpleUploadedFile("x.html", b"<html><script>alert(1)</script>", content_type="text/html")
    response = counsellor.post(
        url("case-message", report), {"message-body": "Kijk.", "message-attachments": upload}
    )
    assert response.status_code == 200
    assert response.context["forms"]["message"].errors["attachments"]
    assert not ReportMessage.objects.exists()


def test_empty_note_keeps_the_form_with_an_error(counsellor, report):
    response = counsellor.post(url("case-note", report), {"note-body": "   "})
    assert response.status_code == 200
    assert response.context["forms"]["note"].errors["body"]
    assert not CaseNote.objects.exists()


def test_invalid_status_is_refused(counsellor, report):
    response = counsellor.post(url("case-status", report), {"status-status": "gewist"})
    assert response.status_code == 200
    assert response.context["forms"]["status"].errors["status"]
    report.refresh_from_db()
    assert report.status == Status.NEW


def test_breach_with_too_short_a_reason_keeps_the_text(counsellor, report):
    response = counsellor.post(
        url("case-breach", report), {"breach-reason": "Gevaar.", "breach-understood": "on"}
    )
    assert response.status_code == 200
    assert response.context["forms"]["breach"].errors["reason"]
    assert "Gevaar." in response.content.decode()
    assert not CaseLogEntry.objects.filter(action=LogAction.CONFIDENTIALITY_BROKEN).exists()


def test_breach_needs_the_understood_checkbox(counsellor, report):
    reason = "Acuut gevaar: dreiging met geweld tegen een collega."
    response = counsellor.post(url("case-breach", report), {"breach-reason": reason})
    assert response.status_code == 200
    assert response.context["forms"]["breach"].errors["understood"]
    assert not CaseLogEntry.objects.filter(action=LogAction.CONFIDENTIALITY_BROKEN).exists()


@pytest.mark.parametrize("target", ["vertrouwenspersoon", "hr"])
def test_transfer_to_self_or_a_non_counsellor_is_refused(personas, counsellor, report, target):
    response = counsellor.post(url("case-transfer", report), {"transfer-to_counsellor": personas[target].pk})
    assert response.status_code == 200
    assert response.context["forms"]["transfer"].errors["to_counsellor"]
    assert not TransferProposal.objects.exists()


def test_summary_without_text_is_refused(personas, counsellor, report):
    response = counsellor.post(url("case-summary", report), {"summary-recipient": personas["hr"].username})
    assert response.status_code == 200
    assert response.context["forms"]["summary"].errors["text"]
    assert not SharedSummary.objects.exists()


def test_summary_cannot_go_to_the_counsellor_themself(personas, counsellor, report):
    data = {"summary-recipient": personas["vertrouwenspersoon"].username, "summary-text": "Samenvatting."}
    response = counsellor.post(url("case-summary", report), data)
    assert response.context["forms"]["summary"].errors["recipient"]
    assert not SharedSummary.objects.exists()


# --- refusals: nobody but the counsellor holding the case -------------------------------

ACTIONS = {
    "case-message": {"message-body": "Ingebroken bericht."},
    "case-note": {"note-body": "Ingebroken notitie."},
    "case-status": {"status-status": Status.CLOSED},
    "case-summary": {"summary-text": "Ingebroken samenvatting."},
    "case-breach": {"breach-reason": "Ingebroken reden die lang genoeg is.", "breach-understood": "on"},
    "case-transfer": {},
}


def requests_on(report, attachment):
    yield "get", url("case-detail", report), {}
    yield "get", url("case-attachment", report, attachment_pk=attachment.pk), {}
    for name, data in ACTIONS.items():
        yield "post", url(name, report), data


@pytest.fixture
def report_with_attachment(personas):
    upload = SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")
    report = submit(personas, files=[upload])
    return report, Attachment.objects.get(report=report)


def assert_untouched(report):
    assert CaseLogEntry.objects.filter(report=report).count() == 1  # only "submitted"
    assert not ReadEvent.objects.filter(report=report).exists()
    assert Report.objects.get(pk=report.pk).status == Status.NEW


def test_another_counsellor_gets_404_everywhere(login, other_counsellor, report_with_attachment):
    report, attachment = report_with_attachment
    client = login(other_counsellor)
    for method, path, data in requests_on(report, attachment):
        assert getattr(client, method)(path, data).status_code == 404, path
    assert_untouched(report)


def test_a_superuser_who_is_also_a_counsellor_gets_404_everywhere(login, make_user, report_with_attachment):
    report, attachment = report_with_attachment
    client = login(make_user("root_vp", [Role.COUNSELLOR], is_staff=True, is_superuser=True))
    for method, path, data in requests_on(report, attachment):
        assert getattr(client, method)(path, data).status_code == 404, path
    assert_untouched(report)


@pytest.mark.parametrize("persona", ["medewerker", "hr", "bestuurder", "or_lid", "staff", "superuser"])
def test_people_without_the_counsellor_role_get_404_everywhere(
    personas, login, persona, report_with_attachment
):
    # 404, never 403: a refusal must not tell that the case exists.
    report, attachment = report_with_attachment
    client = login(personas[persona])
    for method, path, data in requests_on(report, attachment):
        assert getattr(client, method)(path, data).status_code == 404, path
    assert_untouched(report)


def test_anonymous_posts_are_sent_to_log_in(client, report_with_attachment):
    report, attachment = report_with_attachment
    for method, path, data in requests_on(report, attachment):
        assert getattr(client, method)(path, data)["Location"].startswith(reverse("login"))
    assert_untouched(report)
