"""The benchmark harness (bench/): it logs in through the login page (password, two-factor
code, a reporter's receipt code) so content pages open as in real use, every page it
measures and every baseline answers, the query header tells the truth, and production
has no baseline URLs."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from apps.core.management.commands.seed_scale import DEFAULT_PASSWORD
from apps.vertrouwenspersoon import keys
from apps.vertrouwenspersoon.models import Report
from apps.vertrouwenspersoon.scale import RECEIPT_CODE
from bench import run

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


def sessions_for(*usernames: str) -> run.Sessions:
    """Sessions as the bench makes them, through the test client (CSRF checked, like a browser)."""
    credentials = {username: run.credentials_for(username, DEFAULT_PASSWORD) for username in usernames}
    return run.Sessions(run.fetch_in_process(Client(enforce_csrf_checks=True)), credentials, RECEIPT_CODE)


def page_named(name: str) -> run.Page:
    return next(page for page in run.pages() if page.name == name)


def test_every_measured_page_and_its_baseline_answer_for_the_logged_in_role(bench_settings):
    pages = run.pages()
    sessions = sessions_for(*{page.persona for page in pages})
    for page in pages:
        session = sessions.for_page(page)
        for path in (page.path, page.baseline):
            session.get(path)  # warms the per-process caches
            with CaptureQueriesContext(connection) as captured:
                response = session.get(path)
            assert response.status == 200, (page.name, path, response.status)
            assert response.queries == len(captured), (page.name, path)


def test_a_counsellor_logs_in_with_password_and_code_and_reads_the_case(bench_settings):
    page = page_named("counsellor case page")
    sessions = sessions_for(page.persona)
    assert sessions.credentials[page.persona].totp_key  # the two-factor step is part of the login
    response = sessions.for_page(page).get(page.path)
    assert response.status == 200  # neither the code step nor the key page
    report = Report.objects.select_related("counsellor").get(pk=page.path.split("/")[-2])
    private_key = keys.private_key_unlock(counsellor=report.counsellor, secret=DEFAULT_PASSWORD)
    text = keys.key_for_counsellor(report, report.counsellor, private_key).open(report.text)
    assert text.encode() in response.body


def test_a_reporter_reads_their_melding_only_after_the_receipt_code(bench_settings):
    page = page_named("reporter's melding page")
    sessions = sessions_for(page.persona)
    logged_in = run.log_in(sessions.fetch, sessions.credentials[page.persona])
    refused = logged_in.get(page.path)
    assert refused.status == 302 and refused.headers["location"] == page.unlock
    response = sessions.for_page(page).get(page.path)
    report = Report.objects.get(pk=page.path.split("/")[-2])
    text = keys.key_for_receipt_code(report, RECEIPT_CODE).open(report.text)
    assert response.status == 200 and text.encode() in response.body


def test_both_melding_forms_answer_with_a_receipt_code(bench_settings):
    config = run.Config(1.0, 2, 1, 1, 1.0, False, bench_settings.BASE_DIR / "unused.md")
    sessions = sessions_for(run.EMPLOYEE)
    employee = sessions.for_page(run.Page("submit", run.EMPLOYEE, run.REPORT_FORM, None))
    before = Report.objects.count()
    named = run.measure_submit(config, employee, anonymous=False)
    anonymous = run.measure_submit(config, run.Session(sessions.fetch), anonymous=True)
    assert not named.errors and not anonymous.errors
    assert len(named.samples) == len(anonymous.samples) == 2
    assert Report.objects.count() == before + 6
    assert Report.objects.filter(is_anonymous=True, text__isnull=False).count() >= 3


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
