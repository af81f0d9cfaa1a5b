"""Polls: preparing, answering once, closing, results with the small-number rule, and the pages."""

from dataclasses import asdict
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.accounts.roles import Role
from apps.achterban import selectors, services, tasks
from apps.achterban.models import ConstituencyPoll, PollParticipation, PollResponse, PollState, QuestionKind
from tests.factories import DepartmentFactory

from .conftest import answers_for, close, make_poll

pytestmark = pytest.mark.django_db


@pytest.fixture
def employees(make_user):
    def make(count, prefix="mw", **fields):
        return [make_user(f"{prefix}{n}", [Role.EMPLOYEE], **fields) for n in range(count)]

    return make


def answer_all(poll, people, **answer):
    for person in people:
        services.poll_answer_submit(respondent=person, poll=poll, answers=answers_for(poll, **answer))


# --- preparing ---------------------------------------------------------------------------------


def test_a_draft_is_invisible_to_employees_until_published(secretary, personas):
    draft = make_poll(secretary, publish=False)
    assert draft.state == PollState.DRAFT
    assert not selectors.polls_for_respondent(personas["medewerker"]).exists()
    services.poll_publish(actor=secretary, poll=draft)
    assert list(selectors.polls_for_respondent(personas["medewerker"])) == [draft]


def test_a_published_poll_cannot_be_changed(poll, secretary):
    with pytest.raises(ValidationError):
        services.poll_question_add(actor=secretary, poll=poll, text="Nog een vraag?", kind=QuestionKind.OPEN)


def test_a_poll_without_questions_cannot_be_published(secretary):
    now = timezone.now()
    empty = services.poll_create(
        actor=secretary,
        title="Leeg",
        introduction="",
        opens_at=now,
        closes_at=now + timedelta(days=1),
        for_everyone=True,
    )
    with pytest.raises(ValidationError):
        services.poll_publish(actor=secretary, poll=empty)


def test_only_works_council_members_prepare_polls(personas):
    with pytest.raises(ValidationError):
        make_poll(personas["hr"])


def test_a_choice_question_needs_two_options(secretary):
    draft = make_poll(secretary, publish=False)
    with pytest.raises(ValidationError):
        services.poll_question_add(
            actor=secretary, poll=draft, text="Ja?", kind=QuestionKind.SINGLE, options=["Ja"]
        )


# --- answering -----------------------------------------------------------------------------------


def test_an_employee_answers_once(poll, personas):
    respondent = personas["medewerker"]
    services.poll_answer_submit(respondent=respondent, poll=poll, answers=answers_for(poll))
    with pytest.raises(ValidationError) as refused:
        services.poll_answer_submit(respondent=respondent, poll=poll, answers=answers_for(poll))
    assert refused.value.code == "already_answered"
    assert PollParticipation.objects.count() == 1 and PollResponse.objects.count() == 1


def test_a_double_submit_race_is_settled_by_the_database(poll, personas):
    """Two requests that both passed every check: the unique participation row decides."""
    respondent = personas["medewerker"]
    PollParticipation.objects.create(poll=poll, user=respondent)  # the other request won
    with pytest.raises(ValidationError) as refused:
        services.poll_answer_submit(respondent=respondent, poll=poll, answers=answers_for(poll))
    assert refused.value.code == "already_answered"
    assert PollResponse.objects.count() == 0


def test_the_database_allows_one_participation_per_person(poll, personas):
    from django.db import IntegrityError

    PollParticipation.objects.create(poll=poll, user=personas["medewerker"])
    with pytest.raises(IntegrityError):
        PollParticipation.objects.create(poll=poll, user=personas["medewerker"])


def test_employees_outside_the_audience_cannot_answer(secretary, personas):
    elsewhere = DepartmentFactory(name="Elders", code="elders")
    poll = make_poll(secretary, for_everyone=False, departments=[elsewhere])
    with pytest.raises(ValidationError):
        services.poll_answer_submit(respondent=personas["medewerker"], poll=poll, answers=answers_for(poll))


