"""Meetings: the list, planning, the meeting page with its agenda, the status steps,
the minutes and the printable packet."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from apps.core.access import access
from apps.core.form_actions import run_form
from apps.ondernemingsraad import policy, selectors, services
from apps.ondernemingsraad.forms import ActionForm, DecisionForm, HeldForm, MeetingForm, MinutesForm
from apps.ondernemingsraad.models import ActionStatus, ItemState, Meeting, MeetingKind, MeetingStatus

from ._common import OBJECT_PAGE, PLANNERS, not_post, paginate, run_step


@access(OBJECT_PAGE)
@never_cache
def meeting_list(request: HttpRequest) -> HttpResponse:
    when = request.GET.get("when")
    when = selectors.PAST if when == selectors.PAST else selectors.UPCOMING
    context = {
        "page": paginate(request, selectors.meeting_list(request.user, when)),
        "when": when,
        "UPCOMING": selectors.UPCOMING,
        "PAST": selectors.PAST,
        "invited_items": list(selectors.invited_item_list(request.user)[:50]),
        "can_create": bool(policy.creatable_kinds(request.user)),
    }
    return render(request, "ondernemingsraad/meeting_list.html", context)


def _meeting_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data.get(name) for name in services.MEETING_FIELDS} | {
        "location": data.get("location") or "",
        "online_link": data.get("online_link") or "",
    }


@access(PLANNERS)
@never_cache
def meeting_create(request: HttpRequest) -> HttpResponse:
    kinds = policy.creatable_kinds(request.user)
    proposed = selectors.proposed_chair(MeetingKind.CONSULTATION)
    form = MeetingForm(request.POST or None, kinds=kinds, submit_label=_("Plan meeting"))

    def run(data: dict[str, Any]) -> Meeting:
        fields = _meeting_fields(data)
        fields["chair"] = fields["chair"] or selectors.proposed_chair(data["kind"])
        fields["secretary"] = fields["secretary"] or selectors.default_secretary()
        return services.meeting_create(actor=request.user, kind=data["kind"], **fields)  # type: ignore[arg-type]

    return run_form(
        request,
        form,
        run,
        done=_("The meeting has been planned."),
        success_url=lambda meeting: reverse("ondernemingsraad:meeting-detail", args=[meeting.pk]),
        show_again=lambda: render(
            request,
            "ondernemingsraad/meeting_form.html",
            {"form": form, "proposed_chair": proposed, "meeting": None},
        ),
    )


def _notice_warning(meeting: Meeting) -> bool:
    """Art. 14 WOR: an OR-intern agenda fixed (or still open) within 7 days of the meeting."""
    if meeting.kind != MeetingKind.INTERNAL:
        return False
    if meeting.agenda_fixed_at is not None:
        return meeting.agenda_late()
    return meeting.agenda_is_open and meeting.agenda_late(at=timezone.now())


@access(OBJECT_PAGE)
@never_cache
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, meeting_access = policy.get_meeting(request.user, pk)
    agenda = selectors.meeting_agenda(request.user, meeting, meeting_access)
    context: dict[str, Any] = {
        "meeting": meeting,
        "access": meeting_access,
        "agenda": agenda,
        "notice_warning": _notice_warning(meeting),
        "notice_deadline": meeting.notice_deadline,
        "Status": MeetingStatus,
        "action_statuses": ActionStatus.choices,
        "can_publish": meeting_access.can_manage
        and meeting.status
        == (
            MeetingStatus.APPROVED_BY_EXECUTIVE
            if meeting.is_consultation
            else MeetingStatus.APPROVED_BY_COUNCIL
        ),
        "can_approve_council": meeting_access.can_approve_council
        and meeting.status == MeetingStatus.DRAFT_MINUTES,
        "can_approve_executive": meeting_access.can_approve_executive
        and meeting.status == MeetingStatus.APPROVED_BY_COUNCIL,
    }
    if meeting_access.can_manage:
        context["action_form"] = _action_form(meeting)
        context["decision_form"] = _decision_form(meeting)
        context["held_form"] = HeldForm()
    return render(request, "ondernemingsraad/meeting_detail.html", context)


def _action_form(meeting: Meeting, data: Any = None) -> ActionForm:
    return ActionForm(
        data,
        items=meeting.items.filter(state=ItemState.ACCEPTED).order_by("position"),
        people=selectors.meeting_people(meeting),
        action=reverse("ondernemingsraad:action-create", args=[meeting.pk]),
    )


def _decision_form(meeting: Meeting, data: Any = None) -> DecisionForm:
    return DecisionForm(
        data,
        items=meeting.items.filter(state=ItemState.ACCEPTED).order_by("position"),
        action=reverse("ondernemingsraad:decision-create", args=[meeting.pk]),
    )


def _manage(request: HttpRequest, pk: int) -> Meeting:
    meeting, meeting_access = policy.get_meeting(request.user, pk)
    policy.require(meeting_access.can_manage)
    return meeting


@access(OBJECT_PAGE)
@never_cache
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manage(request, pk)
    people = selectors.meeting_people(meeting) if meeting.kind == MeetingKind.COMMITTEE else None
    initial = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    form = MeetingForm(request.POST or None, initial=initial, people=people)
    if meeting.kind != MeetingKind.COMMITTEE:
        secretary: Any = form.fields["secretary"]
        secretary.queryset = policy.council_members()
    return run_form(
        request,
        form,
        lambda data: services.meeting_update(actor=request.user, meeting=meeting, **_meeting_fields(data)),  # type: ignore[arg-type]
        done=_("The meeting has been saved."),
        success_url=reverse("ondernemingsraad:meeting-detail", args=[meeting.pk]),
        show_again=lambda: render(
            request, "ondernemingsraad/meeting_form.html", {"form": form, "meeting": meeting}
        ),
    )


@access(OBJECT_PAGE)
@never_cache
def meeting_packet(request: HttpRequest, pk: int) -> HttpResponse:
    """Agenda and documents as one printable page; never preparation notes."""
    meeting, meeting_access = policy.get_meeting(request.user, pk)
    agenda = selectors.meeting_agenda(request.user, meeting, policy.MeetingAccess(can_view=True))
    return render(
        request,
        "ondernemingsraad/meeting_packet.html",
        {"meeting": meeting, "agenda": agenda, "today": timezone.localdate()},
    )


@access(OBJECT_PAGE)
@never_cache
def meeting_open(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manage(request, pk)
    return not_post(request) or run_step(
        request,
        lambda: services.meeting_open_agenda(actor=request.user, meeting=meeting),  # type: ignore[arg-type]
        _("The agenda is open for proposals."),
        "ondernemingsraad:meeting-detail",
        pk=meeting.pk,
    )


@access(OBJECT_PAGE)
@never_cache
def meeting_fix(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manage(request, pk)
    if refused := not_post(request):
        return refused
    try:
        late = services.meeting_fix_agenda(actor=request.user, meeting=meeting)  # type: ignore[arg-type]
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The agenda has been fixed; the participants get an e-mail with a link."))
        if late:
            messages.warning(
                request,
                _("This agenda went out less than 7 days before the meeting (art. 14 WOR)."),
            )
    return redirect("ondernemingsraad:meeting-detail", pk=meeting.pk)


@access(OBJECT_PAGE)
@never_cache
def meeting_held(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manage(request, pk)
    if refused := not_post(request):
        return refused
    form = HeldForm(request.POST)
    suspended = bool(form.is_valid() and form.cleaned_data["suspended"])
    return run_step(
        request,
        lambda: services.meeting_mark_held(actor=request.user, meeting=meeting, suspended=suspended),  # type: ignore[arg-type]
        _("The meeting has been marked as held."),
        "ondernemingsraad:meeting-detail",
        pk=meeting.pk,
    )


# --- minutes --------------------------------------------------------------------------


@access(OBJECT_PAGE)
@never_cache
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manage(request, pk)
    existing = getattr(meeting, "minutes", None)
    form = MinutesForm(request.POST or None, initial={"text": existing.text if existing else ""})
    return run_form(
        request,
        form,
        lambda data: services.minutes_save(actor=request.user, meeting=meeting, text=data["text"]),  # type: ignore[arg-type]
        done=_("The draft minutes have been saved."),
        success_url=reverse("ondernemingsraad:meeting-detail", args=[meeting.pk]),
        show_again=lambda: render(
            request, "ondernemingsraad/minutes_form.html", {"form": form, "meeting": meeting}
        ),
    )


@access(OBJECT_PAGE)
@never_cache
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting, meeting_access = policy.get_meeting(request.user, pk)
    policy.require(meeting_access.can_approve_council or meeting_access.can_approve_executive)
    if refused := not_post(request):
        return refused
    side = request.POST.get("side")
    if side == services.EXECUTIVE:
        policy.require(meeting_access.can_approve_executive)
    else:
        policy.require(meeting_access.can_approve_council)
        side = services.COUNCIL
    return run_step(
        request,
        lambda: services.minutes_approve(actor=request.user, meeting=meeting, side=side),  # type: ignore[arg-type]
        _("You approved the minutes."),
        "ondernemingsraad:meeting-detail",
        pk=meeting.pk,
    )


@access(OBJECT_PAGE)
@never_cache
def minutes_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manage(request, pk)
    return not_post(request) or run_step(
        request,
        lambda: services.minutes_publish(actor=request.user, meeting=meeting),  # type: ignore[arg-type]
        _("The minutes have been published to all employees."),
        "ondernemingsraad:meeting-detail",
        pk=meeting.pk,
    )


# --- actions and decisions ------------------------------------------------------------


@access(OBJECT_PAGE)
@never_cache
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manage(request, pk)
    if refused := not_post(request):
        return refused
    form = _action_form(meeting, request.POST)

    def run(data: dict[str, Any]) -> object:
        return services.action_add(
            actor=request.user,  # type: ignore[arg-type]
            meeting=meeting,
            what=data["what"],
            owner=data["owner"],
            due_date=data["due_date"],
            item=data["item"],
        )

    return run_form(
        request,
        form,
        run,
        done=_("The action has been added."),
        success_url=reverse("ondernemingsraad:meeting-detail", args=[meeting.pk]),
        show_again=lambda: _form_page(request, meeting, form, _("Add action")),
    )


@access(OBJECT_PAGE)
@never_cache
def decision_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _manage(request, pk)
    if refused := not_post(request):
        return refused
    form = _decision_form(meeting, request.POST)

    def run(data: dict[str, Any]) -> object:
        return services.decision_add(
            actor=request.user,  # type: ignore[arg-type]
            meeting=meeting,
            text=data["text"],
            item=data["item"],
        )

    return run_form(
        request,
        form,
        run,
        done=_("The decision has been added."),
        success_url=reverse("ondernemingsraad:meeting-detail", args=[meeting.pk]),
        show_again=lambda: _form_page(request, meeting, form, _("Add decision")),
    )


def _form_page(request: HttpRequest, meeting: Meeting, form: Any, heading: str) -> HttpResponse:
    """A form that failed, on its own page with the user's input kept."""
    return render(
        request,
        "ondernemingsraad/meeting_subform.html",
        {"meeting": meeting, "form": form, "heading": heading},
    )
