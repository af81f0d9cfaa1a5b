"""Writes: the status steps, the agenda, permissions kept in step, secrecy and versions."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.core.models import AuditEvent
from apps.ondernemingsraad import policy, selectors, services
from apps.ondernemingsraad.models import ItemState, MeetingKind, MeetingStatus

from .conftest import add_document, add_item, plan, upload

pytestmark = pytest.mark.django_db


def test_the_executives_overleg_is_a_request_and_the_secretarys_opens_the_agenda(personas):
    assert plan(personas, actor="bestuurder").status == MeetingStatus.REQUESTED
    assert plan(personas).status == MeetingStatus.AGENDA_OPEN


def test_the_chair_of_an_overleg_alternates(personas):
    assert selectors.proposed_chair(MeetingKind.CONSULTATION) == personas["or_voorzitter"]
    plan(personas, days=5, chair=personas["or_voorzitter"])
    assert selectors.proposed_chair(MeetingKind.CONSULTATION) == personas["bestuurder"]
    plan(personas, days=30, chair=personas["bestuurder"])
    assert selectors.proposed_chair(MeetingKind.CONSULTATION) == personas["or_voorzitter"]


def test_an_or_intern_meeting_cannot_be_chaired_by_the_executive(personas):
    with pytest.raises(ValidationError):
        plan(personas, kind=MeetingKind.INTERNAL, chair=personas["bestuurder"])


def test_a_committee_meeting_needs_members_as_chair_and_secretary(personas, committee):
    with pytest.raises(ValidationError):
        plan(personas, kind=MeetingKind.COMMITTEE, committee=committee, chair=personas["or_voorzitter"])


def test_the_agenda_cannot_be_fixed_with_undecided_proposals_or_empty(personas, consultation):
    with pytest.raises(ValidationError):
        services.meeting_fix_agenda(actor=personas["or_secretaris"], meeting=consultation)
    add_item(personas, consultation, accept=False, actor="bestuurder")
    with pytest.raises(ValidationError):
        services.meeting_fix_agenda(actor=personas["or_secretaris"], meeting=consultation)


def test_fixing_an_or_intern_agenda_late_is_reported(personas):
    late = plan(personas, kind=MeetingKind.INTERNAL, days=6)
    add_item(personas, late)
    assert services.meeting_fix_agenda(actor=personas["or_secretaris"], meeting=late) is True
    on_time = plan(personas, kind=MeetingKind.INTERNAL, days=8)
    add_item(personas, on_time)
    assert services.meeting_fix_agenda(actor=personas["or_secretaris"], meeting=on_time) is False


def test_no_proposals_after_the_agenda_is_fixed(personas, consultation, invited_item):
    services.meeting_fix_agenda(actor=personas["or_secretaris"], meeting=consultation)
    with pytest.raises(ValidationError):
        add_item(personas, consultation, actor="bestuurder", accept=False)


def test_items_move_up_and_down(personas, consultation):
    first, second, third = (add_item(personas, consultation, title=t) for t in ("A", "B", "C"))
    services.item_move(actor=personas["or_secretaris"], item=third, up=True)
    services.item_move(actor=personas["or_secretaris"], item=first, up=True)  # already first: nothing
    order = [item.title for item in consultation.items.order_by("position")]
    assert order == ["A", "C", "B"]


def test_only_hr_advisers_can_be_invited(personas, invited_item):
    with pytest.raises(ValidationError):
        services.item_update(
            actor=personas["or_secretaris"],
            item=invited_item,
            title="x",
            explanation="",
            kind="informatief",
            duration_minutes=5,
            owner=None,
            invited_hr=[personas["medewerker"]],
        )


def test_uninviting_hr_takes_the_item_and_its_documents_away(personas, invited_item):
    document = add_document(personas, invited_item)
    assert policy.get_item(personas["hr"], invited_item.pk)
    services.item_update(
        actor=personas["or_secretaris"],
        item=invited_item,
        title=invited_item.title,
        explanation="",
        kind="informatief",
        duration_minutes=5,
        owner=None,
        invited_hr=[],
    )
    assert not policy.documents_visible_to(personas["hr"]).filter(pk=document.pk).exists()
    assert not policy.items_by_invitation(personas["hr"]).exists()


def test_hr_invited_to_a_proposal_sees_it_only_once_accepted(personas, consultation):
    item = add_item(personas, consultation, accept=False, actor="bestuurder")
    item.invited_hr.set([personas["hr"]])
    services.item_decide(actor=personas["or_secretaris"], item=item, accept=False)
    assert not policy.items_by_invitation(personas["hr"]).exists()
    services.item_decide(actor=personas["or_secretaris"], item=item, accept=True)
    assert list(policy.items_by_invitation(personas["hr"])) == [item]
    assert item.state == ItemState.ACCEPTED


def test_a_removed_committee_member_loses_its_meetings(personas, committee):
    meeting = plan(
        personas,
        kind=MeetingKind.COMMITTEE,
        committee=committee,
        chair=personas["or_lid"],
        secretary=personas["or_lid"],
    )
    assert policy.meetings_visible_to(personas["hr"]).filter(pk=meeting.pk).exists()
    services.committee_update(
        actor=personas["or_secretaris"],
        committee=committee,
        name=committee.name,
        description="",
        members=[personas["or_lid"]],
    )
    assert not policy.meetings_visible_to(personas["hr"]).filter(pk=meeting.pk).exists()


def test_superusers_and_staff_get_nothing_for_free(personas, consultation, internal):
    for name in ("superuser", "staff"):
        assert not policy.meetings_visible_to(personas[name]).exists()


def test_a_new_version_keeps_the_old_one(personas, invited_item):
    document = add_document(personas, invited_item)
    services.document_version_add(
        actor=personas["bestuurder"], document=document, upload=upload(content=b"versie 2")
    )
    versions = selectors.document_versions(document)
    assert [v.number for v in versions] == [2, 1]
    assert versions[1].file.open("rb").read() == b"Inhoud van het stuk"


def test_stored_files_and_notes_are_encrypted(personas, invited_item, note):
    document = add_document(personas, invited_item)
    path = document.versions.get().file.path
    with open(path, "rb") as stored:
        assert b"Inhoud van het stuk" not in stored.read()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM ondernemingsraad_preparationnote")
        assert "GEHEIM-NOTITIE" not in cursor.fetchone()[0]


def test_secrecy_expires_by_itself(personas, invited_item):
    document = add_document(personas, invited_item)
    until = timezone.localdate() + timedelta(days=10)
    services.document_set_confidentiality(
        actor=personas["bestuurder"],
        document=document,
        confidential=True,
        imposed_by=personas["bestuurder"],
        scope="Cijfers",
        until=until,
    )
    assert document.is_confidential()
    assert document.is_confidential(today=until)
    assert not document.is_confidential(today=until + timedelta(days=1))


def test_secrecy_cannot_end_in_the_past(personas, invited_item):
    document = add_document(personas, invited_item)
    with pytest.raises(ValidationError):
        services.document_set_confidentiality(
            actor=personas["bestuurder"],
            document=document,
            confidential=True,
            imposed_by=personas["bestuurder"],
            scope="Cijfers",
            until=timezone.localdate() - timedelta(days=1),
        )


def test_minutes_of_an_or_meeting_need_no_executive(personas, internal):
    add_item(personas, internal)
    secretary = personas["or_secretaris"]
    services.meeting_fix_agenda(actor=secretary, meeting=internal)
    services.meeting_mark_held(actor=secretary, meeting=internal)
    services.minutes_save(actor=secretary, meeting=internal, text="Verslag")
    with pytest.raises(ValidationError):
        services.minutes_approve(actor=personas["bestuurder"], meeting=internal, side="executive")
    services.minutes_approve(actor=personas["or_voorzitter"], meeting=internal, side="council")
    minutes = services.minutes_publish(actor=secretary, meeting=internal)
    assert policy.published_minutes_visible_to(personas["medewerker"]).get() == minutes
    assert not policy.published_minutes_visible_to(personas["vertrouwenspersoon"]).exists()
    assert AuditEvent.objects.filter(action="or_meeting_status", target_id=str(internal.pk)).count() == 5


def test_an_item_counts_as_discussed_only_after_an_overleg_was_held(
    personas, consultation, internal, invited_item
):
    assert not selectors.agenda_item_was_discussed(invited_item)
    services.meeting_fix_agenda(actor=personas["or_secretaris"], meeting=consultation)
    services.meeting_mark_held(actor=personas["or_secretaris"], meeting=consultation)
    invited_item.refresh_from_db()
    assert selectors.agenda_item_was_discussed(invited_item)
    internal_item = add_item(personas, internal)
    services.meeting_fix_agenda(actor=personas["or_secretaris"], meeting=internal)
    services.meeting_mark_held(actor=personas["or_secretaris"], meeting=internal)
    internal_item.refresh_from_db()
    assert not selectors.agenda_item_was_discussed(internal_item)
