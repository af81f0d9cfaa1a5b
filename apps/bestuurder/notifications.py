"""E-mails about requests carry a link only: no title, subject or content."""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.models import User
from apps.accounts.roles import Role

from . import conf, services
from .models import OPEN_STATES, ReminderKind, ReminderSent, Request, RequestState

SUBJECTS = {
    "filed": gettext_lazy("A new request from the executive for the works council"),
    "question": gettext_lazy("The works council asked a question about a request"),
    "answered": gettext_lazy("The works council has answered a request"),
    "decided": gettext_lazy("The executive has decided on a request"),
    ReminderKind.ANSWER_DUE: gettext_lazy("Reminder: the agreed answer date of a request is near"),
    ReminderKind.SUSPENSION_ENDS: gettext_lazy("Reminder: the suspension of a decision ends soon"),
    ReminderKind.APPEAL_DEADLINE: gettext_lazy("Reminder: the appeal term of a decision ends soon"),
    ReminderKind.NULLITY_DEADLINE: gettext_lazy("Reminder: the term to invoke nullity ends soon"),
}
# Who hears of what: the OR through its secretary, or the executive.
TO_EXECUTIVE = {"question", "answered", ReminderKind.SUSPENSION_ENDS}


def _recipients(kind: str) -> list[str]:
    role = Role.EXECUTIVE if kind in TO_EXECUTIVE else Role.WORKS_COUNCIL_SECRETARY
    users = User.objects.filter(is_active=True, groups__name=role.value).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _send(request_id: object, kind: str) -> None:
    recipients = _recipients(kind)
    if not recipients:
        return
    path = reverse("bestuurder:request-detail", args=[request_id])
    link = str(settings.PORTAL_BASE_URL).rstrip("/") + path
    body = _("Log in to the staff portal to read it:\n\n%(link)s\n") % {"link": link}
    send_mail(str(SUBJECTS[kind]), body, None, recipients)


def request_notify(*, request_id: str, kind: str) -> None:
    if Request.objects.filter(pk=request_id).exists():
        _send(request_id, kind)


def _due_dates(request: Request) -> list[tuple[str, date | None]]:
    if request.state in OPEN_STATES:
        return [(ReminderKind.ANSWER_DUE, request.answer_due)]
    if request.state == RequestState.DECIDED_DEVIATING:
        return [
            (ReminderKind.SUSPENSION_ENDS, request.suspension_ends),
            (ReminderKind.APPEAL_DEADLINE, request.appeal_deadline),
        ]
    if request.state == RequestState.APPLIED_WITHOUT_CONSENT:
        return [(ReminderKind.NULLITY_DEADLINE, request.nullity_deadline)]
    return []


def reminders_send(today: date | None = None) -> int:
    """Send each reminder once, from `reminder_days` before its date until the date itself."""
    today = today or timezone.localdate()
    window_end = today + timedelta(days=conf.reminder_days())
    watched = (*OPEN_STATES, RequestState.DECIDED_DEVIATING, RequestState.APPLIED_WITHOUT_CONSENT)
    sent = 0
    for request in Request.objects.filter(state__in=watched).only(
        "pk", "state", "answer_due", "decided_on", "applied_without_consent_on"
    ):
        for kind, due in _due_dates(request):
            if due is None or not (today <= due <= window_end):
                continue
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(request=request, kind=kind, due=due)
            except IntegrityError:
                continue  # already sent
            _send(request.pk, kind)
            sent += 1
    services.requests_expire_terms(today=today)
    return sent
