from functools import update_wrapper
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.options import TO_FIELD_VAR
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _


class PortalAdminSite(admin.AdminSite):
    """The Django admin for staff only: one login page for the whole portal, and a
    plain 403 (not a second login form) for signed-in users who are not staff."""

    site_header = _("Portal administration")
    site_title = _("Portal administration")
    index_title = _("People, roles and departments")

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not self.has_permission(request):
                if request.user.is_authenticated:
                    raise PermissionDenied
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if "" in (request.GET.get(TO_FIELD_VAR), request.POST.get(TO_FIELD_VAR)):
                # Django looks up a field named "" (a 500); refuse it as it refuses unknown fields: 400.
                raise DisallowedModelAdminToField("empty to_field")
            return inner(request, *args, **kwargs)  # type: ignore[no-any-return]

        return update_wrapper(guarded, inner)

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        """Every model admin records deletions (and user access changes): apps/core/admin_audit.py."""
        from .admin_audit import audited

        super().register(model_or_iterable, audited(admin_class or admin.ModelAdmin), **options)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied
        if request.user.is_authenticated:
            return super().login(request, extra_context)
        next_url = request.GET.get("next") or request.path
        return redirect_to_login(next_url, settings.LOGIN_URL)
