"""Policies for `seed_scale`: a library of published regelingen (older versions expired),
drafts on their way, expired ones, read confirmations, and the permission rows the
services grant (HR: view, change, comment; the executive and the OR: view once the
draft reached them). Consent requests behind the published versions are made by
`apps.bestuurder.scale` from `context.shared["consented_versions"]`."""

from datetime import timedelta

from apps.accounts.roles import WORKS_COUNCIL_ROLES, Role
from apps.core.scale import Bulk, PermRows, Rows, ScaleContext, insert, text

from . import services
from .models import (
    CommentSide,
    Policy,
    PolicyComment,
    PolicyState,
    PolicySubject,
    PolicyVersion,
    PublicationBasis,
    ReadConfirmation,
)

TITLES = (
    "Thuiswerkregeling", "Verzuimbeleid", "Reiskostenregeling", "Klokkenluidersregeling",
    "Opleidingsbeleid", "Werktijdenregeling", "Beoordelingsregeling", "Privacyreglement personeel",
    "Vakantieregeling", "Klachtenregeling",
)  # fmt: skip
CONFIRMATION_VERSIONS = 5
CONFIRMED_SHARE = 0.6
DRAFT_STATES = (
    PolicyState.CONCEPT,
    PolicyState.INTERNAL_REVIEW,
    PolicyState.TO_EXECUTIVE,
    PolicyState.WITH_WORKS_COUNCIL,
)
# States in which the executive, and the OR, have been given `view_policy`.
SEEN_BY_EXECUTIVE = (PolicyState.TO_EXECUTIVE, PolicyState.WITH_WORKS_COUNCIL, PolicyState.CONSENTED)


def _state(context: ScaleContext) -> str:
    roll = context.rng.random()
    if roll < 0.7:
        return PolicyState.PUBLISHED
    if roll < 0.85:
        return context.rng.choice(DRAFT_STATES)
    return PolicyState.EXPIRED


def build_policies(context: ScaleContext) -> None:
    hr = context.holders[Role.HR.value]
    total = context.size("policies", minimum=5)
    policies = []
    for n in range(total):
        created = context.moment(3650, 3600)
        policies.append(
            Policy(
                title=f"{TITLES[n % len(TITLES)]} {n // len(TITLES) + 1}",
                subject=context.rng.choice(PolicySubject.values),
                state=_state(context),
                created_by_id=context.rng.choice(hr),
                created_at=created,
                updated_at=created,
            )
        )
    insert(context, Policy, policies)
    versions = insert(context, PolicyVersion, (v for policy in policies for v in _versions(context, policy)))
    _perms_and_comments(context, policies)
    consented: list[PolicyVersion] = []
    published = [v for v in versions if v.published_at is not None and v.expired_at is None]
    for version in versions:
        if version.publication_basis == PublicationBasis.CONSENT:
            consented.append(version)
    context.shared["consented_versions"] = consented
    context.shared["submitted_versions"] = [
        v
        for v in versions
        if v.policy.state == PolicyState.WITH_WORKS_COUNCIL and v.number == v.policy.latest_number
    ]
    confirmations = Rows(context, ReadConfirmation, ("version_id", "user_id", "confirmed_at"))
    for version in published[:CONFIRMATION_VERSIONS]:
        PolicyVersion.objects.filter(pk=version.pk).update(read_confirmation_requested=True)
        readers = context.rng.sample(context.employees, round(len(context.employees) * CONFIRMED_SHARE))
        for reader in readers:
            confirmations.add(version_id=version.pk, user_id=reader, confirmed_at=version.published_at)
    confirmations.flush()


def _versions(context: ScaleContext, policy: Policy) -> list[PolicyVersion]:
    count = context.rng.randint(1, 3)
    policy.latest_number = count  # type: ignore[attr-defined]
    result = []
    for number in range(1, count + 1):
        saved = policy.created_at + timedelta(days=120 * (number - 1))
        latest = number == count
        published = saved + timedelta(days=30)
        is_published = not latest or policy.state in (PolicyState.PUBLISHED, PolicyState.EXPIRED)
        expired = is_published and (not latest or policy.state == PolicyState.EXPIRED)
        exemption = context.rng.random() < 0.2
        result.append(
            PolicyVersion(
                policy=policy,
                number=number,
                title=policy.title,
                subject=policy.subject,
                text=text(context, 12),
                effective_date=(saved + timedelta(days=60)).date(),
                change_summary="Tekst aangepast na overleg met de OR." if number > 1 else "Eerste versie.",
                created_by_id=policy.created_by_id,
                created_at=saved,
                published_at=published if is_published else None,
                expired_at=published + timedelta(days=120) if expired else None,
                publication_basis=(
                    ""
                    if not is_published
                    else PublicationBasis.EXEMPTION
                    if exemption
                    else PublicationBasis.CONSENT
                ),
                exemption_reason="Geregeld in de cao." if is_published and exemption else "",
            )
        )
    return result


def _perms_and_comments(context: ScaleContext, policies: list[Policy]) -> None:
    perms = PermRows(context, Policy)
    comments = Bulk(context, PolicyComment)
    hr_group = context.group_ids(Role.HR)
    executive = context.group_ids(Role.EXECUTIVE)
    council = context.group_ids(*sorted(WORKS_COUNCIL_ROLES))
    for policy in policies:
        perms.group(hr_group, policy.pk, *services.HR_PERMS)
        # Published and expired policies went through the executive (and, for consent, the OR).
        if policy.state in (*SEEN_BY_EXECUTIVE, PolicyState.PUBLISHED, PolicyState.EXPIRED):
            perms.group(executive, policy.pk, "view_policy")
        if policy.state in (PolicyState.WITH_WORKS_COUNCIL, PolicyState.CONSENTED, PolicyState.PUBLISHED):
            perms.group(council, policy.pk, "view_policy")
        comments.add(
            PolicyComment(
                policy_id=policy.pk,
                author_id=policy.created_by_id,
                side=CommentSide.HR,
                body="Graag nog even naar de cao-tekst kijken.",
                created_at=policy.created_at + timedelta(days=2),
            )
        )
    perms.flush()
    comments.flush()
