"""Every page works under a strict Content-Security-Policy without 'unsafe-inline'.

The crawl requests every URL of the portal as every persona (the walk and the sample
objects of the access matrix), by GET and by POST (an empty POST shows forms with their
errors), and checks every answer:
- the policy header is there and strict (a download: sandboxed, loading nothing);
- an HTML page holds nothing the policy would block: no inline script, event-handler
  attribute, style attribute or <style> element, no javascript: URL, nothing fetched from
  another host, and its stylesheets load nothing from elsewhere or from data: URLs;
- the security headers of tests/security/test_headers.py (Referrer-Policy, nosniff,
  X-Frame-Options, Cross-Origin-Opener-Policy) and `Cache-Control: no-store`.
One crawl for both, as it is the slowest test of the suite.
"""

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.templatetags.static import static
from django.test import Client, override_settings
from django.urls import path

from portal import urls as portal_urls
from tests.access_cases import EXEMPT, build_world
from tests.conftest import PERSONAS, client_for
from tests.core.test_access_matrix import grant_admin_model_permissions
from tests.security.bootstrap_images import OVERRIDE_CSS, css_urls, expected_files
from tests.security.page_checks import (
    download_policy_problems,
    header_problems,
    html_problems,
    policy_problems,
    stylesheet_problems,
    stylesheets,
)
from tests.url_walk import all_entries, sample_path

pytestmark = pytest.mark.django_db


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html") and not getattr(
        response, "streaming", False
    )


def problems_of(response) -> list[str]:
    header = response.get("Content-Security-Policy")
    if getattr(response, "streaming", False):  # an uploaded file, served by apps.core.downloads
        return download_policy_problems(header)
    problems = policy_problems(header)
    if is_html(response):
        problems += html_problems(response.content.decode())
    return problems


def test_every_answer_to_every_persona_obeys_the_policy_and_carries_the_security_headers(personas):
    grant_admin_model_permissions(personas["staff"])
    world = build_world(personas)
    failures: set[str] = set()
    linked: set[tuple[str, ...]] = set()
    pages = 0
    for entry in all_entries():
        if entry.name in EXEMPT:
            continue
        url = sample_path(entry, world)
        for persona in PERSONAS:
            client = client_for(personas[persona])
            for response in (client.get(url), client.post(url)):
                pages += is_html(response)
                for problem in problems_of(response) + header_problems(response):
                    failures.add(f"{entry.name} ({response.status_code}): {problem}")
                if is_html(response):
                    linked.add(stylesheets(response.content.decode()))
    failures.update(stylesheet_failures(linked))
    assert sorted(failures) == [], "\n".join(sorted(failures))
    assert pages > 500  # the crawl really saw the portal's pages


def stylesheet_failures(linked: set[tuple[str, ...]]) -> list[str]:
    """Every stylesheet the pages link loads nothing the policy blocks (Bootstrap's data:
    icons are files, tests/security/bootstrap_images.py), and the override comes after Bootstrap."""
    override = static("bootstrap/css/bootstrap-images.css")
    overridden = {(selector, prop) for selector, prop, _url in css_urls(OVERRIDE_CSS.read_text())}
    failures = []
    bootstrap = static("bootstrap/css/bootstrap.min.css")
    for hrefs in linked:
        after = hrefs.index(bootstrap) + 1 if bootstrap in hrefs else None
        if after is not None and hrefs[after : after + 1] != (override,):
            failures.append(f"{hrefs}: bootstrap-images.css must follow bootstrap.min.css")
    for href in {href for hrefs in linked for href in hrefs}:
        css = b"".join(Client().get(href).streaming_content).decode()
        failures += [f"{href}: {problem}" for problem in stylesheet_problems(css, overridden)]
    return failures


def test_bootstraps_icons_are_files_that_match_the_installed_bootstrap():
    for file, content in expected_files().items():
        assert file.read_bytes() == content, f"{file}: python -m tests.security.bootstrap_images"


