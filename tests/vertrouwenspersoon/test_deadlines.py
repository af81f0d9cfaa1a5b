"""The statutory clock of a report and the reminders to the counsellor, on a frozen clock."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from freezegun import freeze_time

from apps.accounts.roles import Role
from apps.vertrouwenspersoon import deadlines, selectors, services, tasks
from apps.vertrouwenspersoon.models import Author, CaseLogEntry, Deadline, DeadlineReminder, LogAction, Status
from apps.vertrouwenspersoon.services_reminders import deadline_reminders_send
from tests.conftest import client_for
from tests.keys import content_key

pytestmark = pytest.mark.django_db

TEXT = "De inkoper gunt opdrachten aan het bedrijf van zijn zwager zonder offertes."
SUBMITTED = "2025-01-10 09:00:00"
DAY = datetime.date(2025, 1, 10)


def submit(personas, category="misstand", counsellor="vertrouwenspersoon", anonymous=False, at=SUBMITTED):
    with freeze_time(at):
        return services.report_submit(
            reporter=personas["medewerker"],
            category=category,
            text=TEXT,
            counsellor=personas[counsellor] if isinstance(counsellor, str) else counsellor,
            anonymous=anonymous,
        ).report


def due_dates(report):
    return {due.deadline: due.due_on for due in deadlines.open_deadlines(report)}


def counsellor_says(report, at, is_feedback=False, body="Dank voor uw melding; ik neem contact op."):
    with freeze_time(at):
        services.message_post(
            report=report,
            key=content_key(report),
            author=Author.COUNSELLOR,
            body=body,
            is_feedback=is_feedback,
        )
    report.refresh_from_db()


def english(user):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def other_counsellor(make_user):
    return make_user("tweede_vp", [Role.COUNSELLOR])


# --- the clock ------------------------------------------------------------------------


def test_a_whistleblower_report_must_be_acknowledged_within_7_days(personas):
    report = submit(personas)
    assert due_dates(report)[Deadline.ACKNOWLEDGE] == datetime.date(2025, 1, 17)


def test_without_acknowledgement_feedback_is_due_3_months_after_the_7_day_term(personas):
    report = submit(personas)
    assert due_dates(report)[Deadline.FEEDBACK] == datetime.date(2025, 4, 17)


def test_feedback_is_due_3_months_after_the_acknowledgement(personas):
    report = submit(personas)
    counsellor_says(report, "2025-01-13 14:00:00")
    assert due_dates(report) == {Deadline.FEEDBACK: datetime.date(2025, 4, 13)}


def test_both_deadlines_of_a_whistleblower_report_are_statutory(personas):
    report = submit(personas)
    assert [due.statutory for due in deadlines.open_deadlines(report)] == [True, True]


def test_a_bullying_report_has_only_the_acknowledgement_deadline(personas):
    report = submit(personas, category="pesten")
    [due] = deadlines.open_deadlines(report)
    assert (due.deadline, due.due_on, due.statutory) == (Deadline.ACKNOWLEDGE, DAY.replace(day=17), False)


def test_any_counsellor_message_acknowledges_receipt(personas):
    report = submit(personas, category="pesten")
    counsellor_says(report, "2025-01-11 10:00:00", body="Goed dat u dit meldt.")
    assert report.acknowledged_at is not None and report.feedback_given_at is None
    assert deadlines.open_deadlines(report) == []
    assert CaseLogEntry.objects.filter(report=report, action=LogAction.ACKNOWLEDGED).count() == 1


def test_a_reporter_message_acknowledges_nothing(personas):
    report = submit(personas)
    services.message_post(
        report=report, key=content_key(report), author=Author.REPORTER, body="Is mijn melding aangekomen?"
    )
    report.refresh_from_db()
    assert report.acknowledged_at is None
    assert set(due_dates(report)) == {Deadline.ACKNOWLEDGE, Deadline.FEEDBACK}


def test_a_message_marked_as_feedback_records_the_feedback(personas):
    report = submit(personas)
    counsellor_says(report, "2025-01-12 10:00:00")
    counsellor_says(report, "2025-03-01 10:00:00", is_feedback=True, body="Het onderzoek is gestart.")
    assert report.feedback_given_at.date() == datetime.date(2025, 3, 1)
    assert deadlines.open_deadlines(report) == []
    assert CaseLogEntry.objects.filter(report=report, action=LogAction.FEEDBACK_GIVEN).count() == 1


def test_the_first_message_may_acknowledge_and_give_feedback_at_once(personas):
    report = submit(personas)
    counsellor_says(report, "2025-01-12 10:00:00", is_feedback=True)
    assert report.acknowledged_at == report.feedback_given_at
    assert deadlines.open_deadlines(report) == []


def test_a_later_message_does_not_move_the_acknowledgement(personas):
    report = submit(personas)
    counsellor_says(report, "2025-01-12 10:00:00")
    first = report.acknowledged_at
    counsellor_says(report, "2025-02-01 10:00:00", body="Nog een vraag.")
    assert report.acknowledged_at == first


def test_a_closed_case_has_no_deadlines(personas):
    report = submit(personas)
    services.report_set_status(report=report, status=Status.CLOSED)
    assert deadlines.open_deadlines(report) == []
    assert selectors.deadlines_for(personas["vertrouwenspersoon"]) == []


def test_the_periods_follow_the_settings(personas, settings):
    settings.PORTAL_ACKNOWLEDGE_DAYS = 3
    settings.PORTAL_FEEDBACK_MONTHS = 1
    report = submit(personas)
    assert due_dates(report) == {
        Deadline.ACKNOWLEDGE: datetime.date(2025, 1, 13),
        Deadline.FEEDBACK: datetime.date(2025, 2, 13),
    }


def test_deadlines_for_lists_the_most_urgent_first(personas):
    later = submit(personas, category="pesten", at="2025-01-20 09:00:00")
    earlier = submit(personas, category="pesten", at="2025-01-05 09:00:00")
    with freeze_time("2025-01-15"):
        listed = selectors.deadlines_for(personas["vertrouwenspersoon"])
    assert [due.report.pk for due in listed] == [earlier.pk, later.pk]


# --- the counsellor's case list ------------------------------------------------------------


def test_case_list_shows_due_and_overdue_deadlines_of_own_cases_only(personas, other_counsellor):
    overdue = submit(personas, at="2025-01-01 09:00:00")  # acknowledge by 8 January
    due_soon = submit(personas, category="pesten", at="2025-01-09 09:00:00")  # by 16 January
    theirs = submit(personas, counsellor=other_counsellor, at="2025-01-01 09:00:00")
    with freeze_time("2025-01-14 12:00:00"):
        response = english(personas["vertrouwenspersoon"]).get(reverse("vertrouwenspersoon:case-list"))
        shown = [(due.report.pk, due.deadline, due.is_overdue) for due in response.context["deadlines"]]
    assert shown == [
        (overdue.pk, Deadline.ACKNOWLEDGE, True),
        (due_soon.pk, Deadline.ACKNOWLEDGE, False),
        (overdue.pk, Deadline.FEEDBACK, False),
    ]
    page = response.content.decode()
    assert "overdue" in page and "due soon" in page
    assert reverse("vertrouwenspersoon:case-detail", args=[theirs.pk]) not in page
    assert TEXT not in page


def test_the_other_counsellor_sees_only_their_own_deadline(personas, other_counsellor):
    submit(personas)
    theirs = submit(personas, category="pesten", counsellor=other_counsellor)
    with freeze_time("2025-01-14 12:00:00"):
        response = client_for(other_counsellor).get(reverse("vertrouwenspersoon:case-list"))
    assert [due.report.pk for due in response.context["deadlines"]] == [theirs.pk]


def test_case_list_shows_no_deadlines_once_all_are_met(personas):
    report = submit(personas, category="pesten")
    counsellor_says(report, "2025-01-11 10:00:00")
    with freeze_time("2025-01-14 12:00:00"):
        response = english(personas["vertrouwenspersoon"]).get(reverse("vertrouwenspersoon:case-list"))
    assert response.context["deadlines"] == []
    assert "No open deadlines." in response.content.decode()


def test_case_list_query_count_does_not_grow_with_the_deadlines(personas, django_assert_num_queries):
    submit(personas)
    with freeze_time("2025-01-14 12:00:00"):
        client = client_for(personas["vertrouwenspersoon"])
        with CaptureQueriesContext(connection) as one_case:
            response = client.get(reverse("vertrouwenspersoon:case-list"))
        assert len(response.context["deadlines"]) == 2
    for day in range(2, 6):
        submit(personas, at=f"2025-01-0{day} 09:00:00")
    with freeze_time("2025-01-14 12:00:00"):
        client = client_for(personas["vertrouwenspersoon"])
        with django_assert_num_queries(len(one_case)):
            response = client.get(reverse("vertrouwenspersoon:case-list"))
    assert len(response.context["deadlines"]) == 10


# --- the message form ----------------------------------------------------------------------


def post_message(personas, report, **extra):
    data = {"message-body": "Uw melding is in onderzoek genomen.", **extra}
    with freeze_time("2025-02-01 10:00:00"):
        client = client_for(personas["vertrouwenspersoon"])
        response = client.post(reverse("vertrouwenspersoon:case-message", args=[report.pk]), data)
    report.refresh_from_db()
    return response


def test_the_feedback_checkbox_records_the_feedback(personas):
    report = submit(personas)
    response = post_message(personas, report, **{"message-is_feedback": "on"})
    assert response.status_code == 302
    assert report.acknowledged_at is not None and report.feedback_given_at is not None
    assert deadlines.open_deadlines(report) == []


def test_a_message_without_the_checkbox_only_acknowledges(personas):
    report = submit(personas)
    assert post_message(personas, report).status_code == 302
    assert report.acknowledged_at is not None and report.feedback_given_at is None
    assert due_dates(report) == {Deadline.FEEDBACK: datetime.date(2025, 5, 1)}


# --- reminders -----------------------------------------------------------------------------


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Run the reminders on `today` (frozen), sending the mails; returns the new mails."""

    def run(today):
        before = len(mail.outbox)
        with freeze_time(today), django_capture_on_commit_callbacks(execute=True):
            deadline_reminders_send(today=datetime.date.fromisoformat(today))
        return mail.outbox[before:]

    return run


