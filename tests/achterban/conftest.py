"""Shared helpers for the achterban tests: polls built through the services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.achterban import services
from apps.achterban.models import ConstituencyPoll, QuestionKind


def make_poll(actor, *, publish=True, opens_in=timedelta(hours=-1), closes_in=timedelta(days=7), **fields):
    now = timezone.now()
    fields.setdefault("for_everyone", True)
    poll = services.poll_create(
        actor=actor,
        title=fields.pop("title", "Werkdruk in 2026"),
        introduction="Wat vindt u van de werkdruk?",
        opens_at=now + opens_in,
        closes_at=now + closes_in,
        **fields,
    )
    services.poll_question_add(
        actor=actor,
        poll=poll,
        text="Welk rooster heeft uw voorkeur?",
        kind=QuestionKind.SINGLE,
        options=["Vroeg", "Laat"],
    )
    services.poll_question_add(
        actor=actor,
        poll=poll,
        text="Wat mist u?",
        kind=QuestionKind.MULTIPLE,
        options=["Rust", "Scholing", "Overleg"],
    )
    services.poll_question_add(
        actor=actor,
        poll=poll,
        text="Hoe zwaar is uw werk?",
        kind=QuestionKind.SCALE,
        scale_min_label="licht",
        scale_max_label="zwaar",
    )
    services.poll_question_add(
        actor=actor, poll=poll, text="Wat wilt u de OR meegeven?", kind=QuestionKind.OPEN, required=False
    )
    if publish:
        services.poll_publish(actor=actor, poll=poll)
    return poll


def answers_for(poll, single=0, multiple=(0,), scale=3, text=""):
    """Answers by position: the index of the chosen option(s), a scale value and a text."""
    questions = list(poll.questions.prefetch_related("options"))
    single_q, multiple_q, scale_q, open_q = questions
    single_options = list(single_q.options.all())
    multiple_options = list(multiple_q.options.all())
    return {
        single_q.pk: single_options[single].pk,
        multiple_q.pk: [multiple_options[i].pk for i in multiple],
        scale_q.pk: scale,
        open_q.pk: text,
    }


def close(poll):
    """Let the poll's closing moment pass and close it as the beat task would."""
    ConstituencyPoll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    poll.refresh_from_db()
    services.poll_close(poll_id=poll.pk)
    poll.refresh_from_db()
    return poll


@pytest.fixture
def secretary(personas):
    return personas["or_secretaris"]


@pytest.fixture
def poll(secretary):
    return make_poll(secretary)
