"""Proof that anonymous questions leave no trace of the account, and that no database
row links a poll answer to the person who gave it."""

import datetime

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import connection, models
from django.urls import reverse

from apps.accounts.models import User
from apps.accounts.roles import Role
from apps.achterban import services
from apps.achterban.models import (
    ConstituencyQuestion,
    PollAnswer,
    PollParticipation,
    PollResponse,
)
from apps.core.models import AuditEvent

from .conftest import answers_for, close, make_poll

pytestmark = pytest.mark.django_db

TEXT = "Vraag-Grijze-Reiger: waarom wordt de kantine gesloten?"


@pytest.fixture
def asker(make_user):
    return make_user(
        "vrager-gr", [Role.EMPLOYEE], first_name="Gerlinde", last_name="Reigersberg", email="gr@example.org"
    )


def traces_of(user: User) -> list[str]:
    return [user.username, user.first_name, user.last_name, user.email]


def rows_pointing_at(user: User, app_label: str | None = None) -> list[str]:
    """Every foreign key to the user model that holds this user, per model."""
    found = []
    for model in apps.get_models():
        if app_label and model._meta.app_label != app_label:
            continue
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is User:
                if model._base_manager.filter(**{field.name: user}).exists():
                    found.append(f"{model._meta.label}.{field.name}")
    return found


def table_dump(prefix: str) -> str:
    values: list[str] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            if table.startswith(prefix):
                cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
                values.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(values)


# --- anonymous questions ---------------------------------------------------------------------


def test_an_anonymous_question_stores_no_link_to_the_account(asker):
    question = services.question_ask(
        actor=asker, subject="Kantine", text=TEXT, anonymous=True, may_publish=True
    )
    question.refresh_from_db()
    assert question.asker_id is None and question.is_anonymous
    assert rows_pointing_at(asker) == []
    assert not AuditEvent.objects.filter(target_id=str(question.pk)).exists()
    assert not AuditEvent.objects.filter(target_id=str(asker.pk)).exists()
    dump = table_dump("achterban_") + table_dump("core_auditevent")
    assert TEXT in dump  # the dump does see the question
    assert [trace for trace in traces_of(asker) if trace in dump] == []
    assert str(asker.pk) not in table_dump("achterban_constituencyquestionuserobjectpermission")


def test_a_question_records_the_date_only_never_the_time(asker):
    services.question_ask(actor=asker, subject="Kantine", text=TEXT, anonymous=True, may_publish=False)
    time_fields = [
        field.name
        for field in ConstituencyQuestion._meta.concrete_fields
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
    ]
    assert time_fields == ["asked_on"]
    stored = ConstituencyQuestion.objects.get()
    assert type(stored.asked_on) is datetime.date
    # Only the OR's own actions carry a moment, and none are set on asking.
    assert stored.answered_at is None and stored.published_at is None


def test_asking_anonymously_through_the_page_leaves_nothing_in_session_or_audit(asker, login):
    client = login(asker)
    response = client.post(
        reverse("achterban:question-create"),
        {"subject": "Kantine", "text": TEXT, "anonymous": "anonymous", "submission": "abc"},
    )
    assert response.status_code == 200  # confirmed in the response itself, no redirect
    assert "achterban/question_sent.html" in [template.name for template in response.templates]
    question = ConstituencyQuestion.objects.get()
    assert question.asker_id is None
    sessions = "".join(str(session.get_decoded()) for session in Session.objects.all())
    assert str(question.pk) not in sessions and TEXT not in sessions
    assert "messages" not in sessions
    assert rows_pointing_at(asker, "achterban") == []
    assert not AuditEvent.objects.filter(actor=asker).exists()


def test_an_anonymous_asker_cannot_follow_their_question(asker, login):
    question = services.question_ask(
        actor=asker, subject="Kantine", text=TEXT, anonymous=True, may_publish=False
    )
    client = login(asker)
    assert client.get(reverse("achterban:question-detail", args=[question.pk])).status_code == 404
    assert "Kantine" not in client.get(reverse("achterban:question-list")).content.decode()


