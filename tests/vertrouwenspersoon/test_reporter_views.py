"""The reporter's pages: sending a melding and following it up with your name."""

import io
import re
import zipfile

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from apps.accounts.roles import Role
from apps.vertrouwenspersoon import policy, services
from apps.vertrouwenspersoon.models import (
    Author,
    ReadEvent,
    Report,
    ReportMessage,
    ReportUserObjectPermission,
    SharedSummary,
)
from tests.conftest import client_for
from tests.keys import content_key, plain

pytestmark = pytest.mark.django_db

TEXT = "Mijn collega maakt al weken opmerkingen over mijn afkomst."
PDF = b"%PDF-1.4 verslag van het gesprek"
CREATE = reverse("vertrouwenspersoon:report-create")
ANONYMOUS_CREATE = reverse("vertrouwenspersoon:anonymous-create")
LIST = reverse("vertrouwenspersoon:report-list")
REPORT_LINK = re.compile(r'href="/vertrouwenspersoon/meldingen/[0-9a-f-]{36}/"')


@pytest.fixture(autouse=True)
def _fresh_cache_and_language():
    """Messages are checked in English (the source), and no lock or submission leaks between tests."""
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


def as_user(user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def submit(personas, reporter="medewerker", **overrides):
    fields = {
        "reporter": personas[reporter],
        "category": "discriminatie",
        "text": TEXT,
        "counsellor": personas["vertrouwenspersoon"],
        "anonymous": False,
    }
    return services.report_submit(**{**fields, **overrides}).report


def form_data(personas, **overrides):
    data = {
        "category": "discriminatie",
        "text": TEXT,
        "counsellor": personas["vertrouwenspersoon"].pk,
    }
    return {**data, **overrides}


def url(name, report, **kwargs):
    return reverse(f"vertrouwenspersoon:{name}", kwargs={"pk": report.pk, **kwargs})


def pdf(name="verslag.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<document/>")
        with archive.open("word/media/zeros.bin", "w") as member:
            for _ in range(60):
                member.write(bytes(1024 * 1024))
    return buffer.getvalue()


# --- sending a report --------------------------------------------------------------------


def test_submission_page_explains_who_can_read_it(personas):
    response = as_user(personas["medewerker"]).get(CREATE)
    page = response.content.decode()
    assert response.status_code == 200
    assert "not HR, not the executive" in page
    assert "within 7 days" in page and "within 3 months" in page
    assert personas["vertrouwenspersoon"].display_name in page


def test_named_report_goes_to_the_chosen_counsellor(personas):
    client = as_user(personas["medewerker"])
    response = client.post(CREATE, form_data(personas))
    report = Report.objects.get()
    # A named report gets a receipt code too: shown once, with the way on to the report.
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert response.context["code"] in response.content.decode()
    assert url("report-detail", report) in response.content.decode()
    assert report.reporter == personas["medewerker"] and not report.is_anonymous
    assert list(policy.reports_handled_by(personas["vertrouwenspersoon"])) == [report]
    page = client.get(url("report-detail", report)).content.decode()  # opened in this session already
    assert TEXT in page and personas["vertrouwenspersoon"].display_name in page


def test_first_available_counsellor_is_chosen_without_a_preference(personas):
    as_user(personas["medewerker"]).post(CREATE, form_data(personas, counsellor=""))
    assert Report.objects.get().counsellor == personas["vertrouwenspersoon"]


def test_named_report_keeps_its_attachment(personas):
    as_user(personas["medewerker"]).post(CREATE, form_data(personas, attachments=[pdf()]))
    report = Report.objects.get()
    attachment = report.attachments.get()
    assert plain(report, attachment.filename) == "verslag.pdf"
    assert attachment.content_type == "application/pdf"
    assert content_key(report).open_bytes(attachment.file.read()) == PDF


def test_anonymous_report_shows_the_receipt_code_once(personas):
    client = as_user(personas["medewerker"])
    response = client.post(ANONYMOUS_CREATE, form_data(personas))
    code = response.context["code"]
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert code in response.content.decode() and len(code) == 19  # XXXX-XXXX-XXXX-XXXX
    assert reverse("vertrouwenspersoon:receipt-start") in response.content.decode()
    assert code not in client.get(ANONYMOUS_CREATE).content.decode()
    assert code not in client.get(CREATE).content.decode()


def test_anonymous_report_stores_no_link_to_the_account(personas):
    client = as_user(personas["medewerker"])
    code = client.post(ANONYMOUS_CREATE, form_data(personas)).context["code"]
    report = Report.objects.get()
    assert report.reporter is None and report.is_anonymous
    assert report.receipt_code_hash and code.replace("-", "") not in report.receipt_code_hash
    holders = set(ReportUserObjectPermission.objects.values_list("user", flat=True))
    assert holders == {personas["vertrouwenspersoon"].pk}
    assert list(policy.reports_followed_by(personas["medewerker"])) == []


def test_anonymous_report_leaves_nothing_in_the_session(personas):
    client = as_user(personas["medewerker"])
    code = client.post(ANONYMOUS_CREATE, form_data(personas)).context["code"]
    report = Report.objects.get()
    stored = " ".join(f"{key}={value}" for key, value in client.session.items())
    assert str(report.pk) not in stored and report.pk.hex not in stored
    assert code not in stored and code.replace("-", "") not in stored
    assert "_messages" not in client.session


def test_reporting_sends_the_counsellor_a_mail_without_content(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(personas["medewerker"]).post(CREATE, form_data(personas))
    assert [message.to for message in mail.outbox] == [[personas["vertrouwenspersoon"].email]]
    assert TEXT not in mail.outbox[0].body and "discriminatie" not in mail.outbox[0].body.lower()


def test_a_resubmitted_form_adds_no_second_report(personas):
    client = as_user(personas["medewerker"])
    data = form_data(personas, submission="a1b2c3")
    client.post(ANONYMOUS_CREATE, data)
    response = client.post(ANONYMOUS_CREATE, data)
    assert Report.objects.count() == 1
    assert "already been sent" in response.content.decode()


def test_empty_text_keeps_every_other_choice(personas):
    data = form_data(personas, text="", category="fraude")
    response = as_user(personas["medewerker"]).post(ANONYMOUS_CREATE, data)
    form = response.context["form"]
    assert response.status_code == 200 and form.has_error("text") and not Report.objects.exists()
    assert form["category"].value() == "fraude" and form.anonymous and response.context["anonymous"]
    assert form["counsellor"].value() == str(personas["vertrouwenspersoon"].pk)
    assert 'value="fraude" selected' in response.content.decode()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("verslag.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("foto.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("bom.docx", None),
    ],
)
def test_a_hostile_file_is_rejected_and_the_text_kept(personas, name, data):
    upload = SimpleUploadedFile(name, data if data is not None else zip_bomb())
    response = as_user(personas["medewerker"]).post(CREATE, form_data(personas, attachments=[upload]))
    page = response.content.decode()
    assert not Report.objects.exists()
    assert f"{name}: this type of file is not allowed" in page and "choose your files again" in page
    assert TEXT in page


def test_a_counsellor_not_in_the_list_is_refused(personas):
    data = form_data(personas, counsellor=personas["hr"].pk)
    response = as_user(personas["medewerker"]).post(CREATE, data)
    assert response.context["form"].has_error("counsellor") and not Report.objects.exists()


@pytest.mark.parametrize("name", ["report-create", "report-list"])
def test_anonymous_visitor_is_sent_to_log_in(name):
    response = client_for(None).get(reverse(f"vertrouwenspersoon:{name}"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_anonymous_visitor_is_sent_to_log_in_for_a_report(personas):
    response = client_for(None).get(url("report-detail", submit(personas)))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_counsellor_without_employee_role_cannot_send_a_report(personas):
    assert as_user(personas["vertrouwenspersoon"]).get(CREATE).status_code == 403


# --- the list ----------------------------------------------------------------------------------


def test_list_shows_own_named_reports_only(personas, make_user):
    mine = submit(personas)
    theirs = submit(personas, reporter="hr")
    submit(personas, anonymous=True)
    page = as_user(personas["medewerker"]).get(LIST).content.decode()
    assert url("report-detail", mine) in page and url("report-detail", theirs) not in page
    assert len(REPORT_LINK.findall(page)) == 1
    assert reverse("vertrouwenspersoon:receipt-start") in page


def test_list_query_count_does_not_grow_with_the_reports(personas, django_assert_num_queries):
    client = as_user(personas["medewerker"])
    submit(personas)
    client.get(LIST)  # warm up: session, content types
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _ in range(9):
        submit(personas)
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(LIST)
    assert len(REPORT_LINK.findall(response.content.decode())) == 10


# --- the report page ---------------------------------------------------------------------------


def test_report_page_shows_text_counsellor_and_thread(personas):
    report = submit(personas, files=[pdf()])
    services.message_post(
        report=report, key=content_key(report), author=Author.COUNSELLOR, body="Zullen we donderdag praten?"
    )
    response = as_user(personas["medewerker"]).get(url("report-detail", report))
    page = response.content.decode()
    assert TEXT in page and "Zullen we donderdag praten?" in page and "verslag.pdf" in page
    assert personas["vertrouwenspersoon"].display_name in page
    assert "no-store" in response["Cache-Control"]


def test_report_page_records_the_read(personas):
    report = submit(personas)
    as_user(personas["medewerker"]).get(url("report-detail", report))
    read = ReadEvent.objects.get(report=report)
    assert (read.reader, read.reader_role, read.what) == (personas["medewerker"], Author.REPORTER, "melding")


def test_report_page_never_shows_the_counsellors_notes(personas):
    report = submit(personas)
    services.note_add(report=report, key=content_key(report), body="Privé-notitie: lijkt op eerdere zaak.")
    page = as_user(personas["medewerker"]).get(url("report-detail", report)).content.decode()
    assert "Privé-notitie" not in page


def test_report_page_shows_who_read_it(personas):
    report = submit(personas)
    counsellor = personas["vertrouwenspersoon"]
    services.read_record(report=report, reader=counsellor, role=Author.COUNSELLOR, what="melding")
    page = as_user(personas["medewerker"]).get(url("report-detail", report)).content.decode()
    assert "Who has read your report" in page and page.count(counsellor.display_name) >= 2


def test_report_page_shows_a_broken_confidentiality_with_its_reason(personas):
    report = submit(personas)
    services.confidentiality_break(
        report=report, key=content_key(report), reason="Er is sprake van acuut gevaar voor een collega."
    )
    page = as_user(personas["medewerker"]).get(url("report-detail", report)).content.decode()
    assert "Confidentiality has been broken" in page and "acuut gevaar voor een collega" in page


@pytest.mark.parametrize("persona", ["hr", "bestuurder", "or_lid", "or_voorzitter"])
def test_other_employees_get_404_on_the_report_and_its_attachment(personas, persona):
    report = submit(personas, files=[pdf()])
    client = as_user(personas[persona])
    assert client.get(url("report-detail", report)).status_code == 404
    attachment = report.attachments.get()
    assert client.get(url("report-attachment", report, attachment_pk=attachment.pk)).status_code == 404


@pytest.mark.parametrize(
    ("roles", "flags"),
    [
        ([Role.EMPLOYEE], {}),
        ([Role.EMPLOYEE], {"is_staff": True}),
        ([Role.EMPLOYEE], {"is_staff": True, "is_superuser": True}),
        ([Role.EMPLOYEE, Role.COUNSELLOR], {}),
    ],
    ids=["another-employee", "staff", "superuser", "another-counsellor"],
)
def test_others_with_the_employee_role_get_404(personas, make_user, roles, flags):
    report = submit(personas, files=[pdf()])
    client = as_user(make_user("iemand", roles, **flags))
    assert client.get(url("report-detail", report)).status_code == 404
    attachment = report.attachments.get()
    assert client.get(url("report-attachment", report, attachment_pk=attachment.pk)).status_code == 404


@pytest.mark.parametrize("persona", ["vertrouwenspersoon", "andere_vertrouwenspersoon", "staff", "superuser"])
def test_people_without_the_employee_role_get_404_on_a_report(personas, persona):
    report = submit(personas)  # 404, never 403: a refusal must not tell that the report exists
    assert as_user(personas[persona]).get(url("report-detail", report)).status_code == 404


# --- acting on the report ----------------------------------------------------------------------


def test_reply_lands_as_a_reporter_message(personas):
    report = submit(personas)
    client = as_user(personas["medewerker"])
    response = client.post(url("report-reply", report), {"body": "Donderdag past.", "attachments": [pdf()]})
    message = ReportMessage.objects.get(report=report)
    assert response.status_code == 302 and response["Location"] == url("report-detail", report)
    assert message.author == Author.REPORTER and plain(report, message.body) == "Donderdag past."
    assert content_key(report).open_bytes(message.attachments.get().file.read()) == PDF


def test_a_failed_reply_keeps_the_text(personas):
    report = submit(personas)
    hostile = SimpleUploadedFile("x.pdf", b"<html><script>alert(1)</script></html>")
    response = as_user(personas["medewerker"]).post(
        url("report-reply", report), {"body": "Mijn antwoord blijft staan.", "attachments": [hostile]}
    )
    assert response.status_code == 200 and not ReportMessage.objects.exists()
    assert "Mijn antwoord blijft staan." in response.content.decode()


def test_reply_only_accepts_post(personas):
    report = submit(personas)
    assert as_user(personas["medewerker"]).get(url("report-reply", report)).status_code == 405


def test_reporter_consents_to_share_a_summary(personas):
    report = submit(personas)
    summary = services.summary_propose(
        report=report, key=content_key(report), recipient=personas["hr"], text="Conflict in team."
    )
    client = as_user(personas["medewerker"])
    assert "Conflict in team." in client.get(url("report-detail", report)).content.decode()
    client.post(url("report-summary-decide", report, summary_pk=summary.pk), {"decision": "consent"})
    summary.refresh_from_db()
    assert summary.state == SharedSummary.State.SHARED
    assert list(policy.summaries_shared_with(personas["hr"])) == [summary]


def test_reporter_declines_and_later_revokes(personas):
    report = submit(personas)
    key = content_key(report)
    client = as_user(personas["medewerker"])
    declined = services.summary_propose(report=report, key=key, recipient=personas["hr"], text="Eerste.")
    client.post(url("report-summary-decide", report, summary_pk=declined.pk), {"decision": "decline"})
    shared = services.summary_propose(report=report, key=key, recipient=personas["hr"], text="Tweede.")
    services.summary_consent(summary=shared, key=key)
    client.post(url("report-summary-decide", report, summary_pk=shared.pk), {"decision": "revoke"})
    states = {key.open(summary.text): summary.state for summary in SharedSummary.objects.all()}
    assert states == {"Eerste.": SharedSummary.State.DECLINED, "Tweede.": SharedSummary.State.REVOKED}
    assert list(policy.summaries_shared_with(personas["hr"])) == []


def test_a_summary_of_another_report_is_404(personas):
    mine, other = submit(personas), submit(personas, reporter="hr")
    summary = services.summary_propose(
        report=other, key=content_key(other), recipient=personas["bestuurder"], text="Niet van jou."
    )
    response = as_user(personas["medewerker"]).post(
        url("report-summary-decide", mine, summary_pk=summary.pk), {"decision": "consent"}
    )
    assert response.status_code == 404
    summary.refresh_from_db()
    assert summary.state == SharedSummary.State.PROPOSED


def test_accepting_a_transfer_moves_the_counsellor(personas):
    report = submit(personas)
    new = personas["andere_vertrouwenspersoon"]
    proposal = services.transfer_propose(report=report, to_counsellor=new)
    client = as_user(personas["medewerker"])
    assert new.display_name in client.get(url("report-detail", report)).content.decode()
    client.post(url("report-transfer-decide", report), {"decision": "accept", "proposal": proposal.pk})
    report.refresh_from_db()
    assert report.counsellor == new and list(policy.reports_handled_by(new)) == [report]
    assert list(policy.reports_handled_by(personas["vertrouwenspersoon"])) == []


def test_a_decision_on_an_outdated_transfer_proposal_changes_nothing(personas, make_user):
    report = submit(personas)
    seen = services.transfer_propose(report=report, to_counsellor=personas["andere_vertrouwenspersoon"])
    newer = services.transfer_propose(report=report, to_counsellor=make_user("derde", [Role.COUNSELLOR]))
    response = as_user(personas["medewerker"]).post(
        url("report-transfer-decide", report), {"decision": "accept", "proposal": seen.pk}
    )
    report.refresh_from_db()
    assert response.status_code == 409 and report.counsellor == personas["vertrouwenspersoon"]
    assert policy.pending_transfer(report) == newer


def test_attachment_download_is_the_original_file_as_a_download(personas):
    report = submit(personas, files=[pdf("gesprek verslag.pdf")])
    attachment = report.attachments.get()
    response = as_user(personas["medewerker"]).get(
        url("report-attachment", report, attachment_pk=attachment.pk)
    )
    assert b"".join(response.streaming_content) == PDF
    assert (
        response["Content-Disposition"].startswith("attachment;")
        and "gesprek" in response["Content-Disposition"]
    )
    assert response["Content-Type"] == "application/octet-stream"
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]


def test_an_attachment_of_another_own_report_is_404_under_the_wrong_report(personas):
    first, second = submit(personas), submit(personas, files=[pdf()])
    attachment = second.attachments.get()
    response = as_user(personas["medewerker"]).get(
        url("report-attachment", first, attachment_pk=attachment.pk)
    )
    assert response.status_code == 404