def test_no_mail_while_every_deadline_is_further_than_2_days_away(personas, remind):
    submit(personas, category="pesten")  # acknowledge by 17 January
    assert remind("2025-01-14") == []
    assert not DeadlineReminder.objects.exists()


def test_no_mail_when_nothing_is_due(personas, remind):
    report = submit(personas, category="pesten")
    counsellor_says(report, "2025-01-11 10:00:00")
    assert remind("2025-03-01") == []


def test_a_deadline_within_2_days_mails_the_counsellor_once(personas, remind):
    submit(personas, category="pesten")
    [message] = remind("2025-01-15")
    assert message.to == [personas["vertrouwenspersoon"].email]
    assert remind("2025-01-15") == []
    assert remind("2025-01-16") == []


def test_an_overdue_deadline_mails_once_more(personas, remind):
    submit(personas, category="pesten")
    assert len(remind("2025-01-15")) == 1
    assert len(remind("2025-01-18")) == 1
    assert remind("2025-01-19") == []
    stages = set(DeadlineReminder.objects.values_list("stage", flat=True))
    assert stages == {DeadlineReminder.Stage.DUE_SOON, DeadlineReminder.Stage.OVERDUE}


def test_an_overdue_deadline_never_reminded_before_mails_once(personas, remind):
    submit(personas, category="pesten")
    assert len(remind("2025-01-20")) == 1
    assert remind("2025-01-21") == []


