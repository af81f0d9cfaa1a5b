"""Demo meldingen for `seed_demo` (development only).

The demo counsellor's key pair is locked with the demo password. Every demo report is
sealed with the fixed demo receipt code, printed by seed_demo, so a tester can open the
named ones and follow up the anonymous one; real codes are random and shown only once.
"""

import random
from typing import Any

from django.utils import timezone

from apps.accounts.models import Department
from apps.core.sealing import ContentKey

from . import keys, receipts, services, services_figures, services_minutes
from .models import AnnualReport, Author, Category, Report, ReportKey, ReportTally, Status

DEMO_RECEIPT_CODE = "DEM0C0DE2026AB12"


def seed_reports(context: Any) -> None:
    counsellor = context.users["vertrouwenspersoon"]
    if not keys.has_key_pair(counsellor):
        recovery = keys.key_pair_create(counsellor=counsellor, secret=context.password)
        context.notes.append(f"Recovery key of the demo counsellor: {recovery}")
    if not Report.objects.filter(counsellor=counsellor).exists():
        _seed_named_case(context.users["medewerker"], counsellor)
        _seed_closed_case(context.users["or-lid"], counsellor)
        _seed_anonymous_case(context.users["medewerker"], counsellor)
    if not AnnualReport.objects.filter(counsellor=counsellor).exists():
        _seed_last_year_figures(counsellor)
    context.notes.append(
        f"Demo receipt code (every demo report; the anonymous one at /vertrouwenspersoon/volgen/): "
        f"{receipts.display(DEMO_RECEIPT_CODE)}"
    )


def _submit(**fields: Any) -> tuple[Report, ContentKey]:
    """A report whose envelope opens with the demo receipt code."""
    submitted = services.report_submit(**fields)
    report, key = submitted.report, submitted.key
    ReportKey.objects.filter(report=report, holder=ReportKey.Holder.REPORTER).delete()
    keys.reporter_envelope(report, key, DEMO_RECEIPT_CODE).save()
    if report.is_anonymous:
        Report.objects.filter(pk=report.pk).update(receipt_code_hash=receipts.code_hash(DEMO_RECEIPT_CODE))
    return report, key


def _seed_named_case(reporter: Any, counsellor: Any) -> None:
    report, key = _submit(
        reporter=reporter,
        category="pesten",
        text=(
            "Mijn teamleider maakt in het wekelijkse overleg steeds kleinerende opmerkingen over mijn werk, "
            "waar collega's bij zijn. Ik slaap er slecht van en zie op tegen maandag. Ik wil eerst "
            "vertrouwelijk bespreken wat ik kan doen."
        ),
        counsellor=counsellor,
        anonymous=False,
    )
    services.message_post(
        report=report,
        key=key,
        author=Author.COUNSELLOR,
        body=(
            "Dank u voor uw melding. Zullen we deze week een gesprek plannen? Ik kan dinsdag of donderdag, "
            "op kantoor of online. Wat u mij vertelt, blijft tussen ons."
        ),
    )
    services.message_post(
        report=report, key=key, author=Author.REPORTER, body="Donderdag om 10 uur online past mij goed."
    )
    services.note_add(
        report=report, key=key, body="Gesprek donderdag 10:00 (online). Signalen van psychosociale belasting."
    )
    services_minutes.minutes_record(
        report=report,
        key=key,
        held_on=timezone.localdate(),
        text=(
            "Gesprek online. Melder beschrijft kleinerende opmerkingen van de teamleider in het wekelijkse "
            "overleg, sinds ongeveer drie maanden. Melder wil eerst zelf het gesprek aangaan; de "
            "vertrouwenspersoon helpt dat gesprek voor te bereiden. Vervolgafspraak over twee weken."
        ),
    )


def _seed_closed_case(reporter: Any, counsellor: Any) -> None:
    report, key = _submit(
        reporter=reporter,
        category="discriminatie",
        text="Bij een sollicitatieronde werd een collega volgens mij afgewezen vanwege haar afkomst.",
        counsellor=counsellor,
        anonymous=False,
    )
    services.message_post(
        report=report,
        key=key,
        author=Author.COUNSELLOR,
        body="We hebben de mogelijkheden besproken. U ziet af van een formele klacht; ik sluit de melding.",
    )
    services.report_set_status(report=report, status=Status.CLOSED)


def _seed_anonymous_case(reporter: Any, counsellor: Any) -> None:
    _submit(
        reporter=None,
        category="misstand",
        text=(
            "Ik vermoed dat bij inkoop offertes achteraf worden aangepast zodat steeds dezelfde leverancier "
            "wint. Ik durf dit niet op eigen naam te melden."
        ),
        counsellor=counsellor,
        anonymous=True,
    )


# Last year's reports, long closed and deleted by the retention rules: only their tallies remain.
LAST_YEAR_CATEGORIES = [
    *["pesten"] * 11,
    *["seksuele-intimidatie"] * 6,
    *["discriminatie"] * 3,
    *["agressie-geweld"] * 7,
    *["fraude"] * 2,
    *["misstand"] * 5,
    *["overig"] * 4,
]


def _seed_last_year_figures(counsellor: Any) -> None:
    year = timezone.localdate().year - 1
    departments = list(Department.objects.all()) + [None, None]
    chance = random.Random(year)  # noqa: S311 - demo data, not security
    ReportTally.objects.bulk_create(
        ReportTally(
            counsellor=counsellor,
            year=year,
            month=chance.randint(1, 12),
            category=Category(category),
            department=chance.choice(departments),
        )
        for category in LAST_YEAR_CATEGORIES
    )
    report = services_figures.annual_report_create(counsellor=counsellor, year=year, quarter=0)
    services_figures.annual_report_update(
        report=report,
        explanation=(
            f"In {year} kwamen 38 meldingen binnen, iets meer dan het jaar ervoor. Pesten blijft het "
            "meest voorkomende onderwerp; bijna alle meldingen konden in gesprek worden opgelost."
        ),
        recommendations=(
            "Zonder dat er meldingen over zijn gedaan, hoor ik in gesprekken dat medewerkers de "
            "werkdruk rond de jaarafsluiting als zwaar ervaren. Ik adviseer leidinggevenden te trainen "
            "in het bespreekbaar maken van omgangsvormen in het werkoverleg."
        ),
    )
    services_figures.annual_report_publish(report=report)
