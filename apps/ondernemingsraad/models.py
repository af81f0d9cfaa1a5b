"""The works council's meetings: OR-intern meetings, overlegvergaderingen with the
bestuurder (ConsultationMeeting kind) and commissie meetings, with their agenda,
preparation notes, documents, minutes, actions and decisions.

Access goes only through object permissions on guardian's direct foreign-key
tables, given by the services to the role groups or named users a meeting is for.
Preparation notes have no permission of their own: they are reached through
`prepare_meeting` on their meeting, which only the works council's groups hold.
"""

import uuid
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.fields import EncryptedTextField
from apps.core.object_permissions import permission_models
from apps.core.storage import EncryptedFileSystemStorage

from . import conf


class Committee(models.Model):
    """A commissie (art. 15 WOR); it may include people who are not OR members."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("task"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), related_name="or_committees", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        default_permissions = ("view", "change")

    def __str__(self) -> str:
        return self.name


class MeetingKind(models.TextChoices):
    INTERNAL = "or-intern", _("Works council meeting")
    CONSULTATION = "overleg", _("Consultation meeting")
    COMMITTEE = "commissie", _("Committee meeting")


class MeetingStatus(models.TextChoices):
    REQUESTED = "aangevraagd", _("Requested")
    AGENDA_OPEN = "agenda-open", _("Agenda open")
    AGENDA_FIXED = "agenda-vastgesteld", _("Agenda fixed")
    HELD = "gehouden", _("Held")
    DRAFT_MINUTES = "conceptverslag", _("Draft minutes")
    APPROVED_BY_COUNCIL = "vastgesteld-or", _("Minutes approved by the works council")
    APPROVED_BY_EXECUTIVE = "vastgesteld-bestuurder", _("Minutes approved by the executive")
    PUBLISHED = "gepubliceerd", _("Minutes published")


STATUS_ORDER: list[str] = list(MeetingStatus.values)


class Meeting(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    committee = models.ForeignKey(
        Committee,
        verbose_name=_("committee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online meeting link"), blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretary"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=30, choices=MeetingStatus.choices, default=MeetingStatus.AGENDA_OPEN
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    agenda_fixed_at = models.DateTimeField(_("agenda fixed"), null=True, blank=True)
    suspended = models.BooleanField(
        _("suspended for separate deliberation"),
        default=False,
        help_text=_("Either side suspended the meeting to deliberate separately."),
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        default_permissions = ("view",)
        permissions = [
            ("prepare_meeting", "Prepare (works council only)"),
            ("propose_item", "Propose agenda items"),
            ("manage_meeting", "Manage as secretary"),
            ("approve_minutes_council", "Approve minutes for the works council"),
            ("approve_minutes_executive", "Approve minutes for the executive"),
        ]
        indexes = [
            models.Index(fields=["kind", "starts_at"]),
            # The meeting lists, in date order either way, stop after one page.
            models.Index(fields=["starts_at", "id"], name="meeting_by_start"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d-%m-%Y})"

    @property
    def is_consultation(self) -> bool:
        return self.kind == MeetingKind.CONSULTATION

    def status_at_least(self, status: str) -> bool:
        return STATUS_ORDER.index(self.status) >= STATUS_ORDER.index(status)

    @property
    def agenda_is_open(self) -> bool:
        return self.status in (MeetingStatus.REQUESTED, MeetingStatus.AGENDA_OPEN)

    @property
    def notice_deadline(self) -> Any:
        """Art. 14 WOR: the OR's own date and agenda go out at least 7 days ahead."""
        return self.starts_at - timedelta(days=conf.agenda_notice_days())

    def agenda_late(self, at: Any = None) -> bool:
        """True when an OR-intern agenda was (or would now be) fixed later than art. 14 allows."""
        if self.kind != MeetingKind.INTERNAL:
            return False
        moment = self.agenda_fixed_at or at or timezone.now()
        return bool(moment > self.notice_deadline)


