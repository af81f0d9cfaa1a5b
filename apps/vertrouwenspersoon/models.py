"""Meldingen (reports) to a vertrouwenspersoon (counsellor).

Content lives in sealed fields and files: sealed with one content key per melding, which
the server holds only inside envelopes (`ReportKey`) for the counsellor's key pair
(`CounsellorKey`) and the reporter's receipt code; see apps/core/sealing.py. Access goes only through object
permissions on guardian's direct foreign-key tables, given by the services to the
named reporter and the counsellor; no group ever holds a model-wide permission.
An anonymous report stores no link to the reporter's account anywhere.
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import EncryptedTextField, SealedTextField
from apps.core.object_permissions import permission_models


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
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
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
    text = SealedTextField(_("your report"))
    # The statutory clock of a whistleblower report (Wet bescherming klokkenluiders).
    acknowledged_at = models.DateTimeField(_("receipt acknowledged"), null=True, blank=True)
    feedback_given_at = models.DateTimeField(_("follow-up reported"), null=True, blank=True)
    # Kept longer than the standard period only by the counsellor, with a reason.
    retention_extended_until = models.DateField(_("kept until"), null=True, blank=True)
    retention_reason = SealedTextField(_("reason for keeping it longer"), blank=True, default="")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        default_permissions = ("view", "change")
        permissions = [
            ("handle_report", "Handle as counsellor"),
            ("follow_report", "Follow as reporter"),
        ]
        indexes = [
            models.Index(fields=["counsellor", "status", "-created_at"]),
            # A counsellor's case list, newest first, and its count (PostgreSQL: index only).
            models.Index(
                fields=["counsellor", "-created_at"], include=["id", "status"], name="report_case_list"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.created_at:%d-%m-%Y})"

    @property
    def is_whistleblower_report(self) -> bool:
        """A (suspected) wrongdoing falls under the Wet bescherming klokkenluiders."""
        return self.category == Category.WRONGDOING


ENCRYPTED_REPORT_FIELDS = ("text", "retention_reason")


class Author(models.TextChoices):
    REPORTER = "melder", _("Reporter")
    COUNSELLOR = "vertrouwenspersoon", _("Counsellor")


class ReportMessage(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    created_at = models.DateTimeField(default=timezone.now)
    author = models.CharField(max_length=20, choices=Author.choices)
    body = SealedTextField(_("message"))

    # Keeps the order where times are rounded (anonymous reports).
    number = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "number"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.get_author_display()} {self.created_at:%d-%m-%Y %H:%M}"


class CaseNote(models.Model):
    """The counsellor's private notes: never shown to the reporter."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notes")
    created_at = models.DateTimeField(default=timezone.now)
    body = SealedTextField(_("note"))

    class Meta:
        ordering = ["created_at"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"note {self.created_at:%d-%m-%Y %H:%M}"


def _attachment_path(instance: "Attachment", filename: str) -> str:
    return f"meldingen/{uuid.uuid4().hex}"  # never the uploaded name; the bytes are sealed


class Attachment(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        ReportMessage, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    created_at = models.DateTimeField(default=timezone.now)
    file = models.FileField(upload_to=_attachment_path)
    filename = SealedTextField()
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
    ACKNOWLEDGED = "ontvangstbevestiging", _("Receipt acknowledged")
    FEEDBACK_GIVEN = "terugkoppeling", _("Reporter informed about the follow-up")
    RETENTION_EXTENDED = "bewaartermijn", _("Retention extended")
    DEPARTMENT_SET = "afdeling", _("Department for the figures recorded")
    MINUTES_SHARED = "verslag", _("Minutes of a conversation shared with the reporter")
    MINUTES_CORRECTED = "verslag-correctie", _("Minutes corrected by the reporter")
    MINUTES_APPROVED = "verslag-akkoord", _("Minutes approved by the reporter")
    KEY_SHARED = "sleutel-gedeeld", _("The reporter let the new counsellor read the report")


class CaseLogEntry(models.Model):
    """What happened to a case, without content: shown to the counsellor."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="log")
    created_at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=30, choices=LogAction.choices)
    # Names and statuses: metadata the server keeps anyway, still not in a plain dump.
    detail = EncryptedTextField(blank=True, default="")
    # A reason (breaking confidentiality) is content: sealed with the melding's key.
    reason = SealedTextField(blank=True, default="")

    class Meta:
        ordering = ["created_at", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.created_at:%d-%m-%Y %H:%M}"


class ReadEvent(models.Model):
    """The access trail: every read of a melding's content (who, when, what)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reads")
    created_at = models.DateTimeField(default=timezone.now)
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
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PROPOSED)
    decided_at = models.DateTimeField(null=True, blank=True)
    text = SealedTextField(_("summary"))
    # Only once the reporter consented: the text for its recipient, who holds no melding key.
    shared_text = EncryptedTextField(blank=True, default="")

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
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)

    class Meta:
        ordering = ["-created_at"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"transfer {self.pk}"


class ReportTally(models.Model):
    """What the anonymised figures need of a report, and all that is left of it once
    the retention rules delete it: the month of receipt, the category, a department."""

    report = models.OneToOneField(Report, on_delete=models.SET_NULL, null=True, related_name="tally")
    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=30, choices=Category.choices)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        default_permissions = ()
        indexes = [models.Index(fields=["counsellor", "year", "month"])]

    def __str__(self) -> str:
        return f"tally {self.year}-{self.month:02d} {self.category}"