def test_a_required_question_must_be_answered(poll, personas):
    answers = answers_for(poll)
    answers[next(iter(answers))] = None
    with pytest.raises(ValidationError):
        services.poll_answer_submit(respondent=personas["medewerker"], poll=poll, answers=answers)
    assert not PollParticipation.objects.exists()


def test_an_option_of_another_question_is_refused(poll, personas):
    answers = answers_for(poll)
    single, multiple = list(answers)[:2]
    answers[single] = answers[multiple][0]
    with pytest.raises(ValidationError):
        services.poll_answer_submit(respondent=personas["medewerker"], poll=poll, answers=answers)


def test_a_closed_poll_takes_no_answers(poll, personas):
    close(poll)
    with pytest.raises(ValidationError):
        services.poll_answer_submit(respondent=personas["medewerker"], poll=poll, answers=answers_for(poll))


# --- closing and notifications -------------------------------------------------------------------


def test_the_beat_task_closes_due_polls_once(poll):
    ConstituencyPoll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert tasks.close_due_polls() == 1
    assert tasks.close_due_polls() == 0
    poll.refresh_from_db()
    assert poll.closed_at is not None


def test_a_poll_that_opens_later_is_announced_by_the_beat_task_once(
    secretary, employees, django_capture_on_commit_callbacks
):
    employees(2)
    with django_capture_on_commit_callbacks(execute=True):
        poll = make_poll(secretary, opens_in=timedelta(hours=1))
    assert mail.outbox == []
    ConstituencyPoll.objects.filter(pk=poll.pk).update(opens_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.announce_open_polls() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.announce_open_polls() == 0
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert len(recipients) == len(set(recipients)) and "mw0@example.org" in recipients
    assert all(len(message.to) == 1 for message in mail.outbox)
    body = mail.outbox[0].body
    assert reverse("achterban:poll-answer", args=[poll.pk]) in body
    assert "Werkdruk" not in body and "rooster" not in body


def test_a_poll_for_departments_is_announced_only_to_them(
    secretary, employees, django_capture_on_commit_callbacks
):
    elsewhere = DepartmentFactory(name="Elders", code="elders")
    employees(2, prefix="elders", department=elsewhere)
    employees(2, prefix="hier")
    with django_capture_on_commit_callbacks(execute=True):
        make_poll(secretary, for_everyone=False, departments=[elsewhere])
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {"elders0@example.org", "elders1@example.org"}


# --- results --------------------------------------------------------------------------------------


def test_results_are_hidden_until_the_poll_closes(poll, employees):
    answer_all(poll, employees(6))
    assert selectors.poll_results(poll) is None
    close(poll)
    results = selectors.poll_results(poll)
    assert results is not None and results.respondents == 6


def test_results_count_options_scale_and_open_answers(poll, employees):
    answer_all(poll, employees(3), single=0, multiple=(0, 1), scale=2, text="Meer overleg")
    answer_all(poll, employees(2, prefix="b"), single=1, multiple=(2,), scale=5, text="Minder vergaderen")
    results = selectors.poll_results(close(poll))
    single, multiple, scale, open_question = results.questions
    assert [(o.label, o.count, o.percentage) for o in single.options] == [
        ("Vroeg", 3, 60.0),
        ("Laat", 2, 40.0),
    ]
    assert [o.count for o in multiple.options] == [3, 3, 2]
    assert [o.count for o in scale.scale] == [0, 3, 0, 0, 2] and scale.average == 3.2
    assert sorted(open_question.open_answers) == ["Meer overleg"] * 3 + ["Minder vergaderen"] * 2
    assert asdict(results)["questions"][0]["options"][0]["label"] == "Vroeg"  # plain data


def test_open_answers_need_at_least_five_respondents(poll, employees):
    answer_all(poll, employees(4), text="Heel persoonlijk antwoord")
    results = selectors.poll_results(close(poll))
    assert results.questions[3].open_answers == [] and results.questions[3].open_answers_hidden


def test_a_past_closing_moment_counts_as_closed_before_the_beat_task_runs(poll, employees):
    answer_all(poll, employees(5))
    ConstituencyPoll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    poll.refresh_from_db()
    assert poll.closed_at is None
    assert selectors.poll_results(poll).respondents == 5


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ({1: 10, 2: 8, 3: 6}, {1, 2, 3}),
        ({1: 10, 2: 8, 3: 3}, {1}),  # one small group: the smallest shown one is hidden too
        ({1: 10, 2: 3}, set()),  # one small group and one shown: no breakdown at all
        ({1: 10, 2: 3, 3: 2}, {1}),  # two small groups hide each other
        ({1: 10, 2: 8, None: 2}, {1}),  # people without a department are a group too
        ({1: 4, 2: 4}, set()),
        ({1: 5, 2: 5}, {1, 2}),
    ],
)
def test_the_small_number_rule(counts, shown):
    assert services.shown_departments(counts) == shown


