"""News from the OR: published to an audience, shown on the home page and in a list."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.achterban import selectors, services
from apps.achterban.models import NewsItem
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.django_db


def publish(personas, title="Nieuwe OR-verkiezingen", **audience):
    audience.setdefault("for_everyone", True)
    return services.news_publish(
        actor=personas["or_secretaris"], title=title, body="Tekst van het bericht.", **audience
    )


def test_an_or_member_publishes_an_announcement(personas, login):
    client = login(personas["or_voorzitter"])
    response = client.post(
        reverse("achterban:news-create"),
        {"title": "Verkiezingen", "body": "Stel u kandidaat!", "for_everyone": "on"},
    )
    item = NewsItem.objects.get()
    assert response["Location"] == reverse("achterban:news-detail", args=[item.pk])
    assert "Stel u kandidaat!" in login(personas["medewerker"]).get(response["Location"]).content.decode()


def test_an_announcement_needs_an_audience_and_keeps_the_text(personas, login):
    response = login(personas["or_voorzitter"]).post(
        reverse("achterban:news-create"), {"title": "Titel-blijft", "body": "Tekst-blijft"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Titel-blijft" in page and "Tekst-blijft" in page
    assert "departments" in response.context["form"].errors
    assert not NewsItem.objects.exists()


@pytest.mark.parametrize("persona", ["medewerker", "hr", "bestuurder", "vertrouwenspersoon"])
def test_only_the_works_council_publishes(persona, personas, login):
    assert login(personas[persona]).get(reverse("achterban:news-create")).status_code == 403
    with pytest.raises(ValidationError):
        services.news_publish(actor=personas[persona], title="x", body="y", for_everyone=True)


def test_news_for_another_department_stays_hidden(personas, login):
    elsewhere = DepartmentFactory(name="Elders", code="elders")
    item = publish(personas, title="Alleen-voor-Elders", for_everyone=False, departments=[elsewhere])
    client = login(personas["medewerker"])
    assert client.get(reverse("achterban:news-detail", args=[item.pk])).status_code == 404
    assert "Alleen-voor-Elders" not in client.get(reverse("achterban:news-list")).content.decode()
    assert login(personas["or_lid"]).get(reverse("achterban:news-detail", args=[item.pk])).status_code == 200


def test_news_for_the_own_department_is_shown(personas, department):
    publish(personas, title="Voor-Financien", for_everyone=False, departments=[department])
    assert [item.title for item in selectors.latest_news(personas["medewerker"])] == ["Voor-Financien"]


def test_the_home_page_shows_the_latest_five(personas, login):
    for n in range(7):
        publish(personas, title=f"Bericht-{n}")
    page = login(personas["medewerker"]).get(reverse("core:home")).content.decode()
    assert all(f"Bericht-{n}" in page for n in range(2, 7))
    assert "Bericht-0" not in page and "Bericht-1" not in page


def test_the_home_page_news_takes_one_query(personas, django_assert_num_queries):
    for n in range(7):
        publish(personas, title=f"Bericht-{n}")
    user = personas["medewerker"]
    user.role_names  # noqa: B018 - read once per request, outside the panel
    with django_assert_num_queries(1):
        selectors.latest_news(user)


@pytest.mark.parametrize("persona", ["vertrouwenspersoon", "outsider"])
def test_non_employees_get_no_news(persona, personas, login):
    assert login(personas[persona]).get(reverse("achterban:news-list")).status_code == 403


def test_the_news_list_query_count_does_not_grow(personas, login, django_assert_num_queries):
    client = login(personas["medewerker"])
    publish(personas)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("achterban:news-list"))
    for n in range(9):
        publish(personas, title=f"Bericht {n}")
    with django_assert_num_queries(len(one)):
        client.get(reverse("achterban:news-list"))
