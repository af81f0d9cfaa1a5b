"""The personal calendar feed (iCalendar) and the page to create or revoke its address.

The feed is PUBLIC as a URL: calendar programs cannot log in. The secret token in
the address is the authorisation; an unknown or revoked token answers 404.
"""

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from icalendar import Calendar, Event

from apps.core.access import PUBLIC, access
from apps.ondernemingsraad import policy, selectors, services
from apps.ondernemingsraad.models import CalendarToken

from ._common import OBJECT_PAGE

DEFAULT_DURATION = timedelta(hours=2)


def _absolute(path: str) -> str:
    return str(settings.PORTAL_BASE_URL).rstrip("/") + path


@access(OBJECT_PAGE)
@never_cache
def calendar_settings(request: HttpRequest) -> HttpResponse:
    feed_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_token_revoke(user=request.user)  # type: ignore[arg-type]
        else:
            token = services.calendar_token_regenerate(user=request.user)  # type: ignore[arg-type]
            feed_url = _absolute(reverse("ondernemingsraad:calendar-feed", args=[token]))
    context = {"has_feed": CalendarToken.objects.filter(user=request.user).exists(), "feed_url": feed_url}  # type: ignore[misc]
    return render(request, "ondernemingsraad/calendar_settings.html", context)


@access(PUBLIC)
@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = policy.user_for_calendar_token(token)
    if user is None:
        raise Http404
    calendar = Calendar()
    calendar.add("prodid", "-//Medewerkersportaal//Ondernemingsraad//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Works council meetings"))
    now = timezone.now()
    for entry in selectors.calendar_entries(user):
        meeting = entry.meeting
        event = Event()
        event.add("uid", f"or-meeting-{meeting.pk}@medewerkersportaal")
        event.add("dtstamp", now)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at or meeting.starts_at + DEFAULT_DURATION)
        event.add("summary", meeting.title)
        if meeting.location:
            event.add("location", meeting.location)
        event.add("url", _absolute(entry.path))
        event.add("description", _absolute(entry.path))
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="ondernemingsraad.ics"'
    return response
