"""Every access decision about policies. Views ask nothing else.

Drafts: HR (the HR group) holds `view`, `change` and `comment` on every draft it
writes. HR may share a draft with a named OR member, who then holds `view` and
`comment`. The Bestuurder group gets `view` once a draft is sent to the executive,
the OR groups once it is submitted to the works council. Nobody else reaches a
draft: 404, the same as for a missing one.

Published versions are for every employee: the library shows a policy that has a
current (published, not expired) version, and only that version.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from apps.accounts.models import User
from apps.accounts.roles import WORKS_COUNCIL_ROLES, Role
from apps.core.policy import ObjectPerms, object_with_perm_or_404, objects_with_perm

from .models import Policy, PolicyVersion

VIEW = "hr.view_policy"
CHANGE = "hr.change_policy"
COMMENT = "hr.comment_policy"


def is_hr(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(Role.HR))


def drafts_visible_to(user: Any) -> QuerySet[Policy]:
    return objects_with_perm(user, VIEW, Policy.objects.all())


def get_draft_for_view(user: Any, pk: int) -> Policy:
    return object_with_perm_or_404(user, VIEW, Policy.objects.all(), pk=pk)


def can_change_draft(user: Any, policy: Policy) -> bool:
    return ObjectPerms(user, [policy]).has(CHANGE, policy)


def can_comment_draft(user: Any, policy: Policy) -> bool:
    return ObjectPerms(user, [policy]).has(COMMENT, policy)


def get_draft_for_change(user: Any, pk: int) -> Policy:
    """404 when the user cannot see the draft, 403 when they see it but may not edit it."""
    policy = get_draft_for_view(user, pk)
    if not can_change_draft(user, policy):
        raise PermissionDenied
    return policy


def get_draft_for_comment(user: Any, pk: int) -> Policy:
    policy = get_draft_for_view(user, pk)
    if not can_comment_draft(user, policy):
        raise PermissionDenied
    return policy


def get_version_of(policy: Policy, number: int) -> PolicyVersion:
    version = PolicyVersion.objects.filter(policy=policy, number=number).first()
    if version is None:
        raise Http404
    return version


def shows_internal_comments(user: Any) -> bool:
    """HR reads every comment; others read only the works council's comments."""
    return is_hr(user)


def works_council_members() -> QuerySet[User]:
    """The people HR may share a draft with."""
    return (
        User.objects.filter(is_active=True, groups__name__in=[str(r) for r in WORKS_COUNCIL_ROLES])
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


# --- the library: published policies for every employee ----------------------------------


def current_versions() -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.filter(published_at__isnull=False, expired_at__isnull=True)


def published_policies() -> QuerySet[Policy]:
    current = current_versions().filter(policy=OuterRef("pk"))
    return Policy.objects.filter(Exists(current))


def get_published_version(pk: int) -> PolicyVersion:
    """The current version of a published policy; 404 for a draft or an expired policy."""
    version = current_versions().select_related("policy").filter(policy_id=pk).first()
    if version is None:
        raise Http404
    return version
