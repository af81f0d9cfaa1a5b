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
