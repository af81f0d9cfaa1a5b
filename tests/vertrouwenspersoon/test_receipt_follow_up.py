"""Following up an anonymous report with the receipt code: nothing but the code opens it."""

import json

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from apps.core import crypto, sealing
from apps.vertrouwenspersoon import policy, receipts, services
from apps.vertrouwenspersoon.models import Author, ReadEvent, ReportMessage, SharedSummary
from tests.conftest import client_for
from tests.keys import content_key, plain

pytestmark = pytest.mark.django_db

TEXT = "Op de afdeling verdwijnt geld uit de kas; ik durf het niet met naam te melden."
PDF = b"%PDF-1.4 bonnetjes"
START = reverse("vertrouwenspersoon:receipt-start")
DETAIL = reverse("vertrouwenspersoon:receipt-detail")
REPLY = reverse("vertrouwenspersoon:receipt-reply")
WRONG = "ZZZZ-YYYY-XXXX-WWW1"


@pytest.fixture(autouse=True)
def _fresh_cache_and_language():
    """Messages are checked in English (the source), and no lockout leaks between tests."""
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


def visitor(user=None, address="10.0.0.1"):
    client = client_for(user)
    client.defaults["REMOTE_ADDR"] = address
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def submit_anonymously(personas, **overrides):
    fields = {
        "reporter": personas["medewerker"],
        "category": "diefstal",
        "text": TEXT,
        "counsellor": personas["vertrouwenspersoon"],
        "anonymous": True,
    }
    submitted = services.report_submit(**{**fields, **overrides})
    return submitted.report, receipts.display(submitted.receipt_code)


@pytest.fixture
def anonymous_report(personas):
    return submit_anonymously(personas)


@pytest.fixture
def following(anonymous_report):
    """A browser that entered the right code."""
    client = visitor()
    client.post(START, {"code": anonymous_report[1]})
    return client


def test_the_right_code_opens_the_report(anonymous_report):
    report, code = anonymous_report
    client = visitor()
    response = client.post(START, {"code": code})
    assert response.status_code == 302 and response["Location"] == DETAIL
    assert code not in response["Location"] and policy.RECEIPT_COOKIE in response.cookies
    assert response.cookies[policy.RECEIPT_COOKIE]["path"] == policy.RECEIPT_COOKIE_PATH
    assert TEXT in client.get(DETAIL).content.decode()


def test_the_code_may_be_typed_loosely(anonymous_report):
    _, code = anonymous_report
    loose = " " + code.lower().replace("-", " ") + " "
    assert visitor().post(START, {"code": loose})["Location"] == DETAIL


def test_the_report_page_records_a_read_without_an_account(personas, anonymous_report):
    report, code = anonymous_report
    client = visitor(personas["medewerker"])
    client.post(START, {"code": code})
    response = client.get(DETAIL)
    read = ReadEvent.objects.get(report=report)
    assert (read.reader, read.reader_role) == (None, Author.REPORTER)
    assert "no-store" in response["Cache-Control"]


def test_the_report_page_shows_the_counsellors_messages_but_never_notes(following, anonymous_report):
    report, _ = anonymous_report
    key = content_key(report)
    services.message_post(
        report=report, key=key, author=Author.COUNSELLOR, body="Kunt u iets meer vertellen?"
    )
    services.note_add(report=report, key=key, body="Privé-notitie over deze zaak.")
    page = following.get(DETAIL).content.decode()
    assert "Kunt u iets meer vertellen?" in page and "Privé-notitie" not in page


def test_a_reply_lands_as_a_reporter_message(following, anonymous_report):
    report, _ = anonymous_report
    upload = SimpleUploadedFile("bon.pdf", PDF, content_type="application/pdf")
    response = following.post(REPLY, {"body": "Het gebeurt op vrijdag.", "attachments": [upload]})
    message = ReportMessage.objects.get(report=report)
    assert response.status_code == 302 and response["Location"] == f"{DETAIL}?klaar=sent"
    assert message.author == Author.REPORTER and plain(report, message.body) == "Het gebeurt op vrijdag."
    assert "Your message has been sent." in following.get(response["Location"]).content.decode()


def test_following_up_leaves_nothing_in_the_session(personas, anonymous_report):
    report, code = anonymous_report
    client = visitor(personas["medewerker"])
    before = dict(client.session.items())
    client.post(START, {"code": code})
    client.post(REPLY, {"body": "Nog een aanvulling."})
    client.get(DETAIL)
    assert dict(client.session.items()) == before


def test_a_wrong_code_gets_a_neutral_message(anonymous_report):
    response = visitor().post(START, {"code": WRONG})
    page = response.content.decode()
    assert response.status_code == 200 and policy.RECEIPT_COOKIE not in response.cookies
    assert "This code is not known. Check it and try again." in page
    assert WRONG not in page


def test_a_malformed_code_gets_the_same_message(anonymous_report):
    response = visitor().post(START, {"code": "hallo"})
    assert "This code is not known. Check it and try again." in response.content.decode()


def test_a_named_reports_code_hash_cannot_exist(personas):
    report = services.report_submit(
        reporter=personas["medewerker"], category="pesten", text=TEXT, counsellor=None, anonymous=False
    ).report
    assert report.receipt_code_hash is None
    assert visitor().post(START, {"code": WRONG}).status_code == 200


def test_five_wrong_codes_lock_out_even_the_right_one(anonymous_report):
    _, code = anonymous_report
    client = visitor()
    responses = [client.post(START, {"code": WRONG}) for _ in range(5)]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    refused = client.post(START, {"code": code})
    assert refused.status_code == 429 and policy.RECEIPT_COOKIE not in refused.cookies
    assert "too many times" in refused.content.decode()


