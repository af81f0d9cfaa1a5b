"""Writes on questions, polls and news: one transaction each, notifications after commit.

Nothing here records who asked an anonymous question (no audit row, no time of
day), and nothing records who gave which answer to a poll: answering writes a
participation row and, apart from it, a response without user, time or sequence.
"""

import secrets
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from apps.accounts.models import Department, User
from apps.core import outbox
from apps.core.services import audit_record

from . import conf, policy, tasks
from .models import (
    ConstituencyPoll,
    ConstituencyQuestion,
    NewsItem,
    PollAnswer,
    PollOption,
    PollParticipation,
    PollQuestion,
    PollResponse,
    PollState,
    QuestionKind,
    QuestionStatus,
)

ASKER_PERMS = ("view_constituencyquestion", "follow_constituencyquestion")

# question pk -> an option pk (single choice), option pks (multiple), a value (scale) or a text (open)
AnswerValue = int | str | Sequence[int] | None


def _require_works_council(actor: User) -> None:
    if not policy.is_works_council_member(actor):
        raise ValidationError(_("Only works council members can do this."), code="not_works_council")


# --- questions to the OR ----------------------------------------------------------------


@transaction.atomic
def question_ask(
    *, actor: User, subject: str, text: str, anonymous: bool, may_publish: bool
) -> ConstituencyQuestion:
    """Send a question or suggestion to the OR. An anonymous one keeps no link to actor:
    no asker, no permission, no audit row, and only the date it was asked."""
    if not policy.is_employee(actor):
        raise ValidationError(_("Only employees can ask the works council a question."), code="not_employee")
    question = ConstituencyQuestion(
        subject=subject.strip(),
        text=text.strip(),
        asker=None if anonymous else actor,
        is_anonymous=anonymous,
        may_publish=may_publish,
    )
    question.full_clean()
    question.save()
    if not anonymous:
        for perm in ASKER_PERMS:
            assign_perm(perm, actor, question)
        audit_record(actor=actor, action="question_asked", target=question)
    return question


@transaction.atomic
def question_assign(*, actor: User, question: ConstituencyQuestion, assignee: User | None) -> None:
    _require_works_council(actor)
    if assignee is not None and not policy.is_works_council_member(assignee):
        raise ValidationError(_("Choose a works council member."), code="not_works_council")
    question.assignee = assignee
    if question.status != QuestionStatus.HANDLED:
        question.status = QuestionStatus.ASSIGNED if assignee else QuestionStatus.OPEN
    question.save(update_fields=["assignee", "status"])
    audit_record(
        actor=actor,
        action="question_assigned",
        target=question,
        details={"assignee": assignee.pk if assignee else None},
    )


@transaction.atomic
def question_answer(*, actor: User, question: ConstituencyQuestion, answer: str) -> None:
    """Write (or correct) the OR's answer. A named asker is told the first time, by link only."""
    _require_works_council(actor)
    if not answer.strip():
        raise ValidationError(_("Write an answer first."), code="empty")
    first_answer = not question.is_answered
    question.answer = answer.strip()
    question.answered_at = timezone.now()
    if question.assignee_id is None:
        question.assignee = actor
    if question.status == QuestionStatus.OPEN:
        question.status = QuestionStatus.ASSIGNED
    question.full_clean()
    question.save(update_fields=["answer", "answered_at", "assignee", "status"])
    audit_record(actor=actor, action="question_answered", target=question)
    if first_answer and question.asker_id is not None:
        outbox.enqueue(tasks.notify_question_answered, str(question.pk))


@transaction.atomic
def question_set_handled(*, actor: User, question: ConstituencyQuestion, handled: bool) -> None:
    _require_works_council(actor)
    if handled:
        question.status = QuestionStatus.HANDLED
    else:
        question.status = QuestionStatus.ASSIGNED if question.assignee_id else QuestionStatus.OPEN
    question.save(update_fields=["status"])
    audit_record(actor=actor, action="question_handled" if handled else "question_reopened", target=question)