def test_one_mail_per_counsellor_however_many_deadlines(personas, other_counsellor, remind):
    submit(personas, category="pesten")
    submit(personas, category="diefstal")
    submit(personas, category="pesten", counsellor=other_counsellor)
    sent = remind("2025-01-16")
    assert sorted(message.to[0] for message in sent) == sorted(
        [personas["vertrouwenspersoon"].email, other_counsellor.email]
    )
    mine = next(message for message in sent if message.to == [personas["vertrouwenspersoon"].email])
    assert "2" in mine.subject


def test_a_met_deadline_is_not_reminded(personas, remind):
    report = submit(personas, category="pesten")
    counsellor_says(report, "2025-01-14 10:00:00")
    assert remind("2025-01-16") == []


def test_a_closed_case_is_not_reminded(personas, remind):
    report = submit(personas)
    services.report_set_status(report=report, status=Status.CLOSED)
    assert remind("2025-01-20") == []


def test_the_feedback_deadline_is_reminded_too(personas, remind):
    report = submit(personas)
    counsellor_says(report, "2025-01-12 10:00:00")  # feedback by 12 April
    assert remind("2025-04-09") == []
    assert len(remind("2025-04-10")) == 1
    reminder = DeadlineReminder.objects.get()
    assert (reminder.deadline, reminder.stage) == (Deadline.FEEDBACK, DeadlineReminder.Stage.DUE_SOON)


@pytest.mark.parametrize("anonymous", [False, True])
def test_the_reminder_holds_a_link_and_nothing_of_the_report(personas, remind, anonymous):
    submit(personas, anonymous=anonymous)
    [message] = remind("2025-01-16")
    assert settings.PORTAL_BASE_URL.rstrip("/") + reverse("vertrouwenspersoon:case-list") in message.body
    reporter = personas["medewerker"]
    everything = message.subject + message.body
    for secret in (TEXT, "misstand", "wrongdoing", "Misstand", reporter.display_name, reporter.email):
        assert secret not in everything


def test_the_reminder_respects_the_reminder_setting(personas, remind, settings):
    settings.PORTAL_REMINDER_DAYS_BEFORE = 5
    submit(personas, category="pesten")  # acknowledge by 17 January
    assert len(remind("2025-01-12")) == 1


def test_the_beat_task_sends_the_reminders_of_today(personas, django_capture_on_commit_callbacks):
    submit(personas, category="pesten")
    with freeze_time("2025-01-16 07:00:00"), django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_deadline_reminders.delay().get() == 1
    assert len(mail.outbox) == 1
