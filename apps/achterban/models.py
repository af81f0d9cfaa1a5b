"""The OR and its achterban (constituency): questions, polls and news.

Anonymity rules, enforced here by what the tables can hold:
- An anonymous question has no asker, and every question records only the date it
  was asked (no time), so it cannot be matched with access logs.
- A poll's answers live apart from who took part: `PollParticipation` says who
  answered, `PollResponse`/`PollAnswer` say what was answered. The answer tables
  have random UUID keys, no timestamp, no user and no sequential id; the department
  is kept on a response only for the small-number rule (and cleared at closing for
  groups too small to show).
"""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.accounts.models import Department
from apps.core.object_permissions import permission_models

# --- questions to the OR ------------------------------------------------------------------


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ASSIGNED = "toegewezen", _("Assigned")
    HANDLED = "afgehandeld", _("Handled")


class ConstituencyQuestion(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # A date, not a moment: a time could be matched with access logs.
    asked_on = models.DateField(_("asked on"), default=timezone.localdate, editable=False)
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("question or suggestion"), max_length=5000)
    # Null for an anonymous question: the account is never linked.
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    may_publish = models.BooleanField(_("may be published"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answer = models.TextField(_("answer"), blank=True, default="", max_length=10000)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-asked_on", "subject"]
        verbose_name = _("question to the works council")
        verbose_name_plural = _("questions to the works council")
        default_permissions = ("view",)
        permissions = [("follow_constituencyquestion", "Follow as asker")]
        indexes = [
            models.Index(fields=["status", "-asked_on"]),
            models.Index(fields=["published_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_anonymous=False) | models.Q(asker__isnull=True),
                name="achterban_anonymous_question_has_no_asker",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_answered(self) -> bool:
        return bool(self.answer)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


# --- audiences --------------------------------------------------------------------------


class Audience(models.Model):
    """Who something is for: all employees, or the chosen `departments` (declared per model)."""

    for_everyone = models.BooleanField(_("all employees"), default=True)

    class Meta:
        abstract = True


# --- polls ------------------------------------------------------------------------------


class PollState(models.TextChoices):
    DRAFT = "concept", _("Draft")
    SCHEDULED = "gepland", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "gesloten", _("Closed")


class ConstituencyPoll(Audience):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True, default="", max_length=5000)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    open_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    departments = models.ManyToManyField(
        Department, verbose_name=_("departments"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opens_at", "title"]
        verbose_name = _("constituency poll")
        verbose_name_plural = _("constituency polls")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return self.title

    @property
    def state(self) -> PollState:
        now = timezone.now()
        if self.published_at is None:
            return PollState.DRAFT
        if self.closed_at is not None or self.closes_at <= now:
            return PollState.CLOSED
        if self.opens_at > now:
            return PollState.SCHEDULED
        return PollState.OPEN

    @property
    def is_open(self) -> bool:
        return self.state == PollState.OPEN

    @property
    def is_closed(self) -> bool:
        """Closed by the beat task, or past its closing moment and waiting for it."""
        return self.state == PollState.CLOSED


class QuestionKind(models.TextChoices):
    SINGLE = "een-keuze", _("Single choice")
    MULTIPLE = "meer-keuzes", _("Multiple choice")
    SCALE = "schaal", _("Scale")
    OPEN = "open", _("Open answer")


class PollQuestion(models.Model):
    poll = models.ForeignKey(ConstituencyPoll, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    required = models.BooleanField(_("an answer is required"), default=True)
    scale_min = models.PositiveSmallIntegerField(_("scale from"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("scale to"), default=5)
    scale_min_label = models.CharField(_("label of the lowest value"), max_length=60, blank=True, default="")
    scale_max_label = models.CharField(_("label of the highest value"), max_length=60, blank=True, default="")

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("poll question")
        verbose_name_plural = _("poll questions")
        default_permissions = ()

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)

    @property
    def scale_values(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class PollOption(models.Model):
    question = models.ForeignKey(PollQuestion, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("option"), max_length=200)

    class Meta:
        ordering = ["position", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return self.label


class PollParticipation(models.Model):
    """Who took part in a poll. Says nothing about what they answered."""

    poll = models.ForeignKey(ConstituencyPoll, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["poll", "user"], name="achterban_one_participation_per_poll")
        ]

    def __str__(self) -> str:
        return f"participation {self.pk}"


class PollResponse(models.Model):
    """One respondent's answers, unlinked from who they are.

    No user, no timestamp, no sequential key: a random UUID only. The department is
    kept for the small-number rule and cleared when the poll closes for groups too
    small to be shown."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(ConstituencyPoll, on_delete=models.CASCADE, related_name="responses")
    department = models.ForeignKey(
        Department, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"response {self.pk}"


class PollAnswer(models.Model):
    """One answer to one question: an option (one row per chosen option), a scale value or a text."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(PollResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(PollQuestion, on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    value = models.SmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, default="")

    class Meta:
        default_permissions = ()

    def __str__(self) -> str:
        return f"answer {self.pk}"


# --- news -------------------------------------------------------------------------------


class NewsItem(Audience):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=20000)
    published_at = models.DateTimeField(_("published"), default=timezone.now, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    departments = models.ManyToManyField(
        Department, verbose_name=_("departments"), blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("news item")
        verbose_name_plural = _("news items")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return self.title


def _perm_models(model: type[models.Model], prefix: str) -> tuple[Any, Any]:
    return permission_models(model, prefix, __name__)


(
    ConstituencyQuestionUserObjectPermission,
    ConstituencyQuestionGroupObjectPermission,
) = _perm_models(ConstituencyQuestion, "ConstituencyQuestion")
