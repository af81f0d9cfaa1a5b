"""What the fuzzing found, pinned one by one (each was a 500 or lost text before its fix)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from apps.accounts.models import User
from apps.achterban import services as polls
from apps.ondernemingsraad import services as meetings
from apps.vertrouwenspersoon import services, services_minutes
from apps.vertrouwenspersoon.forms_counsellor import ColleagueField
from tests.hr.helpers import make_draft
from tests.ondernemingsraad.conftest import add_item, plan

pytestmark = pytest.mark.django_db

TOO_BIG = 10**20  # beyond any 64-bit column


def test_a_number_beyond_64_bits_in_an_in_lookup_matches_nothing():
    group = Group.objects.create(name="fuzz")
    assert list(Group.objects.filter(pk__in=[TOO_BIG, -TOO_BIG])) == []
    assert list(Group.objects.filter(pk__in=[TOO_BIG, group.pk])) == [group]


def test_a_superscript_version_number_falls_back_to_the_last_two_versions(personas, login):
    draft = make_draft(personas["hr"])
    response = login(personas["hr"]).get(reverse("hr:draft-compare", args=[draft.pk]) + "?a=²&b=²")
    assert response.status_code == 200


def test_a_superscript_proposal_number_opens_an_empty_request_form(personas, login):
    response = login(personas["bestuurder"]).get(reverse("bestuurder:advice-create") + "?voorgenomen=²")
    assert response.status_code == 200


def test_the_admin_answers_400_to_an_empty_to_field(personas, department, login):
    url = reverse("admin:accounts_department_change", args=[department.pk])
    assert login(personas["superuser"]).get(url + "?_to_field=").status_code == 400


def test_an_action_update_with_a_bare_word_as_next_is_no_server_error(personas, login):
    meeting = plan(personas)
    action = meetings.action_add(
        actor=personas["or_secretaris"],
        meeting=meeting,
        what="Cijfers opvragen",
        owner=personas["or_lid"],
        due_date=timezone.localdate() + timedelta(days=7),
    )
    url = reverse("ondernemingsraad:action-update", args=[action.pk])
    response = login(personas["or_secretaris"]).post(url, {"status": "klaar", "next": "abc"})
    assert response.status_code == 302


def test_a_colleague_named_with_a_nul_byte_is_refused_before_the_query(django_assert_num_queries):
    # PostgreSQL refuses NUL in a query parameter: the query itself would be the 500.
    with django_assert_num_queries(0), pytest.raises(ValidationError) as refused:
        ColleagueField(queryset=User.objects.all()).clean("hr\x00")
    assert refused.value.code == "null_characters_not_allowed"


def test_a_proposal_refused_because_the_agenda_was_fixed_keeps_its_text(personas, login):
    meeting = plan(personas)
    add_item(personas, meeting)
    meetings.meeting_fix_agenda(actor=personas["or_secretaris"], meeting=meeting)
    data = {"title": "Mijn voorstel <XYZ>", "explanation": "", "kind": "bespreking", "duration_minutes": "15"}
    url = reverse("ondernemingsraad:item-propose", args=[meeting.pk])
    response = login(personas["or_lid"]).post(url, data)
    assert response.status_code == 200
    assert escape("Mijn voorstel <XYZ>") in response.content.decode()


def test_a_new_version_refused_because_the_minutes_were_approved_keeps_its_text(personas, login):
    submitted = services.report_submit(
        reporter=personas["medewerker"],
        category="pesten",
        text="Melding",
        counsellor=personas["vertrouwenspersoon"],
        anonymous=False,
    )
    report = submitted.report
    record = services_minutes.minutes_record(
        report=report, key=submitted.key, held_on=timezone.localdate(), text="Verslag"
    )
    services_minutes.minutes_approve(record=record, version=1)
    url = reverse("vertrouwenspersoon:case-minutes-revise", args=[report.pk])
    data = {"revise-record": str(record.pk), "revise-text": "Nieuwe versie <XYZ>"}
    response = login(personas["vertrouwenspersoon"]).post(url, data)
    assert response.status_code == 200
    assert escape("Nieuwe versie <XYZ>") in response.content.decode()


def test_removing_a_poll_question_named_by_a_superscript_number_says_it_was_not_found(personas, login):
    now = timezone.now()
    poll = polls.poll_create(
        actor=personas["or_secretaris"],
        title="Concept",
        introduction="",
        opens_at=now + timedelta(days=1),
        closes_at=now + timedelta(days=8),
        for_everyone=True,
    )
    url = reverse("achterban:poll-question-remove", args=[poll.pk])
    assert login(personas["or_secretaris"]).post(url, {"question": "²"}).status_code == 302


def test_approving_minutes_version_by_a_superscript_number_is_a_bad_request(personas, login):
    submitted = services.report_submit(
        reporter=personas["medewerker"],
        category="pesten",
        text="Melding",
        counsellor=personas["vertrouwenspersoon"],
        anonymous=False,
    )
    report = submitted.report
    record = services_minutes.minutes_record(
        report=report, key=submitted.key, held_on=timezone.localdate(), text="Verslag"
    )
    url = reverse("vertrouwenspersoon:report-minutes", args=[report.pk, record.pk])
    response = login(personas["medewerker"]).post(url, {"decision": "approve", "version": "²"})
    assert response.status_code == 400


def test_an_over_long_username_is_a_form_error_not_a_server_error(client):
    response = client.post(reverse("login"), {"username": "x" * 300, "password": "whatever-1"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_login_attempt_list_offers_no_broken_cleanup_action(personas, login):
    response = login(personas["superuser"]).get(reverse("admin:axes_accessattempt_changelist"))
    assert response.status_code == 200
    assert b"cleanup_expired_attempts" not in response.content


def test_a_bare_word_as_next_after_the_code_step_goes_home(personas, login):
    response = login(personas["vertrouwenspersoon"]).get(reverse("two_factor_verify") + "?next=abc")
    assert response.status_code == 302
    assert response.url == reverse("core:home")
