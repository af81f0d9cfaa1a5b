"""The browser tests' database, built in one process (server.prepare_database runs this
through `manage.py shell`, with DEBUG on for seed_demo): migrated, the demo data, and a
second counsellor, to show that one counsellor cannot open another's case.

Like the demo counsellor, the second one logs in with two-factor login; the tests get the
current code from `manage.py totp_code vertrouwenspersoon-2`.
"""

from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.management.commands.seed_demo import (
    DEFAULT_PASSWORD,
    DemoUser,
    SeedContext,
    upsert_demo_user,
)
from apps.accounts.roles import Role

SECOND_COUNSELLOR = DemoUser(
    username="vertrouwenspersoon-2",
    first_name="Peter",
    last_name="de Boer",
    department_code=None,
    roles=(Role.COUNSELLOR,),
)


def main() -> None:
    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed_demo")
    user = upsert_demo_user(SECOND_COUNSELLOR, SeedContext(password=DEFAULT_PASSWORD))
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=True)
