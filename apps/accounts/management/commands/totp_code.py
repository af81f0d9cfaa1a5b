"""Print a user's current two-factor login code (development only, like seed_demo)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.totp import current_code


class Command(BaseCommand):
    help = "Print the current two-factor login code of a user's authenticator app (DEBUG only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("totp_code only runs with DEBUG on: it stands in for a phone in development.")
        device = (
            TOTPDevice.objects.filter(user__username=options["username"], confirmed=True)
            .order_by("pk")
            .first()
        )
        if device is None:
            raise CommandError(f"{options['username']} has no confirmed authenticator app.")
        self.stdout.write(current_code(device))
