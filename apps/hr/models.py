"""Personnel policies (regelingen): drafts written by HR, saved as immutable versions,
submitted for the OR's consent and published for every employee.

A `Policy` carries the workflow state of its draft; each `PolicyVersion` is a frozen
snapshot with a required summary of changes. A version is published only on a
recorded basis: the OR's consent to that exact version (held by apps.bestuurder)
or an exemption such as "settled in the CAO".
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.object_permissions import permission_models


class PolicySubject(models.TextChoices):
    """The subjects of art. 27 lid 1 WOR (a-m), plus "other"."""

    PENSION = "pensioen-winstdeling-sparen", _("a. Pension, profit sharing or savings scheme")
    WORKING_HOURS = "arbeidstijden-vakantie", _("b. Working and rest times or holidays")
    PAY = "beloning-functiewaardering", _("c. Pay or job grading system")
    HEALTH_SAFETY = "arbo-verzuim-reintegratie", _("d. Working conditions, absence or reintegration")
    HIRING = "aanstelling-ontslag-bevordering", _("e. Hiring, dismissal or promotion")
    TRAINING = "opleiding", _("f. Staff training")
    APPRAISAL = "beoordeling", _("g. Staff appraisal")
    SOCIAL_WORK = "bedrijfsmaatschappelijk-werk", _("h. Company social work")
    WORK_MEETINGS = "werkoverleg", _("i. Work meetings (werkoverleg)")
    COMPLAINTS = "klachtenbehandeling", _("j. Complaints handling")
    PERSONAL_DATA = "personeelsgegevens", _("k. Processing and protection of staff personal data")
    MONITORING = "personeelsvolgsystemen", _("l. Systems monitoring presence, behaviour or performance")
    WHISTLEBLOWING = "klokkenluidersregeling", _("m. Procedure for reporting a suspected wrongdoing")
    OTHER = "overig", _("Other")


class PolicyState(models.TextChoices):
    CONCEPT = "concept", _("Draft")
    INTERNAL_REVIEW = "intern-review", _("Internal review")
    TO_EXECUTIVE = "naar-bestuurder", _("Sent to the executive")
    WITH_WORKS_COUNCIL = "voorgelegd-or", _("Submitted to the works council")
    CONSENTED = "instemming", _("Consent obtained")
    PUBLISHED = "gepubliceerd", _("Published")
    EXPIRED = "vervallen", _("Expired")


class Policy(models.Model):
    title = models.CharField(_("title"), max_length=200)
    subject = models.CharField(_("subject"), max_length=40, choices=PolicySubject.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=PolicyState.choices, default=PolicyState.CONCEPT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        default_permissions = ("view", "change")
        permissions = [("comment_policy", "Comment on a policy draft")]

    def __str__(self) -> str:
        return self.title


class PublicationBasis(models.TextChoices):
    CONSENT = "instemming", _("Consent of the works council")
    EXEMPTION = "vrijstelling", _("Exempt from consent")


class PolicyVersion(models.Model):
    """One saved version: never changed after it was saved, except for its publication."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    subject = models.CharField(_("subject"), max_length=40, choices=PolicySubject.choices)
    text = models.TextField(_("text"))
    effective_date = models.DateField(_("effective date"))
    change_summary = models.TextField(_("summary of changes"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("saved by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    expired_at = models.DateTimeField(_("expired"), null=True, blank=True)
    publication_basis = models.CharField(
        _("publication basis"), max_length=20, choices=PublicationBasis.choices, blank=True
    )
    exemption_reason = models.TextField(_("reason for the exemption"), blank=True)
    read_confirmation_requested = models.BooleanField(_("read confirmation requested"), default=False)

    class Meta:
        ordering = ["policy", "number"]
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="hr_policyversion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"

    @property
    def is_current(self) -> bool:
        return self.published_at is not None and self.expired_at is None


class CommentSide(models.TextChoices):
    HR = "hr", _("HR")
    WORKS_COUNCIL = "or", _("Works council")


class PolicyComment(models.Model):
    """A comment on a draft. HR comments are internal to HR; OR comments are visible to HR."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(
        PolicyVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(max_length=4, choices=CommentSide.choices)
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"comment {self.pk}"


class PolicyShare(models.Model):
    """HR shared the draft with a named OR member to work on it together."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="shares")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("works council member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["policy", "member"], name="hr_policyshare_unique")]

    def __str__(self) -> str:
        return f"share {self.pk}"


class ReadConfirmation(models.Model):
    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="read_confirmations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["confirmed_at"]
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["version", "user"], name="hr_readconfirmation_unique")]

    def __str__(self) -> str:
        return f"read {self.pk}"


def _perm_models(model: type[models.Model], prefix: str) -> tuple[Any, Any]:
    return permission_models(model, prefix, __name__)


PolicyUserObjectPermission, PolicyGroupObjectPermission = _perm_models(Policy, "Policy")
