"""The demo year of meetings: realistic, consistent with the access rules, idempotent."""

import io

import pytest
from django.core.management import call_command

from apps.accounts.models import User
from apps.ondernemingsraad import policy
from apps.ondernemingsraad.models import ActionItem, Committee, Meeting, MeetingKind, MeetingStatus, Minutes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True


def seed():
    call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_holds_a_year_of_meetings_and_seeds_once():
    seed()
    counts = {kind: Meeting.objects.filter(kind=kind).count() for kind in MeetingKind.values}
    assert counts[MeetingKind.INTERNAL] >= 12 and counts[MeetingKind.CONSULTATION] >= 6
    assert counts[MeetingKind.COMMITTEE] >= 3
    assert Minutes.objects.filter(published_at__isnull=False).count() >= 10
    assert ActionItem.objects.filter(status="open").exists()
    assert Meeting.objects.filter(status=MeetingStatus.AGENDA_OPEN).exists()
    total = Meeting.objects.count()
    seed()
    assert Meeting.objects.count() == total and Committee.objects.count() == 1


def test_the_demo_users_see_what_their_roles_allow():
    seed()
    hr = User.objects.get(username="hr")
    executive = User.objects.get(username="bestuurder")
    assert not policy.meetings_visible_to(executive).filter(kind=MeetingKind.INTERNAL).exists()
    assert set(policy.meetings_visible_to(hr).values_list("kind", flat=True)) == {MeetingKind.COMMITTEE}
    assert policy.items_by_invitation(hr).count() >= 6
    assert policy.published_minutes_visible_to(User.objects.get(username="medewerker")).exists()
