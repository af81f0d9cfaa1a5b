"""Make the organisation's escrow key pair (optional, off by default)."""

from typing import Any

from django.core.management.base import BaseCommand

from apps.core import sealing

HELP = """Print a new escrow key pair for PORTAL_ESCROW_PUBLIC_KEY.

Escrow lets the holder of the private key re-seal a melding for another counsellor when its
counsellor can no longer open it (`manage.py escrow_reseal`). It also lets that holder open
every melding sealed while escrow was on, which is why it is off by default and why every
reporter is told before they write. Keep the private key offline (on paper, in a safe), with
the person SECURITY.md names, never on the server; put only the public key in the settings,
and PORTAL_ESCROW_HOLDER to the holder's name as reporters should read it."""


class Command(BaseCommand):
    help = HELP

    def handle(self, *args: Any, **options: Any) -> None:
        private_key, public_key = sealing.new_key_pair()
        self.stdout.write(f"PORTAL_ESCROW_PUBLIC_KEY={sealing.b64(public_key)}")
        self.stdout.write("Private escrow key (keep it offline, never on this server):")
        self.stdout.write(sealing.b64(private_key))
