"""Done when: one meeting from proposal to published verslag, through every role.

The bestuurder and HR never see preparation notes or OR-intern meetings, and HR
sees only the agenda item it was invited to."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.ondernemingsraad import selectors
from apps.ondernemingsraad.models import AgendaItem, Meeting, MeetingKind, MeetingStatus

from .conftest import NOTE_TEXT, plan, upload

pytestmark = pytest.mark.django_db

INTERNAL_NOTE = "Intern standpunt van de OR over de bonusregeling (INTERN-99)."


def url(name, *args):
    return reverse(f"ondernemingsraad:{name}", args=args)


def test_a_consultation_meeting_goes_from_request_to_published_minutes(
    personas, login, django_capture_on_commit_callbacks
):
    secretary = login(personas["or_secretaris"])
    chair = login(personas["or_voorzitter"])
    member = login(personas["or_lid"])
    executive = login(personas["bestuurder"])
    hr = login(personas["hr"])
    employee = login(personas["medewerker"])

    # An OR-intern meeting with a note exists alongside.
    internal = plan(personas, kind=MeetingKind.INTERNAL, title="OR-vergadering")
    secretary.post(
        url("item-propose", internal.pk),
        {"title": "Bonusregeling", "kind": "bespreking", "duration_minutes": 20},
    )
    internal_item = AgendaItem.objects.get(meeting=internal)
    member.post(url("note-add", internal_item.pk), {"kind": "standpunt", "body": INTERNAL_NOTE})

    # The bestuurder requests an overlegvergadering.
    starts = (timezone.localtime() + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M")
    response = executive.post(
        url("meeting-create"),
        {
            "kind": "overleg",
            "title": "Overlegvergadering juni",
            "starts_at": starts,
            "location": "Directiekamer",
        },
    )
    meeting = Meeting.objects.get(title="Overlegvergadering juni")
    assert response.status_code == 302
    assert meeting.status == MeetingStatus.REQUESTED
    assert meeting.chair is not None and meeting.secretary == personas["or_secretaris"]

    # The secretary opens the agenda; both sides propose items.
    secretary.post(url("meeting-open", meeting.pk))
    executive.post(
        url("item-propose", meeting.pk),
        {"title": "Reorganisatie klantenservice", "kind": "besluitvorming", "duration_minutes": 45},
    )
    member.post(
        url("item-propose", meeting.pk),
        {"title": "Werkdruk in de zomer", "kind": "bespreking", "duration_minutes": 30},
    )
    reorganisation = AgendaItem.objects.get(title="Reorganisatie klantenservice")
    workload = AgendaItem.objects.get(title="Werkdruk in de zomer")
    assert secretary.post(url("meeting-fix", meeting.pk)).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.AGENDA_OPEN  # proposals undecided

    # The secretary accepts them, invites HR to the first, documents are uploaded.
    for item in (reorganisation, workload):
        secretary.post(url("item-decide", item.pk), {"decision": "accept"})
    secretary.post(
        url("item-edit", reorganisation.pk),
        {
            "title": reorganisation.title,
            "kind": "besluitvorming",
            "duration_minutes": 45,
            "invited_hr": [personas["hr"].pk],
        },
    )
    executive.post(
        url("document-upload", reorganisation.pk), {"title": "Adviesaanvraag", "file": upload("aanvraag.txt")}
    )
    secretary.post(
        url("document-upload", workload.pk), {"title": "Werkdrukcijfers", "file": upload("cijfers.txt")}
    )
    invited_doc = reorganisation.documents.get()
    other_doc = workload.documents.get()

    # The OR prepares: a note on the item the bestuurder and HR also see.
    member.post(url("note-add", reorganisation.pk), {"kind": "vraag", "body": NOTE_TEXT})
    assert NOTE_TEXT in member.get(url("item-detail", reorganisation.pk)).content.decode()

    # The agenda is fixed: everyone gets a link, nothing of the content.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        secretary.post(url("meeting-fix", meeting.pk))
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.AGENDA_FIXED
    recipients = {address for message in mail.outbox for address in message.to}
    assert {personas[name].email for name in ("or_lid", "or_secretaris", "bestuurder", "hr")} <= recipients
    for message in mail.outbox:
        assert "Reorganisatie" not in message.body + message.subject
        assert NOTE_TEXT not in message.body
    hr_mail = next(message for message in mail.outbox if message.to == [personas["hr"].email])
    assert url("item-detail", reorganisation.pk) in hr_mail.body
    assert url("meeting-detail", meeting.pk) not in hr_mail.body

    # The bestuurder: the meeting and its documents, never the notes or the OR-intern meeting.
    for path in (
        url("meeting-detail", meeting.pk),
        url("item-detail", reorganisation.pk),
        url("meeting-packet", meeting.pk),
    ):
        page = executive.get(path)
        assert page.status_code == 200
        assert NOTE_TEXT not in page.content.decode()
    assert executive.get(url("document-detail", other_doc.pk)).status_code == 200
    assert (
        executive.post(url("note-add", reorganisation.pk), {"kind": "notitie", "body": "x"}).status_code
        == 404
    )
    for path in (
        url("meeting-detail", internal.pk),
        url("item-detail", internal_item.pk),
        url("meeting-packet", internal.pk),
    ):
        assert executive.get(path).status_code == 404
    assert "OR-vergadering" not in executive.get(url("meeting-list")).content.decode()

    # HR: only the invited item and its document.
    page = hr.get(url("item-detail", reorganisation.pk))
    assert page.status_code == 200
    assert NOTE_TEXT not in page.content.decode()
    assert hr.get(url("document-detail", invited_doc.pk)).status_code == 200
    assert hr.get(url("document-download", invited_doc.pk, 1)).status_code == 200
    for path in (
        url("meeting-detail", meeting.pk),
        url("meeting-packet", meeting.pk),
        url("item-detail", workload.pk),
        url("document-detail", other_doc.pk),
        url("document-download", other_doc.pk, 1),
        url("meeting-detail", internal.pk),
        url("item-detail", internal_item.pk),
    ):
        assert hr.get(path).status_code == 404, path
    assert hr.post(url("note-add", reorganisation.pk), {"kind": "notitie", "body": "x"}).status_code == 404
    hr_list = hr.get(url("meeting-list")).content.decode()
    assert url("item-detail", reorganisation.pk) in hr_list
    assert "Werkdruk" not in hr_list and url("meeting-detail", meeting.pk) not in hr_list

    # Held, minuted, approved by both sides, published.
    secretary.post(url("meeting-held", meeting.pk), {"suspended": "on"})
    assert selectors.agenda_item_was_discussed(AgendaItem.objects.get(pk=reorganisation.pk))
    secretary.post(
        url("minutes-edit", meeting.pk), {"text": "De OR en de bestuurder bespraken de reorganisatie."}
    )
    assert executive.post(url("minutes-approve", meeting.pk), {"side": "executive"}).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.DRAFT_MINUTES  # the OR approves first
    assert secretary.post(url("minutes-publish", meeting.pk)).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.DRAFT_MINUTES  # not before both agreed
    chair.post(url("minutes-approve", meeting.pk), {"side": "council"})
    executive.post(url("minutes-approve", meeting.pk), {"side": "executive"})
    secretary.post(url("minutes-publish", meeting.pk))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PUBLISHED and meeting.suspended

    # Every employee reads the published minutes, not the meeting.
    minutes = meeting.minutes
    assert url("minutes-detail", minutes.pk) in employee.get(url("minutes-list")).content.decode()
    page = employee.get(url("minutes-detail", minutes.pk))
    assert "bespraken de reorganisatie" in page.content.decode()
    assert employee.get(url("meeting-detail", meeting.pk)).status_code == 404
    assert hr.get(url("minutes-detail", minutes.pk)).status_code == 200

    # Nothing the bestuurder or HR could reach ever showed a note.
    for client in (executive, hr):
        for path in (url("meeting-list"), url("action-list"), url("decision-list"), url("minutes-list")):
            body = client.get(path).content.decode()
            assert NOTE_TEXT not in body and INTERNAL_NOTE not in body
