"""The anonymised figures: prepared and published by the counsellor, read by the OR,
HR and the executive only after publication, never showing a count below 5."""

import csv
import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from freezegun import freeze_time

from apps.accounts.roles import Role
from apps.vertrouwenspersoon import services, services_figures
from apps.vertrouwenspersoon.models import AnnualReport
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

READERS = ["hr", "bestuurder", "or_lid"]
EXPLANATION = "Het aantal meldingen over pesten is gestegen ten opzichte van vorig jaar."
RECOMMENDATION = "Train leidinggevenden in het voeren van lastige gesprekken."
TEXT = "Tekst van een melding die nooit in de cijfers mag staan."
LIST = reverse("vertrouwenspersoon:figures-list")
PUBLISHED_LIST = reverse("vertrouwenspersoon:published-figures-list")


@pytest.fixture(autouse=True)
def frozen_clock():
    """February 2026: 2025 has ended, 2026 is running."""
    with freeze_time("2026-02-15 10:00:00"):
        yield


def english(user=None):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def receive(personas, category, at, counsellor="vertrouwenspersoon"):
    with freeze_time(at):
        services.report_submit(
            reporter=personas["medewerker"],
            category=category,
            text=TEXT,
            counsellor=personas[counsellor] if isinstance(counsellor, str) else counsellor,
            anonymous=False,
        )


@pytest.fixture
def reports_2025(personas):
    """Seven reports of bullying in the first quarter, two of fraud in May, one theft in August."""
    for month in (1, 1, 2, 2, 3, 3, 3):
        receive(personas, "pesten", f"2025-{month:02d}-10 09:00:00")
    receive(personas, "fraude", "2025-05-12 09:00:00")
    receive(personas, "fraude", "2025-05-20 09:00:00")
    receive(personas, "diefstal", "2025-08-04 09:00:00")


@pytest.fixture
def counsellor(personas):
    return english(personas["vertrouwenspersoon"])


@pytest.fixture
def draft(personas, reports_2025):
    return services_figures.annual_report_create(
        counsellor=personas["vertrouwenspersoon"], year=2025, quarter=0
    )


@pytest.fixture
def published(draft):
    services_figures.annual_report_update(
        report=draft, explanation=EXPLANATION, recommendations=RECOMMENDATION
    )
    services_figures.annual_report_publish(report=draft)
    draft.refresh_from_db()
    return draft


@pytest.fixture
def other_counsellor(make_user):
    return make_user("tweede_vp", [Role.COUNSELLOR])


def url(name, report):
    return reverse(f"vertrouwenspersoon:{name}", args=[report.pk])


def shown_counts(tables):
    """Every count a reader sees in these display tables, totals included."""
    return [shown for table in tables for _, shown in table.rows] + [table.total for table in tables]


def assert_no_small_number(values):
    for value in values:
        assert value in ("< 5", "x") or int(value) >= 5, value


# --- preparing ---------------------------------------------------------------------------


def test_counsellor_prepares_figures_for_last_year(personas, counsellor):
    response = counsellor.post(LIST, {"year": "2025", "quarter": "0"})
    report = AnnualReport.objects.get()
    assert response.status_code == 302 and response["Location"] == url("figures-edit", report)
    assert (report.counsellor, report.year, report.quarter) == (personas["vertrouwenspersoon"], 2025, 0)
    assert report.state == AnnualReport.State.DRAFT


def test_the_same_period_twice_is_refused_with_a_clear_message(counsellor, draft):
    response = counsellor.post(LIST, {"year": "2025", "quarter": "0"})
    assert response.status_code == 200
    assert "You already have figures for this period." in response.content.decode()
    assert AnnualReport.objects.count() == 1


def test_another_counsellor_may_prepare_the_same_period(login, other_counsellor, draft):
    assert login(other_counsellor).post(LIST, {"year": "2025", "quarter": "0"}).status_code == 302
    assert AnnualReport.objects.count() == 2


def test_a_future_year_is_refused(counsellor):
    response = counsellor.post(LIST, {"year": "2027", "quarter": "0"})
    assert response.status_code == 200
    assert "Choose a year up to the current one." in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_counsellor_lists_their_own_figures_only(counsellor, draft, other_counsellor):
    theirs = services_figures.annual_report_create(counsellor=other_counsellor, year=2024, quarter=0)
    page = counsellor.get(LIST).content.decode()
    assert url("figures-edit", draft) in page and url("figures-edit", theirs) not in page