class Deadline(models.TextChoices):
    ACKNOWLEDGE = "ontvangstbevestiging", _("Acknowledge receipt")
    FEEDBACK = "terugkoppeling", _("Inform the reporter about the follow-up")


class DeadlineReminder(models.Model):
    """A reminder sent to the counsellor, so each stage of a deadline is mailed once."""

    class Stage(models.TextChoices):
        DUE_SOON = "binnenkort", _("Due soon")
        OVERDUE = "verlopen", _("Overdue")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    deadline = models.CharField(max_length=30, choices=Deadline.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["report", "deadline", "stage"], name="one_reminder_per_stage")
        ]

    def __str__(self) -> str:
        return f"reminder {self.deadline} {self.stage}"


class ConversationRecord(models.Model):
    """Minutes of a conversation or an oral report, which the reporter may correct
    and approves (Directive 2019/1937 art. 18). Versions are kept, never edited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="conversation_records")
    held_on = models.DateField(_("date of the conversation"))
    created_at = models.DateTimeField(default=timezone.now)
    approved_version = models.PositiveSmallIntegerField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"minutes {self.held_on:%d-%m-%Y}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def latest_version(self) -> "ConversationVersion | None":
        """The newest version; uses prefetched versions when the selector loaded them."""
        versions = list(self.versions.all())
        return max(versions, key=lambda version: version.number) if versions else None


class ConversationVersion(models.Model):
    record = models.ForeignKey(ConversationRecord, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    author = models.CharField(max_length=20, choices=Author.choices)
    created_at = models.DateTimeField(default=timezone.now)
    text = SealedTextField(_("minutes"))

    class Meta:
        ordering = ["record", "number"]
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["record", "number"], name="one_number_per_version")]

    def __str__(self) -> str:
        return f"minutes version {self.number}"


class AnnualReport(models.Model):
    """Anonymised figures of one counsellor for a year or a quarter. The counsellor
    reviews a draft computed live; publishing freezes the suppressed tables."""

    class State(models.TextChoices):
        DRAFT = "concept", _("Draft")
        PUBLISHED = "gepubliceerd", _("Published")

    WHOLE_YEAR = 0

    counsellor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(
        _("period"),
        choices=[
            (0, _("Whole year")),
            (1, _("First quarter")),
            (2, _("Second quarter")),
            (3, _("Third quarter")),
            (4, _("Fourth quarter")),
        ],
        default=WHOLE_YEAR,
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    explanation = models.TextField(_("explanation"), blank=True)
    recommendations = models.TextField(_("signals and recommendations"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    figures = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-year", "-quarter"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        default_permissions = ("view", "change")
        constraints = [
            models.UniqueConstraint(fields=["counsellor", "year", "quarter"], name="one_report_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_quarter_display()}"

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


AnnualReportUserObjectPermission, AnnualReportGroupObjectPermission = _perm_models(
    AnnualReport, "AnnualReport"
)


class CounsellorKey(models.Model):
    """A counsellor's key pair. The private key is stored only wrapped: under a key derived
    with Argon2id from the counsellor's password (or key passphrase), and under the
    recovery key shown once when the pair was made. An admin who resets the password
    opens neither."""

    counsellor = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counsellor_key"
    )
    public_key = models.BinaryField(max_length=32)
    secret_wrapped = models.BinaryField()
    secret_salt = models.BinaryField(max_length=16)
    secret_opslimit = models.PositiveIntegerField()
    secret_memlimit = models.PositiveBigIntegerField()
    recovery_wrapped = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"key of counsellor {self.counsellor_id}"


class ReportKey(models.Model):
    """An envelope: the melding's content key, sealed for one holder.

    COUNSELLOR: sealed for that counsellor's public key. REPORTER: wrapped under Argon2id of
    the receipt code (with a per-melding salt and the pepper). ESCROW: sealed for the
    organisation's escrow key, when that is configured. SERVER: the bridge of a melding
    sealed before this scheme, under the server's key, until its counsellor and reporter
    each have their own envelope (`manage.py sealing_status`)."""

    class Holder(models.TextChoices):
        COUNSELLOR = "vertrouwenspersoon", _("Counsellor")
        REPORTER = "melder", _("Reporter")
        ESCROW = "escrow", _("Organisation escrow")
        SERVER = "server", _("Server key (migration)")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="keys")
    holder = models.CharField(max_length=20, choices=Holder.choices)
    # The counsellor of a COUNSELLOR envelope; of a SERVER bridge, the one it may be sealed for.
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    envelope = models.BinaryField()
    salt = models.BinaryField(max_length=16, null=True, blank=True)
    opslimit = models.PositiveIntegerField(null=True, blank=True)
    memlimit = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["report", "holder", "counsellor"], name="one_envelope_per_holder"
            ),
            models.UniqueConstraint(
                fields=["report", "holder"],
                condition=models.Q(counsellor__isnull=True),
                name="one_envelope_per_holder_without_counsellor",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder} key of report {self.report_id}"
