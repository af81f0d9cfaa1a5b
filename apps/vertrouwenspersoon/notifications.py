"""E-mails about meldingen carry a link only: no content, category or name.
Anonymous reporters get no e-mail at all: there is no address to send it to."""

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.accounts.models import User

from .models import Report

SUBJECTS = {
    "new_report": gettext_lazy("A new report is waiting for you"),
    "new_message": gettext_lazy("A new message in one of your cases"),
    "transferred": gettext_lazy("A case has been transferred to you"),
    "minutes_corrected": gettext_lazy("Minutes in one of your cases have been corrected"),
    "minutes_approved": gettext_lazy("Minutes in one of your cases have been approved"),
    "unlocked": gettext_lazy("A reporter has let you read their report"),
}


def _absolute(path: str) -> str:
    return str(settings.PORTAL_BASE_URL).rstrip("/") + path


def counsellor_notify(*, report_id: str, kind: str) -> None:
    report = Report.objects.select_related("counsellor").filter(pk=report_id).first()
    if report is None or not report.counsellor.email:
        return
    link = _absolute(reverse("vertrouwenspersoon:case-detail", args=[report.pk]))
    body = _("Log in to the staff portal to read it:\n\n%(link)s\n") % {"link": link}
    send_mail(str(SUBJECTS[kind]), body, None, [report.counsellor.email])


COLLEAGUE_MAILS = {
    "reassigned": (
        gettext_lazy("An administrator has moved a case to another counsellor"),
        gettext_lazy(
            "An administrator of the portal has moved a case to another confidential counsellor. "
            "The new counsellor can read it only once the reporter agrees. If you did not expect "
            "this, ask the administrators why. Your own cases:\n\n%(link)s\n"
        ),
    ),
}


def counsellor_colleague_notify(*, counsellor_id: int, kind: str) -> None:
    """What the other counsellors must know of: a case moved by an administrator."""
    counsellor = User.objects.filter(pk=counsellor_id, is_active=True).first()
    if counsellor is None or not counsellor.email:
        return
    subject, body = COLLEAGUE_MAILS[kind]
    link = _absolute(reverse("vertrouwenspersoon:case-list"))
    send_mail(str(subject), str(body) % {"link": link}, None, [counsellor.email])


def counsellor_deadlines_notify(*, counsellor_id: int, count: int) -> None:
    counsellor = User.objects.filter(pk=counsellor_id, is_active=True).first()
    if counsellor is None or not counsellor.email:
        return
    subject = ngettext(
        "A deadline in your cases needs attention",
        "%(count)d deadlines in your cases need attention",
        count,
    ) % {"count": count}
    link = _absolute(reverse("vertrouwenspersoon:case-list"))
    body = _("Log in to the staff portal to see which:\n\n%(link)s\n") % {"link": link}
    send_mail(subject, body, None, [counsellor.email])


REPORTER_MAILS = {
    "new_message": (
        gettext_lazy("A new message from your confidential counsellor"),
        gettext_lazy("Your confidential counsellor has sent you a message. Log in to read it:\n\n%(link)s\n"),
    ),
    "minutes": (
        gettext_lazy("Minutes of your conversation are ready for you"),
        gettext_lazy(
            "Your confidential counsellor has written down your conversation. Log in to read, "
            "correct or approve it:\n\n%(link)s\n"
        ),
    ),
    "reassigned": (
        gettext_lazy("Your report has another confidential counsellor"),
        gettext_lazy(
            "Your report has been transferred to another confidential counsellor, because your counsellor "
            "no longer holds the role. Log in to see who:\n\n%(link)s\n"
        ),
    ),
}


def reporter_notify(*, report_id: str, kind: str) -> None:
    report = Report.objects.select_related("reporter").filter(pk=report_id, is_anonymous=False).first()
    if report is None or report.reporter is None or not report.reporter.email:
        return
    link = _absolute(reverse("vertrouwenspersoon:report-detail", args=[report.pk]))
    subject, body = REPORTER_MAILS[kind]
    send_mail(str(subject), str(body) % {"link": link}, None, [report.reporter.email])
