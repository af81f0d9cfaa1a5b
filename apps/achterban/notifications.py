"""E-mails of the achterban app carry a link only: no question, answer or poll content."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.accounts.roles import Role

from .models import ConstituencyPoll, ConstituencyQuestion


def _absolute(path: str) -> str:
    return str(settings.PORTAL_BASE_URL).rstrip("/") + path


def question_answered_notify(*, question_id: str) -> None:
    """Tell a named asker their question was answered. Anonymous askers have no address."""
    question = (
        ConstituencyQuestion.objects.select_related("asker")
        .filter(pk=question_id, is_anonymous=False, asker__isnull=False, asker__is_active=True)
        .first()
    )
    if question is None or question.asker is None or not question.asker.email:
        return
    link = _absolute(reverse("achterban:question-detail", args=[question.pk]))
    subject = _("The works council has answered your question")
    body = _("Log in to the staff portal to read the answer:\n\n%(link)s\n") % {"link": link}
    send_mail(subject, body, None, [question.asker.email])


def poll_recipients(poll: ConstituencyPoll) -> list[str]:
    """E-mail addresses of the active employees in the poll's audience."""
    people = User.objects.filter(is_active=True, groups__name=Role.EMPLOYEE).exclude(email="")
    if not poll.for_everyone:
        people = people.filter(department__in=poll.departments.all())
    return sorted(set(people.values_list("email", flat=True)))


def poll_open_notify(*, poll_id: str) -> None:
    poll = ConstituencyPoll.objects.filter(pk=poll_id, published_at__isnull=False).first()
    if poll is None or not poll.is_open:
        return
    link = _absolute(reverse("achterban:poll-answer", args=[poll.pk]))
    subject = _("The works council asks your opinion")
    body = _("A new poll of the works council is open for you. Log in to take part:\n\n%(link)s\n") % {
        "link": link
    }
    # One message per person: nobody sees who else received it.
    messages = [EmailMessage(subject, body, None, [address]) for address in poll_recipients(poll)]
    if messages:
        get_connection().send_messages(messages)
