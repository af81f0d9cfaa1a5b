import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.accounts.models import Department, User
from apps.accounts.roles import Role

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "Welkom-demo-2026"

# Written out here, not imported from the command, so the test pins the contract.
EXPECTED_ROLES: dict[str, set[Role]] = {
    "medewerker": {Role.EMPLOYEE},
    "or-lid": {Role.EMPLOYEE, Role.WORKS_COUNCIL_MEMBER},
    "or-voorzitter": {Role.EMPLOYEE, Role.WORKS_COUNCIL_MEMBER, Role.WORKS_COUNCIL_CHAIR},
    "or-secretaris": {Role.EMPLOYEE, Role.WORKS_COUNCIL_MEMBER, Role.WORKS_COUNCIL_SECRETARY},
    "hr": {Role.EMPLOYEE, Role.HR},
    "vertrouwenspersoon": {Role.COUNSELLOR},
    "bestuurder": {Role.EMPLOYEE, Role.EXECUTIVE},
    "admin": set(),
}


@pytest.fixture(autouse=True)
def debug_on(settings):
    settings.DEBUG = True


def seed_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_it_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        seed_demo()

    assert not User.objects.exists()
    assert not Department.objects.exists()


def test_it_creates_the_dutch_departments():
    seed_demo()

    assert set(Department.objects.values_list("code", "name")) >= {
        ("financien", "Financiën"),
        ("ict", "ICT"),
        ("personeelszaken", "Personeelszaken"),
        ("directie", "Directie"),
    }


@pytest.mark.parametrize(("username", "roles"), EXPECTED_ROLES.items())
def test_it_creates_each_demo_user_with_the_defined_roles(username, roles):
    seed_demo()

    user = User.objects.get(username=username)
    assert set(user.roles) == roles
    assert user.email == f"{username}@example.org"
    assert user.first_name and user.last_name
    assert user.is_active


@pytest.mark.parametrize("username", EXPECTED_ROLES)
def test_every_demo_user_can_log_in_with_the_demo_password(username):
    seed_demo()

    assert User.objects.get(username=username).check_password(DEMO_PASSWORD)


def test_the_password_option_sets_another_password():
    output = seed_demo("--password", "iets-anders-123")

    user = User.objects.get(username="medewerker")
    assert user.check_password("iets-anders-123")
    assert not user.check_password(DEMO_PASSWORD)
    assert "iets-anders-123" in output


def test_only_the_admin_is_staff_and_superuser():
    seed_demo()

    assert list(User.objects.filter(is_staff=True).values_list("username", flat=True)) == ["admin"]
    assert list(User.objects.filter(is_superuser=True).values_list("username", flat=True)) == ["admin"]


def test_every_employee_has_a_department_and_the_executive_is_in_the_directie():
    seed_demo()

    employees = User.objects.filter(groups__name=Role.EMPLOYEE)
    assert employees.count() == 6
    assert not employees.filter(department__isnull=True).exists()
    assert User.objects.get(username="bestuurder").department.code == "directie"


def test_the_counsellor_has_neither_hr_nor_executive_role():
    seed_demo()

    counsellor = User.objects.get(username="vertrouwenspersoon")
    assert counsellor.has_role(Role.COUNSELLOR)
    assert not counsellor.has_role(Role.HR, Role.EXECUTIVE)
    assert counsellor.department is None


def test_running_it_twice_creates_no_duplicates():
    seed_demo()
    user_ids = set(User.objects.values_list("pk", flat=True))
    department_ids = set(Department.objects.values_list("pk", flat=True))

    seed_demo()

    assert set(User.objects.values_list("pk", flat=True)) == user_ids
    assert set(Department.objects.values_list("pk", flat=True)) == department_ids
    assert set(User.objects.values_list("username", flat=True)) == set(EXPECTED_ROLES)


def test_running_it_again_restores_a_changed_password_and_roles():
    seed_demo()
    user = User.objects.get(username="or-lid")
    user.set_password("zelf-gekozen-wachtwoord")
    user.is_active = False
    user.save()
    user.groups.clear()
    admin = User.objects.get(username="admin")
    admin.is_superuser = False
    admin.save()

    seed_demo()

    user = User.objects.get(username="or-lid")
    assert user.check_password(DEMO_PASSWORD)
    assert user.is_active
    assert set(user.roles) == EXPECTED_ROLES["or-lid"]
    assert User.objects.get(username="admin").is_superuser


def test_the_output_lists_every_username_and_the_password():
    output = seed_demo()

    for username in EXPECTED_ROLES:
        assert username in output
    assert DEMO_PASSWORD in output
    assert "http://127.0.0.1:8000/" in output


# --- two-factor login of the demo counsellor ---------------------------------------------------

DEMO_TOTP_SECRET = "OBXXE5DBMFWC2ZDFNVXS2MRQGI3C25TQ"  # documented in the README


def test_the_demo_counsellor_has_an_app_with_the_documented_secret():
    from base64 import b32decode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    seed_demo()
    seed_demo()

    device = TOTPDevice.objects.get(user__username="vertrouwenspersoon")
    assert device.confirmed
    assert device.bin_key == b32decode(DEMO_TOTP_SECRET)


def test_the_output_says_how_the_counsellor_gets_a_code():
    output = seed_demo()

    assert DEMO_TOTP_SECRET in output
    assert "manage.py totp_code vertrouwenspersoon" in output


def test_the_demo_counsellor_logs_in_with_the_password_and_the_printed_code():
    from django.test import Client
    from django.urls import reverse

    seed_demo()
    client = Client()
    client.post(reverse("login"), {"username": "vertrouwenspersoon", "password": DEMO_PASSWORD})
    out = io.StringIO()
    call_command("totp_code", "vertrouwenspersoon", stdout=out)

    response = client.post(reverse("two_factor_verify"), {"otp_token": out.getvalue().strip()})

    assert response.status_code == 302
    assert client.get(reverse("vertrouwenspersoon:case-list")).status_code == 200


def test_totp_code_refuses_without_debug(settings):
    seed_demo()
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("totp_code", "vertrouwenspersoon", stdout=io.StringIO())


def test_totp_code_says_when_the_user_has_no_app():
    seed_demo()

    with pytest.raises(CommandError, match="no confirmed authenticator app"):
        call_command("totp_code", "medewerker", stdout=io.StringIO())
