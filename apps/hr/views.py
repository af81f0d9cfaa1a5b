"""Pages for policies: the library for every employee, and the drafts for HR (and the
people a draft is shared with). Each page starts by asking the policy for the object:
404 for anyone who may not see it, 403 for who sees it but may not act."""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apps.accounts.models import User
from apps.accounts.roles import WORKS_COUNCIL_ROLES, Role
from apps.core.access import access, role
from apps.core.form_actions import run_form

from . import policy, selectors, services
from .forms import CommentForm, PolicyForm, PublishForm, ShareForm, TransitionForm, initial_from
from .models import Policy
from .redline import redline

EMPLOYEES = role(Role.EMPLOYEE)
HR = role(Role.HR)
# Drafts: HR, and the OR and the executive when a draft is shared or submitted to them.
DRAFT_READERS = role(Role.HR, Role.EXECUTIVE, *WORKS_COUNCIL_ROLES)
PAGE_SIZE = 25


def _actor(request: HttpRequest) -> User:
    """The signed-in user: every view here admits only users with a role."""
    return cast(User, request.user)


# --- the library ---------------------------------------------------------------------------------


@access(EMPLOYEES)
def library_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.library_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "hr/library_list.html", {"page": page})


@access(EMPLOYEES)
def library_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.library_get(policy.get_published_version(pk), request.user)
    return render(request, "hr/library_detail.html", {"version": version})


