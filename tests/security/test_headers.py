"""Security headers on every answer of the portal, and none of its pages in a cache.

Every answer, redirects and refusals included, says Referrer-Policy same-origin (no
receipt-code or melding address leaks to another site), nosniff, X-Frame-Options DENY,
Cross-Origin-Opener-Policy same-origin, and `Cache-Control: no-store`
(apps.core.middleware.NoStoreMiddleware), so no page about a melding stays in a browser
or proxy cache. Static files keep their long-lived caching.

The crawl of every URL as every persona that checks this is in test_csp.py (one crawl for
both); here the pages of the reporter, named and anonymous, are named explicitly.
"""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path, reverse
from django.views.decorators.cache import cache_control, never_cache

from apps.vertrouwenspersoon import receipts, services
from portal import urls as portal_urls
from tests.conftest import client_for
from tests.security.page_checks import header_problems

pytestmark = pytest.mark.django_db

# --- the anonymous reporter's pages and the melding pages, named explicitly -----------------


def test_the_receipt_code_pages_send_no_referrer_elsewhere_and_are_never_cached(personas):
    submitted = services.report_submit(
        reporter=None,
        category="pesten",
        text="Anoniem gemeld.",
        counsellor=personas["vertrouwenspersoon"],
        anonymous=True,
    )
    client = client_for(None)
    start = reverse("vertrouwenspersoon:receipt-start")
    create = reverse("vertrouwenspersoon:anonymous-create")
    sent = {"category": "pesten", "text": "Nog een anonieme melding.", "submission": "kop-1"}
    answers = [
        client.get(create),
        client.post(create, sent),  # the page that shows the new receipt code
        client.get(start),
        client.post(start, {"code": receipts.display(submitted.receipt_code)}),
        client.get(reverse("vertrouwenspersoon:receipt-detail")),
    ]
    assert [response.status_code for response in answers] == [200, 200, 200, 302, 200]
    assert "code" in answers[1].context
    for response in answers:
        assert header_problems(response) == []


def test_the_melding_pages_of_reporter_and_counsellor_too(personas):
    locked = client_for(personas["medewerker"])  # signed in before the report: its key is not open
    report = services.report_submit(
        reporter=personas["medewerker"],
        category="pesten",
        text="Gemeld met naam.",
        counsellor=personas["vertrouwenspersoon"],
        anonymous=False,
    ).report
    pages = [
        (personas["medewerker"], reverse("vertrouwenspersoon:report-create")),
        (personas["medewerker"], reverse("vertrouwenspersoon:report-detail", args=[report.pk])),
        (personas["vertrouwenspersoon"], reverse("vertrouwenspersoon:case-detail", args=[report.pk])),
    ]
    for user, url in pages:
        response = client_for(user).get(url)
        assert response.status_code == 200
        assert header_problems(response) == [], url
    unlock = locked.get(reverse("vertrouwenspersoon:report-unlock", args=[report.pk]))  # asks the code
    assert unlock.status_code == 200
    assert header_problems(unlock) == []


# --- the no-store rule ---------------------------------------------------------------------


@cache_control(public=True, max_age=3600)
def cacheable(request):
    return HttpResponse("public")


@never_cache
def uncached(request):
    return HttpResponse("never")


class CacheUrls:
    urlpatterns = [path("publiek/", cacheable), path("nooit/", uncached), *portal_urls.urlpatterns]


@override_settings(ROOT_URLCONF=CacheUrls)
def test_a_view_that_allows_caching_is_overruled():
    assert client_for(None).get("/publiek/")["Cache-Control"] == "no-store, private"


@override_settings(ROOT_URLCONF=CacheUrls)
def test_a_view_that_forbids_caching_itself_keeps_its_stricter_header():
    assert client_for(None).get("/nooit/")["Cache-Control"] == (
        "max-age=0, no-cache, no-store, must-revalidate, private"
    )


def test_static_files_stay_cacheable():
    response = client_for(None).get("/static/css/portal.css")
    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]


def test_a_404_for_an_unknown_address_is_not_cached_either():
    response = client_for(None).get("/bestaat-niet/")
    assert response.status_code == 404
    assert header_problems(response) == []