def test_results_per_department_suppress_small_groups(secretary, employees):
    big = DepartmentFactory(name="Klantenservice", code="ks")
    middle = DepartmentFactory(name="ICT", code="ict")
    small = DepartmentFactory(name="Directie", code="dir")
    poll = make_poll(secretary)
    answer_all(poll, employees(7, prefix="ks", department=big), single=0)
    answer_all(poll, employees(6, prefix="ict", department=middle), single=1)
    answer_all(poll, employees(5, prefix="fin"), single=1)  # the "financien" department of the fixture
    answer_all(poll, employees(2, prefix="dir", department=small), single=0)
    results = selectors.poll_results(close(poll))
    by_name = {d.name: d for d in results.departments}
    assert by_name["Directie"].suppressed and by_name["Directie"].respondents is None
    assert not by_name["Klantenservice"].suppressed and by_name["Klantenservice"].respondents == 7
    assert [o.count for o in by_name["Klantenservice"].questions[0].options] == [7, 0]
    shown = sum(d.respondents for d in results.departments if not d.suppressed)
    hidden = results.respondents - shown
    assert hidden >= 5 + 2  # never just the small group: it cannot be derived by subtraction
    # per department, open answers are never shown
    assert all(q.open_answers == [] for d in results.departments for q in d.questions)


def test_the_results_are_the_same_before_and_after_the_beat_task_closes(secretary, employees):
    big = DepartmentFactory(name="Klantenservice", code="ks")
    small = DepartmentFactory(name="Directie", code="dir")
    poll = make_poll(secretary)
    answer_all(poll, employees(6, prefix="ks", department=big))
    answer_all(poll, employees(5, prefix="fin"))
    answer_all(poll, employees(1, prefix="dir", department=small))
    ConstituencyPoll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    poll.refresh_from_db()
    before = asdict(selectors.poll_results(poll))
    after = asdict(selectors.poll_results(close(poll)))
    for result in (before, after):
        result.pop("closes_at")  # close() moves the closing moment once more
        for question in result["questions"]:
            question["open_answers"] = sorted(question["open_answers"])
    assert before == after


def test_results_take_a_fixed_number_of_queries(poll, employees, django_assert_max_num_queries):
    answer_all(poll, employees(12))
    close(poll)
    with django_assert_max_num_queries(7):
        selectors.poll_results(poll)


# --- pages -----------------------------------------------------------------------------------------


def test_an_employee_answers_through_the_page(poll, personas, login):
    client = login(personas["medewerker"])
    url = reverse("achterban:poll-answer", args=[poll.pk])
    assert client.get(url).status_code == 200
    answers = answers_for(poll, multiple=(0, 2), scale=4, text="Graag meer scholing")
    data = {}
    for pk, value in answers.items():
        data[f"q{pk}"] = [str(v) for v in value] if isinstance(value, list) else str(value)
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == reverse("achterban:poll-list")
    assert PollParticipation.objects.filter(user=personas["medewerker"]).exists()
    again = client.get(url)
    assert "achterban/poll_answered.html" in [t.name for t in again.templates]


