"""What of the meldingen the server's own key can still open, and closing that for good."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from apps.core.sealing import Sealed
from apps.vertrouwenspersoon.models import Report, ReportKey

HELP = """Report which meldingen the server's key can still open.

Meldingen from before the sealed scheme were re-sealed by the migration with a content key
of their own, kept in a SERVER bridge envelope until their counsellor (first key pair) and
their reporter (next visit with the receipt code) have envelopes of their own. A bridge goes
by itself once both exist. This command lists what is left:
  - bridges waiting for the counsellor (who has no key pair yet, or the case was reassigned),
  - bridges waiting for the reporter (who has not come back since),
  - content still in the old form (should be none after the migration).
With --finish the remaining bridges are deleted: from then on the server key opens no melding.
A reporter who never came back can then no longer read their melding; a counsellor who
never made a key pair loses those cases (the escrow, where configured, can re-seal them)."""


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--finish", action="store_true", help="Delete the remaining bridges.")

    def handle(self, *args: Any, finish: bool, **options: Any) -> None:
        bridges = ReportKey.objects.filter(holder=ReportKey.Holder.SERVER)
        waiting_counsellor = bridges.exclude(report__keys__holder=ReportKey.Holder.COUNSELLOR).count()
        waiting_reporter = bridges.exclude(report__keys__holder=ReportKey.Holder.REPORTER).count()
        unsealed = sum(
            1
            for text in Report.objects.values_list("text", flat=True).iterator()
            if isinstance(text, Sealed) and not text.key_id
        )
        self.stdout.write(f"Meldingen the server key can still open (bridges): {bridges.count()}")
        self.stdout.write(f"  waiting for their counsellor's key pair: {waiting_counsellor}")
        self.stdout.write(f"  waiting for their reporter's next visit: {waiting_reporter}")
        self.stdout.write(f"Meldingen still in the old form: {unsealed}")
        if finish:
            with transaction.atomic():
                deleted, _ = bridges.delete()
            self.stdout.write(f"Deleted {deleted} bridges: the server key opens no melding any more.")
        elif bridges.exists() or unsealed:
            self.stdout.write("Run again with --finish to delete the remaining bridges.")
        else:
            self.stdout.write("None left: the server key opens no melding.")
