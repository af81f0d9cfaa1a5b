"""Meldingen in the admin: metadata only, and one action (reassigning the counsellor).

An administrator may move a case when its counsellor leaves, nothing more. The
admin shows no content, no reporter and not even whether a report is named or
anonymous. Messages, notes, attachments, summaries and the guardian permission
tables are not registered, so they cannot be read or edited here.
"""

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest

from apps.accounts.models import User

from . import policy, services
from .models import ENCRYPTED_REPORT_FIELDS, Report

# The only query parameters the changelist accepts: its filters and date drill-down.
# Django would otherwise allow `?reporter=<id>` or `?is_anonymous=1`, which would
# tell an administrator who reported.
ALLOWED_LOOKUP_FIELDS = frozenset({"category", "status", "counsellor", "created_at"})


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("category", "status", "created_at", "closed_at", "counsellor")
    list_filter = ("status", "category", ("counsellor", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("counsellor",)
    date_hierarchy = "created_at"
    fields = ("category", "status", "created_at", "closed_at", "counsellor")
    readonly_fields = ("category", "status", "created_at", "closed_at")
    actions = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Report]:
        # The admin never needs the content, so it never even decrypts it.
        return super().get_queryset(request).defer(*ENCRYPTED_REPORT_FIELDS, "receipt_code_hash")

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        return lookup.split("__", 1)[0] in ALLOWED_LOOKUP_FIELDS

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:  # type: ignore[type-arg]
        if db_field.name == "counsellor":
            kwargs["queryset"] = policy.counsellors()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Report, form: Any, change: bool) -> None:
        """Reassign through the service: permissions move, the case log and audit trail record it."""
        if not change or "counsellor" not in form.changed_data:
            return
        # The form already put the new counsellor on `obj`; the service needs the stored one.
        stored = Report.objects.defer(*ENCRYPTED_REPORT_FIELDS).select_related("counsellor").get(pk=obj.pk)
        actor = request.user if isinstance(request.user, User) else None
        services.report_reassign(actor=actor, report=stored, to_counsellor=form.cleaned_data["counsellor"])

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
