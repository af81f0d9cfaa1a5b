"""Shared building blocks for every app's policy.py, on django-guardian.

Both guardian defaults are overridden on purpose: a model-wide permission grants
nothing (accept_global_perms=False) and superusers get nothing for free
(with_superuser=False). Confidential objects are reachable only through an
object permission given to a named user or group. The helpers read guardian's
direct foreign-key tables themselves, in query shapes that stay fast with
hundreds of thousands of rows (see docs/benchmarks.md).
"""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, Model, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

M = TypeVar("M", bound=Model)


def _granting_rows(user: Any, perm: str, model: type[Model]) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """The direct foreign-key rows giving `perm` on `model` to the user and to the user's groups.

    The permission is matched by id through a scalar subquery rather than a join, so
    PostgreSQL estimates the rows of one user from the (user, permission, object) index.
    """
    app_label, _, codename = perm.rpartition(".")
    content_type = ContentType.objects.get_for_model(model)  # cached per process
    if app_label and app_label != content_type.app_label:
        raise ValueError(f"{perm} is not a permission of {model._meta.label}")
    permission = Subquery(
        Permission.objects.filter(content_type=content_type, codename=codename).order_by().values("pk")[:1]
    )
    user_model: Any = get_user_obj_perms_model(model)  # type: ignore[arg-type]  # accepts a class too
    group_model: Any = get_group_obj_perms_model(model)  # type: ignore[arg-type]
    user_rows = user_model.objects.filter(user=user, permission_id=permission)
    group_rows = group_model.objects.filter(group__user=user, permission_id=permission)
    return user_rows, group_rows


def objects_with_perm(
    user: Any, perm: str, queryset: QuerySet[M], *, per_row: bool = False, groups: bool = True
) -> QuerySet[M]:
    """The rows of queryset on which user holds perm as an object permission.

    Read from the direct foreign-key tables, like guardian's get_objects_for_user with
    accept_global_perms=False and with_superuser=False, in the shape that suits the caller:
    - by default the user's and the groups' rows are collected once (`pk IN (...)`): right
      for a list the permission picks out of a large table;
    - `per_row=True` checks each row with two indexed EXISTS: right for a queryset already
      narrowed to a few rows (one meeting's documents) when groups hold the permission on
      most rows of the table;
    - `groups=False` reads only permissions given to the user by name: for objects the
      services grant to named users only (a melding), it spares a query plan its guesswork.
    """
    if not (user.is_authenticated and user.is_active):
        return queryset.none()
    user_rows, group_rows = _granting_rows(user, perm, queryset.model)
    if per_row:
        held = Q(Exists(user_rows.filter(content_object=OuterRef("pk"))))
        if groups:
            held |= Q(Exists(group_rows.filter(content_object=OuterRef("pk"))))
        return queryset.filter(held)
    granted = user_rows.values("content_object_id")
    if groups:
        granted = granted.union(group_rows.values("content_object_id"), all=True)
    return queryset.filter(pk__in=granted)


def object_with_perm_or_404(user: Any, perm: str, queryset: QuerySet[M], **lookup: Any) -> M:
    """One object the user holds perm on; 404 alike for missing and forbidden."""
    try:
        return objects_with_perm(user, perm, queryset.filter(**lookup), per_row=True).get()
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
