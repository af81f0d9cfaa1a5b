"""Demo meldingen for `seed_demo` (development only).

The anonymous demo report gets a fixed receipt code, printed by seed_demo, so a
tester can try the follow-up page; real codes are random and shown only once.
"""

from typing import Any

from . import receipts, services
from .models import Author, Report, Status

DEMO_RECEIPT_CODE = "DEM0C0DE2026AB12"


def seed_reports(context: Any) -> None:
    counsellor = context.users["vertrouwenspersoon"]
    if not Report.objects.filter(counsellor=counsellor).exists():
        _seed_named_case(context.users["medewerker"], counsellor)
        _seed_closed_case(context.users["or-lid"], counsellor)
        _seed_anonymous_case(context.users["medewerker"], counsellor)
    context.notes.append(
        f"Anonymous demo report: follow it up at /vertrouwenspersoon/volgen/ with code "
        f"{receipts.display(DEMO_RECEIPT_CODE)}"
    )


def _seed_named_case(reporter: Any, counsellor: Any) -> None:
    report = services.report_submit(
        reporter=reporter,
        category="pesten",
        text=(
            "Mijn teamleider maakt in het wekelijkse overleg steeds kleinerende opmerkingen over mijn werk, "
            "waar collega's bij zijn. Ik slaap er slecht van en zie op tegen maandag. Ik wil eerst "
            "vertrouwelijk bespreken wat ik kan doen."
        ),
        counsellor=counsellor,
        anonymous=False,
    ).report
    services.message_post(
        report=report,
        author=Author.COUNSELLOR,
        body=(
            "Dank u voor uw melding. Zullen we deze week een gesprek plannen? Ik kan dinsdag of donderdag, "
            "op kantoor of online. Wat u mij vertelt, blijft tussen ons."
        ),
    )
    services.message_post(
        report=report, author=Author.REPORTER, body="Donderdag om 10 uur online past mij goed."
    )
    services.note_add(
        report=report, body="Gesprek donderdag 10:00 (online). Signalen van psychosociale belasting."
    )


def _seed_closed_case(reporter: Any, counsellor: Any) -> None:
    report = services.report_submit(
        reporter=reporter,
        category="discriminatie",
        text="Bij een sollicitatieronde werd een collega volgens mij afgewezen vanwege haar afkomst.",
        counsellor=counsellor,
        anonymous=False,
    ).report
    services.message_post(
        report=report,
        author=Author.COUNSELLOR,
        body="We hebben de mogelijkheden besproken. U ziet af van een formele klacht; ik sluit de melding.",
    )
    services.report_set_status(report=report, status=Status.CLOSED)


def _seed_anonymous_case(reporter: Any, counsellor: Any) -> None:
    report = services.report_submit(
        reporter=reporter,
        category="misstand",
        text=(
            "Ik vermoed dat bij inkoop offertes achteraf worden aangepast zodat steeds dezelfde leverancier "
            "wint. Ik durf dit niet op eigen naam te melden."
        ),
        counsellor=counsellor,
        anonymous=True,
    ).report
    Report.objects.filter(pk=report.pk).update(receipt_code_hash=receipts.code_hash(DEMO_RECEIPT_CODE))
