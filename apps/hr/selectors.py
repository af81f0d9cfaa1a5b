"""Reads on policies, built on the policy's querysets. Query counts stay flat."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, Max, OuterRef, Prefetch, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from apps.bestuurder.models import CONSENT_STATES, Request
from apps.core import audit_words
from apps.core.models import AuditEvent

from . import policy
from .models import (
    CommentSide,
    Policy,
    PolicyComment,
    PolicyShare,
    PolicyState,
    PolicyVersion,
    ReadConfirmation,
)

PANEL_ROWS = 5
EVENT_LABELS = {
    "policy_created": _("Draft created"),
    "policy_version_saved": _("Version %(number)s saved"),
    "policy_state_changed": _("State changed from “%(from)s” to “%(to)s”"),
    "policy_shared": _("Shared with a works council member"),
    "policy_version_published": _("Version %(number)s published"),
    "policy_read_confirmation_requested": _("Read confirmation requested for version %(number)s"),
}


def describe_event(event: AuditEvent) -> str:
    return audit_words.describe_event(event, EVENT_LABELS, PolicyState)


def draft_list(user: Any) -> QuerySet[Policy]:
    return (
        policy.drafts_visible_to(user)
        .annotate(latest_number=Max("versions__number"))
        .order_by("-updated_at", "-pk")
    )


def _consents() -> Prefetch:
    return Prefetch(
        "consent_requests",
        queryset=Request.objects.filter(state__in=CONSENT_STATES).order_by("-answered_on", "-pk"),
        to_attr="consents",
    )


@dataclass(frozen=True)
class ReadStats:
    version: PolicyVersion
    confirmations: list[ReadConfirmation]

    @property
    def count(self) -> int:
        return len(self.confirmations)


@dataclass(frozen=True)
class DraftFile:
    policy: Policy
    versions: list[PolicyVersion]
    comments: list[PolicyComment]
    shares: list[PolicyShare]
    history: list[AuditEvent]
    read_stats: ReadStats | None = None

    @property
    def history_rows(self) -> list[tuple[AuditEvent, str]]:
        return [(event, describe_event(event)) for event in self.history]

    @property
    def latest(self) -> PolicyVersion:
        return self.versions[-1]

    @property
    def current(self) -> PolicyVersion | None:
        return next((v for v in self.versions if v.is_current), None)


def draft_get(draft: Policy, user: Any) -> DraftFile:
    versions = list(
        PolicyVersion.objects.filter(policy=draft).select_related("created_by").prefetch_related(_consents())
    )
    comments = PolicyComment.objects.filter(policy=draft).select_related("author", "version")
    if not policy.shows_internal_comments(user):
        comments = comments.filter(side=CommentSide.WORKS_COUNCIL)
    current = next((v for v in versions if v.is_current), None)
    stats = None
    if current is not None and current.read_confirmation_requested and policy.is_hr(user):
        stats = ReadStats(
            current, list(ReadConfirmation.objects.filter(version=current).select_related("user"))
        )
    history = AuditEvent.objects.filter(target_type=draft._meta.label_lower, target_id=str(draft.pk))
    return DraftFile(
        policy=draft,
        versions=versions,
        comments=list(comments),
        shares=list(PolicyShare.objects.filter(policy=draft).select_related("member")),
        history=list(history.select_related("actor")),
        read_stats=stats,
    )


def library_list(user: Any) -> QuerySet[PolicyVersion]:
    """The current version of every published policy, with the consent behind it."""
    confirmed = ReadConfirmation.objects.filter(version=OuterRef("pk"), user=user)
    return (
        policy.current_versions()
        .select_related("policy")
        .prefetch_related(_consents())
        .annotate(confirmed=Exists(confirmed))
        .defer("text")
        .order_by("title", "pk")
    )


def library_get(version: PolicyVersion, user: Any) -> PolicyVersion:
    """The version with its consents and whether user confirmed reading it."""
    confirmed = ReadConfirmation.objects.filter(version=OuterRef("pk"), user=user)
    return (
        PolicyVersion.objects.filter(pk=version.pk)
        .select_related("policy")
        .prefetch_related(_consents())
        .annotate(confirmed=Exists(confirmed))
        .get()
    )


def versions_awaiting_consent(user: Any) -> QuerySet[PolicyVersion]:
    """The latest version of each draft sent to the executive: what he may ask consent for."""
    drafts = policy.drafts_visible_to(user).filter(state=PolicyState.TO_EXECUTIVE)
    latest = PolicyVersion.objects.filter(policy=OuterRef("policy")).order_by("-number").values("number")[:1]
    return PolicyVersion.objects.filter(policy__in=drafts, number=Subquery(latest)).order_by("title", "pk")


# --- home panels -------------------------------------------------------------------------------


def hr_panel(user: Any) -> list[Policy]:
    return list(draft_list(user)[:PANEL_ROWS])


def employee_panel(user: Any) -> list[PolicyVersion]:
    """Published policies HR asked this employee to confirm reading, not yet confirmed."""
    confirmed = ReadConfirmation.objects.filter(version=OuterRef("pk"), user=user)
    pending = policy.current_versions().filter(read_confirmation_requested=True).filter(~Exists(confirmed))
    return list(pending.select_related("policy").defer("text").order_by("title", "pk")[:PANEL_ROWS])
