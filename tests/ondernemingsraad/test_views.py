"""The works council's pages: happy paths, refusals, bad input and flat query counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.ondernemingsraad import services
from apps.ondernemingsraad.models import AgendaItem, Document, Meeting, MeetingKind, MeetingStatus

from .conftest import ITEM_EXPLANATION, NOTE_TEXT, add_document, add_item, plan, upload

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"ondernemingsraad:{name}", args=args)


def _same_count_for_more(client, path, add_more):
    client.get(path)  # warms the content-type cache guardian reads
    with CaptureQueriesContext(connection) as one:
        assert client.get(path).status_code == 200
    add_more()
    with CaptureQueriesContext(connection) as many:
        assert client.get(path).status_code == 200
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]


# --- refusals -------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, consultation):
    for path in (url("meeting-list"), url("meeting-detail", consultation.pk), url("minutes-list")):
        response = client.get(path)
        assert (
            response.status_code == 302
            and "/login" in response["Location"]
            or "inloggen" in response["Location"]
        )


def test_an_employee_gets_404_on_a_meeting(personas, login, consultation):
    assert login(personas["medewerker"]).get(url("meeting-detail", consultation.pk)).status_code == 404


def test_an_or_member_gets_403_on_the_secretarys_steps(personas, login, consultation):
    member = login(personas["or_lid"])
    assert member.get(url("meeting-edit", consultation.pk)).status_code == 403
    assert member.post(url("meeting-fix", consultation.pk)).status_code == 403


def test_an_employee_gets_403_on_planning_a_meeting(personas, login):
    assert login(personas["medewerker"]).get(url("meeting-create")).status_code == 403


def test_a_counsellor_gets_403_on_the_published_minutes(personas, login):
    assert login(personas["vertrouwenspersoon"]).get(url("minutes-list")).status_code == 403


def test_the_step_endpoints_only_accept_post(personas, login, consultation):
    assert login(personas["or_secretaris"]).get(url("meeting-fix", consultation.pk)).status_code == 405


def test_a_committee_meeting_is_for_its_members_only(personas, login, committee):
    meeting = plan(
        personas,
        MeetingKind.COMMITTEE,
        committee=committee,
        chair=personas["or_lid"],
        secretary=personas["or_lid"],
        actor="or_lid",
    )
    assert login(personas["hr"]).get(url("meeting-detail", meeting.pk)).status_code == 200
    assert login(personas["or_voorzitter"]).get(url("meeting-detail", meeting.pk)).status_code == 404
    assert login(personas["bestuurder"]).get(url("meeting-detail", meeting.pk)).status_code == 404


def test_hr_in_a_committee_never_sees_the_preparation_notes(personas, login, committee):
    meeting = plan(
        personas,
        MeetingKind.COMMITTEE,
        committee=committee,
        chair=personas["or_lid"],
        secretary=personas["or_lid"],
        actor="or_lid",
    )
    item = add_item(personas, meeting, actor="or_lid")
    services.note_add(actor=personas["or_lid"], item=item, kind="notitie", body=NOTE_TEXT)
    hr = login(personas["hr"])
    assert NOTE_TEXT not in hr.get(url("item-detail", item.pk)).content.decode()
    assert hr.post(url("note-add", item.pk), {"kind": "notitie", "body": "x"}).status_code == 404
    assert NOTE_TEXT in login(personas["or_lid"]).get(url("item-detail", item.pk)).content.decode()


# --- happy paths and bad input ---------------------------------------------------------


def test_the_secretary_plans_an_or_meeting(personas, login):
    starts = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = login(personas["or_secretaris"]).post(
        url("meeting-create"),
        {"kind": "or-intern", "title": "OR-vergadering juli", "starts_at": starts, "location": "Zaal 1"},
    )
    meeting = Meeting.objects.get(title="OR-vergadering juli")
    assert response["Location"] == url("meeting-detail", meeting.pk)
    assert meeting.status == MeetingStatus.AGENDA_OPEN


def test_planning_without_a_place_keeps_the_input_and_says_why(personas, login):
    starts = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = login(personas["or_secretaris"]).post(
        url("meeting-create"), {"kind": "or-intern", "title": "Mijn titel 123", "starts_at": starts}
    )
    assert response.status_code == 200
    assert "Mijn titel 123" in response.content.decode()
    assert response.context["form"].errors["location"]
    assert not Meeting.objects.exists()


def test_the_executive_cannot_plan_an_or_intern_meeting(personas, login):
    starts = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = login(personas["bestuurder"]).post(
        url("meeting-create"),
        {"kind": "or-intern", "title": "Stiekem", "starts_at": starts, "location": "Zaal"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["kind"]


def test_a_proposal_with_bad_input_is_shown_again(personas, login, consultation):
    response = login(personas["bestuurder"]).post(
        url("item-propose", consultation.pk),
        {"title": "Mijn voorstel", "kind": "bestaat-niet", "duration_minutes": "-5"},
    )
    assert response.status_code == 200
    assert "Mijn voorstel" in response.content.decode()
    assert set(response.context["form"].errors) == {"kind", "duration_minutes"}
    assert not AgendaItem.objects.exists()


def test_a_proposal_lands_as_proposed_and_the_secretarys_own_item_on_the_agenda(
    personas, login, consultation
):
    login(personas["bestuurder"]).post(
        url("item-propose", consultation.pk),
        {"title": "Van de bestuurder", "kind": "informatief", "duration_minutes": 10},
    )
    login(personas["or_secretaris"]).post(
        url("item-propose", consultation.pk),
        {"title": "Van de secretaris", "kind": "informatief", "duration_minutes": 10},
    )
    assert AgendaItem.objects.get(title="Van de bestuurder").state == "voorgesteld"
    assert AgendaItem.objects.get(title="Van de secretaris").state == "geaccepteerd"


def test_a_disallowed_file_is_refused_with_a_message(personas, login, invited_item):
    response = login(personas["or_secretaris"]).post(
        url("document-upload", invited_item.pk),
        {"title": "Stuk", "file": upload("stuk.html", b"<html><script>alert(1)</script></html>")},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Document.objects.exists()


def test_a_download_is_an_attachment(personas, login, invited_item):
    document = add_document(personas, invited_item)
    response = login(personas["bestuurder"]).get(url("document-download", document.pk, 1))
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"Inhoud van het stuk"
    assert login(personas["bestuurder"]).get(url("document-download", document.pk, 2)).status_code == 404


def test_an_empty_note_is_refused(personas, login, invited_item):
    response = login(personas["or_lid"]).post(
        url("note-add", invited_item.pk), {"kind": "notitie", "body": "  "}
    )
    assert response.status_code == 200
    assert response.context["note_form"].errors["body"]


def test_secrecy_needs_what_until_when_and_by_whom(personas, login, invited_item):
    document = add_document(personas, invited_item)
    response = login(personas["bestuurder"]).post(
        url("document-confidentiality", document.pk), {"confidential": "on", "scope": "De cijfers"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"imposed_by", "until"}
    assert "De cijfers" in response.content.decode()


def test_the_document_page_shows_the_secrecy(personas, login, invited_item):
    document = add_document(personas, invited_item)
    services.document_set_confidentiality(
        actor=personas["bestuurder"],
        document=document,
        confidential=True,
        imposed_by=personas["bestuurder"],
        scope="Alle cijfers over de reorganisatie",
        until=timezone.localdate() + timedelta(days=30),
        exempt=[personas["hr"]],
    )
    page = login(personas["or_lid"]).get(url("document-detail", document.pk)).content.decode()
    assert "Alle cijfers over de reorganisatie" in page
    assert personas["hr"].display_name in page


def test_the_packet_has_the_agenda_and_documents_but_no_notes(personas, login, invited_item, note):
    add_document(personas, invited_item, title="Adviesaanvraag reorganisatie")
    page = login(personas["or_lid"]).get(url("meeting-packet", invited_item.meeting_id)).content.decode()
    assert invited_item.title in page and ITEM_EXPLANATION in page and "Adviesaanvraag reorganisatie" in page
    assert NOTE_TEXT not in page
    assert "css/packet.css" in page  # the print styles (@page), a file under the CSP


def test_the_or_intern_meeting_warns_when_its_agenda_is_late(personas, login):
    meeting = plan(personas, MeetingKind.INTERNAL, days=3)
    add_item(personas, meeting)
    client = login(personas["or_secretaris"])
    assert "Art. 14 WOR" in client.get(url("meeting-detail", meeting.pk)).content.decode()
    response = client.post(url("meeting-fix", meeting.pk), follow=True)
    assert "7" in str(list(response.context["messages"])[-1])
    on_time = plan(personas, MeetingKind.INTERNAL, days=10)
    assert "Art. 14 WOR" not in client.get(url("meeting-detail", on_time.pk)).content.decode()


def test_open_actions_of_earlier_meetings_show_on_the_next(personas, login):
    earlier = plan(personas, days=-20)
    later = plan(personas, days=20)
    services.action_add(
        actor=personas["or_secretaris"],
        meeting=earlier,
        what="Cijfers opvragen bij HR",
        owner=personas["or_lid"],
        due_date=timezone.localdate(),
    )
    page = login(personas["bestuurder"]).get(url("meeting-detail", later.pk)).content.decode()
    assert "Cijfers opvragen bij HR" in page


def test_the_action_owner_closes_an_action(personas, login, consultation):
    action = services.action_add(
        actor=personas["or_secretaris"],
        meeting=consultation,
        what="Bellen",
        owner=personas["or_lid"],
        due_date=timezone.localdate(),
    )
    login(personas["or_lid"]).post(
        url("action-update", action.pk), {"status": "afgerond", "next": "https://evil.example/"}
    )
    action.refresh_from_db()
    assert action.status == "afgerond"
    assert (
        login(personas["or_voorzitter"]).post(url("action-update", action.pk), {"status": "open"}).status_code
        == 403
    )


def test_an_action_with_a_bad_date_is_shown_again(personas, login, consultation):
    response = login(personas["or_secretaris"]).post(
        url("action-create", consultation.pk),
        {"action-what": "Mijn actie", "action-owner": personas["or_lid"].pk, "action-due_date": "morgen"},
    )
    assert response.status_code == 200
    assert "Mijn actie" in response.content.decode()
    assert response.context["form"].errors["due_date"]


def test_committee_members_are_managed_by_the_secretary(personas, login, committee):
    response = login(personas["or_secretaris"]).post(
        url("committee-edit", committee.pk),
        {"name": committee.name, "description": "", "members": [personas["or_lid"].pk]},
    )
    assert response.status_code == 302
    assert login(personas["hr"]).get(url("committee-detail", committee.pk)).status_code == 404
    assert login(personas["or_lid"]).get(url("committee-edit", committee.pk)).status_code == 403


def test_the_home_page_shows_the_next_meetings_and_the_published_minutes(personas, login, consultation):
    page = login(personas["or_lid"]).get(reverse("core:home")).content.decode()
    assert url("meeting-detail", consultation.pk) in page
    assert url("minutes-list") in login(personas["medewerker"]).get(reverse("core:home")).content.decode()


# --- query counts ---------------------------------------------------------------------


def test_meeting_list_query_count_does_not_grow(personas, login):
    plan(personas)
    _same_count_for_more(
        login(personas["or_lid"]), url("meeting-list"), lambda: [plan(personas) for _ in range(8)]
    )


def test_meeting_page_query_count_does_not_grow_with_items_and_documents(personas, login, consultation):
    add_document(personas, add_item(personas, consultation))

    def more():
        for n in range(5):
            item = add_item(personas, consultation, title=f"Punt {n}")
            add_document(personas, item)
            add_document(personas, item)
            services.note_add(actor=personas["or_lid"], item=item, kind="notitie", body="n")

    _same_count_for_more(login(personas["or_lid"]), url("meeting-detail", consultation.pk), more)


def test_packet_query_count_does_not_grow(personas, login, consultation):
    add_document(personas, add_item(personas, consultation))
    _same_count_for_more(
        login(personas["bestuurder"]),
        url("meeting-packet", consultation.pk),
        lambda: [add_document(personas, add_item(personas, consultation, title=f"P{n}")) for n in range(5)],
    )


def test_item_page_query_count_does_not_grow_with_documents_and_notes(personas, login, invited_item):
    add_document(personas, invited_item)

    def more():
        for _ in range(5):
            add_document(personas, invited_item)
            services.note_add(actor=personas["or_lid"], item=invited_item, kind="notitie", body="n")

    _same_count_for_more(login(personas["or_lid"]), url("item-detail", invited_item.pk), more)


def test_action_and_decision_lists_query_count_does_not_grow(personas, login, consultation):
    def add(n):
        for _ in range(n):
            services.action_add(
                actor=personas["or_secretaris"],
                meeting=consultation,
                what="a",
                owner=personas["or_lid"],
                due_date=timezone.localdate(),
            )
            services.decision_add(actor=personas["or_secretaris"], meeting=consultation, text="b")

    add(1)
    client = login(personas["bestuurder"])
    _same_count_for_more(client, url("action-list"), lambda: add(6))
    _same_count_for_more(client, url("decision-list"), lambda: add(6))


def test_published_minutes_list_query_count_does_not_grow(personas, login):
    def publish():
        meeting = plan(personas, MeetingKind.INTERNAL, days=-5)
        add_item(personas, meeting)
        secretary = personas["or_secretaris"]
        services.meeting_fix_agenda(actor=secretary, meeting=meeting)
        services.meeting_mark_held(actor=secretary, meeting=meeting)
        services.minutes_save(actor=secretary, meeting=meeting, text="Verslag")
        services.minutes_approve(actor=personas["or_voorzitter"], meeting=meeting, side="council")
        services.minutes_publish(actor=secretary, meeting=meeting)

    publish()
    _same_count_for_more(
        login(personas["medewerker"]), url("minutes-list"), lambda: [publish() for _ in range(4)]
    )


def test_committee_list_query_count_does_not_grow(personas, login, committee):
    def more():
        for n in range(5):
            services.committee_create(
                actor=personas["or_secretaris"],
                name=f"Commissie {n}",
                description="",
                members=[personas["or_lid"]],
            )

    _same_count_for_more(login(personas["or_lid"]), url("committee-list"), more)


def test_a_member_plans_a_committee_meeting(personas, login, committee):
    starts = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    response = login(personas["or_lid"]).post(
        url("committee-meeting-create", committee.pk),
        {"title": "Commissie juli", "starts_at": starts, "location": "Kamer 2", "chair": personas["hr"].pk},
    )
    meeting = Meeting.objects.get(title="Commissie juli")
    assert response["Location"] == url("meeting-detail", meeting.pk)
    assert meeting.committee == committee and meeting.secretary == personas["or_lid"]
    assert login(personas["hr"]).get(url("meeting-detail", meeting.pk)).status_code == 200
    assert (
        login(personas["or_voorzitter"]).get(url("committee-meeting-create", committee.pk)).status_code == 403
    )


def test_the_secretary_creates_a_committee(personas, login):
    response = login(personas["or_secretaris"]).post(
        url("committee-create"),
        {
            "name": "Commissie VGWM",
            "description": "Veiligheid en gezondheid",
            "members": [personas["or_lid"].pk],
        },
    )
    assert response.status_code == 302
    page = login(personas["or_lid"]).get(url("committee-list")).content.decode()
    assert "Commissie VGWM" in page
    assert "Commissie VGWM" not in login(personas["hr"]).get(url("committee-list")).content.decode()
