"""Demo regelingen for `seed_demo` (development only), in Dutch.

- Verzuimbeleid: a draft in internal review, shared with the OR member, with comments;
- Thuiswerkregeling: two versions, the OR's consent to version 2, published, read confirmation asked;
- Werktijdenregeling: published without consent because the CAO settles it.
"""

from datetime import date
from typing import Any

from django.utils import timezone

from apps.bestuurder import demo as request_demo
from apps.bestuurder import services as request_services

from . import services
from .models import Policy, PolicyState

THUISWERK_V1 = (
    "1. Medewerkers mogen in overleg met hun leidinggevende twee dagen per week thuiswerken.\n"
    "2. De werkgever vergoedt € 2,35 per thuiswerkdag.\n"
    "3. Op dinsdag is iedereen op kantoor voor het teamoverleg."
)
THUISWERK_V2 = (
    "1. Medewerkers mogen in overleg met hun leidinggevende drie dagen per week thuiswerken.\n"
    "2. De werkgever vergoedt € 2,40 per thuiswerkdag en eenmalig € 300 voor een bureaustoel.\n"
    "3. Op dinsdag is iedereen op kantoor voor het teamoverleg.\n"
    "4. De regeling wordt na een jaar met de OR geëvalueerd."
)
VERZUIM = (
    "1. Meld je ziek vóór 9.00 uur bij je leidinggevende, telefonisch.\n"
    "2. De leidinggevende neemt binnen twee werkdagen contact op.\n"
    "3. Bij verzuim langer dan twee weken volgt een gesprek met de bedrijfsarts."
)
WERKTIJDEN = "De werktijden, pauzes en toeslagen volgen de cao. Kantoortijden zijn van 8.00 tot 18.00 uur."


def _exists(title: str) -> bool:
    return Policy.objects.filter(title=title).exists()


def _to_executive(hr: Any, policy: Policy) -> None:
    services.policy_transition(actor=hr, policy=policy, to_state=PolicyState.INTERNAL_REVIEW)
    services.policy_transition(actor=hr, policy=policy, to_state=PolicyState.TO_EXECUTIVE)


def seed_policies(context: Any) -> None:
    users = context.users
    hr, bestuurder, or_lid, secretaris = (
        users["hr"],
        users["bestuurder"],
        users["or-lid"],
        users["or-secretaris"],
    )
    if not _exists("Verzuimbeleid"):
        policy = services.policy_create(
            actor=hr,
            title="Verzuimbeleid",
            subject="arbo-verzuim-reintegratie",
            text=VERZUIM,
            effective_date=date(timezone.localdate().year + 1, 1, 1),
            change_summary="Eerste opzet op basis van het advies van de arbodienst.",
        )
        services.policy_transition(actor=hr, policy=policy, to_state=PolicyState.INTERNAL_REVIEW)
        services.policy_share(actor=hr, policy=policy, member=or_lid)
        services.comment_add(actor=hr, policy=policy, body="Check nog de termijn met de bedrijfsarts.")
        services.comment_add(
            actor=or_lid,
            policy=policy,
            body="Kan ziekmelden ook per app? Voor ploegendiensten is 9.00 uur lastig.",
        )
    if not _exists("Thuiswerkregeling"):
        policy = services.policy_create(
            actor=hr,
            title="Thuiswerkregeling",
            subject="arbeidstijden-vakantie",
            text=THUISWERK_V1,
            effective_date=date(timezone.localdate().year, 1, 1),
            change_summary="Eerste versie.",
        )
        version = services.version_save(
            actor=hr,
            policy=policy,
            title="Thuiswerkregeling",
            subject="arbeidstijden-vakantie",
            text=THUISWERK_V2,
            effective_date=date(timezone.localdate().year, 1, 1),
            change_summary=(
                "Drie thuiswerkdagen, hogere vergoeding en evaluatie na een jaar (na overleg met de OR)."
            ),
        )
        _to_executive(hr, policy)
        request = request_services.request_file(
            actor=bestuurder,
            kind="instemming",
            title="Instemmingsverzoek thuiswerkregeling",
            subject="arbeidstijden-vakantie",
            reasons="Hybride werken is blijvend; de regeling legt de afspraken vast.",
            consequences="Alle medewerkers met kantoorwerk kunnen tot drie dagen thuiswerken.",
            policy_version=version,
        )
        request_demo.link_to_demo_consultation(
            actor=secretaris, request=request, topic="Invoering hybride werken en thuiswerkvergoeding"
        )
        request_services.consent_answer(
            actor=secretaris,
            request=request,
            outcome="voorwaardelijk",
            reasons="De achterban steunt de regeling; de OR wil de gevolgen na een jaar bekijken.",
            conditions="Evaluatie met de OR na twaalf maanden.",
        )
        services.version_publish(actor=hr, version=version)
        services.read_confirmation_request(actor=hr, policy=policy)
    if not _exists("Werktijdenregeling"):
        policy = services.policy_create(
            actor=hr,
            title="Werktijdenregeling",
            subject="arbeidstijden-vakantie",
            text=WERKTIJDEN,
            effective_date=date(timezone.localdate().year, 1, 1),
            change_summary="Eerste versie.",
        )
        _to_executive(hr, policy)
        services.version_publish(
            actor=hr,
            version=policy.versions.get(),
            exemption_reason=(
                "Geregeld in de cao; de OR heeft hier geen instemmingsrecht (art. 27 lid 3 WOR)."
            ),
        )
