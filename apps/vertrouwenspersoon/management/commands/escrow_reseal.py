"""Re-seal locked meldingen for their current counsellor with the organisation's escrow key."""

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apps.core import sealing
from apps.core.services import audit_record
from apps.vertrouwenspersoon import keys
from apps.vertrouwenspersoon.case_log import log
from apps.vertrouwenspersoon.models import LogAction, Report, ReportKey

HELP = """Re-seal, with the escrow private key read from standard input, every melding whose current
counsellor cannot open it (after an administrator reassigned it), for that counsellor.
Only meldingen submitted while escrow was on have an escrow envelope. Each re-seal is written
to the case log and the audit trail. The private key is read from stdin, never from an argument
(it would end up in the shell history and the process list)."""


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--report", help="Only this melding (its id).")

    def handle(self, *args: Any, report: str | None, **options: Any) -> None:
        try:
            private_key = sealing.unb64(sys.stdin.readline().strip())
            sealing.public_of(private_key)
        except Exception as error:  # noqa: BLE001 - any malformed key is the same mistake
            raise CommandError("Standard input holds no escrow private key.") from error
        envelopes = ReportKey.objects.filter(holder=ReportKey.Holder.ESCROW).select_related(
            "report__counsellor"
        )
        if report:
            envelopes = envelopes.filter(report_id=report)
        resealed = skipped = 0
        for envelope in envelopes:
            target: Report = envelope.report
            if keys.is_sealed_for(target, target.counsellor) or not keys.has_key_pair(target.counsellor):
                skipped += 1
                continue
            try:
                key = sealing.open_sealed(private_key, bytes(envelope.envelope))
            except sealing.Locked as error:
                raise CommandError("This is not the escrow key these meldingen were sealed for.") from error
            keys.seal_for_counsellor(report=target, key=key, counsellor=target.counsellor)
            log(target, LogAction.KEY_SHARED, detail=target.counsellor.display_name)
            audit_record(
                actor=None,
                action="report_escrow_resealed",
                target=target,
                details={"to": target.counsellor_id},
            )
            resealed += 1
        self.stdout.write(
            f"Re-sealed {resealed} meldingen for their counsellor; {skipped} left as they were."
        )
