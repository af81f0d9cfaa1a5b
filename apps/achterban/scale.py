"""The achterban for `seed_scale`: questions to the OR (named ones with the asker's
permission rows), news, and polls with thousands of respondents each, closed as
`services.poll_close` leaves them (departments too small to show cleared)."""

import uuid
from collections import Counter
from datetime import timedelta

from apps.accounts.roles import Role
from apps.core.scale import Bulk, PermRows, Rows, ScaleContext, insert, text

from . import services
from .models import (
    ConstituencyPoll,
    ConstituencyQuestion,
    NewsItem,
    PollAnswer,
    PollOption,
    PollParticipation,
    PollQuestion,
    PollResponse,
    QuestionKind,
    QuestionStatus,
)

OPTIONS = ("Helemaal eens", "Eens", "Oneens", "Helemaal oneens")
OPEN_ANSWERS = (
    "Meer ruimte om thuis te werken.",
    "Betere communicatie vanuit de directie.",
    "Minder vergaderingen.",
    "Graag een fietsplan.",
)
OPEN_ANSWER_SHARE = 0.2
OPEN_POLLS = 2
SUBJECTS = ("parkeren", "thuiswerken", "de kantine", "roosters")
DEPARTMENT_POLL_SHARE = 0.1


def build_constituency(context: ScaleContext) -> None:
    _questions(context)
    _news(context)
    _polls(context)


def _questions(context: ScaleContext) -> None:
    total = context.size("questions")
    council = context.holders[Role.WORKS_COUNCIL_MEMBER.value]
    questions = []
    for n in range(total):
        asked = context.spread(n, total)
        anonymous = context.rng.random() < 0.3
        handled = (context.now - asked).days > 30
        may_publish = context.rng.random() < 0.4
        questions.append(
            ConstituencyQuestion(
                asked_on=asked.date(),
                subject=f"Vraag over {context.rng.choice(SUBJECTS)}",
                text=text(context, 3),
                asker_id=None if anonymous else context.rng.choice(context.employees),
                is_anonymous=anonymous,
                may_publish=may_publish,
                status=QuestionStatus.HANDLED if handled else QuestionStatus.OPEN,
                assignee_id=context.rng.choice(council) if handled else None,
                answer=text(context, 2) if handled else "",
                answered_at=asked + timedelta(days=10) if handled else None,
                published_at=asked + timedelta(days=12) if handled and may_publish else None,
            )
        )
    insert(context, ConstituencyQuestion, questions)
    perms = PermRows(context, ConstituencyQuestion)
    for question in questions:
        if question.asker_id is not None:
            perms.user(question.asker_id, question.pk, *services.ASKER_PERMS)
    perms.flush()


def _news(context: ScaleContext) -> None:
    total = context.size("news")
    council = context.holders[Role.WORKS_COUNCIL_MEMBER.value]
    items = insert(
        context,
        NewsItem,
        (
            NewsItem(
                title=f"Nieuws van de OR {n + 1}",
                body=text(context, 8),
                published_at=context.spread(n, total),
                author_id=context.rng.choice(council),
                for_everyone=context.rng.random() > DEPARTMENT_POLL_SHARE,
            )
            for n in range(total)
        ),
    )
    through = Bulk(context, NewsItem.departments.through)
    for item in items:
        if not item.for_everyone:
            for department in context.rng.sample(context.departments, 3):
                through.add(NewsItem.departments.through(newsitem_id=item.pk, department_id=department))
    through.flush()


def _polls(context: ScaleContext) -> None:
    total = context.size("polls")
    per_poll = min(context.size("poll_responses"), len(context.employees))
    by_department: dict[int | None, list[int]] = {}
    for employee in context.employees:
        by_department.setdefault(context.department_of.get(employee), []).append(employee)
    secretary = context.named["or-secretaris"]
    for n in range(total):
        is_open = n >= total - min(OPEN_POLLS, total - 1)  # the newest are open; at least one closed
        opens = context.now - timedelta(days=3) if is_open else context.spread(n, total)
        for_everyone = context.rng.random() > DEPARTMENT_POLL_SHARE
        poll = ConstituencyPoll.objects.create(
            title=f"Peiling {n + 1}: werkdruk en thuiswerken",
            introduction=text(context, 2),
            opens_at=opens,
            closes_at=opens + timedelta(days=14),
            created_by_id=secretary,
            created_at=opens - timedelta(days=7),
            published_at=opens - timedelta(days=1),
            closed_at=None if is_open else opens + timedelta(days=14, minutes=5),
            for_everyone=for_everyone,
        )
        context.counts[ConstituencyPoll._meta.label] += 1
        audience = context.employees
        if not for_everyone:  # enough departments for the same number of respondents
            departments: list[int] = []
            audience = []
            for department in context.rng.sample(context.departments, len(context.departments)):
                if len(audience) >= per_poll + per_poll // 4:
                    break
                departments.append(department)
                audience += by_department.get(department, [])
            poll.departments.set(departments)
        _answers(context, poll, context.rng.sample(audience, min(per_poll, len(audience))), is_open)


def _answers(context: ScaleContext, poll: ConstituencyPoll, respondents: list[int], is_open: bool) -> None:
    choice, scale, remark = insert(
        context,
        PollQuestion,
        [
            PollQuestion(
                poll=poll, position=1, text="Ik kan mijn werk in de gewone uren af.", kind=QuestionKind.SINGLE
            ),
            PollQuestion(
                poll=poll,
                position=2,
                text="Hoe tevreden ben je over thuiswerken?",
                kind=QuestionKind.SCALE,
                scale_min_label="Ontevreden",
                scale_max_label="Tevreden",
            ),
            PollQuestion(
                poll=poll,
                position=3,
                text="Wat zou je willen verbeteren?",
                kind=QuestionKind.OPEN,
                required=False,
            ),
        ],
    )
    options = insert(
        context,
        PollOption,
        (PollOption(question=choice, position=p, label=label) for p, label in enumerate(OPTIONS)),
    )
    departments = [context.department_of.get(person) for person in respondents]
    shown = services.shown_departments(Counter(departments))
    participations = Rows(context, PollParticipation, ("poll_id", "user_id"))
    responses = Rows(context, PollResponse, ("id", "poll_id", "department_id"))
    answers = Rows(context, PollAnswer, ("id", "response_id", "question_id", "option_id", "value", "text"))
    for person, department in zip(respondents, departments, strict=True):
        participations.add(poll_id=poll.pk, user_id=person)
        keep = is_open or department in shown  # closing clears groups too small to show
        response = uuid.uuid4()
        responses.add(id=response, poll_id=poll.pk, department_id=department if keep else None)
        option = context.rng.choice(options).pk
        answers.add(
            id=uuid.uuid4(),
            response_id=response,
            question_id=choice.pk,
            option_id=option,
            value=None,
            text="",
        )
        value = context.rng.randint(1, 5)
        answers.add(
            id=uuid.uuid4(), response_id=response, question_id=scale.pk, option_id=None, value=value, text=""
        )
        if context.rng.random() < OPEN_ANSWER_SHARE:
            remark_text = context.rng.choice(OPEN_ANSWERS)
            answers.add(
                id=uuid.uuid4(),
                response_id=response,
                question_id=remark.pk,
                option_id=None,
                value=None,
                text=remark_text,
            )
    participations.flush()
    responses.flush()
    answers.flush()