def test_the_draft_preview_shows_the_suppressed_tables(counsellor, draft):
    response = counsellor.get(url("figures-edit", draft))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Draft: only you can see this." in page
    with translation.override("en"):  # labels are lazy: read them in the page's language
        category = {str(label): shown for label, shown in response.context["tables"][0].rows}
    assert category["Bullying"] == "7"
    assert category["Fraud"] in ("< 5", "x") and category["Theft"] in ("< 5", "x")
    assert_no_small_number(shown_counts(response.context["tables"]))
    assert TEXT not in page


def test_counsellor_writes_the_explanation(counsellor, draft):
    data = {"explanation": EXPLANATION, "recommendations": RECOMMENDATION}
    response = counsellor.post(url("figures-edit", draft), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.explanation, draft.recommendations) == (EXPLANATION, RECOMMENDATION)


def test_a_running_period_cannot_be_published(personas, counsellor):
    running = services_figures.annual_report_create(
        counsellor=personas["vertrouwenspersoon"], year=2026, quarter=0
    )
    response = counsellor.post(url("figures-publish", running))
    assert response.status_code == 409
    assert "publish its figures after that" in response.content.decode()
    running.refresh_from_db()
    assert running.state == AnnualReport.State.DRAFT


def test_a_quarter_may_be_published_once_it_has_ended(personas, counsellor, reports_2025):
    ended = services_figures.annual_report_create(
        counsellor=personas["vertrouwenspersoon"], year=2025, quarter=4
    )
    assert counsellor.post(url("figures-publish", ended)).status_code == 302
    running = services_figures.annual_report_create(
        counsellor=personas["vertrouwenspersoon"], year=2026, quarter=1
    )
    assert counsellor.post(url("figures-publish", running)).status_code == 409


def test_counsellor_publishes_the_figures(counsellor, draft):
    response = counsellor.post(url("figures-publish", draft))
    assert response.status_code == 302 and response["Location"] == url("published-figures-detail", draft)
    draft.refresh_from_db()
    assert draft.is_published and draft.figures["threshold"] == 5


def test_publishing_needs_a_post(counsellor, draft):
    assert counsellor.get(url("figures-publish", draft)).status_code == 405
    draft.refresh_from_db()
    assert not draft.is_published


def test_published_figures_can_no_longer_change(counsellor, published):
    response = counsellor.post(url("figures-edit", published), {"explanation": "Iets anders."})
    assert response.status_code == 409
    assert "can no longer change" in response.content.decode()
    published.refresh_from_db()
    assert published.explanation == EXPLANATION
    assert counsellor.post(url("figures-publish", published)).status_code == 409


def test_published_figures_stay_as_they_were_published(personas, published):
    receive(personas, "pesten", "2025-11-03 09:00:00")
    response = english(personas["hr"]).get(url("published-figures-detail", published))
    with translation.override("en"):  # labels are lazy: read them in the page's language
        category = {str(label): shown for label, shown in response.context["tables"][0].rows}
    assert category["Bullying"] == "7"


def test_a_quarter_after_the_whole_year_is_published_is_refused(personas, counsellor, published):
    quarter = services_figures.annual_report_create(
        counsellor=personas["vertrouwenspersoon"], year=2025, quarter=2
    )
    response = counsellor.post(url("figures-publish", quarter))
    assert response.status_code == 409
    assert "are already published" in response.content.decode()
    quarter.refresh_from_db()
    assert not quarter.is_published


def test_the_whole_year_after_a_published_quarter_is_refused(personas, counsellor, reports_2025):
    quarter = services_figures.annual_report_create(
        counsellor=personas["vertrouwenspersoon"], year=2025, quarter=1
    )
    services_figures.annual_report_publish(report=quarter)
    year = services_figures.annual_report_create(
        counsellor=personas["vertrouwenspersoon"], year=2025, quarter=0
    )
    assert counsellor.post(url("figures-publish", year)).status_code == 409
    year.refresh_from_db()
    assert not year.is_published


def test_another_counsellors_publication_does_not_overlap(counsellor, other_counsellor, published):
    theirs = services_figures.annual_report_create(counsellor=other_counsellor, year=2025, quarter=2)
    assert english(other_counsellor).post(url("figures-publish", theirs)).status_code == 302


# --- who reads what ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", READERS)
def test_readers_get_404_before_publication(personas, draft, persona):
    client = english(personas[persona])
    assert client.get(url("published-figures-detail", draft)).status_code == 404
    assert client.get(url("published-figures-csv", draft)).status_code == 404
    response = client.get(PUBLISHED_LIST)
    assert response.status_code == 200 and list(response.context["reports"]) == []
    assert url("published-figures-detail", draft) not in response.content.decode()