def test_the_database_refuses_an_anonymous_question_with_an_asker(asker):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        ConstituencyQuestion.objects.create(subject="x", text="y", is_anonymous=True, asker=asker)


# --- poll answers ------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [PollResponse, PollAnswer])
def test_answer_tables_hold_no_user_no_time_and_no_sequential_key(model):
    fields = model._meta.concrete_fields
    assert isinstance(model._meta.pk, models.UUIDField)
    assert not any(isinstance(field, models.AutoField | models.BigAutoField) for field in fields)
    assert not any(isinstance(field, models.DateField) for field in fields)  # DateTimeField included
    assert not any(field.is_relation and field.related_model is User for field in fields)
    assert not any(field.related_model is PollParticipation for field in fields if field.is_relation)


@pytest.mark.parametrize("model", [PollResponse, PollAnswer])
def test_answer_table_columns_in_the_database_match(model):
    with connection.cursor() as cursor:
        columns = {
            column.name: column
            for column in connection.introspection.get_table_description(cursor, model._meta.db_table)
        }
    allowed = {
        PollResponse: {"id", "poll_id", "department_id"},
        PollAnswer: {"id", "response_id", "question_id", "option_id", "value", "text"},
    }[model]
    assert set(columns) == allowed
    assert not any("user" in name or "time" in name or "created" in name for name in columns)


def test_participation_holds_who_but_nothing_of_what(poll):
    fields = {field.name for field in PollParticipation._meta.concrete_fields}
    assert fields == {"id", "poll", "user"}


def test_no_row_links_an_answer_to_the_respondent(poll, personas):
    respondent = personas["medewerker"]
    services.poll_answer_submit(
        respondent=respondent, poll=poll, answers=answers_for(poll, text="Antwoord-Blauwe-Vink")
    )
    assert rows_pointing_at(respondent, "achterban") == ["achterban.PollParticipation.user"]
    answer_tables = table_dump("achterban_pollresponse") + table_dump("achterban_pollanswer")
    assert "Antwoord-Blauwe-Vink" in answer_tables
    assert [trace for trace in traces_of(respondent) if trace in answer_tables] == []
    assert not AuditEvent.objects.filter(actor=respondent).exists()
    assert not AuditEvent.objects.filter(target_type__startswith="achterban.poll", action__contains="answer")


def test_closing_rewrites_responses_in_random_order_with_new_keys(poll, make_user):
    people = [make_user(f"deelnemer{n}", [Role.EMPLOYEE]) for n in range(6)]
    for person in people:
        services.poll_answer_submit(respondent=person, poll=poll, answers=answers_for(poll))
    before = set(PollResponse.objects.values_list("pk", flat=True))
    answers_before = set(PollAnswer.objects.values_list("pk", flat=True))
    close(poll)
    after = set(PollResponse.objects.values_list("pk", flat=True))
    assert len(after) == 6 and after.isdisjoint(before)
    assert set(PollAnswer.objects.values_list("pk", flat=True)).isdisjoint(answers_before)
    assert PollAnswer.objects.count() == len(answers_before)


def test_closing_clears_departments_too_small_to_show(secretary, make_user):
    from tests.factories import DepartmentFactory

    big, small = DepartmentFactory(name="Groot", code="groot"), DepartmentFactory(name="Klein", code="klein")
    other = DepartmentFactory(name="Ander", code="ander")
    poll = make_poll(secretary)
    for n in range(6):
        person = make_user(f"groot{n}", [Role.EMPLOYEE], department=big)
        services.poll_answer_submit(respondent=person, poll=poll, answers=answers_for(poll))
    for n in range(5):
        person = make_user(f"ander{n}", [Role.EMPLOYEE], department=other)
        services.poll_answer_submit(respondent=person, poll=poll, answers=answers_for(poll))
    lonely = make_user("klein0", [Role.EMPLOYEE], department=small)
    services.poll_answer_submit(respondent=lonely, poll=poll, answers=answers_for(poll))
    close(poll)
    kept = set(PollResponse.objects.values_list("department_id", flat=True))
    # 'Klein' (1) is too small, and 'Ander' (5, the smallest shown) is hidden with it.
    assert small.pk not in kept and other.pk not in kept and big.pk in kept
