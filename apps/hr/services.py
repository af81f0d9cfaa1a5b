"""Writes on policies: one transaction each, permissions and audit rows included.

The workflow of a draft: concept -> intern review -> naar bestuurder -> voorgelegd
aan OR (when the executive files a consent request for one version) -> instemming
(the OR's consent, or the court's replacement consent) -> gepubliceerd -> vervallen.
HR moves a draft by hand only along `HR_TRANSITIONS`; the steps that belong to the
executive and the OR are taken by apps.bestuurder through the functions at the end.
"""

from datetime import date
from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from apps.accounts.models import User
from apps.accounts.roles import WORKS_COUNCIL_ROLES, Role
from apps.bestuurder.selectors import consent_for_version
from apps.core.services import audit_record

from .models import (
    CommentSide,
    Policy,
    PolicyComment,
    PolicyShare,
    PolicyState,
    PolicyVersion,
    PublicationBasis,
    ReadConfirmation,
)

HR_PERMS = ("view_policy", "change_policy", "comment_policy")
SHARED_PERMS = ("view_policy", "comment_policy")
MIN_REASON_LENGTH = 10

# The moves HR makes by hand. The executive's and the OR's steps are not here.
HR_TRANSITIONS: dict[str, tuple[str, ...]] = {
    PolicyState.CONCEPT: (PolicyState.INTERNAL_REVIEW,),
    PolicyState.INTERNAL_REVIEW: (PolicyState.CONCEPT, PolicyState.TO_EXECUTIVE),
    PolicyState.TO_EXECUTIVE: (PolicyState.CONCEPT,),
    PolicyState.PUBLISHED: (PolicyState.EXPIRED,),
}
# A new version may be saved in these states; after publication it starts a new draft.
EDITABLE_STATES = (PolicyState.CONCEPT, PolicyState.INTERNAL_REVIEW, PolicyState.PUBLISHED)


def _group(role: Role) -> Group:
    return Group.objects.get_or_create(name=role.value)[0]


def _require_hr(actor: User) -> None:
    if not actor.has_role(Role.HR):
        raise ValidationError(_("Only HR can do this."), code="not_hr")


def _set_state(actor: User, policy: Policy, state: str) -> None:
    old = policy.state
    policy.state = state
    policy.save(update_fields=["state", "updated_at"])
    audit_record(
        actor=actor, action="policy_state_changed", target=policy, details={"from": old, "to": state}
    )


def _new_version(
    actor: User,
    policy: Policy,
    *,
    title: str,
    subject: str,
    text: str,
    effective_date: date,
    change_summary: str,
) -> PolicyVersion:
    if not change_summary.strip():
        raise ValidationError(_("Describe what changed in this version."), code="summary")
    latest = policy.versions.order_by("-number").first()
    if latest is not None and (latest.title, latest.subject, latest.text, latest.effective_date) == (
        title,
        subject,
        text,
        effective_date,
    ):
        raise ValidationError(
            _("Nothing changed since version %(number)s: there is no new version to save.")
            % {"number": latest.number},
            code="unchanged",
        )
    version = PolicyVersion(
        policy=policy,
        number=(latest.number + 1) if latest else 1,
        title=title,
        subject=subject,
        text=text,
        effective_date=effective_date,
        change_summary=change_summary,
        created_by=actor,
    )
    version.full_clean()
    version.save()
    policy.title = title
    policy.subject = subject
    policy.save(update_fields=["title", "subject", "updated_at"])
    audit_record(
        actor=actor, action="policy_version_saved", target=policy, details={"number": version.number}
    )
    return version


@transaction.atomic
def policy_create(
    *,
    actor: User,
    title: str,
    subject: str,
    text: str,
    effective_date: date,
    change_summary: str,
) -> Policy:
    _require_hr(actor)
    policy = Policy(title=title, subject=subject, created_by=actor)
    policy.full_clean()
    policy.save()
    hr = _group(Role.HR)
    for perm in HR_PERMS:
        assign_perm(perm, hr, policy)
    audit_record(actor=actor, action="policy_created", target=policy)
    _new_version(
        actor,
        policy,
        title=title,
        subject=subject,
        text=text,
        effective_date=effective_date,
        change_summary=change_summary,
    )
    return policy


