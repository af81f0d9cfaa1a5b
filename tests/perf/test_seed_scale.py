"""seed_scale builds a large organisation's data in bulk, in the shapes the services leave:
the permission rows it writes give each role exactly what the policies promise."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from apps.accounts.models import User
from apps.achterban import selectors as achterban_selectors
from apps.achterban.models import ConstituencyPoll, PollResponse
from apps.core.management.commands.seed_scale import DEFAULT_PASSWORD
from apps.core.sealing import Sealed
from apps.hr import selectors as hr_selectors
from apps.ondernemingsraad import policy as meetings_policy
from apps.ondernemingsraad.models import Meeting, MeetingKind, Minutes
from apps.vertrouwenspersoon import keys
from apps.vertrouwenspersoon import policy as reports_policy
from apps.vertrouwenspersoon.models import AnnualReport, Report, ReportKey, ReportMessage, ReportTally
from apps.vertrouwenspersoon.scale import RECEIPT_CODE, TEXTS
from tests.keys import hour

pytestmark = pytest.mark.django_db

SCALE = 0.002  # 50 people, 400 meldingen, 10 meetings, one poll


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("seed_scale", scale=SCALE, stdout=out)
    return out.getvalue()


def user(username):
    return User.objects.get(username=username)


def test_it_builds_the_organisation_at_the_asked_scale(seeded):
    assert User.objects.count() == 50
    assert Report.objects.count() == 400 == ReportTally.objects.count()
    assert Meeting.objects.count() == 10
    assert ConstituencyPoll.objects.count() == 1
    assert "Seeded" in seeded and "vertrouwenspersoon.ReportUserObjectPermission" in seeded


def test_meldingen_are_spread_over_the_years(seeded):
    oldest = Report.objects.order_by("created_at").first().created_at
    assert (timezone.now() - oldest).days > 9 * 365


def test_each_counsellor_reaches_exactly_their_own_cases(seeded):
    for counsellor in User.objects.filter(username__startswith="vertrouwenspersoon-"):
        handled = set(reports_policy.reports_handled_by(counsellor).values_list("pk", flat=True))
        assert handled == set(Report.objects.filter(counsellor=counsellor).values_list("pk", flat=True))
        assert handled


def test_a_named_reporter_follows_their_reports_and_nobody_follows_an_anonymous_one(seeded):
    named = Report.objects.filter(is_anonymous=False).first()
    assert reports_policy.reports_followed_by(named.reporter).filter(pk=named.pk).exists()
    anonymous = Report.objects.filter(is_anonymous=True).first()
    assert anonymous.reporter_id is None and anonymous.receipt_code_hash


def test_messages_are_readable_by_the_case_participants_only(seeded):
    message = ReportMessage.objects.filter(report__is_anonymous=False).select_related("report").first()
    holders = set(
        message.reportmessageuserobjectpermission_set.values_list("user_id", flat=True)  # direct-FK rows
    )
    assert holders == {message.report.counsellor_id, message.report.reporter_id}


def test_each_counsellor_opens_their_cases_with_the_login_password(seeded):
    for counsellor in User.objects.filter(username__startswith="vertrouwenspersoon-"):
        private_key = keys.private_key_unlock(counsellor=counsellor, secret=DEFAULT_PASSWORD)
        report = Report.objects.filter(counsellor=counsellor).first()
        key = keys.key_for_counsellor(report, counsellor, private_key)
        assert isinstance(report.text, Sealed) and key.open(report.text) in TEXTS
        for message in report.messages.all():
            assert key.open(message.body)


def test_every_report_has_its_own_key_for_its_counsellor_and_its_reporter(seeded):
    assert ReportKey.objects.filter(holder=ReportKey.Holder.COUNSELLOR).count() == 400
    assert ReportKey.objects.filter(holder=ReportKey.Holder.REPORTER).count() == 400
    assert len({report.text.key_id for report in Report.objects.all()}) == 400
    named = Report.objects.filter(is_anonymous=False, messages__isnull=False).first()
    key = keys.key_for_receipt_code(named, RECEIPT_CODE)
    assert key.open(named.messages.first().body)
    assert keys.key_for_receipt_code(named, "ABCDEFGHJKMNPQRS") is None


def test_anonymous_reports_keep_coarse_times(seeded):
    for report in Report.objects.filter(is_anonymous=True)[:20]:
        assert hour(report.created_at)
        assert all(hour(message.created_at) for message in report.messages.all())
        assert all(hour(entry.created_at) for entry in report.log.all())


def visible_meetings(person):
    return set(meetings_policy.meetings_visible_to(person).values_list("pk", flat=True))


def meetings(*kinds, member_of_committee=None):
    own = Meeting.objects.filter(kind=MeetingKind.COMMITTEE, committee__members=member_of_committee)
    return set(Meeting.objects.filter(kind__in=kinds).values_list("pk", flat=True)) | set(
        own.values_list("pk", flat=True)
    )


def test_meetings_reach_the_audience_the_services_would_give_them(seeded):
    member, executive, employee = user("or-lid-01"), user("bestuurder-01"), user("medewerker-00001")
    assert visible_meetings(member) == meetings(
        MeetingKind.INTERNAL, MeetingKind.CONSULTATION, member_of_committee=member
    )
    assert visible_meetings(executive) == meetings(MeetingKind.CONSULTATION, member_of_committee=executive)
    assert visible_meetings(employee) == meetings(member_of_committee=employee)
    published = Minutes.objects.filter(published_at__isnull=False).count()
    assert meetings_policy.published_minutes_visible_to(employee).count() == published > 0


def test_the_library_and_the_poll_results_work_on_the_seeded_data(seeded):
    employee = user("medewerker-00001")
    assert hr_selectors.library_list(employee).exists()
    poll = ConstituencyPoll.objects.get(closed_at__isnull=False)
    results = achterban_selectors.poll_results(poll)
    assert results.respondents == PollResponse.objects.filter(poll=poll).count() > 0


def test_published_figures_reach_hr_and_the_counsellor_drafts_this_year(seeded):
    hr, counsellor = user("hr-01"), user("vertrouwenspersoon-01")
    assert (
        reports_policy.published_annual_reports(hr).count()
        == AnnualReport.objects.filter(state=AnnualReport.State.PUBLISHED).count()
    )
    assert reports_policy.annual_reports_of(counsellor).filter(state=AnnualReport.State.DRAFT).exists()


def test_it_refuses_a_database_that_holds_users(seeded):
    with pytest.raises(CommandError, match="already holds 50 users"):
        call_command("seed_scale", scale=SCALE, stdout=io.StringIO())


def test_it_refuses_to_run_outside_development_and_the_bench(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_scale", scale=SCALE, stdout=io.StringIO())
