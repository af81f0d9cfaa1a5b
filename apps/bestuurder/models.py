"""The bestuurder's proposed decisions, advice requests (art. 25 WOR) and consent
requests (art. 27 WOR), with the OR's handling, answers and the decisions.

Advice and consent requests share one table (`Request`, with `kind`); the proxy
models `AdviceRequest` and `ConsentRequest` give each its own name and manager.
Access goes through object permissions on `Request` and `ProposedDecision`,
given by the services to the Bestuurder group and the OR groups (and to HR for
a consent request about a policy HR drafted).
"""

import uuid
from datetime import date
from typing import Any, ClassVar

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.achterban.models import ConstituencyPoll
from apps.core.fields import EncryptedTextField
from apps.core.object_permissions import permission_models
from apps.core.storage import EncryptedFileSystemStorage
from apps.hr.models import PolicySubject, PolicyVersion
from apps.ondernemingsraad.models import AgendaItem

from . import conf


class RequestKind(models.TextChoices):
    ADVICE = "advies", _("Advice request")
    CONSENT = "instemming", _("Consent request")


class AdviceSubject(models.TextChoices):
    """The decisions of art. 25 lid 1 WOR (a-m)."""

    TRANSFER_OF_CONTROL = "overdracht-zeggenschap", _("a. Transfer of control of the company")
    OTHER_COMPANY = (
        "zeggenschap-andere-onderneming",
        _("b. Acquiring or ending control of, or lasting cooperation with, another company"),
    )
    CLOSURE = "beeindiging", _("c. Ending the company's activities or an important part of them")
    CHANGE_OF_ACTIVITIES = (
        "wijziging-werkzaamheden",
        _("d. Important reduction, expansion or other change of activities"),
    )
    REORGANISATION = "reorganisatie", _("e. Important change in the organisation or division of powers")
    RELOCATION = "verplaatsing", _("f. Change of the place where the company works")
    GROUP_HIRING = "werving-inleen", _("g. Hiring or borrowing staff as a group")
    INVESTMENT = "investering", _("h. Important investment")
    BORROWING = "krediet", _("i. Taking up an important loan")
    LENDING = "kredietverlening", _("j. Granting important loans or guarantees to another company")
    TECHNOLOGY = "technologie", _("k. Introducing or changing an important technological facility")
    ENVIRONMENT = "milieu", _("l. Important measure for the environment")
    EXTERNAL_EXPERT = "externe-deskundige", _("m. Assignment to an external expert on one of these matters")


CONSENT_SUBJECTS = [choice for choice in PolicySubject.choices if choice[0] != PolicySubject.OTHER]


class RequestState(models.TextChoices):
    RECEIVED = "ontvangen", _("Received")
    IN_PROGRESS = "in-behandeling", _("In progress")
    CONSULTED = "overleg-gevoerd", _("Consultation held")
    # advice
    ADVISED = "advies-uitgebracht", _("Advice given")
    DECIDED_CONFORM = "besluit-conform", _("Decided in line with the advice")
    DECIDED_DEVIATING = "besluit-afwijkend", _("Decided against the advice: suspended")
    SUSPENSION_WAIVED = "afgezien", _("Works council waived suspension and appeal")
    APPEAL_FILED = "beroep-ingesteld", _("Appeal filed with the Enterprise Chamber")
    TERM_EXPIRED = "verlopen", _("Appeal term expired")
    # consent
    CONSENT_GIVEN = "instemming", _("Consent given")
    CONSENT_CONDITIONAL = "voorwaardelijke-instemming", _("Conditional consent")
    CONSENT_REFUSED = "geweigerd", _("Consent refused")
    DROPPED = "ingetrokken", _("Dropped by the executive")
    COURT_REQUESTED = "kantonrechter", _("Replacement consent asked of the subdistrict court")
    COURT_GRANTED = "toestemming-verleend", _("Replacement consent granted by the court")
    COURT_DENIED = "toestemming-geweigerd", _("Replacement consent denied by the court")
    APPLIED_WITHOUT_CONSENT = "toegepast-zonder-instemming", _("Applied without consent")
    NULLITY_INVOKED = "nietigheid-ingeroepen", _("Nullity invoked")


OPEN_STATES = (RequestState.RECEIVED, RequestState.IN_PROGRESS, RequestState.CONSULTED)
CONSENT_STATES = (RequestState.CONSENT_GIVEN, RequestState.CONSENT_CONDITIONAL, RequestState.COURT_GRANTED)


