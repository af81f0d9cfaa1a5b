"""Both procedures from request to the end, every branch, with a frozen clock for the terms."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from freezegun import freeze_time

from apps.bestuurder import policy, services
from apps.bestuurder.models import RequestKind, RequestState
from apps.bestuurder.notifications import reminders_send
from apps.hr.models import PolicyState
from apps.ondernemingsraad.models import MeetingKind
from tests.bestuurder.helpers import consult, give_consent, meeting_item
from tests.hr.helpers import (
    consent_request_for,
    file_request,
    latest,
    make_draft,
    send_to_executive,
)

pytestmark = pytest.mark.django_db


def advise(personas, request, outcomes=("positief", "negatief")):
    officer = personas["or_secretaris"]
    consult(officer, request)
    advice = [
        services.PartAdvice(part, outcome, "" if outcome == "positief" else "Eerst een sociaal plan.")
        for part, outcome in zip(request.parts.all(), outcomes, strict=True)
    ]
    services.advice_answer(
        actor=officer, request=request, advice=advice, reasons="De OR adviseert als volgt."
    )
    request.refresh_from_db()


def decide(personas, request, outcomes=("conform", "conform"), on=None):
    decisions = [
        services.PartDecision(part, outcome, "Toelichting bij dit onderdeel.")
        for part, outcome in zip(request.parts.all(), outcomes, strict=True)
    ]
    services.advice_decide(
        actor=personas["bestuurder"],
        request=request,
        decisions=decisions,
        reasons="Het besluit met redenen.",
        decided_on=on or timezone.localdate(),
    )
    request.refresh_from_db()


# --- filing ------------------------------------------------------------------------------------------


@freeze_time("2026-03-02")
def test_the_answer_date_defaults_to_the_configured_term(personas, settings):
    settings.PORTAL_REQUEST_ANSWER_TERM_DAYS = 28
    request = file_request(personas["bestuurder"])
    assert request.answer_due == date(2026, 3, 30)
    assert [p.title for p in request.parts.all()] == ["Nieuwe teamindeling", "Nieuwe roosters"]


def test_only_the_executive_files_requests(personas):
    with pytest.raises(PermissionDenied):
        file_request(personas["or_secretaris"])


def test_a_request_needs_a_subject_from_the_law(personas):
    with pytest.raises(ValidationError, match="subjects the law lists"):
        file_request(personas["bestuurder"], subject="overig")
    with pytest.raises(ValidationError):
        file_request(personas["bestuurder"], kind=RequestKind.CONSENT, subject="reorganisatie")


def test_a_proposed_decision_becomes_a_request_once(personas):
    proposal = services.proposal_create(
        actor=personas["bestuurder"],
        title="Verhuizing",
        description="Naar Utrecht.",
        kind="advies",
        announced_on=timezone.localdate(),
    )
    request = file_request(personas["bestuurder"], proposal=proposal)
    assert request.proposed_decision == proposal
    with pytest.raises(ValidationError, match="already become a request"):
        file_request(personas["bestuurder"], proposal=proposal)


def test_the_executive_and_the_or_see_requests_hr_only_about_its_policies(personas):
    advice = file_request(personas["bestuurder"])
    draft = make_draft(personas["hr"])
    send_to_executive(personas["hr"], draft)
    consent = consent_request_for(personas["bestuurder"], latest(draft))
    for name in ("bestuurder", "or_lid", "or_voorzitter", "or_secretaris"):
        assert set(policy.requests_visible_to(personas[name])) == {advice, consent}
    assert list(policy.requests_visible_to(personas["hr"])) == [consent]
    assert not policy.requests_visible_to(personas["medewerker"]).exists()
    assert not policy.requests_visible_to(personas["superuser"]).exists()


# --- the OR's handling --------------------------------------------------------------------------------------


def test_an_or_entry_starts_the_handling(personas):
    request = file_request(personas["bestuurder"])
    services.entry_add(
        actor=personas["or_lid"], request=request, kind="achterban", body="Peiling onder 40 collega's."
    )
    request.refresh_from_db()
    assert request.state == RequestState.IN_PROGRESS


def test_the_executive_may_not_write_or_internal_entries(personas):
    request = file_request(personas["bestuurder"])
    with pytest.raises(PermissionDenied):
        services.entry_add(actor=personas["bestuurder"], request=request, kind="deskundige", body="x")


def test_a_request_cannot_be_answered_before_the_consultation(personas):
    request = file_request(personas["bestuurder"])
    officer = personas["or_secretaris"]
    assert not policy.can_answer(officer, request)
    advice = [services.PartAdvice(part, "positief", "") for part in request.parts.all()]
    with pytest.raises(ValidationError, match="consultation meeting"):
        services.advice_answer(
            actor=officer, request=request, advice=advice, reasons="Wij adviseren positief."
        )
    consult(officer, request)
    assert policy.consultation_held(request)
    assert policy.can_answer(officer, request)


def test_linking_a_held_overleg_item_records_the_meeting_date(personas):
    request = file_request(personas["bestuurder"])
    item = meeting_item(personas["or_secretaris"])
    consult(personas["or_voorzitter"], request, item)
    assert request.consultation_item == item
    assert request.consultation_held_on == timezone.localtime(item.meeting.starts_at).date()
    assert request.state == RequestState.CONSULTED


def test_a_date_without_an_agenda_item_is_not_a_consultation(personas):
    """Requests recorded before the link existed keep their date but cannot be answered."""
    request = file_request(personas["bestuurder"])
    type(request).objects.filter(pk=request.pk).update(
        consultation_held_on=timezone.localdate(), state=RequestState.CONSULTED
    )
    request.refresh_from_db()
    assert not policy.consultation_held(request)
    assert not policy.can_answer(personas["or_secretaris"], request)
    with pytest.raises(ValidationError, match="consultation meeting"):
        services.advice_answer(
            actor=personas["or_secretaris"],
            request=request,
            advice=[services.PartAdvice(part, "positief", "") for part in request.parts.all()],
            reasons="Wij adviseren positief.",
        )


def test_only_the_chair_or_secretary_records_the_consultation(personas):
    request = file_request(personas["bestuurder"])
    item = meeting_item(personas["or_secretaris"])
    with pytest.raises(PermissionDenied):
        services.request_record_consultation(actor=personas["or_lid"], request=request, item=item)
    with pytest.raises(PermissionDenied):
        services.request_record_consultation(actor=personas["bestuurder"], request=request, item=item)


def test_an_item_of_an_or_intern_meeting_is_refused(personas):
    request = file_request(personas["bestuurder"])
    item = meeting_item(personas["or_secretaris"], kind=MeetingKind.INTERNAL, title="OR-vergadering")
    with pytest.raises(ValidationError, match="has been held"):
        services.request_record_consultation(actor=personas["or_secretaris"], request=request, item=item)
    request.refresh_from_db()
    assert request.consultation_item is None and request.state == RequestState.RECEIVED


def test_an_item_of_an_overleg_not_yet_held_is_refused(personas):
    request = file_request(personas["bestuurder"])
    item = meeting_item(personas["or_secretaris"], held=False)
    with pytest.raises(ValidationError, match="has been held"):
        services.request_record_consultation(actor=personas["or_secretaris"], request=request, item=item)
    assert not policy.consultation_items_for(personas["or_secretaris"]).filter(pk=item.pk).exists()


def test_an_item_the_officer_cannot_see_is_refused_like_any_other(personas, make_user):
    """A commissie meeting the officer is not a member of: the same answer as a wrong item."""
    from apps.ondernemingsraad import services as meeting_services

    request = file_request(personas["bestuurder"])
    committee = meeting_services.committee_create(
        actor=personas["or_lid"], name="Commissie arbo", description="", members=[personas["or_lid"]]
    )
    meeting = meeting_services.meeting_create(
        actor=personas["or_lid"],
        kind=MeetingKind.COMMITTEE,
        committee=committee,
        title="Commissie arbo",
        starts_at=timezone.now(),
    )
    item = meeting_services.item_propose(
        actor=personas["or_lid"], meeting=meeting, title="Geheim punt", kind="bespreking", accept=True
    )
    officer = personas["or_secretaris"]
    assert not policy.can_view_agenda_item(officer, item)
    with pytest.raises(ValidationError, match="has been held"):
        services.request_record_consultation(actor=officer, request=request, item=item)


def test_the_choices_are_the_officers_held_overleg_items_of_the_last_year_newest_first(personas):
    officer = personas["or_secretaris"]
    older = meeting_item(officer, title="Overleg maart", starts_at=timezone.now() - timedelta(days=60))
    newer = meeting_item(officer, title="Overleg mei")
    meeting_item(officer, title="Overleg vorig jaar", starts_at=timezone.now() - timedelta(days=400))
    meeting_item(officer, kind=MeetingKind.INTERNAL, title="OR-vergadering")
    meeting_item(officer, held=False, title="Overleg straks")
    assert list(policy.consultation_items_for(officer)) == [newer, older]
    assert not policy.consultation_items_for(personas["or_lid"]).exists()
    assert not policy.consultation_items_for(personas["bestuurder"]).exists()


@freeze_time("2026-03-02")
def test_the_consultation_cannot_be_in_the_future(personas):
    request = file_request(personas["bestuurder"])
    item = meeting_item(personas["or_secretaris"], starts_at=timezone.now() + timedelta(days=7))
    with pytest.raises(ValidationError, match="future"):
        services.request_record_consultation(actor=personas["or_voorzitter"], request=request, item=item)


def test_the_consultation_cannot_be_before_the_request_was_filed(personas):
    item = meeting_item(personas["or_secretaris"], starts_at=timezone.now() - timedelta(days=3))
    request = file_request(personas["bestuurder"])
    with pytest.raises(ValidationError, match="before the request was filed"):
        services.request_record_consultation(actor=personas["or_voorzitter"], request=request, item=item)


def test_advice_must_cover_every_part_with_reasons_when_not_positive(personas):
    request = file_request(personas["bestuurder"])
    officer = personas["or_secretaris"]
    consult(officer, request)
    first, second = request.parts.all()
    with pytest.raises(ValidationError, match="every part"):
        services.advice_answer(
            actor=officer,
            request=request,
            advice=[services.PartAdvice(first, "positief", "")],
            reasons="Redenen hier.",
        )
    with pytest.raises(ValidationError, match="Part 2"):
        services.advice_answer(
            actor=officer,
            request=request,
            advice=[services.PartAdvice(first, "positief", ""), services.PartAdvice(second, "negatief", "")],
            reasons="Redenen hier.",
        )


# --- advice: decision, suspension, appeal -----------------------------------------------------------------


def test_the_executive_decides_only_after_the_advice(personas):
    request = file_request(personas["bestuurder"])
    with pytest.raises(ValidationError, match="after the works council has given its advice"):
        decide(personas, request)


def test_a_decision_in_line_with_the_advice_has_no_suspension(personas):
    request = file_request(personas["bestuurder"])
    advise(personas, request)
    decide(personas, request)
    assert request.state == RequestState.DECIDED_CONFORM
    assert request.suspension_ends is None


def test_a_decision_must_answer_every_part_with_reasons(personas):
    request = file_request(personas["bestuurder"])
    advise(personas, request)
    part = request.parts.first()
    with pytest.raises(ValidationError, match="every part"):
        services.advice_decide(
            actor=personas["bestuurder"],
            request=request,
            decisions=[services.PartDecision(part, "conform", "Redenen.")],
            reasons="Het besluit met redenen.",
            decided_on=timezone.localdate(),
        )


@freeze_time("2026-01-31")
def test_a_deviating_decision_is_suspended_one_month_from_the_written_reasons(personas):
    request = file_request(personas["bestuurder"])
    advise(personas, request)
    decide(personas, request, outcomes=("conform", "afwijkend"), on=date(2026, 1, 31))
    assert request.state == RequestState.DECIDED_DEVIATING
    assert request.suspension_ends == date(2026, 2, 28)
    assert request.appeal_deadline == date(2026, 2, 28)


@freeze_time("2026-01-31")
def test_the_or_waives_the_suspension(personas):
    request = file_request(personas["bestuurder"])
    advise(personas, request)
    decide(personas, request, outcomes=("afwijkend", "afwijkend"))
    services.request_record_event(
        actor=personas["or_voorzitter"], request=request, event="waive", on=timezone.localdate()
    )
    assert request.state == RequestState.SUSPENSION_WAIVED


def test_the_or_appeals_within_the_month_and_not_after(personas):
    with freeze_time("2026-01-10"):
        request = file_request(personas["bestuurder"])
        advise(personas, request)
        decide(personas, request, outcomes=("afwijkend", "conform"))
    with freeze_time("2026-02-11"), pytest.raises(ValidationError, match="appeal term ended on 10-02-2026"):
        services.request_record_event(
            actor=personas["or_secretaris"], request=request, event="appeal", on=date(2026, 2, 11)
        )
    with freeze_time("2026-02-11"):
        services.request_record_event(
            actor=personas["or_secretaris"], request=request, event="appeal", on=date(2026, 2, 9)
        )
    assert request.state == RequestState.APPEAL_FILED


def test_the_executive_cannot_record_the_or_steps(personas):
    request = file_request(personas["bestuurder"])
    advise(personas, request)
    decide(personas, request, outcomes=("afwijkend", "conform"))
    with pytest.raises(PermissionDenied):
        services.request_record_event(
            actor=personas["bestuurder"], request=request, event="waive", on=timezone.localdate()
        )


def test_the_appeal_term_expires_without_an_appeal(personas):
    with freeze_time("2026-01-10"):
        request = file_request(personas["bestuurder"])
        advise(personas, request)
        decide(personas, request, outcomes=("afwijkend", "conform"))
    reminders_send(today=date(2026, 2, 10))
    request.refresh_from_db()
    assert request.state == RequestState.DECIDED_DEVIATING
    reminders_send(today=date(2026, 2, 11))
    request.refresh_from_db()
    assert request.state == RequestState.TERM_EXPIRED


# --- consent -----------------------------------------------------------------------------------------


def consent_request(personas):
    draft = make_draft(personas["hr"])
    send_to_executive(personas["hr"], draft)
    return draft, consent_request_for(personas["bestuurder"], latest(draft))


def test_consent_given_moves_the_policy_on(personas):
    draft, request = consent_request(personas)
    give_consent(personas["or_secretaris"], request)
    draft.refresh_from_db()
    assert request.state == RequestState.CONSENT_GIVEN
    assert draft.state == PolicyState.CONSENTED


def test_conditional_consent_needs_the_conditions(personas):
    _draft, request = consent_request(personas)
    consult(personas["or_secretaris"], request)
    with pytest.raises(ValidationError, match="conditions"):
        services.consent_answer(
            actor=personas["or_secretaris"],
            request=request,
            outcome="voorwaardelijk",
            reasons="Met voorwaarden.",
        )


def test_a_consent_answer_needs_reasons(personas):
    _draft, request = consent_request(personas)
    consult(personas["or_secretaris"], request)
    with pytest.raises(ValidationError, match="reasons"):
        services.consent_answer(
            actor=personas["or_secretaris"], request=request, outcome="weigering", reasons="nee"
        )


def test_refused_then_dropped_sends_the_draft_back_to_hr(personas):
    draft, request = consent_request(personas)
    give_consent(personas["or_secretaris"], request, outcome="weigering")
    services.request_record_event(
        actor=personas["bestuurder"], request=request, event="drop", on=timezone.localdate()
    )
    draft.refresh_from_db()
    assert request.state == RequestState.DROPPED
    assert draft.state == PolicyState.CONCEPT


def test_refused_then_the_court_denies(personas):
    draft, request = consent_request(personas)
    give_consent(personas["or_secretaris"], request, outcome="weigering")
    with pytest.raises(ValidationError, match="not possible"):
        services.request_record_event(
            actor=personas["bestuurder"], request=request, event="court-granted", on=timezone.localdate()
        )
    services.request_record_event(
        actor=personas["bestuurder"], request=request, event="court", on=timezone.localdate()
    )
    services.request_record_event(
        actor=personas["bestuurder"], request=request, event="court-denied", on=timezone.localdate()
    )
    draft.refresh_from_db()
    assert request.state == RequestState.COURT_DENIED
    assert draft.state == PolicyState.CONCEPT


def test_applied_without_consent_gives_the_or_one_month_to_invoke_nullity(personas):
    with freeze_time("2026-03-31"):
        _draft, request = consent_request(personas)
        give_consent(personas["or_secretaris"], request, outcome="weigering")
        services.request_record_event(
            actor=personas["or_secretaris"], request=request, event="applied", on=date(2026, 3, 31)
        )
    assert request.nullity_deadline == date(2026, 4, 30)
    with freeze_time("2026-05-01"), pytest.raises(ValidationError, match="30-04-2026"):
        services.request_record_event(
            actor=personas["or_secretaris"], request=request, event="nullity", on=date(2026, 5, 1)
        )
    with freeze_time("2026-04-30"):
        services.request_record_event(
            actor=personas["or_secretaris"], request=request, event="nullity", on=date(2026, 4, 30)
        )
    assert request.state == RequestState.NULLITY_INVOKED


def test_consent_events_do_not_apply_to_advice(personas):
    request = file_request(personas["bestuurder"])
    with pytest.raises(ValidationError):
        services.request_record_event(
            actor=personas["or_secretaris"], request=request, event="applied", on=timezone.localdate()
        )
