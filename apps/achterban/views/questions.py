"""Questions and suggestions to the OR: the asker's pages, the public Q&A, the OR's inbox.

An anonymous question is confirmed in the response to the POST itself: no redirect,
no flash message in the session, nothing that could tie it to the account later.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from apps.achterban import policy, selectors, services
from apps.achterban.forms import AnswerForm, AssignForm, QuestionForm
from apps.achterban.models import ConstituencyQuestion, QuestionStatus
from apps.achterban.views.common import EMPLOYEE, WORKS_COUNCIL, paginate
from apps.core.access import access
from apps.core.form_actions import run_form

SUBMISSION_MEMORY_SECONDS = 60 * 60

# --- the asker ------------------------------------------------------------------------------


@access(EMPLOYEE)
@never_cache
def question_list(request: HttpRequest) -> HttpResponse:
    questions = selectors.questions_of_asker(request.user)
    return render(request, "achterban/question_list.html", {"page": paginate(request, questions)})


@access(EMPLOYEE)
@never_cache
def question_create(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = QuestionForm(request.POST) if posted else QuestionForm()
    if posted and form.is_valid():
        question = _ask(request, form)
        if question is not None and question.is_anonymous:
            return render(request, "achterban/question_sent.html")
        if question is not None:
            messages.success(request, _("Your question has been sent to the works council."))
            return redirect("achterban:question-detail", pk=question.pk)
    return render(request, "achterban/question_create.html", {"form": form})


def _ask(request: HttpRequest, form: QuestionForm) -> ConstituencyQuestion | None:
    """Send the question once: a reloaded or double-clicked form adds no second question."""
    data = form.cleaned_data
    once = "achterban:asked:" + hashlib.sha256(data["submission"].encode()).hexdigest()
    if data["submission"] and not cache.add(once, True, SUBMISSION_MEMORY_SECONDS):
        form.add_error(None, _("This question has already been sent; it was not sent a second time."))
        return None
    try:
        return services.question_ask(
            actor=request.user,  # type: ignore[arg-type]
            subject=data["subject"],
            text=data["text"],
            anonymous=data["anonymous"],
            may_publish=data["may_publish"],
        )
    except ValidationError as error:
        cache.delete(once)
        form.add_error(None, error.messages)
        return None


@access(EMPLOYEE)
@never_cache
def question_detail(request: HttpRequest, pk: UUID) -> HttpResponse:
    question = policy.get_question_for_asker(request.user, pk)
    return render(request, "achterban/question_detail.html", {"question": question})


@access(EMPLOYEE)
def qa_list(request: HttpRequest) -> HttpResponse:
    questions = selectors.published_qa(request.user)
    return render(request, "achterban/qa_list.html", {"page": paginate(request, questions)})


# --- the works council's inbox ----------------------------------------------------------------


@access(WORKS_COUNCIL)
@never_cache
def question_inbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in QuestionStatus.values:
        status = ""
    questions = selectors.question_inbox(request.user, status or None)
    context = {"page": paginate(request, questions), "status": status, "statuses": QuestionStatus.choices}
    return render(request, "achterban/question_inbox.html", context)


def _manage_forms(question: ConstituencyQuestion, bound: Any = None) -> dict[str, Any]:
    assign = AssignForm(
        action=reverse("achterban:question-assign", args=[question.pk]),
        initial={"assignee": question.assignee_id},
    )
    answer = AnswerForm(
        action=reverse("achterban:question-answer", args=[question.pk]),
        initial={"answer": question.answer},
    )
    forms = {"assign": assign, "answer": answer}
    for name, form in forms.items():
        if type(bound) is type(form):
            forms[name] = bound
    return forms


def _render_manage(request: HttpRequest, question: ConstituencyQuestion, bound: Any = None) -> HttpResponse:
    context = {
        "question": question,
        "forms": _manage_forms(question, bound),
        "can_publish": policy.can_publish_question(request.user, question),
        "is_handled": question.status == QuestionStatus.HANDLED,
    }
    return render(request, "achterban/question_manage.html", context)


@access(WORKS_COUNCIL)
@never_cache
def question_manage(request: HttpRequest, pk: UUID) -> HttpResponse:
    question = policy.get_question_for_works_council(request.user, pk)
    return _render_manage(request, question)


Action = Callable[[HttpRequest, ConstituencyQuestion], HttpResponse]


def _question_post(action: Action) -> Callable[..., HttpResponseBase]:
    """A POST-only action on a question in the inbox: 404 first, then 405 for other methods."""

    @wraps(action)
    def view(request: HttpRequest, pk: UUID) -> HttpResponse:
        question = policy.get_question_for_works_council(request.user, pk)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return action(request, question)

    return access(WORKS_COUNCIL)(never_cache(view))


def _done(request: HttpRequest, question: ConstituencyQuestion, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("achterban:question-manage", pk=question.pk)


@_question_post
def question_assign(request: HttpRequest, question: ConstituencyQuestion) -> HttpResponse:
    form = AssignForm(request.POST, action=reverse("achterban:question-assign", args=[question.pk]))
    return run_form(
        request,
        form,
        lambda data: services.question_assign(
            actor=request.user,  # type: ignore[arg-type]
            question=question,
            assignee=data["assignee"],
        ),
        done=_("The question has been assigned."),
        success_url=reverse("achterban:question-manage", args=[question.pk]),
        show_again=lambda: _render_manage(request, question, form),
        error_field="assignee",
    )


@_question_post
def question_answer(request: HttpRequest, question: ConstituencyQuestion) -> HttpResponse:
    form = AnswerForm(request.POST, action=reverse("achterban:question-answer", args=[question.pk]))
    return run_form(
        request,
        form,
        lambda data: services.question_answer(
            actor=request.user,  # type: ignore[arg-type]
            question=question,
            answer=data["answer"],
        ),
        done=_("The answer has been saved."),
        success_url=reverse("achterban:question-manage", args=[question.pk]),
        show_again=lambda: _render_manage(request, question, form),
        error_field="answer",
    )


def _flag(request: HttpRequest, name: str) -> bool:
    return request.POST.get(name) == "1"


@_question_post
def question_handle(request: HttpRequest, question: ConstituencyQuestion) -> HttpResponse:
    handled = _flag(request, "handled")
    services.question_set_handled(actor=request.user, question=question, handled=handled)  # type: ignore[arg-type]
    message = _("The question is marked as handled.") if handled else _("The question is open again.")
    return _done(request, question, message)


@_question_post
def question_publish(request: HttpRequest, question: ConstituencyQuestion) -> HttpResponse:
    publish = _flag(request, "publish")
    try:
        services.question_publish(actor=request.user, question=question, publish=publish)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("achterban:question-manage", pk=question.pk)
    message = (
        _("The question and its answer are published on the Q&A page, without the asker's name.")
        if publish
        else _("The question has been taken off the Q&A page.")
    )
    return _done(request, question, message)
