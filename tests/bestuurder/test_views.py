"""Request pages: the executive files and decides, the OR handles and answers."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.bestuurder import services
from apps.bestuurder.models import Request, RequestState
from tests.bestuurder.helpers import meeting_item
from tests.hr.helpers import consent_request_for, file_request, latest, make_draft, send_to_executive

pytestmark = pytest.mark.django_db


def url(name, request, **kwargs):
    return reverse(f"bestuurder:request-{name}", kwargs={"pk": request.pk, **kwargs})


def _count(client, path):
    client.get(path)  # warms the content-type cache guardian reads
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries)


def test_the_executive_files_an_advice_request_with_a_document(personas, login):
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    response = login(personas["bestuurder"]).post(
        reverse("bestuurder:advice-create"),
        {
            "title": "Reorganisatie",
            "subject": "reorganisatie",
            "reasons": "Twee teams.",
            "consequences": "Nieuwe leidinggevenden.",
            "parts": "Teams\nRoosters",
            "answer_due": "2099-01-01",
            "attachments": [pdf],
        },
    )
    request = Request.objects.get()
    assert response.status_code == 302
    assert request.parts.count() == 2
    assert request.documents.get().filename == "plan.pdf"


def test_a_request_with_bad_input_is_shown_again_with_the_text(personas, login):
    response = login(personas["bestuurder"]).post(
        reverse("bestuurder:advice-create"),
        {
            "title": "Reorganisatie",
            "subject": "reorganisatie",
            "reasons": "Mijn redenen 4K",
            "answer_due": "2000-01-01",
        },
    )
    assert response.status_code == 200
    assert "Mijn redenen 4K" in response.content.decode()
    assert response.context["form"].errors["consequences"]
    assert not Request.objects.exists()


def test_a_past_answer_date_is_refused(personas, login):
    response = login(personas["bestuurder"]).post(
        reverse("bestuurder:advice-create"),
        {
            "title": "Reorganisatie",
            "subject": "reorganisatie",
            "reasons": "Redenen.",
            "consequences": "Gevolgen.",
            "answer_due": "2000-01-01",
        },
    )
    assert response.context["form"].errors["answer_due"]


def test_the_consent_form_offers_the_drafts_sent_to_the_executive(personas, login):
    draft = make_draft(personas["hr"], title="Verzuimbeleid 2026")
    send_to_executive(personas["hr"], draft)
    response = login(personas["bestuurder"]).get(reverse("bestuurder:consent-create"))
    assert "Verzuimbeleid 2026" in response.content.decode()


def test_only_the_executive_files(personas, login):
    for name in ("or_secretaris", "hr", "medewerker"):
        assert login(personas[name]).get(reverse("bestuurder:advice-create")).status_code == 403
    assert login(None).get(reverse("bestuurder:advice-create")).status_code == 302


def test_the_request_list_does_not_grow_in_queries(personas, login, django_assert_num_queries):
    file_request(personas["bestuurder"])
    client = login(personas["or_lid"])
    one = _count(client, reverse("bestuurder:request-list"))
    for _ in range(9):
        file_request(personas["bestuurder"])
    with django_assert_num_queries(one):
        response = client.get(reverse("bestuurder:request-list"))
    assert len(response.context["page"].object_list) == 10


def test_the_proposal_list_does_not_grow_in_queries(personas, login, django_assert_num_queries):
    def propose():
        services.proposal_create(
            actor=personas["bestuurder"],
            title="Verhuizing",
            description="Utrecht",
            kind="advies",
            announced_on=timezone.localdate(),
        )

    propose()
    client = login(personas["or_voorzitter"])
    one = _count(client, reverse("bestuurder:proposal-list"))
    for _ in range(9):
        propose()
    with django_assert_num_queries(one):
        client.get(reverse("bestuurder:proposal-list"))


def test_hr_gets_404_on_an_advice_request(personas, login):
    request = file_request(personas["bestuurder"])
    assert login(personas["hr"]).get(url("detail", request)).status_code == 404
    assert login(personas["medewerker"]).get(url("detail", request)).status_code == 403


def test_hr_reads_a_consent_request_about_its_policy_but_not_or_internal_entries(personas, login):
    draft = make_draft(personas["hr"])
    send_to_executive(personas["hr"], draft)
    request = consent_request_for(personas["bestuurder"], latest(draft))
    services.entry_add(actor=personas["or_lid"], request=request, kind="deskundige", body="Advies jurist 5Z")
    services.entry_add(actor=personas["or_lid"], request=request, kind="vraag", body="Geldt dit ook voor 5Y?")
    for name in ("hr", "bestuurder"):
        page = login(personas[name]).get(url("detail", request)).content.decode()
        assert "Geldt dit ook voor 5Y?" in page
        assert "Advies jurist 5Z" not in page
    assert "Advies jurist 5Z" in login(personas["or_lid"]).get(url("detail", request)).content.decode()


def test_documents_download_as_attachment_for_readers_only(personas, login):
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    request = file_request(personas["bestuurder"], files=[pdf])
    document = request.documents.get()
    response = login(personas["or_lid"]).get(url("document", request, document_pk=document.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plan"
    assert login(personas["hr"]).get(url("document", request, document_pk=document.pk)).status_code == 404


def test_an_or_member_may_not_record_the_consultation(personas, login):
    request = file_request(personas["bestuurder"])
    item = meeting_item(personas["or_secretaris"])
    response = login(personas["or_lid"]).post(url("consultation", request), {"consultation-item": item.pk})
    assert response.status_code == 403


def test_the_answer_page_explains_that_the_consultation_comes_first(personas, login):
    request = file_request(personas["bestuurder"])
    client = login(personas["or_secretaris"])
    page = client.get(url("answer", request)).content.decode()
    assert "only after the request was discussed" in page
    part1, part2 = request.parts.all()
    response = client.post(
        url("answer", request),
        {f"choice_{part1.pk}": "positief", f"choice_{part2.pk}": "positief", "reasons": "Wij zijn positief."},
    )
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.state == RequestState.RECEIVED


def test_the_or_answers_after_the_consultation_and_the_executive_decides(personas, login):
    request = file_request(personas["bestuurder"])
    officer = login(personas["or_secretaris"])
    item = meeting_item(personas["or_secretaris"])
    response = officer.post(url("consultation", request), {"consultation-item": item.pk})
    assert response.status_code == 302
    part1, part2 = request.parts.all()
    response = officer.post(
        url("answer", request),
        {
            f"choice_{part1.pk}": "positief",
            f"choice_{part2.pk}": "voorwaardelijk",
            f"reasons_{part2.pk}": "Alleen met inspraak van het team.",
            "reasons": "De OR adviseert positief met een voorwaarde.",
        },
    )
    assert response.status_code == 302
    executive = login(personas["bestuurder"])
    response = executive.post(
        url("decide", request),
        {
            f"choice_{part1.pk}": "conform",
            f"reasons_{part1.pk}": "Zoals geadviseerd.",
            f"choice_{part2.pk}": "afwijkend",
            f"reasons_{part2.pk}": "Het rooster gaat per 1 maart in.",
            "reasons": "Het besluit met redenen.",
            "decided_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == RequestState.DECIDED_DEVIATING
    page = officer.get(url("detail", request)).content.decode()
    assert request.suspension_ends.strftime("%d-%m-%Y") in page


def test_a_step_by_the_wrong_party_is_refused(personas, login):
    request = file_request(personas["bestuurder"])
    response = login(personas["or_lid"]).post(url("event", request), {"event-event": "waive"})
    assert response.status_code == 403


def test_home_panels_show_the_requests(personas, login):
    file_request(personas["bestuurder"], title="Verhuizing naar Utrecht")
    for name in ("bestuurder", "or_lid"):
        assert "Verhuizing naar Utrecht" in login(personas[name]).get(reverse("core:home")).content.decode()
    assert "Verhuizing naar Utrecht" not in login(personas["hr"]).get(reverse("core:home")).content.decode()