@transaction.atomic
def version_save(
    *,
    actor: User,
    policy: Policy,
    title: str,
    subject: str,
    text: str,
    effective_date: date,
    change_summary: str,
) -> PolicyVersion:
    """Save a new immutable version. After publication this starts a new draft."""
    _require_hr(actor)
    policy = Policy.objects.select_for_update().get(pk=policy.pk)
    if policy.state not in EDITABLE_STATES:
        raise ValidationError(
            _(
                "A new version cannot be saved while the draft is “%(state)s”. "
                "Take it back to draft first, or wait for the works council's answer."
            )
            % {"state": policy.get_state_display()},
            code="state",
        )
    version = _new_version(
        actor,
        policy,
        title=title,
        subject=subject,
        text=text,
        effective_date=effective_date,
        change_summary=change_summary,
    )
    if policy.state == PolicyState.PUBLISHED:
        _set_state(actor, policy, PolicyState.CONCEPT)
    return version


def allowed_transitions(policy: Policy) -> tuple[str, ...]:
    return HR_TRANSITIONS.get(policy.state, ())


@transaction.atomic
def policy_transition(*, actor: User, policy: Policy, to_state: str) -> None:
    """A move HR makes by hand; anything else is refused with the reason."""
    _require_hr(actor)
    if to_state not in allowed_transitions(policy):
        raise ValidationError(
            _("A policy cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": policy.get_state_display(),
                "to": PolicyState(to_state).label if to_state in PolicyState.values else to_state,
            },
            code="transition",
        )
    if to_state == PolicyState.TO_EXECUTIVE:
        assign_perm("view_policy", _group(Role.EXECUTIVE), policy)
    if to_state == PolicyState.EXPIRED:
        PolicyVersion.objects.filter(
            policy=policy, published_at__isnull=False, expired_at__isnull=True
        ).update(expired_at=timezone.now())
    _set_state(actor, policy, to_state)


@transaction.atomic
def comment_add(*, actor: User, policy: Policy, body: str) -> PolicyComment:
    if not body.strip():
        raise ValidationError(_("Write a comment first."), code="empty")
    side = CommentSide.HR if actor.has_role(Role.HR) else CommentSide.WORKS_COUNCIL
    latest = policy.versions.order_by("-number").first()
    comment = PolicyComment(policy=policy, version=latest, author=actor, side=side, body=body)
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def policy_share(*, actor: User, policy: Policy, member: User) -> PolicyShare:
    """Share a draft with a named OR member, who can then read and comment on it."""
    _require_hr(actor)
    if not (member.is_active and member.has_role(*WORKS_COUNCIL_ROLES)):
        raise ValidationError(_("Choose a member of the works council."), code="member")
    share, created = PolicyShare.objects.get_or_create(
        policy=policy, member=member, defaults={"shared_by": actor}
    )
    if not created:
        raise ValidationError(_("This draft is already shared with this person."), code="already")
    for perm in SHARED_PERMS:
        assign_perm(perm, member, policy)
    audit_record(actor=actor, action="policy_shared", target=policy, details={"member": member.pk})
    return share


# --- publication ---------------------------------------------------------------------------------