@transaction.atomic
def question_publish(*, actor: User, question: ConstituencyQuestion, publish: bool) -> None:
    """Put an answered question on the public Q&A page (without the asker), or take it off."""
    _require_works_council(actor)
    if publish:
        if not question.may_publish:
            raise ValidationError(
                _("The asker did not give permission to publish this question."), code="no_permission"
            )
        if not question.is_answered:
            raise ValidationError(_("Answer the question before publishing it."), code="unanswered")
        question.published_at = question.published_at or timezone.now()
    else:
        question.published_at = None
    question.save(update_fields=["published_at"])
    audit_record(
        actor=actor, action="question_published" if publish else "question_unpublished", target=question
    )


# --- polls: preparing --------------------------------------------------------------------


def _check_moments(opens_at: datetime, closes_at: datetime) -> None:
    if closes_at <= opens_at:
        raise ValidationError(
            {"closes_at": _("The poll must close after it opens.")}, code="closes_before_opening"
        )


def _set_audience(
    obj: ConstituencyPoll | NewsItem, for_everyone: bool, departments: Iterable[Department]
) -> None:
    chosen = list(departments)
    if not for_everyone and not chosen:
        raise ValidationError(
            {"departments": _("Choose at least one department, or all employees.")}, code="no_audience"
        )
    obj.departments.set([] if for_everyone else chosen)


@transaction.atomic
def poll_create(
    *,
    actor: User,
    title: str,
    introduction: str,
    opens_at: datetime,
    closes_at: datetime,
    for_everyone: bool,
    departments: Iterable[Department] = (),
) -> ConstituencyPoll:
    _require_works_council(actor)
    _check_moments(opens_at, closes_at)
    poll = ConstituencyPoll(
        title=title.strip(),
        introduction=introduction.strip(),
        opens_at=opens_at,
        closes_at=closes_at,
        for_everyone=for_everyone,
        created_by=actor,
    )
    poll.full_clean()
    poll.save()
    _set_audience(poll, for_everyone, departments)
    audit_record(actor=actor, action="poll_created", target=poll)
    return poll


def _require_draft(poll: ConstituencyPoll) -> None:
    if poll.state != PollState.DRAFT:
        raise ValidationError(_("A published poll can no longer be changed."), code="published")


@transaction.atomic
def poll_update(
    *,
    actor: User,
    poll: ConstituencyPoll,
    title: str,
    introduction: str,
    opens_at: datetime,
    closes_at: datetime,
    for_everyone: bool,
    departments: Iterable[Department] = (),
) -> None:
    _require_works_council(actor)
    _require_draft(poll)
    _check_moments(opens_at, closes_at)
    poll.title, poll.introduction = title.strip(), introduction.strip()
    poll.opens_at, poll.closes_at, poll.for_everyone = opens_at, closes_at, for_everyone
    poll.full_clean()
    poll.save()
    _set_audience(poll, for_everyone, departments)
    audit_record(actor=actor, action="poll_updated", target=poll)


@transaction.atomic
def poll_question_add(
    *,
    actor: User,
    poll: ConstituencyPoll,
    text: str,
    kind: str,
    required: bool = True,
    options: Sequence[str] = (),
    scale_min: int = 1,
    scale_max: int = 5,
    scale_min_label: str = "",
    scale_max_label: str = "",
) -> PollQuestion:
    _require_works_council(actor)
    _require_draft(poll)
    labels = [label.strip() for label in options if label.strip()]
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if len(labels) < 2:
            raise ValidationError({"options": _("Give at least two options, one per line.")}, code="options")
        if len(set(labels)) != len(labels):
            raise ValidationError({"options": _("Each option may appear only once.")}, code="options")
    elif kind == QuestionKind.SCALE:
        if not 0 <= scale_min < scale_max <= 10:
            raise ValidationError(
                {"scale_max": _("A scale runs from a lower to a higher number, between 0 and 10.")},
                code="scale",
            )
    position = poll.questions.count() + 1
    question = PollQuestion(
        poll=poll,
        position=position,
        text=text.strip(),
        kind=kind,
        required=required,
        scale_min=scale_min,
        scale_max=scale_max,
        scale_min_label=scale_min_label.strip() if kind == QuestionKind.SCALE else "",
        scale_max_label=scale_max_label.strip() if kind == QuestionKind.SCALE else "",
    )
    question.full_clean()
    question.save()
    if question.has_options:
        PollOption.objects.bulk_create(
            PollOption(question=question, position=index, label=label) for index, label in enumerate(labels)
        )
    return question


