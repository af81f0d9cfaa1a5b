"""Guardian's direct foreign-key permission models, one pair per protected model.

Direct tables (not guardian's generic ones) keep permission lookups indexed and
fast at scale; every app declares its pairs with `permission_models` in models.py.
"""

from typing import Any

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


def permission_models(model: type[models.Model], prefix: str, module: str) -> tuple[Any, Any]:
    """(UserObjectPermission, GroupObjectPermission) models for `model`, defined in `module`."""
    fk = {"__module__": module}
    user_perm = type(
        f"{prefix}UserObjectPermission",
        (UserObjectPermissionBase,),
        {**fk, "content_object": models.ForeignKey(model, on_delete=models.CASCADE)},
    )
    group_perm = type(
        f"{prefix}GroupObjectPermission",
        (GroupObjectPermissionBase,),
        {**fk, "content_object": models.ForeignKey(model, on_delete=models.CASCADE)},
    )
    return user_perm, group_perm
