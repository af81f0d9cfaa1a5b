"""Building policies and requests through the services, for the hr and bestuurder tests."""

from datetime import date

from apps.bestuurder import services as request_services
from apps.bestuurder.models import Request, RequestKind
from apps.hr import services
from apps.hr.models import Policy, PolicyState, PolicyVersion
from tests.bestuurder.helpers import consult as consult_at_overleg

TEXT_V1 = "Medewerkers mogen twee dagen per week thuiswerken.\nDe leidinggevende stemt het rooster af."
TEXT_V2 = "Medewerkers mogen drie dagen per week thuiswerken.\nDe leidinggevende stemt het rooster af."


def make_draft(hr, title="Thuiswerkregeling", text=TEXT_V1, subject="arbeidstijden-vakantie") -> Policy:
    return services.policy_create(
        actor=hr,
        title=title,
        subject=subject,
        text=text,
        effective_date=date(2026, 1, 1),
        change_summary="Eerste versie.",
    )


def save_version(hr, draft: Policy, text=TEXT_V2, summary="Drie in plaats van twee dagen.") -> PolicyVersion:
    latest = draft.versions.order_by("-number").first()
    return services.version_save(
        actor=hr,
        policy=draft,
        title=latest.title,
        subject=latest.subject,
        text=text,
        effective_date=latest.effective_date,
        change_summary=summary,
    )


def send_to_executive(hr, draft: Policy) -> None:
    services.policy_transition(actor=hr, policy=draft, to_state=PolicyState.INTERNAL_REVIEW)
    services.policy_transition(actor=hr, policy=draft, to_state=PolicyState.TO_EXECUTIVE)


def latest(draft: Policy) -> PolicyVersion:
    return draft.versions.order_by("-number").first()


def file_request(bestuurder, kind=RequestKind.ADVICE, **overrides) -> Request:
    fields = {
        "actor": bestuurder,
        "kind": kind,
        "title": "Reorganisatie klantenservice" if kind == RequestKind.ADVICE else "Thuiswerkregeling",
        "subject": "reorganisatie" if kind == RequestKind.ADVICE else "arbeidstijden-vakantie",
        "reasons": "De klantenservice wordt in twee teams verdeeld.",
        "consequences": "Twaalf medewerkers krijgen een nieuwe leidinggevende.",
        "parts": ["Nieuwe teamindeling", "Nieuwe roosters"] if kind == RequestKind.ADVICE else [],
    }
    return request_services.request_file(**{**fields, **overrides})


def consent_request_for(bestuurder, version: PolicyVersion) -> Request:
    return file_request(bestuurder, kind=RequestKind.CONSENT, policy_version=version)


def consult(officer, request: Request) -> None:
    """Link the request to an item of a held overlegvergadering (required before answering)."""
    consult_at_overleg(officer, request)


def give_consent(officer, request: Request, outcome="instemming") -> None:
    consult(officer, request)
    request_services.consent_answer(
        actor=officer,
        request=request,
        outcome=outcome,
        reasons="De OR kan zich vinden in de regeling.",
        conditions="Evaluatie na een jaar." if outcome == "voorwaardelijk" else "",
    )
    request.refresh_from_db()


def consented_draft(personas) -> tuple[Policy, PolicyVersion, Request]:
    """A draft sent to the executive, with consent to its latest version."""
    draft = make_draft(personas["hr"])
    send_to_executive(personas["hr"], draft)
    version = latest(draft)
    request = consent_request_for(personas["bestuurder"], version)
    give_consent(personas["or_secretaris"], request)
    draft.refresh_from_db()
    return draft, version, request


def published_policy(personas) -> tuple[Policy, PolicyVersion]:
    draft, version, _ = consented_draft(personas)
    services.version_publish(actor=personas["hr"], version=version)
    draft.refresh_from_db()
    version.refresh_from_db()
    return draft, version