@access(EMPLOYEES)
@require_POST
def library_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    version = policy.get_published_version(pk)
    try:
        services.read_confirm(user=_actor(request), version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Thank you: you confirmed that you have read this policy."))
    return redirect("hr:library-detail", pk=pk)


# --- drafts --------------------------------------------------------------------------------------


@access(DRAFT_READERS)
@never_cache
def draft_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.draft_list(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "hr/draft_list.html", {"page": page, "is_hr": policy.is_hr(request.user)})


@access(HR)
@never_cache
def draft_create(request: HttpRequest) -> HttpResponse:
    form = PolicyForm(request.POST or None, submit_label=_("Save the first version"))
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.policy_create(actor=_actor(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_error("change_summary" if error.code == "summary" else None, error)
        else:
            messages.success(request, _("The draft and its first version have been saved."))
            return redirect("hr:draft-detail", pk=draft.pk)
    return render(request, "hr/draft_form.html", {"form": form, "draft": None})


FORM_NAMES = ("comment", "transition", "share", "publish")


def _forms(request: HttpRequest, draft: Policy, file: selectors.DraftFile) -> dict[str, Any]:

    def url(name: str) -> str:
        return reverse(f"hr:draft-{name}", args=[draft.pk])

    return {
        "comment": CommentForm(action=url("comment")),
        "transition": TransitionForm(choices=services.allowed_transitions(draft), action=url("transition")),
        "share": ShareForm(action=url("share")),
        "publish": PublishForm(
            numbers=[v.number for v in file.versions if not v.published_at], action=url("publish")
        ),
    }


def _render_draft(request: HttpRequest, draft: Policy, bound: tuple[str, Any] | None = None) -> HttpResponse:
    file = selectors.draft_get(draft, request.user)
    forms = _forms(request, draft, file)
    if bound is not None:
        forms[bound[0]] = bound[1]
    can_change = policy.can_change_draft(request.user, draft)
    context = {
        "file": file,
        "draft": draft,
        "forms": forms,
        "can_change": can_change,
        "can_comment": policy.can_comment_draft(request.user, draft),
        "can_edit_text": can_change and draft.state in services.EDITABLE_STATES,
        "is_hr": policy.is_hr(request.user),
    }
    return render(request, "hr/draft_detail.html", context)


@access(DRAFT_READERS)
@never_cache
def draft_detail(request: HttpRequest, pk: int) -> HttpResponse:
    draft = policy.get_draft_for_view(request.user, pk)
    return _render_draft(request, draft)


@access(HR)
@never_cache
def draft_version_create(request: HttpRequest, pk: int) -> HttpResponse:
    draft = policy.get_draft_for_change(request.user, pk)
    latest = draft.versions.order_by("-number").first()
    initial = initial_from(latest) if latest else {}
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_save(actor=_actor(request), policy=draft, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("change_summary" if error.code == "summary" else None, error)
        else:
            messages.success(request, _("Version %(number)s has been saved.") % {"number": version.number})
            return redirect("hr:draft-detail", pk=draft.pk)
    return render(request, "hr/draft_form.html", {"form": form, "draft": draft})


@access(DRAFT_READERS)
@never_cache
def draft_version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    draft = policy.get_draft_for_view(request.user, pk)
    version = policy.get_version_of(draft, number)
    return render(request, "hr/version_detail.html", {"draft": draft, "version": version})


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() else None  # isdigit() passes "²", int() refuses it


@access(DRAFT_READERS)
@never_cache
def draft_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """A redline between any two versions (?a=1&b=2; by default the last two)."""
    draft = policy.get_draft_for_view(request.user, pk)
    numbers = list(draft.versions.order_by("number").values_list("number", flat=True))
    a = _number(request.GET.get("a"))
    b = _number(request.GET.get("b"))
    if a not in numbers or b not in numbers:
        a, b = (numbers[-2], numbers[-1]) if len(numbers) > 1 else (numbers[0], numbers[0])
    old, new = policy.get_version_of(draft, a), policy.get_version_of(draft, b)
    context = {
        "draft": draft,
        "numbers": numbers,
        "old": old,
        "new": new,
        "title_diff": redline(old.title, new.title),
        "text_diff": redline(old.text, new.text),
    }
    return render(request, "hr/version_compare.html", context)


DraftAction = Callable[[dict[str, Any]], object]


def _act(
    request: HttpRequest, draft: Policy, name: str, form: Any, run: DraftAction, done: str
) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return run_form(
        request,
        form,
        run,
        done=done,
        success_url=reverse("hr:draft-detail", args=[draft.pk]),
        show_again=lambda: _render_draft(request, draft, (name, form)),
    )


@access(DRAFT_READERS)
@never_cache
def draft_comment(request: HttpRequest, pk: int) -> HttpResponse:
    draft = policy.get_draft_for_comment(request.user, pk)
    form = CommentForm(request.POST, action=reverse("hr:draft-comment", args=[pk]))

    def run(data: dict[str, Any]) -> object:
        return services.comment_add(actor=_actor(request), policy=draft, body=data["body"])

    return _act(request, draft, "comment", form, run, _("Your comment has been added."))


@access(HR)
@never_cache
def draft_transition(request: HttpRequest, pk: int) -> HttpResponse:
    draft = policy.get_draft_for_change(request.user, pk)
    form = TransitionForm(
        request.POST,
        choices=services.allowed_transitions(draft),
        action=reverse("hr:draft-transition", args=[pk]),
    )

    def run(data: dict[str, Any]) -> object:
        return services.policy_transition(actor=_actor(request), policy=draft, to_state=data["to_state"])

    return _act(request, draft, "transition", form, run, _("The state has been changed."))


@access(HR)
@never_cache
def draft_share(request: HttpRequest, pk: int) -> HttpResponse:
    draft = policy.get_draft_for_change(request.user, pk)
    form = ShareForm(request.POST, action=reverse("hr:draft-share", args=[pk]))

    def run(data: dict[str, Any]) -> object:
        return services.policy_share(actor=_actor(request), policy=draft, member=data["member"])

    return _act(request, draft, "share", form, run, _("The draft has been shared."))


@access(HR)
@never_cache
def draft_publish(request: HttpRequest, pk: int) -> HttpResponse:
    draft = policy.get_draft_for_change(request.user, pk)
    numbers = list(draft.versions.filter(published_at__isnull=True).values_list("number", flat=True))
    form = PublishForm(request.POST, numbers=numbers, action=reverse("hr:draft-publish", args=[pk]))

    def run(data: dict[str, Any]) -> object:
        version = policy.get_version_of(draft, data["number"])
        return services.version_publish(
            actor=_actor(request),
            version=version,
            exemption_reason=data["exemption_reason"],
        )

    return _act(request, draft, "publish", form, run, _("The version has been published for every employee."))


@access(HR)
@never_cache
def draft_read_request(request: HttpRequest, pk: int) -> HttpResponse:
    draft = policy.get_draft_for_change(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.read_confirmation_request(actor=_actor(request), policy=draft)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Employees are now asked to confirm that they have read this policy."))
    return redirect("hr:draft-detail", pk=pk)
