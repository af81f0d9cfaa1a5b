"""Reads for the achterban pages, built on the policy's querysets; query counts stay flat.

`poll_results(poll)` returns plain dataclasses (`dataclasses.asdict` turns them into
JSON-ready dicts), so results can be attached elsewhere, e.g. to an advice request.
"""

import secrets
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import translation

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


@dataclass
class _Tally:
    """What the database counted for one question, within one group of respondents."""

    answered: int = 0  # respondents who answered it
    value_sum: int = 0
    value_count: int = 0
    texts: int = 0  # non-empty open answers
    counts: Counter[Any] = field(default_factory=Counter)  # option id or scale value -> answers

    def add(self, other: "_Tally") -> None:
        self.answered += other.answered
        self.value_sum += other.value_sum
        self.value_count += other.value_count
        self.texts += other.texts
        self.counts.update(other.counts)


def _question_result(question: PollQuestion, tally: _Tally, texts: list[str] | None) -> QuestionResult:
    """Figures for one question; `texts` are its open answers when they may be shown."""
    answered = tally.answered
    common: dict[str, Any] = {
        "question_id": question.pk,
        "text": question.text,
        "kind": question.kind,
        "kind_label": str(QuestionKind(question.kind).label),
        "answered": answered,
    }
    if question.has_options:
        options = [
            OptionResult(
                option.label, tally.counts[option.pk], _percentage(tally.counts[option.pk], answered)
            )
            for option in question.options.all()
        ]
        return QuestionResult(**common, options=options)
    if question.kind == QuestionKind.SCALE:
        scale = [
            OptionResult(str(value), tally.counts[value], _percentage(tally.counts[value], answered))
            for value in question.scale_values
        ]
        average = round(tally.value_sum / tally.value_count, 2) if tally.value_count else None
        return QuestionResult(
            **common,
            scale=scale,
            average=average,
            scale_min_label=question.scale_min_label,
            scale_max_label=question.scale_max_label,
        )
    if texts is None:
        return QuestionResult(**common, open_answers_hidden=bool(tally.texts))
    shuffled = list(texts)
    secrets.SystemRandom().shuffle(shuffled)
    return QuestionResult(**common, open_answers=shuffled)


def _tallies(poll: ConstituencyPoll, questions: list[PollQuestion]) -> dict[tuple[int | None, int], _Tally]:
    """(department id, question id) -> tally, counted by the database in two grouped queries."""
    # Both filters: the poll's responses by index, and its answers by question.
    answers = PollAnswer.objects.filter(
        response__poll=poll, question__in=[question.pk for question in questions]
    ).order_by()
    tallies: dict[tuple[int | None, int], _Tally] = defaultdict(_Tally)
    per_question = answers.values("response__department_id", "question_id").annotate(
        answered=Count("response_id", distinct=True),
        value_sum=Coalesce(Sum("value"), 0),
        value_count=Count("value"),
        texts=Count("pk", filter=~Q(text="")),
    )
    for row in per_question:
        tally = tallies[(row["response__department_id"], row["question_id"])]
        tally.answered, tally.value_sum = row["answered"], row["value_sum"]
        tally.value_count, tally.texts = row["value_count"], row["texts"]
    chosen = (
        answers.filter(Q(option__isnull=False) | Q(value__isnull=False))
        .values("response__department_id", "question_id", "option_id", "value")
        .annotate(n=Count("pk"))
    )
    for row in chosen:
        key = row["option_id"] if row["option_id"] is not None else row["value"]
        tallies[(row["response__department_id"], row["question_id"])].counts[key] += row["n"]
    return tallies


def _open_answers(questions: list[PollQuestion]) -> dict[int, list[str]]:
    open_ids = [question.pk for question in questions if question.kind == QuestionKind.OPEN]
    texts: dict[int, list[str]] = {pk: [] for pk in open_ids}
    if open_ids:
        rows = PollAnswer.objects.filter(question__in=open_ids).exclude(text="").order_by()
        for question_id, text in rows.values_list("question_id", "text"):
            texts[question_id].append(text)
    return texts


def _breakdown_departments(poll: ConstituencyPoll) -> list[Department]:
    if poll.for_everyone:
        return list(Department.objects.order_by("name"))
    return list(poll.departments.order_by("name"))


RESULTS_CACHE_SECONDS = 10 * 60


def poll_results(poll: ConstituencyPoll) -> PollResults | None:
    """The poll's results, or None while it is not closed. Small groups are suppressed.

    A fixed number of queries, whatever the number of respondents: the database counts.
    Once the beat task has closed the poll its answers never change, so the results are
    kept in the cache for a while (anonymised figures, the same for everyone who may see
    them; per language, as they carry translated labels)."""
    if poll.state != PollState.CLOSED:
        return None
    if poll.closed_at is None:
        return _compute_results(poll)
    key = f"achterban:poll-results:{poll.pk}:{poll.closed_at.timestamp()}:{translation.get_language()}"
    results: PollResults | None = cache.get(key)
    if results is None:
        results = _compute_results(poll)
        cache.set(key, results, RESULTS_CACHE_SECONDS)
    return results


def _compute_results(poll: ConstituencyPoll) -> PollResults:
    minimum = conf.small_group_minimum()
    questions = poll_questions(poll)
    counts: Counter[int | None] = Counter(
        dict(
            PollResponse.objects.filter(poll=poll)
            .order_by()
            .values("department_id")
            .annotate(n=Count("pk"))
            .values_list("department_id", "n")
        )
    )
    respondents = sum(counts.values())
    tallies = _tallies(poll, questions)
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
            departments.append(
                DepartmentResult(
                    department.pk,
                    department.name,
                    suppressed=False,
                    respondents=counts[department.pk],
                    questions=[
                        _question_result(question, tallies.get((department.pk, question.pk), _Tally()), None)
                        for question in questions
                    ],
                )
            )
    totals: dict[int, _Tally] = defaultdict(_Tally)
    for (_department, question_id), tally in tallies.items():
        totals[question_id].add(tally)
    texts = _open_answers(questions) if respondents >= minimum else {}
    return PollResults(
        poll_id=str(poll.pk),
        title=poll.title,
        closes_at=poll.closes_at.isoformat(),
        respondents=respondents,
        minimum_group=minimum,
        questions=[
            _question_result(question, totals[question.pk], texts.get(question.pk) if texts else None)
            for question in questions
        ],
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
