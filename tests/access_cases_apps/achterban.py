"""Access-matrix cases of the achterban app: questions, polls and news.

Samples: a named question of medewerker (only they follow it), an open poll for
everyone, a closed poll and a news item for a department none of the personas
belongs to (only the works council sees those), and an empty draft poll that the
works council's actions can be tried on without changing it.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from tests.access_cases import Case, World

ASKER = frozenset({"medewerker"})
WORKS_COUNCIL = frozenset({"or_lid", "or_voorzitter", "or_secretaris"})


def build(world: World) -> World:
    from apps.accounts.models import Department
    from apps.achterban import services
    from apps.achterban.models import ConstituencyPoll, QuestionKind

    secretary = world["or_secretaris"]
    elsewhere = Department.objects.get_or_create(code="matrix-elders", defaults={"name": "Elders"})[0]
    question = services.question_ask(
        actor=world["medewerker"],
        subject="Thuiswerkvergoeding",
        text="Komt er een hogere thuiswerkvergoeding?",
        anonymous=False,
        may_publish=True,
    )
    services.question_answer(actor=secretary, question=question, answer="Dit bespreken we in het overleg.")
    services.question_publish(actor=secretary, question=question, publish=True)

    now = timezone.now()

    def published_poll(title: str, **audience: Any) -> ConstituencyPoll:
        poll = services.poll_create(
            actor=secretary,
            title=title,
            introduction="",
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=7),
            **({"for_everyone": True} | audience),
        )
        services.poll_question_add(
            actor=secretary, poll=poll, text="Hoe tevreden bent u?", kind=QuestionKind.SCALE
        )
        services.poll_publish(actor=secretary, poll=poll)
        return poll

    open_poll = published_poll("Open peiling")
    closed_poll = published_poll("Gesloten peiling", for_everyone=False, departments=[elsewhere])
    ConstituencyPoll.objects.filter(pk=closed_poll.pk).update(closes_at=now - timedelta(minutes=1))
    services.poll_close(poll_id=closed_poll.pk)
    draft = services.poll_create(
        actor=secretary,
        title="Concept",
        introduction="",
        opens_at=now + timedelta(days=1),
        closes_at=now + timedelta(days=8),
        for_everyone=True,
    )
    news = services.news_publish(
        actor=secretary, title="Nieuws voor Elders", body="Tekst", for_everyone=False, departments=[elsewhere]
    )
    return {
        "achterban_question": question,
        "achterban_open_poll": open_poll,
        "achterban_closed_poll": closed_poll,
        "achterban_draft_poll": draft,
        "achterban_news": news,
    }


def _pk(key: str) -> Any:
    return lambda world: {"pk": world[key].pk}


_question = _pk("achterban_question")
_draft = _pk("achterban_draft_poll")

CASES: dict[str, Case] = {
    "achterban:question-detail": Case(kwargs=_question, visible_to=ASKER),
    "achterban:question-manage": Case(kwargs=_question),
    "achterban:question-assign": Case(kwargs=_question, method="post"),
    "achterban:question-answer": Case(kwargs=_question, method="post"),
    "achterban:question-handle": Case(kwargs=_question, method="post"),
    "achterban:question-publish": Case(kwargs=_question, method="post"),
    "achterban:poll-answer": Case(kwargs=_pk("achterban_open_poll")),
    "achterban:poll-results": Case(kwargs=_pk("achterban_closed_poll"), visible_to=WORKS_COUNCIL),
    "achterban:poll-manage": Case(kwargs=_draft),
    "achterban:poll-edit": Case(kwargs=_draft),
    "achterban:poll-question-add": Case(kwargs=_draft, method="post"),
    "achterban:poll-question-remove": Case(kwargs=_draft, method="post"),
    "achterban:poll-publish": Case(kwargs=_draft, method="post"),
    "achterban:news-detail": Case(kwargs=_pk("achterban_news"), visible_to=WORKS_COUNCIL),
}