@transaction.atomic
def poll_question_remove(*, actor: User, poll: ConstituencyPoll, question: PollQuestion) -> None:
    _require_works_council(actor)
    _require_draft(poll)
    if question.poll_id != poll.pk:
        raise ValidationError(_("This question belongs to another poll."), code="other_poll")
    question.delete()


@transaction.atomic
def poll_publish(*, actor: User, poll: ConstituencyPoll) -> None:
    """Fix the poll and make it visible to its audience from its opening moment."""
    _require_works_council(actor)
    _require_draft(poll)
    if not poll.questions.exists():
        raise ValidationError(_("Add at least one question before publishing."), code="no_questions")
    if poll.closes_at <= timezone.now():
        raise ValidationError(_("The closing moment has passed; choose a later one."), code="closed")
    poll.published_at = timezone.now()
    poll.save(update_fields=["published_at"])
    audit_record(actor=actor, action="poll_published", target=poll)
    if poll.opens_at <= timezone.now():
        _announce_open(poll.pk)


def _announce_open(poll_pk: Any) -> bool:
    """Mark the poll announced and queue the e-mails once: a second call does nothing."""
    marked = ConstituencyPoll.objects.filter(pk=poll_pk, open_notified_at__isnull=True).update(
        open_notified_at=timezone.now()
    )
    if marked:
        outbox.enqueue(tasks.notify_poll_open, str(poll_pk))
    return bool(marked)


@transaction.atomic
def polls_announce_opened() -> int:
    """Queue "a poll is open for you" for each published poll that opened and was not announced."""
    now = timezone.now()
    due = ConstituencyPoll.objects.filter(
        published_at__isnull=False,
        opens_at__lte=now,
        closes_at__gt=now,
        closed_at__isnull=True,
        open_notified_at__isnull=True,
    ).values_list("pk", flat=True)
    return sum(_announce_open(pk) for pk in list(due))


# --- polls: answering ---------------------------------------------------------------------


def _answer_rows(poll: ConstituencyPoll, answers: Mapping[int, AnswerValue]) -> list[PollAnswer]:
    """The answer rows for `answers`, checked against the poll's questions (unsaved, no response yet)."""
    rows: list[PollAnswer] = []
    questions = list(poll.questions.prefetch_related("options"))
    for question in questions:
        given = answers.get(question.pk)
        if given in (None, "", [], ()):
            if question.required:
                raise ValidationError(_("Answer every required question."), code="missing")
            continue
        rows.extend(_rows_for(question, given))
    return rows


def _rows_for(question: PollQuestion, given: AnswerValue) -> list[PollAnswer]:
    invalid = ValidationError(_("One of the answers is not valid."), code="invalid")
    option_ids = {option.pk for option in question.options.all()}
    if question.kind == QuestionKind.SINGLE:
        if not isinstance(given, int) or given not in option_ids:
            raise invalid
        return [PollAnswer(question=question, option_id=given)]
    if question.kind == QuestionKind.MULTIPLE:
        chosen = set(given) if isinstance(given, list | tuple) else set()
        if not chosen or not chosen <= option_ids:
            raise invalid
        return [PollAnswer(question=question, option_id=pk) for pk in sorted(chosen)]
    if question.kind == QuestionKind.SCALE:
        if not isinstance(given, int) or not question.scale_min <= given <= question.scale_max:
            raise invalid
        return [PollAnswer(question=question, value=given)]
    if not isinstance(given, str) or len(given) > conf.open_answer_max_length():
        raise invalid
    return [PollAnswer(question=question, text=given.strip())]


