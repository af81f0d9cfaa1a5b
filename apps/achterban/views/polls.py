"""Polls (achterbanraadplegingen): answering and results for employees, preparing for the OR."""

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apps.achterban import policy, selectors, services
from apps.achterban.forms import PollAnswerForm, PollForm, PollQuestionForm
from apps.achterban.models import ConstituencyPoll, PollState
from apps.achterban.views.common import EMPLOYEE, EMPLOYEE_OR_WORKS_COUNCIL, WORKS_COUNCIL, paginate
from apps.core.access import access
from apps.core.form_actions import run_form

# --- employees --------------------------------------------------------------------------


@access(EMPLOYEE)
@never_cache
def poll_list(request: HttpRequest) -> HttpResponse:
    polls = selectors.polls_for_respondent(request.user)
    return render(request, "achterban/poll_list.html", {"page": paginate(request, polls)})


@access(EMPLOYEE)
@never_cache
def poll_answer(request: HttpRequest, pk: UUID) -> HttpResponse:
    poll = policy.get_poll_for_respondent(request.user, pk)
    if poll.is_closed:
        return redirect("achterban:poll-results", pk=poll.pk)
    if policy.has_taken_part(request.user, poll):
        return render(request, "achterban/poll_answered.html", {"poll": poll})
    questions = selectors.poll_questions(poll)
    posted = request.method == "POST"
    form = PollAnswerForm(request.POST if posted else None, questions=questions)
    if posted and form.is_valid():
        try:
            services.poll_answer_submit(respondent=request.user, poll=poll, answers=form.answers())  # type: ignore[arg-type]
        except ValidationError as error:
            if error.code == "already_answered":
                return render(request, "achterban/poll_answered.html", {"poll": poll})
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Thank you: your answers have been recorded, without your name."))
            return redirect("achterban:poll-list")
    return render(request, "achterban/poll_answer.html", {"poll": poll, "form": form})


@access(EMPLOYEE_OR_WORKS_COUNCIL)
@never_cache
def poll_results(request: HttpRequest, pk: UUID) -> HttpResponse:
    poll = policy.get_poll_for_results(request.user, pk)
    context = {
        "poll": poll,
        "results": selectors.poll_results(poll),
        "is_works_council": policy.is_works_council_member(request.user),
    }
    return render(request, "achterban/poll_results.html", context)


# --- the works council ----------------------------------------------------------------------


@access(WORKS_COUNCIL)
@never_cache
def poll_manage_list(request: HttpRequest) -> HttpResponse:
    polls = selectors.polls_for_works_council(request.user)
    return render(request, "achterban/poll_manage_list.html", {"page": paginate(request, polls)})


def _poll_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["title"],
        "introduction": data["introduction"],
        "opens_at": data["opens_at"],
        "closes_at": data["closes_at"],
        "for_everyone": data["for_everyone"],
        "departments": data["departments"],
    }


@access(WORKS_COUNCIL)
@never_cache
def poll_create(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = PollForm(request.POST if posted else None)
    return run_form(
        request,
        form,
        lambda data: services.poll_create(actor=request.user, **_poll_fields(data)),  # type: ignore[arg-type]
        done=_("The draft poll has been saved. Now add its questions."),
        success_url=lambda poll: reverse("achterban:poll-manage", args=[poll.pk]),
        show_again=lambda: render(request, "achterban/poll_form.html", {"form": form, "poll": None}),
    )


@access(WORKS_COUNCIL)
@never_cache
def poll_edit(request: HttpRequest, pk: UUID) -> HttpResponse:
    poll = policy.get_poll_for_works_council(request.user, pk)
    if not policy.can_edit_poll(request.user, poll):
        raise PermissionDenied
    posted = request.method == "POST"
    initial = {
        "title": poll.title,
        "introduction": poll.introduction,
        "opens_at": poll.opens_at,
        "closes_at": poll.closes_at,
        "for_everyone": poll.for_everyone,
        "departments": list(poll.departments.all()),
    }
    form = PollForm(request.POST if posted else None, initial=initial)
    return run_form(
        request,
        form,
        lambda data: services.poll_update(actor=request.user, poll=poll, **_poll_fields(data)),  # type: ignore[arg-type]
        done=_("The poll has been saved."),
        success_url=reverse("achterban:poll-manage", args=[poll.pk]),
        show_again=lambda: render(request, "achterban/poll_form.html", {"form": form, "poll": poll}),
    )


def _render_manage(request: HttpRequest, poll: ConstituencyPoll, question_form: Any = None) -> HttpResponse:
    can_edit = policy.can_edit_poll(request.user, poll)
    if question_form is None and can_edit:
        question_form = PollQuestionForm(action=reverse("achterban:poll-question-add", args=[poll.pk]))
    context = {
        "poll": poll,
        "questions": selectors.poll_questions(poll),
        "departments": list(poll.departments.all()),
        "participants": poll.responses.count(),
        "can_edit": can_edit,
        "question_form": question_form,
        "show_results": poll.state == PollState.CLOSED,
    }
    return render(request, "achterban/poll_manage.html", context)


@access(WORKS_COUNCIL)
@never_cache
def poll_manage(request: HttpRequest, pk: UUID) -> HttpResponse:
    poll = policy.get_poll_for_works_council(request.user, pk)
    return _render_manage(request, poll)


def _draft_for_action(request: HttpRequest, pk: UUID) -> ConstituencyPoll:
    poll = policy.get_poll_for_works_council(request.user, pk)
    if not policy.can_edit_poll(request.user, poll):
        raise PermissionDenied
    return poll


@access(WORKS_COUNCIL)
@require_POST
@never_cache
def poll_question_add(request: HttpRequest, pk: UUID) -> HttpResponse:
    poll = _draft_for_action(request, pk)
    form = PollQuestionForm(request.POST, action=reverse("achterban:poll-question-add", args=[poll.pk]))
    return run_form(
        request,
        form,
        lambda data: services.poll_question_add(actor=request.user, poll=poll, **data),  # type: ignore[arg-type]
        done=_("The question has been added."),
        success_url=reverse("achterban:poll-manage", args=[poll.pk]),
        show_again=lambda: _render_manage(request, poll, form),
    )


@access(WORKS_COUNCIL)
@require_POST
@never_cache
def poll_question_remove(request: HttpRequest, pk: UUID) -> HttpResponse:
    poll = _draft_for_action(request, pk)
    chosen = request.POST.get("question", "")
    question = poll.questions.filter(pk=int(chosen)).first() if chosen.isdecimal() else None
    if question is None:
        messages.error(request, _("That question was not found in this poll."))
    else:
        services.poll_question_remove(actor=request.user, poll=poll, question=question)  # type: ignore[arg-type]
        messages.success(request, _("The question has been removed."))
    return redirect("achterban:poll-manage", pk=poll.pk)


@access(WORKS_COUNCIL)
@require_POST
@never_cache
def poll_publish(request: HttpRequest, pk: UUID) -> HttpResponse:
    poll = _draft_for_action(request, pk)
    try:
        services.poll_publish(actor=request.user, poll=poll)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The poll is published. Its audience can answer it from its opening moment.")
        )
    return redirect("achterban:poll-manage", pk=poll.pk)