# --- error pages -------------------------------------------------------------------------


def _raise(error):
    def view(request):
        raise error

    return view


class ErrorUrls:
    """The portal's URLs (the error pages link to them) and four that fail."""

    urlpatterns = [
        path("400/", _raise(SuspiciousOperation("x"))),
        path("403/", _raise(PermissionDenied())),
        path("404/", _raise(Http404())),
        path("500/", _raise(RuntimeError("boom"))),
        *portal_urls.urlpatterns,
    ]
    handler400 = "apps.core.views.bad_request"
    handler403 = "apps.core.views.permission_denied"
    handler404 = "apps.core.views.page_not_found"
    handler500 = "apps.core.views.server_error"


@override_settings(ROOT_URLCONF=ErrorUrls)
@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_error_pages_obey_the_content_security_policy(personas, status):
    for user in (personas["medewerker"], None):
        client = client_for(user)
        client.raise_request_exception = False
        response = client.get(f"/{status}/")
        assert response.status_code == status
        assert problems_of(response) == []


def test_the_django_admin_obeys_it_too(personas):
    """The crawl covers /beheer/ already; this names the admin's busiest pages for a quick read."""
    client = Client()
    client.force_login(personas["superuser"])
    for url in ("/beheer/", "/beheer/accounts/user/", f"/beheer/accounts/user/{personas['hr'].pk}/change/"):
        response = client.get(url)
        assert response.status_code == 200
        assert problems_of(response) == [], url


# --- the checks themselves ------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        "<script>alert(1)</script>",
        '<script type="text/javascript">alert(1)</script>',
        '<button onclick="go()">x</button>',
        '<p style="color:red">x</p>',
        "<style>p{}</style>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JaVa\tscript:alert(1)">x</a>',
        '<script src="https://cdn.example.com/x.js"></script>',
        '<script src="//cdn.example.com/x.js"></script>',
        '<link rel="stylesheet" href="https://fonts.example.com/x.css">',
        '<img src="http://tracker.example.com/p.gif" alt="">',
        '<img src="data:image/png;base64,AAAA" alt="">',
        '<form action="https://elsewhere.example.com/"></form>',
        '<a href="https://elsewhere.example.com/">x</a>',
        '<iframe src="/x/"></iframe>',
        "<base href='/'>",
    ],
)
def test_the_page_check_finds_what_the_policy_blocks(html):
    assert html_problems(html) != []


@pytest.mark.parametrize(
    "html",
    [
        '<script src="/static/js/portal.js" defer></script>',
        '<script type="application/json" id="data">{"a": 1}</script>',
        '<link rel="stylesheet" href="/static/css/portal.css">',
        '<a href="http://testserver/or/">the portal itself</a>',
        '<a href="mailto:vp@example.org">mail</a>',
        '<img src="/static/img/x.svg" alt="">',
        '<form action="/account/uitloggen/" method="post"></form>',
    ],
)
def test_the_page_check_lets_the_portals_own_files_pass(html):
    assert html_problems(html) == []


def test_the_policy_check_refuses_a_missing_or_loose_header():
    assert policy_problems(None) == ["no Content-Security-Policy header"]
    assert policy_problems("default-src 'self'; script-src 'self' 'unsafe-inline'") != []


@pytest.mark.parametrize(
    ("css", "found"),
    [
        ("a{background:url(https://cdn.example.com/x.png)}", True),
        ('@import "https://fonts.example.com/x.css";', True),
        ('.x{--bs-icon:url("data:image/svg+xml,%3csvg%3e")}', True),
        ('.form-select{--bs-form-select-bg-img:url("data:image/svg+xml,%3csvg%3e")}', False),
        ("@import url('widgets.css'); a{background:url(../img/x.svg)}", False),
    ],
)
def test_the_stylesheet_check_finds_what_the_policy_blocks(css, found):
    overridden = {(".form-select", "--bs-form-select-bg-img")}
    assert bool(stylesheet_problems(css, overridden)) is found
