"""Mails: a link and a date, nothing confidential; action reminders go out once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from apps.ondernemingsraad import notifications, services, tasks
from apps.ondernemingsraad.models import MeetingKind
from apps.ondernemingsraad.schedule import SCHEDULE

from .conftest import ITEM_EXPLANATION, NOTE_TEXT, add_document, add_item, plan

pytestmark = pytest.mark.django_db

ACTION_TEXT = "Vertrouwelijke cijfers over ontslagen opvragen"


def test_the_agenda_mail_holds_links_only(personas, consultation, invited_item, note):
    add_document(personas, invited_item, title="Geheime adviesaanvraag")
    services.meeting_fix_agenda(actor=personas["or_secretaris"], meeting=consultation)
    tasks.send_agenda_fixed(str(consultation.pk))
    assert mail.outbox
    for message in mail.outbox:
        text = message.subject + message.body
        for secret in (
            invited_item.title,
            ITEM_EXPLANATION,
            NOTE_TEXT,
            "Geheime adviesaanvraag",
            consultation.title,
        ):
            assert secret not in text


def test_an_or_intern_agenda_mail_goes_to_the_council_only(personas, internal):
    add_item(personas, internal)
    notifications.agenda_fixed(meeting_id=str(internal.pk))
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {personas[n].email for n in ("or_lid", "or_voorzitter", "or_secretaris")}


def test_a_committee_agenda_mail_goes_to_its_members(personas, committee):
    meeting = plan(
        personas,
        kind=MeetingKind.COMMITTEE,
        committee=committee,
        chair=personas["or_lid"],
        secretary=personas["or_lid"],
    )
    notifications.agenda_fixed(meeting_id=str(meeting.pk))
    assert {m.to[0] for m in mail.outbox} == {personas["or_lid"].email, personas["hr"].email}


def test_a_missing_meeting_sends_nothing():
    assert notifications.agenda_fixed(meeting_id="999999") == 0


def _action(personas, meeting, days):
    return services.action_add(
        actor=personas["or_secretaris"],
        meeting=meeting,
        what=ACTION_TEXT,
        owner=personas["or_lid"],
        due_date=timezone.localdate() + timedelta(days=days),
    )


def test_reminders_go_out_before_and_on_the_due_date_once(personas, consultation):
    soon = _action(personas, consultation, 2)
    today = _action(personas, consultation, 0)
    _action(personas, consultation, 10)
    tasks.remind_action_owners()
    assert len(mail.outbox) == 2
    assert all(ACTION_TEXT not in m.body + m.subject for m in mail.outbox)
    tasks.remind_action_owners()
    assert len(mail.outbox) == 2
    # Two days later the first one is due: one more reminder.
    assert notifications.action_reminders(today=soon.due_date) == 1
    today.refresh_from_db()
    assert today.due_reminder_sent_at is not None


def test_closed_actions_get_no_reminder(personas, consultation):
    action = _action(personas, consultation, 0)
    services.action_set_status(actor=personas["or_lid"], action=action, status="afgerond")
    assert notifications.action_reminders() == 0


def test_the_reminder_runs_daily_from_beat():
    assert (
        SCHEDULE["ondernemingsraad-action-reminders"]["task"]
        == "apps.ondernemingsraad.tasks.remind_action_owners"
    )