class ItemKind(models.TextChoices):
    INFORMATION = "informatief", _("For information")
    DISCUSSION = "bespreking", _("For discussion")
    DECISION = "besluitvorming", _("For decision")


class ItemState(models.TextChoices):
    PROPOSED = "voorgesteld", _("Proposed")
    ACCEPTED = "geaccepteerd", _("On the agenda")
    REJECTED = "afgewezen", _("Not accepted")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    explanation = models.TextField(_("explanation"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("introduced by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    duration_minutes = models.PositiveSmallIntegerField(_("expected duration (minutes)"), default=15)
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices, default=ItemKind.DISCUSSION)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=20, choices=ItemState.choices, default=ItemState.PROPOSED)
    invited_hr = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("HR advisers invited"), related_name="+", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return self.title


class NoteKind(models.TextChoices):
    NOTE = "notitie", _("Note")
    POSITION = "standpunt", _("Position")
    QUESTION = "vraag", _("Question for the executive")


class PreparationNote(models.Model):
    """Voorbespreking: the works council's own notes on an item. Never for the bestuurder or HR."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoteKind.choices, default=NoteKind.NOTE)
    body = EncryptedTextField(_("text"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%d-%m-%Y %H:%M}"


class Document(models.Model):
    """A meeting document; new versions keep the old ones. Art. 20 WOR secrecy is optional."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confidential = models.BooleanField(_("confidential under art. 20 WOR"), default=False)
    confidentiality_imposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secrecy imposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confidentiality_scope = models.TextField(_("what the secrecy covers"), blank=True)
    confidential_until = models.DateField(_("secret until"), null=True, blank=True)
    confidentiality_exempt = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("exempt from secrecy"), related_name="+", blank=True
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return self.title

    def is_confidential(self, today: date | None = None) -> bool:
        """Secrecy ends by itself after its date: computed, no job needed."""
        if not self.confidential or self.confidential_until is None:
            return False
        return (today or timezone.localdate()) <= self.confidential_until


document_storage = EncryptedFileSystemStorage()


def _version_path(instance: "DocumentVersion", filename: str) -> str:
    return f"or-documenten/{uuid.uuid4().hex}"  # never the uploaded name


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(storage=document_storage, upload_to=_version_path)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-number"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="or_document_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.filename} v{self.number}"


class Minutes(models.Model):
    """The verslag: drafted by the secretary, approved, then published to all employees."""

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text = models.TextField(_("minutes"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    council_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    council_approved_at = models.DateTimeField(null=True, blank=True)
    executive_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    executive_approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["-published_at", "-id"], name="minutes_published")]
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"minutes {self.meeting_id}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "afgerond", _("Done")
    CANCELLED = "vervallen", _("Cancelled")


class ActionItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    what = models.CharField(_("what"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.PROTECT, related_name="+"
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Which reminders went out: the beat task sends each once.
    early_reminder_sent_at = models.DateTimeField(null=True, blank=True)
    due_reminder_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        default_permissions = ()
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return self.what


class Decision(models.Model):
    """One line of the besluitenlijst (DecisionList)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    text = models.TextField(_("decision"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-meeting__starts_at", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        default_permissions = ()

    def __str__(self) -> str:
        return self.text[:60]


class CalendarToken(models.Model):
    """A personal calendar feed address. Only a hash of the secret is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="or_calendar"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"calendar {self.user_id}"


def _perm_models(model: type[models.Model], prefix: str) -> tuple[Any, Any]:
    return permission_models(model, prefix, __name__)


CommitteeUserObjectPermission, CommitteeGroupObjectPermission = _perm_models(Committee, "Committee")
MeetingUserObjectPermission, MeetingGroupObjectPermission = _perm_models(Meeting, "Meeting")
AgendaItemUserObjectPermission, AgendaItemGroupObjectPermission = _perm_models(AgendaItem, "AgendaItem")
DocumentUserObjectPermission, DocumentGroupObjectPermission = _perm_models(Document, "Document")
MinutesUserObjectPermission, MinutesGroupObjectPermission = _perm_models(Minutes, "Minutes")
