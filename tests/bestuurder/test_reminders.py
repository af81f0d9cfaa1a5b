"""The daily clock: each reminder once, to the right party, with a link only."""

from datetime import date

import pytest
from django.core import mail
from freezegun import freeze_time

from apps.bestuurder import services, tasks
from apps.bestuurder.notifications import reminders_send
from tests.bestuurder.test_services import advise, decide
from tests.hr.helpers import file_request

pytestmark = pytest.mark.django_db


def test_the_answer_date_reminder_goes_to_the_secretary_once(personas):
    with freeze_time("2026-03-02"):
        request = file_request(personas["bestuurder"], answer_due=date(2026, 3, 20))
    mail.outbox.clear()
    assert reminders_send(today=date(2026, 3, 10)) == 0
    assert reminders_send(today=date(2026, 3, 13)) == 1
    assert reminders_send(today=date(2026, 3, 14)) == 0
    [message] = mail.outbox
    assert message.to == [personas["or_secretaris"].email]
    assert f"/verzoeken/{request.pk}/" in message.body
    assert "Reorganisatie" not in message.body + message.subject


def test_suspension_and_appeal_reminders_go_to_each_party(personas):
    with freeze_time("2026-01-10"):
        request = file_request(personas["bestuurder"])
        advise(personas, request)
        decide(personas, request, outcomes=("afwijkend", "conform"))
    mail.outbox.clear()
    with freeze_time("2026-02-05"):
        tasks.send_reminders()
        tasks.send_reminders()
    recipients = sorted(tuple(message.to) for message in mail.outbox)
    assert recipients == [(personas["bestuurder"].email,), (personas["or_secretaris"].email,)]


def test_the_nullity_reminder(personas):
    from tests.bestuurder.helpers import give_consent
    from tests.hr.helpers import consent_request_for, latest, make_draft, send_to_executive

    with freeze_time("2026-03-31"):
        draft = make_draft(personas["hr"])
        send_to_executive(personas["hr"], draft)
        request = consent_request_for(personas["bestuurder"], latest(draft))
        give_consent(personas["or_secretaris"], request, outcome="weigering")
        services.request_record_event(
            actor=personas["or_secretaris"], request=request, event="applied", on=date(2026, 3, 31)
        )
    mail.outbox.clear()
    assert reminders_send(today=date(2026, 4, 25)) == 1
    assert mail.outbox[0].to == [personas["or_secretaris"].email]


def test_filing_notifies_the_secretary_with_a_link(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = file_request(personas["bestuurder"])
    [message] = mail.outbox
    assert message.to == [personas["or_secretaris"].email]
    assert f"/verzoeken/{request.pk}/" in message.body


def test_the_beat_schedule_runs_the_reminders_daily(settings):
    assert (
        settings.CELERY_BEAT_SCHEDULE["bestuurder-reminders"]["task"]
        == "apps.bestuurder.tasks.send_reminders"
    )
