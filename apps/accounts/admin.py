from typing import Any

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import clean_roles
from .models import Department, RoleSetting, User
from .services import password_set_by_admin, role_setting_update, two_factor_reset, user_set_roles

# Roles are fixed by a data migration; editing groups (or their model-wide
# permissions) in the admin would bypass the access policy.
admin.site.unregister(Group)
# django-otp's device admin shows and edits TOTP secrets; admins reset a user's
# two-factor login from the user list instead (an audited action).
admin.site.unregister(TOTPDevice)
# The failure log is off (AXES_ENABLE_ACCESS_FAILURE_LOG); lockouts show under access attempts.
admin.site.unregister(AccessFailureLog)


# axes' own "clean up expired attempts" action fails with our cool-off settings (an
# AttributeError, a 500 found by the fuzz tests); expired attempts clean themselves up.
admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class PortalAccessAttemptAdmin(AccessAttemptAdmin):  # type: ignore[misc]
    actions = []  # type: ignore[var-annotated]


class PortalUserChangeForm(UserChangeForm):  # type: ignore[type-arg]
    def clean_groups(self) -> Any:
        groups = self.cleaned_data["groups"]
        clean_roles(groups)
        return groups


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    form = PortalUserChangeForm
    list_display = (
        "username",
        "first_name",
        "last_name",
        "department",
        "is_active",
        "is_staff",
        "two_factor",
    )
    list_filter = ("is_active", "is_staff", "groups", "department")
    list_select_related = ("department",)
    actions = ["reset_two_factor"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "department")}),
        (_("Roles and access"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    filter_horizontal = ("groups",)
    readonly_fields = ("last_login", "date_joined")

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        groups = form.cleaned_data.pop("groups", None)  # written by the service below
        super().save_related(request, form, formsets, change)
        if groups is not None:
            actor = request.user if isinstance(request.user, User) else None
            user_set_roles(actor=actor, user=form.instance, roles=[g.name for g in groups])

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> Any:
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            actor = request.user if isinstance(request.user, User) else None
            target = User.objects.filter(pk=id).first()
            if target is not None:
                password_set_by_admin(actor=actor, user=target)
        return response

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        queryset: QuerySet[User] = super().get_queryset(request)
        return queryset.annotate(has_two_factor=Exists(devices))

    @admin.display(description=_("two-factor login"), boolean=True, ordering="has_two_factor")
    def two_factor(self, user: User) -> bool:
        return bool(getattr(user, "has_two_factor", False))

    @admin.action(description=_("Reset two-factor login (lost phone)"), permissions=["change"])
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = request.user if isinstance(request.user, User) else None
        reset = sum(two_factor_reset(actor=actor, user=user) for user in queryset)
        self.message_user(
            request,
            ngettext(
                "Two-factor login was reset for %(count)d user. They link a new app at their next login.",
                "Two-factor login was reset for %(count)d users. They link a new app at their next login.",
                reset,
            )
            % {"count": reset},
            messages.SUCCESS,
        )


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}


@admin.register(RoleSetting)
class RoleSettingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """One row per role, made by a migration: admins change the setting, never the rows."""

    list_display = ("role", "require_two_factor")
    list_editable = ("require_two_factor",)
    fields = ("role", "require_two_factor")
    readonly_fields = ("role",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: RoleSetting, form: Any, change: bool) -> None:
        actor = request.user if isinstance(request.user, User) else None
        role_setting_update(actor=actor, setting=obj, require_two_factor=obj.require_two_factor)
