from typing import Any

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .audit_words import action_name, describe_for_admin, people_in
from .models import AuditEvent


def attach_people(events: list[AuditEvent]) -> None:
    """Give each event the names of the users its details mention, in one query."""
    ids = people_in(events)
    users = get_user_model().objects.in_bulk(ids) if ids else {}
    people = {pk: user.display_name for pk, user in users.items()}
    for event in events:
        event.people = people  # type: ignore[attr-defined]


class AuditChangeList(ChangeList):
    def get_results(self, request: HttpRequest) -> None:
        super().get_results(request)
        attach_people(list(self.result_list))


class ActionFilter(admin.SimpleListFilter):
    """Filter by what happened, by its name rather than its code."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        actions = AuditEvent.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((action, action_name(action)) for action in actions), key=lambda pair: pair[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the trail is written by services, never edited by hand.

    Rows are told in words (apps/core/audit_words.py) with the people they name; a row holds
    metadata only, so nothing here reads, let alone decrypts, a melding's content.
    """

    list_display = ("created_at", "actor", "event", "target")
    list_filter = (ActionFilter, ("actor", admin.RelatedOnlyFieldListFilter), "target_type")
    list_select_related = ("actor",)
    date_hierarchy = "created_at"
    fields = ("created_at", "actor", "event", "target", "action")
    readonly_fields = fields

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return AuditChangeList

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        event = super().get_object(request, object_id, from_field)
        if event is not None:
            attach_people([event])
        return event

    @admin.display(description=_("what happened"))
    def event(self, event: AuditEvent) -> str:
        return describe_for_admin(event, getattr(event, "people", {}))

    @admin.display(description=_("object"), ordering="target_type")
    def target(self, event: AuditEvent) -> str:
        return f"{event.target_type} #{event.target_id}"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
