"""Policy drafts: immutable versions, the state machine and the publication gate."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.bestuurder import services as request_services
from apps.hr import services
from apps.hr.models import PolicyState, PolicyVersion, PublicationBasis
from apps.hr.policy import drafts_visible_to
from tests.hr.helpers import (
    TEXT_V2,
    consent_request_for,
    consented_draft,
    give_consent,
    latest,
    make_draft,
    published_policy,
    save_version,
    send_to_executive,
)

pytestmark = pytest.mark.django_db


def test_creating_a_draft_saves_version_one(personas):
    draft = make_draft(personas["hr"])
    assert draft.state == PolicyState.CONCEPT
    assert list(draft.versions.values_list("number", flat=True)) == [1]


def test_each_save_adds_a_numbered_version_and_keeps_the_old_one(personas):
    draft = make_draft(personas["hr"])
    version = save_version(personas["hr"], draft)
    assert version.number == 2
    assert draft.versions.get(number=1).text != TEXT_V2


def test_a_version_needs_a_summary_of_changes(personas):
    draft = make_draft(personas["hr"])
    with pytest.raises(ValidationError, match="what changed"):
        save_version(personas["hr"], draft, summary="  ")


def test_an_unchanged_version_is_refused(personas):
    draft = make_draft(personas["hr"])
    with pytest.raises(ValidationError, match="Nothing changed"):
        save_version(personas["hr"], draft, text=latest(draft).text)


def test_only_hr_creates_drafts(personas):
    with pytest.raises(ValidationError):
        make_draft(personas["or_secretaris"])


def test_a_draft_cannot_skip_internal_review(personas):
    draft = make_draft(personas["hr"])
    with pytest.raises(ValidationError, match="cannot go from"):
        services.policy_transition(actor=personas["hr"], policy=draft, to_state=PolicyState.TO_EXECUTIVE)


def test_hr_cannot_move_a_draft_to_the_works_council_by_hand(personas):
    draft = make_draft(personas["hr"])
    send_to_executive(personas["hr"], draft)
    with pytest.raises(ValidationError):
        services.policy_transition(
            actor=personas["hr"], policy=draft, to_state=PolicyState.WITH_WORKS_COUNCIL
        )


def test_sending_to_the_executive_lets_him_read_the_draft(personas):
    draft = make_draft(personas["hr"])
    assert not drafts_visible_to(personas["bestuurder"]).exists()
    send_to_executive(personas["hr"], draft)
    assert drafts_visible_to(personas["bestuurder"]).get() == draft


def test_no_new_version_while_the_works_council_decides(personas):
    draft = make_draft(personas["hr"])
    send_to_executive(personas["hr"], draft)
    consent_request_for(personas["bestuurder"], latest(draft))
    draft.refresh_from_db()
    assert draft.state == PolicyState.WITH_WORKS_COUNCIL
    with pytest.raises(ValidationError, match="cannot be saved"):
        save_version(personas["hr"], draft)


def test_submitting_to_the_works_council_lets_every_or_member_read_it(personas):
    draft = make_draft(personas["hr"])
    send_to_executive(personas["hr"], draft)
    assert not drafts_visible_to(personas["or_voorzitter"]).exists()
    consent_request_for(personas["bestuurder"], latest(draft))
    assert drafts_visible_to(personas["or_voorzitter"]).get() == draft
    assert not drafts_visible_to(personas["medewerker"]).exists()


# --- sharing and comments ---------------------------------------------------------------------------


def test_sharing_gives_the_named_or_member_access(personas):
    draft = make_draft(personas["hr"])
    services.policy_share(actor=personas["hr"], policy=draft, member=personas["or_lid"])
    assert drafts_visible_to(personas["or_lid"]).get() == draft
    assert not drafts_visible_to(personas["or_secretaris"]).exists()


def test_a_draft_is_shared_only_with_or_members(personas):
    draft = make_draft(personas["hr"])
    with pytest.raises(ValidationError, match="works council"):
        services.policy_share(actor=personas["hr"], policy=draft, member=personas["medewerker"])


def test_comments_record_their_side(personas):
    draft = make_draft(personas["hr"])
    hr_comment = services.comment_add(actor=personas["hr"], policy=draft, body="Intern: check de CAO.")
    or_comment = services.comment_add(actor=personas["or_lid"], policy=draft, body="Graag ook parttimers.")
    assert (hr_comment.side, or_comment.side) == ("hr", "or")


# --- publication ------------------------------------------------------------------------------------------


def test_publishing_without_consent_is_refused_with_a_clear_message(personas):
    draft = make_draft(personas["hr"])
    send_to_executive(personas["hr"], draft)
    with pytest.raises(ValidationError, match="has not consented to this exact version"):
        services.version_publish(actor=personas["hr"], version=latest(draft))
    assert not PolicyVersion.objects.filter(published_at__isnull=False).exists()


def test_consent_to_one_version_does_not_cover_another(personas):
    draft, version, request = consented_draft(personas)
    other = PolicyVersion.objects.create(
        policy=draft,
        number=2,
        title=version.title,
        subject=version.subject,
        text="Een andere tekst.",
        effective_date=version.effective_date,
        change_summary="Gewijzigd na instemming.",
        created_by=personas["hr"],
    )
    with pytest.raises(ValidationError, match="Version 2 cannot be published"):
        services.version_publish(actor=personas["hr"], version=other)


def test_a_refused_consent_does_not_allow_publication(personas):
    draft = make_draft(personas["hr"])
    send_to_executive(personas["hr"], draft)
    request = consent_request_for(personas["bestuurder"], latest(draft))
    give_consent(personas["or_secretaris"], request, outcome="weigering")
    with pytest.raises(ValidationError):
        services.version_publish(actor=personas["hr"], version=latest(draft))


def test_publishing_with_consent_records_the_basis(personas):
    draft, version = published_policy(personas)
    assert draft.state == PolicyState.PUBLISHED
    assert version.publication_basis == PublicationBasis.CONSENT
    assert version.is_current


def test_conditional_consent_allows_publication(personas):
    draft = make_draft(personas["hr"])
    send_to_executive(personas["hr"], draft)
    request = consent_request_for(personas["bestuurder"], latest(draft))
    give_consent(personas["or_secretaris"], request, outcome="voorwaardelijk")
    services.version_publish(actor=personas["hr"], version=latest(draft))
    assert latest(draft).is_current


def test_an_exemption_needs_a_reason_and_the_executive(personas):
    draft = make_draft(personas["hr"])
    with pytest.raises(ValidationError, match="sent to the executive"):
        services.version_publish(
            actor=personas["hr"], version=latest(draft), exemption_reason="Geregeld in de CAO."
        )
    send_to_executive(personas["hr"], draft)
    with pytest.raises(ValidationError, match="at least"):
        services.version_publish(actor=personas["hr"], version=latest(draft), exemption_reason="CAO")
    services.version_publish(
        actor=personas["hr"], version=latest(draft), exemption_reason="Geregeld in de CAO."
    )
    assert latest(draft).publication_basis == PublicationBasis.EXEMPTION


def test_a_new_published_version_expires_the_old_one(personas):
    draft, first = published_policy(personas)
    second = save_version(personas["hr"], draft)
    draft.refresh_from_db()
    assert draft.state == PolicyState.CONCEPT
    send_to_executive(personas["hr"], draft)
    give_consent(personas["or_secretaris"], consent_request_for(personas["bestuurder"], second))
    services.version_publish(actor=personas["hr"], version=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.expired_at is not None and not first.is_current
    assert second.is_current


def test_withdrawing_a_published_policy_expires_it(personas):
    draft, version = published_policy(personas)
    services.policy_transition(actor=personas["hr"], policy=draft, to_state=PolicyState.EXPIRED)
    version.refresh_from_db()
    assert version.expired_at is not None


def test_replacement_consent_of_the_court_allows_publication(personas):
    draft = make_draft(personas["hr"])
    send_to_executive(personas["hr"], draft)
    request = consent_request_for(personas["bestuurder"], latest(draft))
    give_consent(personas["or_secretaris"], request, outcome="weigering")
    with pytest.raises(ValidationError):
        services.version_publish(actor=personas["hr"], version=latest(draft))
    request_services.request_record_event(
        actor=personas["bestuurder"], request=request, event="court", on=timezone.localdate()
    )
    request_services.request_record_event(
        actor=personas["bestuurder"], request=request, event="court-granted", on=timezone.localdate()
    )
    services.version_publish(actor=personas["hr"], version=latest(draft))
    assert latest(draft).is_current


# --- read confirmation ---------------------------------------------------------------------------------


def test_employees_confirm_reading_once_hr_asks(personas):
    draft, version = published_policy(personas)
    with pytest.raises(ValidationError):
        services.read_confirm(user=personas["medewerker"], version=version)
    services.read_confirmation_request(actor=personas["hr"], policy=draft)
    version.refresh_from_db()
    services.read_confirm(user=personas["medewerker"], version=version)
    services.read_confirm(user=personas["medewerker"], version=version)
    assert version.read_confirmations.count() == 1


def test_read_confirmation_needs_a_published_policy(personas):
    with pytest.raises(ValidationError, match="published"):
        services.read_confirmation_request(actor=personas["hr"], policy=make_draft(personas["hr"]))
