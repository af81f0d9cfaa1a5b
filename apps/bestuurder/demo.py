"""Demo requests for `seed_demo` (development only), in Dutch: a voorgenomen besluit,
an adviesaanvraag about a reorganisation with a decision that deviates from the advice
(so the suspension and the appeal term run), and a pending instemmingsverzoek.

The answered request is linked to the agenda item of the overlegvergadering from the
meetings demo (seeded before this step) at which the reorganisation was discussed."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from apps.hr import services as hr_services
from apps.hr.models import Policy, PolicyState

from . import policy, services
from .models import ProposedDecision, Request

REORGANISATIE = "Reorganisatie klantenservice"
OPLEIDING = "Opleidingsbeleid"
# An item of the meetings demo (apps.ondernemingsraad.demo.CONSULTATION_TOPICS).
REORGANISATIE_ITEM = "Voorgenomen reorganisatie Klantenservice (adviesaanvraag art. 25)"
FILED_BEFORE_MEETING = timedelta(days=14)


def link_to_demo_consultation(*, actor: Any, request: Request, topic: str) -> None:
    """Link a demo request to the agenda item `topic` of a held overlegvergadering from the
    meetings demo (the latest held item when that topic is missing), as the officer `actor`
    would choose it. The request is dated two weeks before that meeting: it was filed before
    it was discussed, as the service requires."""
    items = policy.consultation_items_for(actor)
    item = items.filter(title=topic).first() or items.first()
    if item is None:
        raise RuntimeError("The meetings demo has no held overlegvergadering to link the request to.")
    Request.objects.filter(pk=request.pk).update(created_at=item.meeting.starts_at - FILED_BEFORE_MEETING)
    request.refresh_from_db()
    services.request_record_consultation(actor=actor, request=request, item=item)
    request.refresh_from_db()


def seed_requests(context: Any) -> None:
    users = context.users
    bestuurder, secretaris, hr = users["bestuurder"], users["or-secretaris"], users["hr"]
    today = timezone.localdate()
    if not ProposedDecision.objects.filter(title="Verhuizing backoffice naar Utrecht").exists():
        services.proposal_create(
            actor=bestuurder,
            title="Verhuizing backoffice naar Utrecht",
            description=(
                "Het huurcontract in Amersfoort loopt af. De backoffice verhuist mogelijk naar Utrecht."
            ),
            kind="advies",
            announced_on=today - timedelta(days=14),
        )
    if not Request.objects.filter(title=REORGANISATIE).exists():
        _seed_reorganisation(bestuurder, secretaris, users["or-voorzitter"], users["or-lid"], today)
    if not Policy.objects.filter(title=OPLEIDING).exists():
        policy = hr_services.policy_create(
            actor=hr,
            title=OPLEIDING,
            subject="opleiding",
            text="Iedere medewerker heeft een persoonlijk opleidingsbudget van € 1.000 per jaar.",
            effective_date=date(today.year + 1, 1, 1),
            change_summary="Eerste versie.",
        )
        hr_services.policy_transition(actor=hr, policy=policy, to_state=PolicyState.INTERNAL_REVIEW)
        hr_services.policy_transition(actor=hr, policy=policy, to_state=PolicyState.TO_EXECUTIVE)
        services.request_file(
            actor=bestuurder,
            kind="instemming",
            title="Instemmingsverzoek opleidingsbeleid",
            subject="opleiding",
            reasons="Een vast opleidingsbudget maakt duidelijk waar iedereen recht op heeft.",
            consequences=(
                "Iedere medewerker krijgt een eigen budget; de leidinggevende keurt de opleiding goed."
            ),
            policy_version=policy.versions.get(),
        )


def _seed_reorganisation(bestuurder: Any, secretaris: Any, voorzitter: Any, or_lid: Any, today: date) -> None:
    request = services.request_file(
        actor=bestuurder,
        kind="advies",
        title=REORGANISATIE,
        subject="reorganisatie",
        reasons=(
            "De wachttijden aan de telefoon zijn te lang. Twee teams "
            "(particulier en zakelijk) werken gerichter."
        ),
        consequences="Achttien medewerkers krijgen een nieuw team; twee teamleiders krijgen een andere rol.",
        parts=["Splitsing in twee teams", "Nieuwe roosters met avonddienst", "Functie van de teamleiders"],
    )
    services.entry_add(
        actor=or_lid, request=request, kind="vraag", body="Hoeveel avonddiensten per maand worden verwacht?"
    )
    services.entry_add(
        actor=bestuurder, request=request, kind="antwoord", body="Gemiddeld twee per medewerker per maand."
    )
    services.entry_add(
        actor=or_lid,
        request=request,
        kind="achterban",
        body="Peiling onder de klantenservice: 14 van de 18 medewerkers vinden avonddiensten bezwaarlijk.",
    )
    link_to_demo_consultation(actor=voorzitter, request=request, topic=REORGANISATIE_ITEM)
    first, second, third = request.parts.all()
    services.advice_answer(
        actor=secretaris,
        request=request,
        advice=[
            services.PartAdvice(first, "positief", ""),
            services.PartAdvice(second, "negatief", "Avonddiensten alleen op vrijwillige basis."),
            services.PartAdvice(third, "voorwaardelijk", "Met een loopbaangesprek voor beide teamleiders."),
        ],
        reasons="De OR steunt de splitsing, maar niet de verplichte avonddiensten.",
    )
    request.refresh_from_db()
    services.advice_decide(
        actor=bestuurder,
        request=request,
        decisions=[
            services.PartDecision(first, "conform", "Zoals geadviseerd."),
            services.PartDecision(
                second, "afwijkend", "Zonder vaste avonddiensten halen we de bereikbaarheid niet."
            ),
            services.PartDecision(third, "conform", "Beide teamleiders krijgen een loopbaangesprek."),
        ],
        reasons="Het besluit wijkt op het rooster af van het advies; zie de toelichting per onderdeel.",
        decided_on=today,
    )
