"""Reads for the achterban pages, built on the policy's querysets; query counts stay flat.

`poll_results(poll)` returns plain dataclasses (`dataclasses.asdict` turns them into
JSON-ready dicts), so results can be attached elsewhere, e.g. to an advice request.
"""

import secrets
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from apps.accounts.models import Department

from . import conf, policy, services
from .models import (
    ConstituencyPoll,
    ConstituencyQuestion,
    NewsItem,
    PollAnswer,
    PollParticipation,
    PollQuestion,
    PollResponse,
    PollState,
    QuestionKind,
    QuestionStatus,
)

HOME_NEWS_COUNT = 5

# --- questions --------------------------------------------------------------------------


def question_inbox(user: Any, status: str | None) -> QuerySet[ConstituencyQuestion]:
    """The OR's shared inbox, newest first; an unknown status shows everything."""
    questions = policy.questions_for_works_council(user)
    if status in QuestionStatus.values:
        questions = questions.filter(status=status)
    return questions.select_related("assignee").defer("text", "answer").order_by("-asked_on", "subject")


def questions_of_asker(user: Any) -> QuerySet[ConstituencyQuestion]:
    return policy.questions_asked_by(user).defer("text", "answer").order_by("-asked_on", "subject")


def published_qa(user: Any) -> QuerySet[ConstituencyQuestion]:
    """The public Q&A, without any trace of who asked."""
    return (
        policy.published_questions(user)
        .only("id", "subject", "text", "answer", "published_at")
        .order_by("-published_at")
    )


# --- polls ------------------------------------------------------------------------------


def polls_for_respondent(user: Any) -> QuerySet[ConstituencyPoll]:
    """The user's polls, newest first, each marked with whether they took part."""
    taken = PollParticipation.objects.filter(poll=OuterRef("pk"), user_id=user.pk)
    return (
        policy.polls_visible_to(user)
        .annotate(has_taken_part=Exists(taken))
        .defer("introduction")
        .order_by("-opens_at", "title")
    )


def _count_of(model: Any) -> Coalesce:
    """The number of `model` rows of each poll, as a subquery (no join between the two counts)."""
    rows = model.objects.filter(poll=OuterRef("pk")).order_by().values("poll").annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n")), 0)


def polls_for_works_council(user: Any) -> QuerySet[ConstituencyPoll]:
    return (
        policy.polls_for_works_council(user)
        .annotate(
            participant_count=_count_of(PollResponse),
            question_count=_count_of(PollQuestion),
        )
        .defer("introduction")
        .prefetch_related("departments")
        .order_by("-created_at")
    )


def poll_questions(poll: ConstituencyPoll) -> list[PollQuestion]:
    """The poll's questions with their options, in two queries."""
    return list(poll.questions.prefetch_related("options"))


@dataclass(frozen=True)
class OptionResult:
    label: str
    count: int
    percentage: float  # of the respondents who answered the question


@dataclass(frozen=True)
class QuestionResult:
    question_id: int
    text: str
    kind: str
    kind_label: str
    answered: int
    options: list[OptionResult] = field(default_factory=list)  # single/multiple choice
    scale: list[OptionResult] = field(default_factory=list)  # one row per scale value
    average: float | None = None
    scale_min_label: str = ""
    scale_max_label: str = ""
    open_answers: list[str] = field(default_factory=list)  # shuffled; empty when too few respondents
    open_answers_hidden: bool = False


@dataclass(frozen=True)
class DepartmentResult:
    department_id: int
    name: str
    suppressed: bool  # small-number rule: no figures at all
    respondents: int | None = None
    questions: list[QuestionResult] = field(default_factory=list)


@dataclass(frozen=True)
class PollResults:
    poll_id: str
    title: str
    closes_at: str
    respondents: int
    minimum_group: int
    questions: list[QuestionResult]
    departments: list[DepartmentResult]  # empty: no breakdown can be shown