@transaction.atomic
def poll_answer_submit(
    *, respondent: User, poll: ConstituencyPoll, answers: Mapping[int, AnswerValue]
) -> None:
    """Record that respondent took part, and, apart from it, what they answered.

    One answer per person: the unique participation row decides, so a double submit
    or a race between two tabs ends in "already answered" and stores nothing twice."""
    if not policy.may_take_part(respondent, poll):
        raise ValidationError(_("This poll is not meant for you."), code="not_in_audience")
    if not poll.is_open:
        raise ValidationError(_("This poll is not open."), code="not_open")
    rows = _answer_rows(poll, answers)
    try:
        with transaction.atomic():
            PollParticipation.objects.create(poll=poll, user=respondent)
    except IntegrityError as already:
        raise ValidationError(_("You have already answered this poll."), code="already_answered") from already
    # Read again after the participation row (which locks the poll's key): closing may have won.
    still_open = ConstituencyPoll.objects.filter(
        pk=poll.pk, closed_at__isnull=True, closes_at__gt=timezone.now()
    ).exists()
    if not still_open:
        raise ValidationError(_("This poll is not open."), code="not_open")
    response = PollResponse.objects.create(poll=poll, department_id=respondent.department_id)
    for row in rows:
        row.response = response
    PollAnswer.objects.bulk_create(rows)


# --- polls: closing ----------------------------------------------------------------------


def shown_departments(counts: Mapping[int | None, int]) -> set[int]:
    """The departments whose results may be shown separately (the small-number rule).

    `counts`: respondents per department (None: no department). A group below the
    minimum is hidden; when exactly one group would be hidden, its figures would
    follow from the totals, so the smallest shown department is hidden too, or, when
    none would be left, the breakdown is dropped."""
    minimum = conf.small_group_minimum()
    shown = {dept for dept, count in counts.items() if dept is not None and count >= minimum}
    hidden = [dept for dept, count in counts.items() if count > 0 and dept not in shown]
    if len(hidden) == 1:
        if len(shown) >= 2:
            shown.remove(min(shown, key=lambda dept: (counts[dept], dept)))
        else:
            shown = set()
    return shown


@transaction.atomic
def poll_close(*, poll_id: Any) -> bool:
    """Close a poll whose closing moment has passed. Idempotent.

    Closing also minimises what is kept: departments too small to show are cleared
    from the responses, and the responses are written again in random order with
    new keys, so not even the storage order follows the order of participation."""
    poll = ConstituencyPoll.objects.select_for_update().filter(pk=poll_id).first()
    if poll is None or poll.closed_at is not None or poll.closes_at > timezone.now():
        return False
    responses = list(PollResponse.objects.filter(poll=poll).values_list("pk", "department_id"))
    shown = shown_departments(Counter(dept for _pk, dept in responses))
    answers: dict[Any, list[PollAnswer]] = {}
    for answer in PollAnswer.objects.filter(response__poll=poll):
        answers.setdefault(answer.response_id, []).append(answer)
    PollResponse.objects.filter(poll=poll).delete()
    order = list(responses)
    secrets.SystemRandom().shuffle(order)
    new_responses: list[PollResponse] = []
    new_answers: list[PollAnswer] = []
    for old_pk, department_id in order:
        response = PollResponse(poll=poll, department_id=department_id if department_id in shown else None)
        new_responses.append(response)
        for old in answers.get(old_pk, []):
            new_answers.append(
                PollAnswer(
                    response=response,
                    question_id=old.question_id,
                    option_id=old.option_id,
                    value=old.value,
                    text=old.text,
                )
            )
    secrets.SystemRandom().shuffle(new_answers)
    PollResponse.objects.bulk_create(new_responses)
    PollAnswer.objects.bulk_create(new_answers)
    poll.closed_at = timezone.now()
    poll.save(update_fields=["closed_at"])
    audit_record(actor=None, action="poll_closed", target=poll, details={"respondents": len(responses)})
    return True


def polls_close_due() -> int:
    """Close every published poll past its closing moment; each in its own transaction."""
    due = ConstituencyPoll.objects.filter(
        published_at__isnull=False, closed_at__isnull=True, closes_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    return sum(poll_close(poll_id=pk) for pk in list(due))


# --- news -------------------------------------------------------------------------------


@transaction.atomic
def news_publish(
    *, actor: User, title: str, body: str, for_everyone: bool, departments: Iterable[Department] = ()
) -> NewsItem:
    _require_works_council(actor)
    item = NewsItem(title=title.strip(), body=body.strip(), for_everyone=for_everyone, author=actor)
    item.full_clean()
    item.save()
    _set_audience(item, for_everyone, departments)
    audit_record(actor=actor, action="news_published", target=item)
    return item
