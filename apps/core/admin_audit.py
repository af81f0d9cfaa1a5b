"""What an administrator does in the admin that no service records, into the audit trail.

Changes with a meaning of their own go through services, which record them (roles via
`accounts.services.user_set_roles`, a melding's counsellor via `report_reassign`). Two
things the admin does itself: deleting objects, and changing a user's admin rights or
active status. `PortalAdminSite.register` mixes this into every model admin, so no
model's deletions escape the trail, a third-party one's included.
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Model
from django.http import HttpRequest

from .services import audit_record

ACCESS_FLAGS = ("is_active", "is_staff", "is_superuser")


class AuditedAdmin:
    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        if change and isinstance(obj, get_user_model()):
            changed = {flag: getattr(obj, flag) for flag in ACCESS_FLAGS if flag in form.changed_data}
            if changed:
                audit_record(actor=request.user, action="user_access_changed", target=obj, details=changed)

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        """Called by the admin before it deletes, for one object or a selection."""
        for obj in queryset:
            audit_record(
                actor=request.user, action="deleted_in_admin", target=obj, details={"object": str(obj)[:200]}
            )
        return super().log_deletions(request, queryset)  # type: ignore[misc]


def audited(admin_class: type) -> type:
    """`admin_class` with its deletions and access changes recorded."""
    if issubclass(admin_class, AuditedAdmin):
        return admin_class
    return type(admin_class.__name__, (AuditedAdmin, admin_class), {"__module__": admin_class.__module__})
