import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import Http404
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path, reverse

from tests.conftest import PERSONA_ROLES

pytestmark = pytest.mark.django_db


def test_the_home_page_requires_login(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_employee_sees_their_roles_and_department_but_no_administration(login, personas):
    page = login(personas["medewerker"]).get(reverse("core:home")).content.decode()
    assert "Medewerker" in page and "Financiën" in page
    assert reverse("admin:index") not in page


def test_an_admin_sees_the_administration_in_menu_and_home(login, personas):
    page = login(personas["staff"]).get(reverse("core:home")).content.decode()
    assert page.count(reverse("admin:index")) >= 1
    assert reverse("admin:accounts_user_changelist") in page


def test_a_user_without_roles_is_told_to_ask_an_administrator(login, personas):
    page = login(personas["outsider"]).get(reverse("core:home")).content.decode()
    assert "Vraag een beheerder" in page


HOME_QUERY_CEILING = 25


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:home")).status_code == 200
    return len(queries)


def test_the_home_page_query_count_does_not_grow_with_the_data(login, personas, settings):
    """Every role's panels read a bounded number of rows: a year of demo data in every
    app (meetings, requests, policies, polls, news, figures) adds no query."""
    clients = {name: login(personas[name]) for name in PERSONA_ROLES}
    for client in clients.values():
        _home_queries(client)  # warm the per-process caches (content types, permissions)
    before = {name: _home_queries(client) for name, client in clients.items()}
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    # Demo users share some personas' usernames: seeding gave them a new password and
    # department. Put the department back (it costs the account panel a query) and sign in again.
    for name in PERSONA_ROLES:
        department = personas[name].department
        personas[name].refresh_from_db()
        personas[name].department = department
        personas[name].save(update_fields=["department"])
    clients = {name: login(personas[name]) for name in PERSONA_ROLES}
    after = {name: _home_queries(client) for name, client in clients.items()}
    assert after == before
    assert max(after.values()) <= HOME_QUERY_CEILING, after


def _refuse_with_a_secret(request):
    raise Http404("melding over Jan de Vries")


class _UrlconfRaising404:
    urlpatterns = [path("geheim/", _refuse_with_a_secret), path("", include("portal.urls"))]
    handler404 = "apps.core.views.page_not_found"


@override_settings(ROOT_URLCONF=_UrlconfRaising404)
def test_a_404_page_is_dutch_and_never_shows_the_reason_given_in_code(login, personas):
    response = login(personas["medewerker"]).get("/geheim/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Pagina niet gevonden" in page
    assert "Jan de Vries" not in page


def test_a_refused_page_answers_a_dutch_403(login, personas):
    response = login(personas["medewerker"]).get(reverse("admin:index"))
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_the_500_page_is_dutch_and_static(client):
    from django.test import RequestFactory

    from apps.core.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Er is iets misgegaan" in response.content.decode()


def test_bootstrap_is_served_by_the_portal_itself(client):
    page = client.get(reverse("login")).content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in page
    assert "cdn" not in page.lower() and "https://" not in page
