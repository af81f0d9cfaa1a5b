"""Meldingen (reports) to a vertrouwenspersoon (counsellor).

Content lives in encrypted fields and files. Access goes only through object
permissions on guardian's direct foreign-key tables, given by the services to the
named reporter and the counsellor; no group ever holds a model-wide permission.
An anonymous report stores no link to the reporter's account anywhere.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.fields import EncryptedTextField
from apps.core.object_permissions import permission_models
from apps.core.storage import EncryptedFileSystemStorage


class Category(models.TextChoices):
    BULLYING = "pesten", _("Bullying")
    DISCRIMINATION = "discriminatie", _("Discrimination")
    SEXUAL_HARASSMENT = "seksuele-intimidatie", _("Sexual harassment")
    AGGRESSION = "agressie-geweld", _("Aggression and violence")
    FRAUD = "fraude", _("Fraud")
    THEFT = "diefstal", _("Theft")
    WRONGDOING = "misstand", _("(Suspected) wrongdoing")
    OTHER = "overig", _("Other")


CATEGORY_GROUPS = (
    (
        _("Undesirable behaviour"),
        (Category.BULLYING, Category.DISCRIMINATION, Category.SEXUAL_HARASSMENT, Category.AGGRESSION),
    ),
    (_("Integrity"), (Category.FRAUD, Category.THEFT, Category.WRONGDOING)),
    (_("Other"), (Category.OTHER,)),
)


class Status(models.TextChoices):
    NEW = "nieuw", _("New")
    IN_PROGRESS = "in-behandeling", _("In progress")
    CLOSED = "afgesloten", _("Closed")


class Report(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("counsellor"), on_delete=models.PROTECT, related_name="+"
    )
    # Null for an anonymous report: the account is never linked.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    receipt_code_hash = models.CharField(max_length=128, unique=True, null=True, blank=True, editable=False)
    text = EncryptedTextField(_("your report"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        default_permissions = ("view", "change")
        permissions = [
            ("handle_report", "Handle as counsellor"),
            ("follow_report", "Follow as reporter"),
        ]
        indexes = [models.Index(fields=["counsellor", "status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.created_at:%d-%m-%Y})"

    @property
    def is_whistleblower_report(self) -> bool:
        """A (suspected) wrongdoing falls under the Wet bescherming klokkenluiders."""
        return self.category == Category.WRONGDOING


class Author(models.TextChoices):
    REPORTER = "melder", _("Reporter")
    COUNSELLOR = "vertrouwenspersoon", _("Counsellor")


class ReportMessage(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    created_at = models.DateTimeField(auto_now_add=True)
    author = models.CharField(max_length=20, choices=Author.choices)
    body = EncryptedTextField(_("message"))

    class Meta:
        ordering = ["created_at"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.get_author_display()} {self.created_at:%d-%m-%Y %H:%M}"


class CaseNote(models.Model):
    """The counsellor's private notes: never shown to the reporter."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    created_at = models.DateTimeField(auto_now_add=True)
    body = EncryptedTextField(_("note"))

    class Meta:
        ordering = ["created_at"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"note {self.created_at:%d-%m-%Y %H:%M}"


attachment_storage = EncryptedFileSystemStorage()


def _attachment_path(instance: "Attachment", filename: str) -> str:
    return f"meldingen/{uuid.uuid4().hex}"  # never the uploaded name


class Attachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        ReportMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file = models.FileField(storage=attachment_storage, upload_to=_attachment_path)
    filename = EncryptedTextField()
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["created_at"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"attachment {self.pk}"


class LogAction(models.TextChoices):
    SUBMITTED = "ingediend", _("Report submitted")
    MESSAGE_REPORTER = "bericht-melder", _("Message from the reporter")
    MESSAGE_COUNSELLOR = "bericht-vp", _("Message from the counsellor")
    STATUS_CHANGED = "status", _("Status changed")
    NOTE_ADDED = "notitie", _("Note added")
    SUMMARY_PROPOSED = "samenvatting", _("Summary proposed for sharing")
    CONSENT_GIVEN = "toestemming", _("Consent to share given")
    CONSENT_DECLINED = "geweigerd", _("Consent to share declined")
    CONSENT_REVOKED = "ingetrokken", _("Consent to share revoked")
    CONFIDENTIALITY_BROKEN = "geheimhouding", _("Confidentiality broken")
    TRANSFER_PROPOSED = "overdracht-voorstel", _("Transfer proposed")
    TRANSFERRED = "overgedragen", _("Transferred to another counsellor")
    REASSIGNED = "herverdeeld", _("Reassigned by an administrator")


class CaseLogEntry(models.Model):
    """What happened to a case, without content: shown to the counsellor."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="log")
    created_at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=30, choices=LogAction.choices)
    # Names and statuses: encrypted too, a dump must not tell who received a summary.
    detail = EncryptedTextField(blank=True, default="")
    reason = EncryptedTextField(blank=True, default="")

    class Meta:
        ordering = ["created_at", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%d-%m-%Y %H:%M}"


class ReadEvent(models.Model):
    """The access trail: every read of a melding's content (who, when, what)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reads")
    created_at = models.DateTimeField(auto_now_add=True)
    # Null when the anonymous reporter read it with the receipt code.
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reader_role = models.CharField(max_length=20, choices=Author.choices)
    what = models.CharField(max_length=30)

    class Meta:
        ordering = ["-created_at", "-pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"read {self.created_at:%d-%m-%Y %H:%M}"


class SharedSummary(models.Model):
    """A summary the counsellor wrote and the reporter consented to share with one person."""

    class State(models.TextChoices):
        PROPOSED = "voorgesteld", _("Awaiting the reporter's consent")
        SHARED = "gedeeld", _("Shared with consent")
        DECLINED = "geweigerd", _("Declined by the reporter")
        REVOKED = "ingetrokken", _("Consent revoked")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="summaries")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("share with"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PROPOSED)
    decided_at = models.DateTimeField(null=True, blank=True)
    text = EncryptedTextField(_("summary"))

    class Meta:
        ordering = ["-created_at"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"summary {self.pk}"


def _perm_models(model: type[models.Model], prefix: str) -> tuple[Any, Any]:
    return permission_models(model, prefix, __name__)


ReportUserObjectPermission, ReportGroupObjectPermission = _perm_models(Report, "Report")
ReportMessageUserObjectPermission, ReportMessageGroupObjectPermission = _perm_models(
    ReportMessage, "ReportMessage"
)
AttachmentUserObjectPermission, AttachmentGroupObjectPermission = _perm_models(Attachment, "Attachment")
SharedSummaryUserObjectPermission, SharedSummaryGroupObjectPermission = _perm_models(
    SharedSummary, "SharedSummary"
)


class TransferProposal(models.Model):
    """A counsellor proposes another counsellor; the transfer happens only with the reporter's consent."""

    class State(models.TextChoices):
        PENDING = "open", _("Awaiting the reporter's consent")
        ACCEPTED = "akkoord", _("Accepted by the reporter")
        DECLINED = "geweigerd", _("Declined by the reporter")
        SUPERSEDED = "vervangen", _("Replaced by a newer proposal")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="transfer_proposals")
    to_counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("new counsellor"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)

    class Meta:
        ordering = ["-created_at"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"transfer {self.pk}"