def test_the_lockout_is_per_client_address(anonymous_report):
    _, code = anonymous_report
    for _ in range(5):
        visitor(address="10.0.0.1").post(START, {"code": WRONG})
    assert visitor(address="10.0.0.2").post(START, {"code": code}).status_code == 302


def test_the_lockout_stores_no_client_address(anonymous_report):
    for _ in range(5):
        visitor(address="192.0.2.77").post(START, {"code": WRONG})
    assert not any("192.0.2.77" in str(key) for key in cache._cache)  # LocMemCache


def test_an_empty_submission_is_not_counted_as_an_attempt(anonymous_report):
    client = visitor()
    for _ in range(6):
        client.post(START, {"code": ""})
    assert client.post(START, {"code": anonymous_report[1]}).status_code == 302


@pytest.mark.parametrize(
    "cookie",
    [
        "rommel",
        "gAAAAABkZ2FyYmFnZQ==",
        crypto.encrypt(
            json.dumps(
                {
                    "report": "00000000-0000-0000-0000-000000000000",
                    "key": sealing.b64(sealing.ContentKey.new().raw),
                }
            ).encode()
        ).decode(),
    ],
    ids=["garbage", "not-ours", "unknown-report"],
)
def test_a_bad_cookie_leads_back_to_the_start(anonymous_report, cookie):
    client = visitor()
    client.cookies[policy.RECEIPT_COOKIE] = cookie
    response = client.get(DETAIL)
    assert response.status_code == 302 and response["Location"] == START


def test_a_tampered_cookie_leads_back_to_the_start(following):
    token = following.cookies[policy.RECEIPT_COOKIE].value
    following.cookies[policy.RECEIPT_COOKIE] = token[:-6] + ("AAAAAA" if token[-6:] != "AAAAAA" else "BBBBBB")
    assert following.get(DETAIL)["Location"] == START


def test_a_cookie_for_a_named_report_opens_nothing(personas):
    submitted = services.report_submit(
        reporter=personas["medewerker"], category="pesten", text=TEXT, counsellor=None, anonymous=False
    )
    client = visitor()
    # Even with the report's own content key in it: the cookie opens anonymous reports only.
    payload = {"report": str(submitted.report.pk), "key": sealing.b64(submitted.key.raw)}
    client.cookies[policy.RECEIPT_COOKIE] = crypto.encrypt(json.dumps(payload).encode()).decode()
    assert client.get(DETAIL)["Location"] == START


@pytest.mark.parametrize("name", ["receipt-detail", "receipt-reply", "receipt-transfer-decide"])
def test_without_the_cookie_every_page_leads_back_to_the_start(name):
    for method in ("get", "post"):
        response = getattr(visitor(), method)(reverse(f"vertrouwenspersoon:{name}"))
        assert response.status_code == 302 and response["Location"] == START


def test_stopping_deletes_the_cookie(following):
    response = following.post(reverse("vertrouwenspersoon:receipt-stop"))
    assert response.status_code == 302 and response["Location"].startswith(START)
    assert following.cookies[policy.RECEIPT_COOKIE].value == ""
    assert following.get(DETAIL)["Location"] == START


def test_an_attachment_downloads_as_a_file(following, anonymous_report):
    report, _ = anonymous_report
    services.message_post(
        report=report,
        key=content_key(report),
        author=Author.COUNSELLOR,
        body="Zie bijlage.",
        files=[SimpleUploadedFile("uitleg.pdf", PDF, content_type="application/pdf")],
    )
    attachment = report.attachments.get()
    response = following.get(reverse("vertrouwenspersoon:receipt-attachment", args=[attachment.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_attachment_of_another_report_is_404(personas, following):
    other, _ = submit_anonymously(
        personas, files=[SimpleUploadedFile("ander.pdf", PDF, content_type="application/pdf")]
    )
    attachment = other.attachments.get()
    response = following.get(reverse("vertrouwenspersoon:receipt-attachment", args=[attachment.pk]))
    assert response.status_code == 404


def test_the_anonymous_reporter_consents_to_a_summary(personas, following, anonymous_report):
    report, _ = anonymous_report
    summary = services.summary_propose(
        report=report, key=content_key(report), recipient=personas["hr"], text="Er verdwijnt geld."
    )
    assert "Er verdwijnt geld." in following.get(DETAIL).content.decode()
    decide = reverse("vertrouwenspersoon:receipt-summary-decide", args=[summary.pk])
    response = following.post(decide, {"decision": "consent"})
    assert response["Location"] == f"{DETAIL}?klaar=consent"
    assert list(policy.summaries_shared_with(personas["hr"])) == [summary]


def test_a_summary_of_another_report_is_404(personas, following):
    other, _ = submit_anonymously(personas)
    summary = services.summary_propose(
        report=other, key=content_key(other), recipient=personas["hr"], text="Andere zaak."
    )
    decide = reverse("vertrouwenspersoon:receipt-summary-decide", args=[summary.pk])
    assert following.post(decide, {"decision": "consent"}).status_code == 404
    summary.refresh_from_db()
    assert summary.state == SharedSummary.State.PROPOSED


def test_the_anonymous_reporter_declines_a_transfer(personas, following, anonymous_report):
    report, _ = anonymous_report
    proposal = services.transfer_propose(report=report, to_counsellor=personas["andere_vertrouwenspersoon"])
    transfer = reverse("vertrouwenspersoon:receipt-transfer-decide")
    following.post(transfer, {"decision": "decline", "proposal": proposal.pk})
    report.refresh_from_db()
    assert report.counsellor == personas["vertrouwenspersoon"] and policy.pending_transfer(report) is None
