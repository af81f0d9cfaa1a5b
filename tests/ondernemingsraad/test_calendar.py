"""The personal iCalendar feed: a secret, revocable address listing the visible meetings."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from apps.ondernemingsraad import services
from apps.ondernemingsraad.models import CalendarToken

from .conftest import NOTE_TEXT

pytestmark = pytest.mark.django_db


def feed(client, token):
    return client.get(reverse("ondernemingsraad:calendar-feed", args=[token]))


def summaries(response):
    calendar = Calendar.from_ical(response.content)
    return {str(event.get("summary")) for event in calendar.walk("VEVENT")}


def test_the_feed_parses_and_lists_the_meetings_the_user_sees(client, personas, consultation, internal):
    token = services.calendar_token_regenerate(user=personas["or_lid"])
    response = feed(client, token)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert summaries(response) == {consultation.title, internal.title}
    event = next(iter(Calendar.from_ical(response.content).walk("VEVENT")))
    assert event.get("dtstart").dt is not None and event.get("uid")


def test_the_executive_feed_leaves_out_or_intern_meetings(client, personas, consultation, internal):
    token = services.calendar_token_regenerate(user=personas["bestuurder"])
    assert summaries(feed(client, token)) == {consultation.title}


def test_hr_sees_the_meeting_of_an_invited_item_with_a_link_to_the_item(
    client, personas, invited_item, note, internal
):
    token = services.calendar_token_regenerate(user=personas["hr"])
    response = feed(client, token)
    assert summaries(response) == {invited_item.meeting.title}
    body = response.content.decode()
    assert reverse("ondernemingsraad:item-detail", args=[invited_item.pk]) in body
    assert NOTE_TEXT not in body and invited_item.title not in body


def test_a_wrong_token_gets_404(client, personas):
    services.calendar_token_regenerate(user=personas["or_lid"])
    assert feed(client, "geen-geldige-code").status_code == 404


def test_a_revoked_or_replaced_token_gets_404(client, personas, consultation):
    old = services.calendar_token_regenerate(user=personas["or_lid"])
    new = services.calendar_token_regenerate(user=personas["or_lid"])
    assert feed(client, old).status_code == 404
    assert feed(client, new).status_code == 200
    services.calendar_token_revoke(user=personas["or_lid"])
    assert feed(client, new).status_code == 404


def test_an_inactive_users_token_gets_404(client, personas):
    token = services.calendar_token_regenerate(user=personas["or_lid"])
    personas["or_lid"].is_active = False
    personas["or_lid"].save()
    assert feed(client, token).status_code == 404


def test_only_a_hash_of_the_token_is_stored(personas):
    token = services.calendar_token_regenerate(user=personas["or_lid"])
    assert CalendarToken.objects.get().token_hash != token
    assert token not in CalendarToken.objects.get().token_hash


def test_the_settings_page_shows_a_new_address_once_and_revokes(login, personas):
    client = login(personas["or_lid"])
    response = client.post(reverse("ondernemingsraad:calendar-settings"), {"action": "new"})
    assert response.context["feed_url"].endswith(".ics")
    assert client.get(reverse("ondernemingsraad:calendar-settings")).context["feed_url"] is None
    client.post(reverse("ondernemingsraad:calendar-settings"), {"action": "revoke"})
    assert not CalendarToken.objects.exists()
