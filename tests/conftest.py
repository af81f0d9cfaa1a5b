"""Personas, one per role plus an outsider, staff, a superuser and anonymous."""

import os

import pytest
from django.test import Client

from apps.accounts.roles import Role
from tests.factories import DepartmentFactory, UserFactory

PASSWORD = "correct-horse-battery"

# name -> roles; every persona but the counsellor is also an employee.
PERSONA_ROLES: dict[str, list[Role]] = {
    "medewerker": [Role.EMPLOYEE],
    "or_lid": [Role.EMPLOYEE, Role.WORKS_COUNCIL_MEMBER],
    "or_voorzitter": [Role.EMPLOYEE, Role.WORKS_COUNCIL_MEMBER, Role.WORKS_COUNCIL_CHAIR],
    "or_secretaris": [Role.EMPLOYEE, Role.WORKS_COUNCIL_MEMBER, Role.WORKS_COUNCIL_SECRETARY],
    "hr": [Role.EMPLOYEE, Role.HR],
    "vertrouwenspersoon": [Role.COUNSELLOR],
    "andere_vertrouwenspersoon": [Role.COUNSELLOR],
    "bestuurder": [Role.EMPLOYEE, Role.EXECUTIVE],
    "outsider": [],
}
PERSONAS = [*PERSONA_ROLES, "staff", "superuser", "anonymous"]


@pytest.fixture(autouse=True)
def _isolated_cache_and_media(settings, tmp_path):
    """Each test starts with an empty cache and writes uploads to its own folder."""
    from django.core.cache import cache

    cache.clear()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    yield
    cache.clear()


@pytest.fixture
def department(db):
    return DepartmentFactory(name="Financiën", code="financien")


@pytest.fixture
def make_user(db, department):
    def make(username: str, roles: list[Role] = (), **fields):
        fields.setdefault("department", department)
        return UserFactory(username=username, roles=list(roles), **fields)

    return make


@pytest.fixture
def personas(make_user):
    """All personas: name -> user (None for anonymous)."""
    users = {name: make_user(name, roles) for name, roles in PERSONA_ROLES.items()}
    users["staff"] = make_user("staff", [], is_staff=True)
    users["superuser"] = make_user("superuser", [], is_staff=True, is_superuser=True)
    users["anonymous"] = None
    return users


def client_for(user) -> Client:
    """A client logged in as user, with the session a real login leaves: the activity
    clock started and, for users with an authenticator app or a role that requires one,
    verified with a confirmed app (created if needed), as after the code step."""
    client = Client()
    if user is not None:
        client.force_login(user)
        _complete_login_session(client, user)
    return client


def _complete_login_session(client: Client, user) -> None:
    import time

    from django_otp import DEVICE_ID_SESSION_KEY

    from apps.accounts.middleware import LAST_ACTIVITY_KEY
    from apps.accounts.policy import has_two_factor_device, two_factor_required
    from tests.keys import PRIVATE_KEYS, unlock_counsellor
    from tests.otp import confirmed_device

    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time())
    if has_two_factor_device(user) or two_factor_required(user):
        session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
    session.save()
    if user.pk in PRIVATE_KEYS and user.has_role(Role.COUNSELLOR):
        unlock_counsellor(client, user)  # as the password did at the real login
    unlock_reports_of(client, user)  # as the receipt code did, once per report


def unlock_reports_of(client: Client, user) -> None:
    """A named reporter who entered the receipt code of each of their reports."""
    from apps.vertrouwenspersoon.models import Report
    from tests.keys import content_key, unlock_report

    for report in Report.objects.filter(reporter=user):
        unlock_report(client, report, content_key(report))


@pytest.fixture
def login():
    return client_for


def pytest_sessionfinish(session, exitstatus):
    """Under CI=true a skipped test fails the run: nothing quietly stops being tested."""
    if os.environ.get("CI") != "true":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(f"CI=true: {len(skipped)} skipped test(s) count as failures.", red=True)
        session.exitstatus = 1
