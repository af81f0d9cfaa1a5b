from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .forms import clean_roles
from .models import Department, User
from .services import user_set_roles

# Roles are fixed by a data migration; editing groups (or their model-wide
# permissions) in the admin would bypass the access policy.
admin.site.unregister(Group)


class PortalUserChangeForm(UserChangeForm):  # type: ignore[type-arg]
    def clean_groups(self) -> Any:
        groups = self.cleaned_data["groups"]
        clean_roles(groups)
        return groups


@admin.register(User)
class UserAdmin(DjangoUserAdmin):  # type: ignore[type-arg]
    form = PortalUserChangeForm
    list_display = ("username", "first_name", "last_name", "department", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "groups", "department")
    list_select_related = ("department",)
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


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code")
    search_fields = ("name", "code")
    prepopulated_fields = {"code": ("name",)}
