"""The benchmark harness (bench/): its sessions are accepted as real logins, every page it
measures and every baseline answers, the query header tells the truth, and production
has no baseline URLs."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from apps.accounts.models import User
from bench import run
from bench.middleware import HEADER

pytestmark = pytest.mark.django_db


def test_production_urls_have_no_baselines():
    with pytest.raises(Resolver404):
        resolve("/__bench__/home-employee/")


@pytest.fixture
def bench_settings(settings):
    settings.DEBUG = True  # lets seed_scale run
    call_command("seed_scale", scale=0.002, stdout=io.StringIO())
    settings.DEBUG = False
    settings.ROOT_URLCONF = "bench.urls"
    settings.MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *settings.MIDDLEWARE]
    templates = [dict(engine) for engine in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], settings.BASE_DIR / "bench" / "templates"]
    settings.TEMPLATES = templates
    return settings


def client_with(cookie: str) -> Client:
    name, _, value = cookie.partition("=")
    client = Client()
    client.cookies[name] = value
    return client


def test_every_measured_page_and_its_baseline_answer_for_the_signed_in_role(bench_settings):
    for page in run.pages():
        client = client_with(run.signed_in_cookie(User.objects.get(username=page.persona)))
        for path in (page.path, page.baseline):
            client.get(path)  # warms the per-process caches
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            assert response.status_code == 200, (page.name, path)
            assert int(response[HEADER]) == len(captured), (page.name, path)


def test_a_counsellor_session_is_verified_like_a_login_with_the_code(bench_settings):
    counsellor = User.objects.get(username="vertrouwenspersoon-01")
    response = client_with(run.signed_in_cookie(counsellor)).get("/vertrouwenspersoon/dossiers/")
    assert response.status_code == 200  # not sent to the two-factor step


def test_the_report_marks_each_target(tmp_path):
    page = run.Page("poll results", "medewerker-00001", "/p/", "/b/")
    fast, baseline = run.Measured([0.010] * 9 + [0.020], 5, throughput=80), run.Measured([0.005] * 10, 5)
    slow = run.Measured([0.200] * 10, 40)
    lines = run.table([(page, fast, baseline)], [("submit a melding (named)", slow)])
    assert "| poll results | `medewerker-00001` | 10.0 | 20.0 | 5 | 80 |" in lines[2]
    assert lines[2].endswith("| 2.0× | ✓ | ✓ |")
    assert lines[-1].endswith("| 40 | ✗ |")
    config = run.Config(1.0, 10, 1, 10, 1.0, False, tmp_path / "benchmarks.md")
    run.write_report(config, {}, {"CPU": "test"}, {"meldingen": 3}, lines, [])
    text = config.output.read_text()
    assert "## Results" in text and "| meldingen | 3 |" in text and "| CPU | test |" in text
    config.output.write_text(text + "\n## Notes\n\nWhat limits each page.\n")
    run.write_report(config, {}, {"CPU": "again"}, {"meldingen": 4}, lines, [])
    text = config.output.read_text()
    assert "| CPU | again |" in text and text.endswith("\n## Notes\n\nWhat limits each page.\n")