def _percentage(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def _question_result(
    question: PollQuestion, rows: list[tuple[Any, ...]], respondents: int, with_open_answers: bool
) -> QuestionResult:
    """Figures for one question from its answer rows (response_id, option_id, value, text)."""
    answered = len({row[0] for row in rows})
    common: dict[str, Any] = {
        "question_id": question.pk,
        "text": question.text,
        "kind": question.kind,
        "kind_label": str(QuestionKind(question.kind).label),
        "answered": answered,
    }
    if question.has_options:
        counts = Counter(row[1] for row in rows)
        options = [
            OptionResult(option.label, counts[option.pk], _percentage(counts[option.pk], answered))
            for option in question.options.all()
        ]
        return QuestionResult(**common, options=options)
    if question.kind == QuestionKind.SCALE:
        values = [row[2] for row in rows if row[2] is not None]
        counts = Counter(values)
        scale = [
            OptionResult(str(value), counts[value], _percentage(counts[value], answered))
            for value in question.scale_values
        ]
        average = round(sum(values) / len(values), 2) if values else None
        return QuestionResult(
            **common,
            scale=scale,
            average=average,
            scale_min_label=question.scale_min_label,
            scale_max_label=question.scale_max_label,
        )
    texts = [row[3] for row in rows if row[3]]
    if not with_open_answers:
        return QuestionResult(**common, open_answers_hidden=bool(texts))
    secrets.SystemRandom().shuffle(texts)
    return QuestionResult(**common, open_answers=texts)


def _questions_result(
    questions: list[PollQuestion],
    answers: Iterable[tuple[Any, ...]],
    respondents: int,
    with_open_answers: bool,
) -> list[QuestionResult]:
    by_question: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for response_id, question_id, option_id, value, text in answers:
        by_question[question_id].append((response_id, option_id, value, text))
    return [
        _question_result(question, by_question[question.pk], respondents, with_open_answers)
        for question in questions
    ]


def _breakdown_departments(poll: ConstituencyPoll) -> list[Department]:
    if poll.for_everyone:
        return list(Department.objects.order_by("name"))
    return list(poll.departments.order_by("name"))


def poll_results(poll: ConstituencyPoll) -> PollResults | None:
    """The poll's results, or None while it is not closed. Small groups are suppressed.

    A fixed number of queries, whatever the number of respondents."""
    if poll.state != PollState.CLOSED:
        return None
    minimum = conf.small_group_minimum()
    questions = poll_questions(poll)
    responses = dict(PollResponse.objects.filter(poll=poll).values_list("pk", "department_id"))
    answers = list(
        PollAnswer.objects.filter(response__poll=poll).values_list(
            "response_id", "question_id", "option_id", "value", "text"
        )
    )
    respondents = len(responses)
    counts: Counter[int | None] = Counter(responses.values())
    if poll.closed_at is not None:
        # Closing already cleared the departments too small to show (see services.poll_close).
        shown = {dept for dept, count in counts.items() if dept is not None and count >= minimum}
    else:
        shown = services.shown_departments(counts)
    departments: list[DepartmentResult] = []
    if shown:
        for department in _breakdown_departments(poll):
            if department.pk not in shown:
                departments.append(DepartmentResult(department.pk, department.name, suppressed=True))
                continue
            members = {pk for pk, dept in responses.items() if dept == department.pk}
            departments.append(
                DepartmentResult(
                    department.pk,
                    department.name,
                    suppressed=False,
                    respondents=len(members),
                    questions=_questions_result(
                        questions, (row for row in answers if row[0] in members), len(members), False
                    ),
                )
            )
    return PollResults(
        poll_id=str(poll.pk),
        title=poll.title,
        closes_at=poll.closes_at.isoformat(),
        respondents=respondents,
        minimum_group=minimum,
        questions=_questions_result(questions, answers, respondents, respondents >= minimum),
        departments=departments,
    )


# --- news -------------------------------------------------------------------------------


def news_list(user: Any) -> QuerySet[NewsItem]:
    return policy.news_visible_to(user).select_related("author").order_by("-published_at")


def latest_news(user: Any) -> list[NewsItem]:
    """The latest announcements for the home page: one query."""
    return list(policy.news_visible_to(user).defer("body").order_by("-published_at")[:HOME_NEWS_COUNT])


def news_for_works_council(user: Any) -> QuerySet[NewsItem]:
    return (
        policy.news_visible_to(user)
        .select_related("author")
        .prefetch_related(Prefetch("departments", queryset=Department.objects.order_by("name")))
        .order_by("-published_at")
    )
