"""Last line of defence for role independence.

Services validate roles before they write, but `user.groups.add()` from a shell or
another app would bypass them, so the invariant is also guarded at the m2m level.
"""

from typing import Any

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models.signals import m2m_changed
from django.dispatch import receiver

from .models import User
from .roles import independence_error


def _refuse_if_conflicting(user: User, added_group_pks: set[int]) -> None:
    current = set(user.groups.values_list("name", flat=True))
    added = set(Group.objects.filter(pk__in=added_group_pks).values_list("name", flat=True))
    message = independence_error(current | added)
    if message:
        raise ValidationError(message, code="role_conflict")


@receiver(m2m_changed, sender=User.groups.through)
def guard_role_independence(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action != "pre_add" or not pk_set:
        return
    if reverse:  # group.user_set.add(...)
        for user in User.objects.filter(pk__in=pk_set):
            _refuse_if_conflicting(user, {instance.pk})
    else:
        _refuse_if_conflicting(instance, pk_set)
    if not reverse:
        instance.__dict__.pop("role_names", None)
