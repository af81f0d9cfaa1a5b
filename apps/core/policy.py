"""Shared building blocks for every app's policy.py, on django-guardian.

Both guardian defaults are overridden on purpose: a model-wide permission grants
nothing (accept_global_perms=False) and superusers get nothing for free
(with_superuser=False). Confidential objects are reachable only through an
object permission given to a named user or group.
"""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404
from guardian.shortcuts import get_objects_for_user
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

M = TypeVar("M", bound=Model)


def objects_with_perm(user: Any, perm: str, queryset: QuerySet[M]) -> QuerySet[M]:
    """The rows of queryset on which user holds perm as an object permission."""
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    return get_objects_for_user(
        user, perm, queryset, accept_global_perms=False, with_superuser=False, use_groups=True
    )


def object_with_perm_or_404(user: Any, perm: str, queryset: QuerySet[M], **lookup: Any) -> M:
    """One object the user holds perm on; 404 alike for missing and forbidden."""
    try:
        return objects_with_perm(user, perm, queryset).get(**lookup)
    except ObjectDoesNotExist as missing:
        raise Http404 from missing


class ObjectPerms:
    """The object permissions a user holds on a set of objects, in two queries.

    Guardian's ObjectPermissionChecker answers True for every superuser; the
    portal's promise is that superusers see no melding, so this reads the direct
    foreign-key permission tables itself and treats superusers like anyone else.
    """

    def __init__(self, user: Any, objects: Iterable[Model]) -> None:
        objects = list(objects)
        self._perms: dict[Any, set[str]] = {obj.pk: set() for obj in objects}
        if not objects or not (user.is_authenticated and user.is_active):
            return
        model: Any = type(objects[0])
        pks = list(self._perms)
        user_model: Any = get_user_obj_perms_model(model)
        group_model: Any = get_group_obj_perms_model(model)
        user_rows = user_model.objects.filter(user=user, content_object_id__in=pks)
        group_rows = group_model.objects.filter(group__in=user.groups.all(), content_object_id__in=pks)
        for rows in (user_rows, group_rows):
            for pk, codename in rows.values_list("content_object_id", "permission__codename"):
                self._perms[pk].add(codename)

    def has(self, perm: str, obj: Model) -> bool:
        return perm.split(".")[-1] in self._perms.get(obj.pk, set())


def has_object_perm(user: Any, perm: str, obj: Model) -> bool:
    """Object permission only: ignores model-wide permissions and superuser status."""
    return ObjectPerms(user, [obj]).has(perm, obj)