def add_term(start: date) -> date:
    """One legal term (a calendar month, by default) after start."""
    return start + relativedelta(months=conf.legal_term_months())


class ProposedDecision(models.Model):
    """A voorgenomen besluit the bestuurder announced at an art. 24 meeting."""

    class State(models.TextChoices):
        ANNOUNCED = "aangekondigd", _("Announced")
        REQUESTED = "aangevraagd", _("Turned into a request")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    kind = models.CharField(_("expected request"), max_length=20, choices=RequestKind.choices)
    announced_on = models.DateField(_("announced at the consultation meeting of"))
    state = models.CharField(max_length=20, choices=State.choices, default=State.ANNOUNCED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-announced_on", "-pk"]
        verbose_name = _("proposed decision")
        verbose_name_plural = _("proposed decisions")
        default_permissions = ("view",)

    def __str__(self) -> str:
        return self.title


class Request(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    title = models.CharField(_("title"), max_length=200)
    subject = models.CharField(_("subject"), max_length=40)
    reasons = models.TextField(_("reasons"))
    consequences = models.TextField(_("expected consequences for staff"))
    state = models.CharField(
        _("state"), max_length=30, choices=RequestState.choices, default=RequestState.RECEIVED
    )
    answer_due = models.DateField(_("agreed answer date"))
    proposed_decision = models.OneToOneField(
        ProposedDecision, on_delete=models.SET_NULL, null=True, blank=True, related_name="request"
    )
    policy_version = models.ForeignKey(
        PolicyVersion,
        verbose_name=_("policy version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consent_requests",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("filed"), auto_now_add=True)
    consultation_held_on = models.DateField(
        _("discussed at the consultation meeting of"), null=True, blank=True
    )
    # The agenda item of the overlegvergadering at which the request was discussed (art. 25
    # lid 2, art. 27 lid 2 WOR); consultation_held_on copies its meeting's date. PROTECT: the
    # item is the legal basis of the OR's answer, so it cannot disappear from under it.
    consultation_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("discussed as agenda item"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # the OR's answer
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_reasons = models.TextField(_("reasons of the works council"), blank=True)
    answer_conditions = models.TextField(_("conditions"), blank=True)
    # the executive's decision (advice) or follow-up (consent)
    decided_on = models.DateField(_("written decision on"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    waived_on = models.DateField(_("suspension waived on"), null=True, blank=True)
    appeal_filed_on = models.DateField(_("appeal filed on"), null=True, blank=True)
    court_requested_on = models.DateField(_("court asked on"), null=True, blank=True)
    court_decided_on = models.DateField(_("court decided on"), null=True, blank=True)
    applied_without_consent_on = models.DateField(_("applied without consent since"), null=True, blank=True)
    nullity_invoked_on = models.DateField(_("nullity invoked on"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        default_permissions = ("view",)
        permissions = [
            ("handle_request", "Handle as works council"),
            ("decide_request", "Decide as executive"),
        ]
        indexes = [models.Index(fields=["state", "answer_due"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_advice(self) -> bool:
        return self.kind == RequestKind.ADVICE

    @property
    def is_consent(self) -> bool:
        return self.kind == RequestKind.CONSENT

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def get_subject_display(self) -> str:
        choices = dict(AdviceSubject.choices if self.is_advice else CONSENT_SUBJECTS)
        return str(choices.get(self.subject, self.subject))

    @property
    def suspension_ends(self) -> date | None:
        """Art. 25 lid 6: a decision against the advice waits a month after the written reasons."""
        if self.state not in _DEVIATING_STATES or self.decided_on is None:
            return None
        return add_term(self.decided_on)

    @property
    def appeal_deadline(self) -> date | None:
        """Art. 26: the OR may appeal within a month of the written decision."""
        return self.suspension_ends

    @property
    def nullity_deadline(self) -> date | None:
        """Art. 27 lid 5: nullity is invoked within a month of learning it was applied."""
        if self.applied_without_consent_on is None:
            return None
        return add_term(self.applied_without_consent_on)


_DEVIATING_STATES = (
    RequestState.DECIDED_DEVIATING,
    RequestState.SUSPENSION_WAIVED,
    RequestState.APPEAL_FILED,
    RequestState.TERM_EXPIRED,
)


class AdviceRequestManager(models.Manager["AdviceRequest"]):
    def get_queryset(self) -> models.QuerySet["AdviceRequest"]:
        return super().get_queryset().filter(kind=RequestKind.ADVICE)


class ConsentRequestManager(models.Manager["ConsentRequest"]):
    def get_queryset(self) -> models.QuerySet["ConsentRequest"]:
        return super().get_queryset().filter(kind=RequestKind.CONSENT)


class AdviceRequest(Request):
    """An adviesaanvraag (art. 25 WOR)."""

    objects: ClassVar[AdviceRequestManager] = AdviceRequestManager()

    class Meta:
        proxy = True
        verbose_name = _("advice request")
        verbose_name_plural = _("advice requests")
        default_permissions = ()


class ConsentRequest(Request):
    """An instemmingsverzoek (art. 27 WOR)."""

    objects: ClassVar[ConsentRequestManager] = ConsentRequestManager()

    class Meta:
        proxy = True
        verbose_name = _("consent request")
        verbose_name_plural = _("consent requests")
        default_permissions = ()


class AdviceOutcome(models.TextChoices):
    POSITIVE = "positief", _("Positive")
    NEGATIVE = "negatief", _("Negative")
    CONDITIONAL = "voorwaardelijk", _("Positive with conditions")


class DecisionOutcome(models.TextChoices):
    FOLLOWS = "conform", _("Follows the advice")
    DEVIATES = "afwijkend", _("Deviates from the advice")


class RequestPart(models.Model):
    """An onderdeel of a request: the OR advises, and the executive decides, per part."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="parts")
    number = models.PositiveIntegerField()
    title = models.CharField(_("part"), max_length=300)
    advice = models.CharField(_("advice"), max_length=20, choices=AdviceOutcome.choices, blank=True)
    advice_reasons = models.TextField(_("reasons and conditions"), blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=DecisionOutcome.choices, blank=True)
    decision_reasons = models.TextField(_("reasons"), blank=True)

    class Meta:
        ordering = ["request", "number"]
        default_permissions = ()
        constraints = [models.UniqueConstraint(fields=["request", "number"], name="bestuurder_part_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class EntryKind(models.TextChoices):
    QUESTION = "vraag", _("Question to the executive")
    ANSWER = "antwoord", _("Answer of the executive")
    EXPERT = "deskundige", _("Expert advice")
    CONSTITUENCY = "achterban", _("Constituency consultation")


# What the executive (and HR) may read of the OR's handling.
SHARED_ENTRY_KINDS = (EntryKind.QUESTION, EntryKind.ANSWER)


class RequestEntry(models.Model):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    body = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


document_storage = EncryptedFileSystemStorage()


def _document_path(instance: "RequestDocument", filename: str) -> str:
    return f"verzoeken/{uuid.uuid4().hex}"  # never the uploaded name


class RequestDocument(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(storage=document_storage, upload_to=_document_path)
    filename = EncryptedTextField()
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        default_permissions = ()

    def __str__(self) -> str:
        return f"document {self.pk}"


class RequestPoll(models.Model):
    """A closed constituency poll the OR attached to a request as support for its answer.

    Who sees the request sees the poll's results as `achterban.selectors.poll_results`
    gives them (small groups suppressed), never the answers themselves."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="polls")
    # PROTECT: what the OR's answer rested on stays with the request.
    poll = models.ForeignKey(ConstituencyPoll, on_delete=models.PROTECT, related_name="+")
    attached_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    attached_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attached_at", "pk"]
        verbose_name = _("attached constituency poll")
        verbose_name_plural = _("attached constituency polls")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["request", "poll"], name="bestuurder_request_poll_unique")
        ]

    def __str__(self) -> str:
        return f"poll {self.poll_id} on request {self.request_id}"


class ReminderKind(models.TextChoices):
    ANSWER_DUE = "antwoorddatum", _("The agreed answer date is near")
    SUSPENSION_ENDS = "opschorting", _("The suspension ends")
    APPEAL_DEADLINE = "beroepstermijn", _("The appeal term ends")
    NULLITY_DEADLINE = "nietigheidstermijn", _("The term to invoke nullity ends")


class ReminderSent(models.Model):
    """One row per reminder sent, so the daily run never sends the same one twice."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=30, choices=ReminderKind.choices)
    due = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["request", "kind", "due"], name="bestuurder_reminder_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.due}"


def _perm_models(model: type[models.Model], prefix: str) -> tuple[Any, Any]:
    return permission_models(model, prefix, __name__)


RequestUserObjectPermission, RequestGroupObjectPermission = _perm_models(Request, "Request")
ProposedDecisionUserObjectPermission, ProposedDecisionGroupObjectPermission = _perm_models(
    ProposedDecision, "ProposedDecision"
)
