"""Fill a development database with demo departments and one user per role.

Each seeding step is a function that takes the SeedContext; the command runs
SEED_STEPS in order inside one transaction. To seed sample content for an app,
write a step (it can read the users seeded before it from context.users) and
append it to SEED_STEPS. Steps must be idempotent: running the command twice
leaves the database as after one run.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from apps.accounts.demo import seed_two_factor
from apps.accounts.models import Department, User
from apps.accounts.roles import Role
from apps.accounts.services import user_set_roles
from apps.achterban.demo import seed_constituency
from apps.bestuurder.demo import seed_requests
from apps.hr.demo import seed_policies
from apps.ondernemingsraad.demo import seed_meetings
from apps.vertrouwenspersoon.demo import seed_reports

# A public demo password, documented in the README; the command refuses to run without DEBUG.
DEFAULT_PASSWORD = "Welkom-demo-2026"  # noqa: S105
PORTAL_URL = "http://127.0.0.1:8000/"


@dataclass(frozen=True)
class DemoDepartment:
    code: str
    name: str


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    department_code: str | None
    roles: tuple[Role, ...]
    is_superuser: bool = False

    @property
    def email(self) -> str:
        return f"{self.username}@example.org"


DEPARTMENTS: tuple[DemoDepartment, ...] = (
    DemoDepartment(code="directie", name="Directie"),
    DemoDepartment(code="financien", name="Financiën"),
    DemoDepartment(code="ict", name="ICT"),
    DemoDepartment(code="personeelszaken", name="Personeelszaken"),
    DemoDepartment(code="klantenservice", name="Klantenservice"),
    DemoDepartment(code="facilitaire-dienst", name="Facilitaire Dienst"),
)

USERS: tuple[DemoUser, ...] = (
    DemoUser(
        username="medewerker",
        first_name="Sanne",
        last_name="de Vries",
        department_code="klantenservice",
        roles=(Role.EMPLOYEE,),
    ),
    DemoUser(
        username="or-lid",
        first_name="Daan",
        last_name="Jansen",
        department_code="ict",
        roles=(Role.EMPLOYEE, Role.WORKS_COUNCIL_MEMBER),
    ),
    DemoUser(
        username="or-voorzitter",
        first_name="Fatima",
        last_name="El Amrani",
        department_code="financien",
        roles=(Role.EMPLOYEE, Role.WORKS_COUNCIL_MEMBER, Role.WORKS_COUNCIL_CHAIR),
    ),
    DemoUser(
        username="or-secretaris",
        first_name="Pieter",
        last_name="Bakker",
        department_code="facilitaire-dienst",
        roles=(Role.EMPLOYEE, Role.WORKS_COUNCIL_MEMBER, Role.WORKS_COUNCIL_SECRETARY),
    ),
    DemoUser(
        username="hr",
        first_name="Lotte",
        last_name="Visser",
        department_code="personeelszaken",
        roles=(Role.EMPLOYEE, Role.HR),
    ),
    # An external counsellor: no department, and independent of HR and the executive.
    DemoUser(
        username="vertrouwenspersoon",
        first_name="Ingrid",
        last_name="Mulder",
        department_code=None,
        roles=(Role.COUNSELLOR,),
    ),
    DemoUser(
        username="bestuurder",
        first_name="Willem",
        last_name="van den Berg",
        department_code="directie",
        roles=(Role.EMPLOYEE, Role.EXECUTIVE),
    ),
    DemoUser(
        username="admin",
        first_name="Kevin",
        last_name="Smit",
        department_code="ict",
        roles=(),
        is_superuser=True,
    ),
)


@dataclass
class SeedContext:
    """What the steps share: the demo password and what earlier steps seeded."""

    password: str
    departments: dict[str, Department] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # printed after the user table


SeedStep = Callable[[SeedContext], None]


def seed_departments(context: SeedContext) -> None:
    for demo in DEPARTMENTS:
        department, _ = Department.objects.update_or_create(code=demo.code, defaults={"name": demo.name})
        context.departments[demo.code] = department


def seed_users(context: SeedContext) -> None:
    for demo in USERS:
        context.users[demo.username] = upsert_demo_user(demo, context)


def upsert_demo_user(demo: DemoUser, context: SeedContext) -> User:
    """Create or reset the user to exactly what DemoUser describes."""
    department = context.departments[demo.department_code] if demo.department_code else None
    user, _ = User.objects.update_or_create(
        username=demo.username,
        defaults={
            "first_name": demo.first_name,
            "last_name": demo.last_name,
            "email": demo.email,
            "department": department,
            "is_active": True,
            "is_staff": demo.is_superuser,
            "is_superuser": demo.is_superuser,
        },
    )
    user.set_password(context.password)
    user.save(update_fields=["password"])
    user_set_roles(actor=None, user=user, roles=demo.roles)
    return user


SEED_STEPS: tuple[SeedStep, ...] = (
    seed_departments,
    seed_users,
    seed_two_factor,
    seed_reports,
    seed_meetings,
    seed_policies,
    seed_requests,
    seed_constituency,
)


def summary_rows() -> list[tuple[str, str]]:
    """(username, roles) for each demo user, as printed after seeding."""
    rows = []
    for demo in USERS:
        roles = ", ".join(role.value for role in demo.roles)
        if demo.is_superuser:
            roles = "superuser (Django admin), no roles"
        rows.append((demo.username, roles))
    return rows


class Command(BaseCommand):
    help = "Create or reset demo departments and one demo user per role (DEBUG only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"Password for every demo user (default: {DEFAULT_PASSWORD}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError("seed_demo only runs with DEBUG on; it must never touch a real database.")
        password = options["password"]
        if not password:
            raise CommandError("The demo password may not be empty.")
        context = SeedContext(password=password)
        with transaction.atomic():
            for step in SEED_STEPS:
                step(context)
        self.write_summary(password)
        for note in context.notes:
            self.stdout.write(note)

    def write_summary(self, password: str) -> None:
        rows = summary_rows()
        width = max(len(username) for username, _ in rows)
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Users:"))
        for username, roles in rows:
            self.stdout.write(f"  {username.ljust(width)}  {roles}")
        self.stdout.write(f"Password for every demo user: {password}")
        self.stdout.write(f"Log in at {PORTAL_URL}")