def test_a_missing_answer_shows_the_form_again_with_the_given_answers(poll, personas, login):
    client = login(personas["medewerker"])
    answers = answers_for(poll, text="Mijn eigen tekst blijft staan")
    scale_pk = list(answers)[2]
    data = {
        f"q{pk}": str(value)
        for pk, value in answers.items()
        if pk != scale_pk and not isinstance(value, list)
    }
    response = client.post(reverse("achterban:poll-answer", args=[poll.pk]), data)
    assert response.status_code == 200
    assert "Mijn eigen tekst blijft staan" in response.content.decode()
    assert response.context["form"].errors
    assert not PollParticipation.objects.exists()


def test_a_double_post_shows_already_answered(poll, personas, login):
    client = login(personas["medewerker"])
    url = reverse("achterban:poll-answer", args=[poll.pk])
    answers = answers_for(poll)
    data = {
        f"q{pk}": [str(v) for v in value] if isinstance(value, list) else str(value)
        for pk, value in answers.items()
    }
    with mock.patch("apps.achterban.policy.has_taken_part", return_value=False):
        client.post(url, data)
        response = client.post(url, data)
    assert "achterban/poll_answered.html" in [t.name for t in response.templates]
    assert PollResponse.objects.count() == 1


def test_a_poll_outside_the_audience_answers_404(secretary, personas, login):
    elsewhere = DepartmentFactory(name="Elders", code="elders")
    poll = make_poll(secretary, for_everyone=False, departments=[elsewhere])
    client = login(personas["medewerker"])
    assert client.get(reverse("achterban:poll-answer", args=[poll.pk])).status_code == 404
    assert client.get(reverse("achterban:poll-results", args=[poll.pk])).status_code == 404
    or_member = login(personas["or_lid"])
    assert or_member.get(reverse("achterban:poll-results", args=[poll.pk])).status_code == 200


def test_the_results_page_shows_no_figures_before_closing(poll, employees, personas, login):
    answer_all(poll, employees(5), text="Zichtbaar-na-sluiten")
    response = login(personas["or_lid"]).get(reverse("achterban:poll-results", args=[poll.pk]))
    assert response.status_code == 200 and response.context["results"] is None
    assert "Zichtbaar-na-sluiten" not in response.content.decode()
    close(poll)
    response = login(personas["or_lid"]).get(reverse("achterban:poll-results", args=[poll.pk]))
    assert "Zichtbaar-na-sluiten" in response.content.decode()


def test_a_closed_poll_redirects_from_answering_to_results(poll, personas, login):
    close(poll)
    response = login(personas["medewerker"]).get(reverse("achterban:poll-answer", args=[poll.pk]))
    assert response.status_code == 302 and response["Location"] == reverse(
        "achterban:poll-results", args=[poll.pk]
    )


