"""Agenda items: proposing, the item page with documents and (for the OR) the
voorbespreking, and the secretary's steps (edit, accept, order)."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from apps.core.access import access
from apps.core.form_actions import run_form
from apps.ondernemingsraad import policy, selectors, services
from apps.ondernemingsraad.forms import DocumentForm, ItemEditForm, ItemProposeForm, NoteForm
from apps.ondernemingsraad.models import AgendaItem

from ._common import OBJECT_PAGE, not_post, run_step


@access(OBJECT_PAGE)
@never_cache
def item_propose(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, meeting_access = policy.get_meeting(request.user, pk)
    policy.require(meeting_access.can_propose or meeting_access.can_manage)
    label = _("Add to the agenda") if meeting_access.can_manage else _("Propose item")
    form = ItemProposeForm(request.POST or None, submit_label=label)

    def run(data: dict[str, Any]) -> object:
        return services.item_propose(
            actor=request.user,  # type: ignore[arg-type]
            meeting=meeting,
            title=data["title"],
            explanation=data["explanation"],
            kind=data["kind"],
            duration_minutes=data["duration_minutes"],
            owner=data["owner"],
            accept=meeting_access.can_manage,
        )

    return run_form(
        request,
        form,
        run,
        done=_("The item has been added.")
        if meeting_access.can_manage
        else _("Your proposal has been sent to the secretary."),
        success_url=reverse("ondernemingsraad:meeting-detail", args=[meeting.pk]),
        show_again=lambda: render(
            request, "ondernemingsraad/item_form.html", {"form": form, "meeting": meeting, "item": None}
        ),
    )


def _item_page(
    request: HttpRequest, item: AgendaItem, access_: policy.ItemAccess, note_form: NoteForm | None = None
) -> HttpResponse:
    page = selectors.item_page(request.user, item, access_)
    if note_form is None and access_.can_prepare:
        note_form = NoteForm(action=reverse("ondernemingsraad:note-add", args=[item.pk]))
    context = {
        "item": item,
        "meeting": item.meeting,
        "access": access_,
        "page": page,
        "note_form": note_form,
        "today": timezone.localdate(),
    }
    return render(request, "ondernemingsraad/item_detail.html", context)


@access(OBJECT_PAGE)
@never_cache
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item, item_access = policy.get_item(request.user, pk)
    return _item_page(request, item, item_access)


def _managed_item(request: HttpRequest, pk: int) -> AgendaItem:
    item, item_access = policy.get_item(request.user, pk)
    policy.require(item_access.meeting.can_manage)
    return item


@access(OBJECT_PAGE)
@never_cache
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _managed_item(request, pk)
    form = ItemEditForm(request.POST or None, initial=ItemEditForm.initial_for(item))

    def run(data: dict[str, Any]) -> object:
        return services.item_update(
            actor=request.user,  # type: ignore[arg-type]
            item=item,
            title=data["title"],
            explanation=data["explanation"],
            kind=data["kind"],
            duration_minutes=data["duration_minutes"],
            owner=data["owner"],
            invited_hr=data["invited_hr"],
        )

    return run_form(
        request,
        form,
        run,
        done=_("The item has been saved."),
        success_url=reverse("ondernemingsraad:item-detail", args=[item.pk]),
        show_again=lambda: render(
            request, "ondernemingsraad/item_form.html", {"form": form, "meeting": item.meeting, "item": item}
        ),
    )


@access(OBJECT_PAGE)
@never_cache
def item_decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = _managed_item(request, pk)
    if refused := not_post(request):
        return refused
    decision = request.POST.get("decision")
    if decision not in ("accept", "decline"):
        messages.error(request, _("Choose to accept or decline the item."))
        return redirect("ondernemingsraad:meeting-detail", pk=item.meeting_id)
    accept = decision == "accept"
    return run_step(
        request,
        lambda: services.item_decide(actor=request.user, item=item, accept=accept),  # type: ignore[arg-type]
        _("The item is on the agenda.") if accept else _("The item has been declined."),
        "ondernemingsraad:meeting-detail",
        pk=item.meeting_id,
    )


@access(OBJECT_PAGE)
@never_cache
def item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = _managed_item(request, pk)
    if refused := not_post(request):
        return refused
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, _("Choose to move the item up or down."))
        return redirect("ondernemingsraad:meeting-detail", pk=item.meeting_id)
    return run_step(
        request,
        lambda: services.item_move(actor=request.user, item=item, up=direction == "up"),  # type: ignore[arg-type]
        _("The agenda order has been changed."),
        "ondernemingsraad:meeting-detail",
        pk=item.meeting_id,
    )


@access(OBJECT_PAGE)
@never_cache
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    item, item_access = policy.get_item(request.user, pk)
    if not item_access.can_prepare:
        raise Http404  # the voorbespreking does not exist for the bestuurder or HR
    if refused := not_post(request):
        return refused
    form = NoteForm(request.POST, action=reverse("ondernemingsraad:note-add", args=[item.pk]))

    def run(data: dict[str, Any]) -> object:
        return services.note_add(
            actor=request.user,  # type: ignore[arg-type]
            item=item,
            kind=data["kind"],
            body=data["body"],
        )

    return run_form(
        request,
        form,
        run,
        done=_("Your note has been saved."),
        success_url=reverse("ondernemingsraad:item-detail", args=[item.pk]),
        show_again=lambda: _item_page(request, item, item_access, note_form=form),
    )


@access(OBJECT_PAGE)
@never_cache
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    item, item_access = policy.get_item(request.user, pk)
    policy.require(item_access.meeting.can_upload)
    form = DocumentForm(request.POST or None, request.FILES or None)

    def run(data: dict[str, Any]) -> object:
        return services.document_add(
            actor=request.user,  # type: ignore[arg-type]
            item=item,
            title=data["title"],
            upload=data["file"],
        )

    return run_form(
        request,
        form,
        run,
        done=_("The document has been uploaded."),
        success_url=lambda document: reverse("ondernemingsraad:document-detail", args=[document.pk]),
        show_again=lambda: render(
            request, "ondernemingsraad/document_form.html", {"form": form, "item": item}
        ),
    )