@pytest.mark.parametrize("persona", READERS)
def test_readers_see_the_figures_after_publication(personas, published, persona):
    client = english(personas[persona])
    response = client.get(PUBLISHED_LIST)
    assert url("published-figures-detail", published) in response.content.decode()
    response = client.get(url("published-figures-detail", published))
    assert response.status_code == 200
    page = response.content.decode()
    assert EXPLANATION in page and RECOMMENDATION in page and TEXT not in page
    assert_no_small_number(shown_counts(response.context["tables"]))


@pytest.mark.parametrize("persona", READERS)
def test_readers_download_the_csv_without_small_numbers(personas, published, persona):
    response = english(personas[persona]).get(url("published-figures-csv", published))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    header, body = rows[0], rows[1:]
    assert len(header) == 3 and len(body) > 3
    assert_no_small_number(row[2] for row in body)
    assert any(row[2] == "< 5" for row in body)
    assert any(row[2] == "7" for row in body)
    assert TEXT not in response.content.decode()


@pytest.mark.parametrize("name", ["figures-edit", "published-figures-detail", "published-figures-csv"])
def test_another_counsellor_gets_404_on_a_draft(login, other_counsellor, draft, name):
    assert login(other_counsellor).get(url(name, draft)).status_code == 404


@pytest.mark.parametrize("name", ["figures-edit", "published-figures-detail"])
def test_another_counsellor_gets_404_on_published_figures(login, other_counsellor, published, name):
    assert login(other_counsellor).get(url(name, published)).status_code == 404


def test_another_counsellor_cannot_publish_a_draft(login, other_counsellor, draft):
    assert login(other_counsellor).post(url("figures-publish", draft)).status_code == 404
    draft.refresh_from_db()
    assert not draft.is_published


@pytest.mark.parametrize("persona", ["hr", "bestuurder", "or_lid", "medewerker"])
@pytest.mark.parametrize("name", ["figures-edit", "figures-publish"])
def test_non_counsellors_get_403_on_preparing(personas, login, draft, persona, name):
    assert login(personas[persona]).post(url(name, draft)).status_code == 403
    assert login(personas[persona]).get(LIST).status_code == 403


def test_a_plain_employee_gets_403_on_the_published_figures(personas, login, published):
    client = login(personas["medewerker"])
    assert client.get(PUBLISHED_LIST).status_code == 403
    assert client.get(url("published-figures-detail", published)).status_code == 403


@pytest.mark.parametrize("path", [LIST, PUBLISHED_LIST])
def test_anonymous_is_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- home page ----------------------------------------------------------------------------------


def figures_panel(response):
    panels = [shown for shown in response.context["panels"] if "_panel_figures" in shown.panel.template]
    return panels[0] if panels else None


@pytest.mark.parametrize("persona", ["hr", "bestuurder"])
def test_home_of_hr_and_the_executive_shows_the_latest_figures(personas, published, persona):
    response = english(personas[persona]).get(reverse("core:home"))
    panel = figures_panel(response)
    assert panel is not None and panel.data["report"] == published
    assert url("published-figures-detail", published) in response.content.decode()


@pytest.mark.parametrize("persona", ["hr", "bestuurder"])
def test_home_shows_no_draft_figures(personas, draft, persona):
    response = english(personas[persona]).get(reverse("core:home"))
    panel = figures_panel(response)
    assert panel is not None and panel.data is None
    assert url("published-figures-detail", draft) not in response.content.decode()


def test_home_shows_the_most_recently_published_figures(personas, published, other_counsellor):
    with freeze_time("2026-02-20 10:00:00"):
        newer = services_figures.annual_report_create(counsellor=other_counsellor, year=2024, quarter=0)
        services_figures.annual_report_publish(report=newer)
        response = english(personas["hr"]).get(reverse("core:home"))
    assert figures_panel(response).data["report"] == newer


def test_home_of_an_employee_shows_no_figures(personas, published):
    response = english(personas["medewerker"]).get(reverse("core:home"))
    assert figures_panel(response) is None
    assert url("published-figures-detail", published) not in response.content.decode()


# --- query counts -------------------------------------------------------------------------------


def publish(counsellor, year):
    report = services_figures.annual_report_create(counsellor=counsellor, year=year, quarter=0)
    services_figures.annual_report_publish(report=report)


def test_published_list_query_count_does_not_grow_with_the_reports(
    personas, other_counsellor, django_assert_num_queries
):
    publish(personas["vertrouwenspersoon"], 2025)
    client = client_for(personas["hr"])
    with CaptureQueriesContext(connection) as one_report:
        response = client.get(PUBLISHED_LIST)
    assert len(response.context["reports"]) == 1
    publish(personas["vertrouwenspersoon"], 2024)
    publish(other_counsellor, 2025)
    publish(other_counsellor, 2024)
    with django_assert_num_queries(len(one_report)):
        response = client.get(PUBLISHED_LIST)
    assert len(response.context["reports"]) == 4