@transaction.atomic
def version_publish(*, actor: User, version: PolicyVersion, exemption_reason: str = "") -> None:
    """Publish a version on a recorded basis: the OR's consent to *this* version, or an exemption.

    Older published versions of the policy expire."""
    _require_hr(actor)
    policy = Policy.objects.select_for_update().get(pk=version.policy_id)
    version.refresh_from_db()
    if version.published_at is not None:
        raise ValidationError(_("This version has already been published."), code="published")
    exemption_reason = exemption_reason.strip()
    if exemption_reason:
        if len(exemption_reason) < MIN_REASON_LENGTH:
            raise ValidationError(
                _("Explain the exemption in at least %(count)d characters (for example: settled in the CAO).")
                % {"count": MIN_REASON_LENGTH},
                code="reason",
            )
        if policy.state not in (PolicyState.TO_EXECUTIVE, PolicyState.CONSENTED):
            raise ValidationError(
                _("A policy can be published with an exemption only after it was sent to the executive."),
                code="state",
            )
        basis = PublicationBasis.EXEMPTION
    else:
        if consent_for_version(version) is None:
            raise ValidationError(
                _(
                    "Version %(number)s cannot be published: the works council has not consented to this "
                    "exact version. Ask the executive to request consent for it, or record an exemption "
                    "with its reason."
                )
                % {"number": version.number},
                code="no_consent",
            )
        if policy.state != PolicyState.CONSENTED:
            raise ValidationError(
                _("Only a policy with the works council's consent can be published."), code="state"
            )
        basis = PublicationBasis.CONSENT
    now = timezone.now()
    PolicyVersion.objects.filter(policy=policy, published_at__isnull=False, expired_at__isnull=True).update(
        expired_at=now
    )
    version.published_at = now
    version.publication_basis = basis
    version.exemption_reason = exemption_reason
    version.save(update_fields=["published_at", "publication_basis", "exemption_reason"])
    audit_record(
        actor=actor,
        action="policy_version_published",
        target=policy,
        details={"number": version.number, "basis": basis},
    )
    _set_state(actor, policy, PolicyState.PUBLISHED)


@transaction.atomic
def read_confirmation_request(*, actor: User, policy: Policy) -> PolicyVersion:
    _require_hr(actor)
    version = PolicyVersion.objects.filter(
        policy=policy, published_at__isnull=False, expired_at__isnull=True
    ).first()
    if version is None:
        raise ValidationError(_("Only a published policy can be confirmed as read."), code="unpublished")
    if not version.read_confirmation_requested:
        version.read_confirmation_requested = True
        version.save(update_fields=["read_confirmation_requested"])
        audit_record(
            actor=actor,
            action="policy_read_confirmation_requested",
            target=policy,
            details={"number": version.number},
        )
    return version


@transaction.atomic
def read_confirm(*, user: User, version: PolicyVersion) -> ReadConfirmation:
    if not (version.is_current and version.read_confirmation_requested):
        raise ValidationError(_("HR has not asked to confirm this policy."), code="not_requested")
    confirmation, _created = ReadConfirmation.objects.get_or_create(version=version, user=user)
    return confirmation


# --- steps taken by apps.bestuurder ------------------------------------------------------------------


def policy_submit_to_works_council(*, actor: Any, version: PolicyVersion) -> None:
    """The executive filed a consent request for this version: the OR may now read the draft."""
    policy = Policy.objects.select_for_update().get(pk=version.policy_id)
    if policy.state != PolicyState.TO_EXECUTIVE:
        raise ValidationError(
            _("Only a draft sent to the executive can be submitted to the works council."), code="state"
        )
    latest = policy.versions.order_by("-number").values_list("number", flat=True).first()
    if latest != version.number:
        raise ValidationError(_("Submit the latest version of the draft."), code="version")
    for role in WORKS_COUNCIL_ROLES:
        assign_perm("view_policy", _group(role), policy)
    _set_state(actor, policy, PolicyState.WITH_WORKS_COUNCIL)


def policy_consent_obtained(*, actor: Any, version: PolicyVersion) -> None:
    policy = Policy.objects.select_for_update().get(pk=version.policy_id)
    if policy.state == PolicyState.WITH_WORKS_COUNCIL:
        _set_state(actor, policy, PolicyState.CONSENTED)


def policy_consent_failed(*, actor: Any, version: PolicyVersion) -> None:
    """Consent was refused and will not come: the draft goes back to HR."""
    policy = Policy.objects.select_for_update().get(pk=version.policy_id)
    if policy.state == PolicyState.WITH_WORKS_COUNCIL:
        _set_state(actor, policy, PolicyState.CONCEPT)