@pytest.mark.parametrize("persona", ["hr", "bestuurder", "medewerker", "vertrouwenspersoon"])
def test_only_the_works_council_reaches_poll_management(persona, personas, login, poll):
    client = login(personas[persona])
    assert client.get(reverse("achterban:poll-manage-list")).status_code == 403
    assert client.get(reverse("achterban:poll-manage", args=[poll.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client, poll):
    response = client.get(reverse("achterban:poll-answer", args=[poll.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_works_council_creates_fills_and_publishes_a_poll(personas, login):
    client = login(personas["or_voorzitter"])
    now = timezone.localtime()
    response = client.post(
        reverse("achterban:poll-create"),
        {
            "title": "Thuiswerken",
            "introduction": "",
            "opens_at": (now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "for_everyone": "on",
        },
    )
    poll = ConstituencyPoll.objects.get()
    assert response["Location"] == reverse("achterban:poll-manage", args=[poll.pk])
    add = reverse("achterban:poll-question-add", args=[poll.pk])
    client.post(
        add,
        {"text": "Hoeveel dagen thuis?", "kind": QuestionKind.SINGLE, "required": "on", "options": "1\n2\n3"},
    )
    client.post(
        add,
        {
            "text": "Tevreden?",
            "kind": QuestionKind.SCALE,
            "required": "on",
            "scale_min": "1",
            "scale_max": "5",
        },
    )
    assert [q.kind for q in poll.questions.all()] == [QuestionKind.SINGLE, QuestionKind.SCALE]
    assert [o.label for o in poll.questions.first().options.all()] == ["1", "2", "3"]
    client.post(reverse("achterban:poll-publish", args=[poll.pk]))
    poll.refresh_from_db()
    assert poll.state == PollState.OPEN
    assert client.get(reverse("achterban:poll-edit", args=[poll.pk])).status_code == 403


def test_a_bad_poll_form_keeps_the_text(personas, login):
    client = login(personas["or_voorzitter"])
    now = timezone.localtime()
    response = client.post(
        reverse("achterban:poll-create"),
        {
            "title": "Mijn-titel-blijft",
            "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 200
    assert "Mijn-titel-blijft" in response.content.decode()
    assert set(response.context["form"].errors) == {"closes_at", "departments"}
    assert not ConstituencyPoll.objects.exists()


def test_a_choice_question_without_options_is_refused_with_the_text_kept(secretary, personas, login):
    draft = make_poll(secretary, publish=False)
    response = login(personas["or_lid"]).post(
        reverse("achterban:poll-question-add", args=[draft.pk]),
        {"text": "Vraag-zonder-opties", "kind": QuestionKind.MULTIPLE, "options": "alleen een"},
    )
    assert response.status_code == 200
    assert "Vraag-zonder-opties" in response.content.decode()
    assert "options" in response.context["question_form"].errors


def test_the_poll_list_query_count_does_not_grow(secretary, personas, login, django_assert_num_queries):
    client = login(personas["medewerker"])
    make_poll(secretary, title="Eerste")
    client.get(reverse("achterban:poll-list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("achterban:poll-list"))
    for n in range(9):
        make_poll(secretary, title=f"Peiling {n}")
    with django_assert_num_queries(len(one)):
        client.get(reverse("achterban:poll-list"))


def test_the_poll_management_list_query_count_does_not_grow(
    secretary, personas, login, django_assert_num_queries
):
    client = login(personas["or_lid"])
    elsewhere = DepartmentFactory(name="Elders", code="elders")
    make_poll(secretary, title="Eerste", for_everyone=False, departments=[elsewhere])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("achterban:poll-manage-list"))
    for n in range(9):
        make_poll(secretary, title=f"Peiling {n}", for_everyone=False, departments=[elsewhere])
    with django_assert_num_queries(len(one)):
        client.get(reverse("achterban:poll-manage-list"))


def test_a_draft_can_be_changed_and_a_question_removed(secretary, personas, login):
    draft = make_poll(secretary, publish=False)
    client = login(personas["or_lid"])
    now = timezone.localtime()
    response = client.post(
        reverse("achterban:poll-edit", args=[draft.pk]),
        {
            "title": "Nieuwe titel",
            "introduction": "",
            "opens_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M"),
            "departments": [personas["medewerker"].department_id],
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Nieuwe titel" and not draft.for_everyone
    assert list(draft.departments.all()) == [personas["medewerker"].department]
    first = draft.questions.first()
    client.post(reverse("achterban:poll-question-remove", args=[draft.pk]), {"question": str(first.pk)})
    assert not draft.questions.filter(pk=first.pk).exists() and draft.questions.count() == 3


def test_a_question_of_a_published_poll_cannot_be_removed(poll, personas, login):
    question = poll.questions.first()
    response = login(personas["or_lid"]).post(
        reverse("achterban:poll-question-remove", args=[poll.pk]), {"question": str(question.pk)}
    )
    assert response.status_code == 403
    assert poll.questions.filter(pk=question.pk).exists()
