"""The achterban demo step: realistic, consistent with the rules, idempotent."""

import pytest

from apps.accounts.management.commands.seed_demo import SeedContext, seed_departments, seed_users
from apps.achterban import selectors
from apps.achterban.demo import CLOSED_POLL, OPEN_POLL, seed_constituency
from apps.achterban.models import (
    ConstituencyPoll,
    ConstituencyQuestion,
    NewsItem,
    PollAnswer,
    PollParticipation,
    PollResponse,
    PollState,
)

pytestmark = pytest.mark.django_db


def seed():
    context = SeedContext(password="demo-wachtwoord-123")
    for step in (seed_departments, seed_users, seed_constituency):
        step(context)
    return context


def test_the_demo_seeds_questions_polls_and_news_once():
    seed()
    counts = [
        model.objects.count() for model in (ConstituencyQuestion, ConstituencyPoll, NewsItem, PollAnswer)
    ]
    assert ConstituencyQuestion.objects.filter(is_anonymous=True, asker__isnull=True).count() == 2
    assert ConstituencyQuestion.objects.filter(published_at__isnull=False).count() == 2
    seed()
    assert [
        model.objects.count() for model in (ConstituencyQuestion, ConstituencyPoll, NewsItem, PollAnswer)
    ] == counts


def test_the_closed_demo_poll_shows_results_with_small_departments_hidden():
    seed()
    poll = ConstituencyPoll.objects.get(title=CLOSED_POLL)
    assert poll.state == PollState.CLOSED and poll.closed_at is not None
    results = selectors.poll_results(poll)
    assert results.respondents == PollResponse.objects.filter(poll=poll).count() >= 25
    assert PollParticipation.objects.filter(poll=poll).count() == 6  # the demo users with an account
    shown = {d.name for d in results.departments if not d.suppressed}
    assert shown == {"Klantenservice", "ICT", "Financiën"}
    assert results.questions[3].open_answers


def test_the_open_demo_poll_is_open_for_the_demo_employee():
    context = seed()
    poll = ConstituencyPoll.objects.get(title=OPEN_POLL)
    assert poll.state == PollState.OPEN
    medewerker = context.users["medewerker"]
    assert list(selectors.polls_for_respondent(medewerker).filter(pk=poll.pk)) == [poll]
    assert not PollParticipation.objects.filter(poll=poll, user=medewerker).exists()


def test_every_achterban_page_renders_with_the_demo_data(login):
    from django.urls import reverse

    context = seed()
    closed = ConstituencyPoll.objects.get(title=CLOSED_POLL)
    open_poll = ConstituencyPoll.objects.get(title=OPEN_POLL)
    question = ConstituencyQuestion.objects.filter(asker=context.users["medewerker"]).first()
    anonymous = ConstituencyQuestion.objects.filter(is_anonymous=True).first()
    employee = login(context.users["medewerker"])
    for path in [
        reverse("core:home"),
        reverse("achterban:question-list"),
        reverse("achterban:question-detail", args=[question.pk]),
        reverse("achterban:qa-list"),
        reverse("achterban:poll-list"),
        reverse("achterban:poll-answer", args=[open_poll.pk]),
        reverse("achterban:poll-results", args=[closed.pk]),
        reverse("achterban:poll-results", args=[open_poll.pk]),
        reverse("achterban:news-list"),
    ]:
        assert employee.get(path).status_code == 200, path
    council = login(context.users["or-secretaris"])
    for path in [
        reverse("achterban:question-inbox"),
        reverse("achterban:question-manage", args=[anonymous.pk]),
        reverse("achterban:question-manage", args=[question.pk]),
        reverse("achterban:poll-manage-list"),
        reverse("achterban:poll-manage", args=[closed.pk]),
        reverse("achterban:poll-results", args=[closed.pk]),
        reverse("achterban:poll-create"),
        reverse("achterban:news-create"),
    ]:
        assert council.get(path).status_code == 200, path
    page = council.get(reverse("achterban:poll-results", args=[closed.pk])).content.decode()
    assert "Klantenservice" in page and "Minder vergaderingen" in page
