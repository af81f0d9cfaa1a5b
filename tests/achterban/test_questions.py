"""Questions to the OR: asking, the asker's pages, the OR's inbox, the public Q&A."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.achterban import services
from apps.achterban.models import ConstituencyQuestion, QuestionStatus

pytestmark = pytest.mark.django_db

TEXT = "Waarom is de parkeergarage op vrijdag dicht?"


def ask(personas, *, anonymous=False, may_publish=True, subject="Parkeren", asker="medewerker"):
    return services.question_ask(
        actor=personas[asker], subject=subject, text=TEXT, anonymous=anonymous, may_publish=may_publish
    )


def url(name, question):
    return reverse(f"achterban:{name}", args=[question.pk])


# --- asking ------------------------------------------------------------------------------------


def test_an_employee_asks_with_their_name_and_follows_the_question(personas, login):
    client = login(personas["medewerker"])
    response = client.post(
        reverse("achterban:question-create"),
        {"subject": "Parkeren", "text": TEXT, "anonymous": "named", "may_publish": "on", "submission": "s1"},
    )
    question = ConstituencyQuestion.objects.get()
    assert response.status_code == 302 and response["Location"] == url("question-detail", question)
    assert question.asker == personas["medewerker"] and question.may_publish
    page = client.get(url("question-detail", question)).content.decode()
    assert TEXT in page
    assert url("question-detail", question) in client.get(reverse("achterban:question-list")).content.decode()


def test_a_resubmitted_form_sends_no_second_question(personas, login):
    client = login(personas["medewerker"])
    data = {"subject": "Parkeren", "text": TEXT, "anonymous": "named", "submission": "same"}
    client.post(reverse("achterban:question-create"), data)
    response = client.post(reverse("achterban:question-create"), data)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert ConstituencyQuestion.objects.count() == 1


def test_an_empty_question_is_refused_with_the_subject_kept(personas, login):
    response = login(personas["medewerker"]).post(
        reverse("achterban:question-create"),
        {"subject": "Onderwerp-blijft-staan", "text": "", "anonymous": "named", "submission": "s2"},
    )
    assert response.status_code == 200
    assert "Onderwerp-blijft-staan" in response.content.decode()
    assert "text" in response.context["form"].errors
    assert not ConstituencyQuestion.objects.exists()


@pytest.mark.parametrize("persona", ["vertrouwenspersoon", "outsider"])
def test_only_employees_ask(persona, personas, login):
    assert login(personas[persona]).get(reverse("achterban:question-create")).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("achterban:question-create"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["or_lid", "hr", "bestuurder", "outsider"])
def test_nobody_but_the_asker_reaches_a_named_question(persona, personas, login):
    question = ask(personas)
    expected = 403 if persona == "outsider" else 404
    assert login(personas[persona]).get(url("question-detail", question)).status_code == expected


def test_the_asker_list_query_count_does_not_grow(personas, login, django_assert_num_queries):
    client = login(personas["medewerker"])
    ask(personas)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("achterban:question-list"))
    for n in range(9):
        ask(personas, subject=f"Vraag {n}")
    with django_assert_num_queries(len(one)):
        client.get(reverse("achterban:question-list"))


# --- the works council's inbox --------------------------------------------------------------------


def test_the_inbox_shows_named_and_anonymous_questions_without_the_anonymous_name(personas, login):
    ask(personas, subject="Met naam")
    ask(personas, subject="Zonder naam", anonymous=True)
    page = login(personas["or_lid"]).get(reverse("achterban:question-inbox")).content.decode()
    assert "Met naam" in page and "Zonder naam" in page


def test_the_inbox_filters_by_status(personas, login):
    handled = ask(personas, subject="Afgehandelde vraag")
    ask(personas, subject="Open vraag")
    services.question_set_handled(actor=personas["or_lid"], question=handled, handled=True)
    response = login(personas["or_lid"]).get(
        reverse("achterban:question-inbox"), {"status": QuestionStatus.OPEN}
    )
    page = response.content.decode()
    assert "Open vraag" in page and "Afgehandelde vraag" not in page


@pytest.mark.parametrize("persona", ["medewerker", "hr", "bestuurder", "vertrouwenspersoon"])
def test_only_the_works_council_reaches_the_inbox(persona, personas, login):
    question = ask(personas)
    client = login(personas[persona])
    assert client.get(reverse("achterban:question-inbox")).status_code == 403
    assert client.get(url("question-manage", question)).status_code == 403
    assert client.post(url("question-answer", question), {"answer": "x"}).status_code == 403


def test_the_inbox_query_count_does_not_grow(personas, login, django_assert_num_queries):
    client = login(personas["or_lid"])
    first = ask(personas)
    services.question_assign(actor=personas["or_lid"], question=first, assignee=personas["or_voorzitter"])
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("achterban:question-inbox"))
    for n in range(9):
        question = ask(personas, subject=f"Vraag {n}", anonymous=n % 2 == 0)
        services.question_assign(
            actor=personas["or_lid"], question=question, assignee=personas["or_secretaris"]
        )
    with django_assert_num_queries(len(one)):
        client.get(reverse("achterban:question-inbox"))


def test_an_or_member_assigns_answers_and_handles_a_question(
    personas, login, django_capture_on_commit_callbacks
):
    question = ask(personas)
    client = login(personas["or_lid"])
    client.post(url("question-assign", question), {"assignee": personas["or_secretaris"].pk})
    question.refresh_from_db()
    assert question.assignee == personas["or_secretaris"] and question.status == QuestionStatus.ASSIGNED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("question-answer", question), {"answer": "De garage wordt dan schoongemaakt."}
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer.startswith("De garage") and question.answered_at is not None
    client.post(url("question-handle", question), {"handled": "1"})
    question.refresh_from_db()
    assert question.status == QuestionStatus.HANDLED
    page = login(personas["medewerker"]).get(url("question-detail", question)).content.decode()
    assert "De garage wordt dan schoongemaakt." in page


def test_an_empty_answer_is_refused(personas, login):
    question = ask(personas)
    response = login(personas["or_lid"]).post(url("question-answer", question), {"answer": "  "})
    assert response.status_code == 200 and "answer" in response.context["forms"]["answer"].errors


def test_only_an_or_member_can_be_assigned(personas):
    question = ask(personas)
    with pytest.raises(ValidationError):
        services.question_assign(actor=personas["or_lid"], question=question, assignee=personas["hr"])


# --- notifications -----------------------------------------------------------------------------------


def test_a_named_asker_gets_a_link_and_no_content(personas, django_capture_on_commit_callbacks):
    question = ask(personas)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(actor=personas["or_lid"], question=question, answer="Antwoord-Geheim-42")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [personas["medewerker"].email]
    assert url("question-detail", question) in message.body
    assert (
        "Antwoord-Geheim-42" not in message.body
        and TEXT not in message.body
        and "Parkeren" not in message.subject
    )


def test_correcting_an_answer_sends_no_second_mail(personas, django_capture_on_commit_callbacks):
    question = ask(personas)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(actor=personas["or_lid"], question=question, answer="Eerste")
        services.question_answer(actor=personas["or_lid"], question=question, answer="Verbeterd")
    assert len(mail.outbox) == 1


def test_an_anonymous_asker_gets_no_mail(personas, django_capture_on_commit_callbacks):
    question = ask(personas, anonymous=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(actor=personas["or_lid"], question=question, answer="Antwoord")
    assert mail.outbox == []


# --- the public Q&A -------------------------------------------------------------------------------


def test_a_published_question_appears_without_the_asker(personas, login):
    question = ask(personas)
    services.question_answer(actor=personas["or_lid"], question=question, answer="Antwoord-voor-iedereen")
    login(personas["or_lid"]).post(url("question-publish", question), {"publish": "1"})
    page = login(personas["hr"]).get(reverse("achterban:qa-list")).content.decode()
    assert TEXT in page and "Antwoord-voor-iedereen" in page
    asker = personas["medewerker"]
    assert asker.get_full_name() not in page and asker.email not in page


def test_a_question_is_published_only_with_permission_and_an_answer(personas):
    refused = ask(personas, may_publish=False)
    services.question_answer(actor=personas["or_lid"], question=refused, answer="Antwoord")
    with pytest.raises(ValidationError):
        services.question_publish(actor=personas["or_lid"], question=refused, publish=True)
    unanswered = ask(personas)
    with pytest.raises(ValidationError):
        services.question_publish(actor=personas["or_lid"], question=unanswered, publish=True)


def test_publishing_without_permission_through_the_page_shows_an_error(personas, login):
    question = ask(personas, may_publish=False)
    services.question_answer(actor=personas["or_lid"], question=question, answer="Antwoord")
    client = login(personas["or_lid"])
    response = client.post(url("question-publish", question), {"publish": "1"}, follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    question.refresh_from_db()
    assert question.published_at is None


def test_unpublished_questions_stay_off_the_qa_page(personas, login):
    ask(personas, subject="Nog-niet-gepubliceerd")
    page = login(personas["medewerker"]).get(reverse("achterban:qa-list")).content.decode()
    assert "Nog-niet-gepubliceerd" not in page


def test_the_qa_query_count_does_not_grow(personas, login, django_assert_num_queries):
    client = login(personas["medewerker"])

    def published(n):
        question = ask(personas, subject=f"Vraag {n}")
        services.question_answer(actor=personas["or_lid"], question=question, answer="Antwoord")
        services.question_publish(actor=personas["or_lid"], question=question, publish=True)

    published(0)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("achterban:qa-list"))
    for n in range(1, 10):
        published(n)
    with django_assert_num_queries(len(one)):
        client.get(reverse("achterban:qa-list"))
