"""E-mails of the works council app. They carry a link and a date only: no titles,
explanations, notes or documents, which stay behind the portal's login."""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import get_connection, send_mail
from django.core.mail.message import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.roles import Role

from . import conf, services
from .models import ActionItem, ActionStatus, AgendaItem, ItemState, Meeting, MeetingKind
from .policy import council_members, users_with_role


def _absolute(path: str) -> str:
    return str(settings.PORTAL_BASE_URL).rstrip("/") + path


def _audience_users(meeting: Meeting) -> list[User]:
    """The people who see the whole meeting, as the services grant it."""
    if meeting.kind == MeetingKind.COMMITTEE and meeting.committee is not None:
        return list(meeting.committee.members.filter(is_active=True))
    people = list(council_members())
    if meeting.kind == MeetingKind.CONSULTATION:
        people += list(users_with_role(Role.EXECUTIVE))
    return people


def agenda_fixed(*, meeting_id: str) -> int:
    """Mail every participant a link to the agenda; invited HR advisers a link to their items."""
    meeting = Meeting.objects.select_related("committee").filter(pk=meeting_id).first()
    if meeting is None:
        return 0
    when = timezone.localtime(meeting.starts_at).strftime("%d-%m-%Y %H:%M")
    subject = _("The agenda of a meeting on %(when)s has been fixed") % {"when": when}
    meeting_link = _absolute(reverse("ondernemingsraad:meeting-detail", args=[meeting.pk]))
    links: dict[int, tuple[User, list[str]]] = {
        person.pk: (person, [meeting_link]) for person in _audience_users(meeting)
    }
    items = AgendaItem.objects.filter(meeting=meeting, state=ItemState.ACCEPTED).prefetch_related(
        "invited_hr"
    )
    for item in items:
        for person in item.invited_hr.all():
            if not person.is_active:
                continue
            person_links = links.setdefault(person.pk, (person, []))[1]
            if meeting_link not in person_links:
                person_links.append(_absolute(reverse("ondernemingsraad:item-detail", args=[item.pk])))
    messages = []
    for person, urls in links.values():
        if not person.email or not urls:
            continue
        body = _(
            "The agenda of a meeting on %(when)s has been fixed. Log in to the staff portal to read the "
            "agenda and the documents:\n\n%(links)s\n"
        ) % {"when": when, "links": "\n".join(urls)}
        messages.append(EmailMessage(subject, body, None, [person.email]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages)


def action_reminders(today: date | None = None) -> int:
    """Remind owners of open actions that fall due: some days before and on the due date.

    Each reminder goes out once (the action remembers it), so running twice sends nothing new.
    """
    today = today or timezone.localdate()
    soon = today + timedelta(days=conf.action_reminder_days_before())
    open_actions = ActionItem.objects.filter(status=ActionStatus.OPEN).select_related("owner")
    sent = 0
    link = _absolute(reverse("ondernemingsraad:action-list"))
    for action in open_actions.filter(
        due_date__gt=today, due_date__lte=soon, early_reminder_sent_at__isnull=True
    ):
        if services.action_claim_reminder(action_id=action.pk, which="early"):
            sent += _remind(action, link, due_today=False)
    for action in open_actions.filter(due_date__lte=today, due_reminder_sent_at__isnull=True):
        if services.action_claim_reminder(action_id=action.pk, which="due"):
            sent += _remind(action, link, due_today=True)
    return sent


def _remind(action: ActionItem, link: str, due_today: bool) -> int:
    if not action.owner.email or not action.owner.is_active:
        return 0
    due = action.due_date.strftime("%d-%m-%Y")
    if due_today:
        subject = _("An action of yours is due")
    else:
        subject = _("An action of yours falls due on %(date)s") % {"date": due}
    body = _(
        "You have an open action due on %(date)s. Log in to the staff portal to see it:\n\n%(link)s\n"
    ) % {
        "date": due,
        "link": link,
    }
    return send_mail(subject, body, None, [action.owner.email])
