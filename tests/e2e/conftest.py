"""Browser tests: Debian's chromium driven by Playwright against the portal on loopback.

Run with `make e2e` (installs chromium with apt-get when missing and fetches axe-core); the
plain `pytest` run leaves this folder out (pyproject addopts). One portal and one browser
serve the whole session; each test opens fresh browser contexts, one per person.
"""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from e2e.fetch_axe import fetch as fetch_axe
from tests.e2e import server
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, Auditor, AxeReport, log_in

SCREENSHOTS = server.E2E_DIR / "screenshots"
FAILURES = server.E2E_DIR / "failures"
FAILED = pytest.StashKey[bool]()


@pytest.fixture(scope="session")
def portal() -> Iterator[server.Portal]:
    with server.serve() as running:
        yield running


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make e2e`, which installs Debian's chromium package")
    launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def axe_report() -> Iterator[AxeReport]:
    report = AxeReport()
    yield report
    report.save(server.E2E_DIR / "axe-report.json")


@pytest.fixture(scope="session")
def axe_source() -> str:
    return fetch_axe().read_text()


@pytest.fixture
def audit(axe_source: str, axe_report: AxeReport) -> Iterator[Auditor]:
    """Call audit(page) on every page a test reaches; teardown fails for a page left unaudited."""
    auditor = Auditor(axe_source, axe_report)
    yield auditor
    missed = list(auditor.unaudited())
    assert not missed, f"Pages visited without an accessibility audit: {missed}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    report = yield
    if report.failed:
        item.stash[FAILED] = True
    return report


@pytest.fixture
def new_page(
    request: pytest.FixtureRequest, browser: Browser, audit: Auditor
) -> Iterator[Callable[..., Page]]:
    """new_page(viewport=..., storage_state=...) -> a page in a fresh browser context (own
    cookies), watched by the auditor. A failed test leaves a screenshot of each page behind."""
    contexts: list[BrowserContext] = []

    def make(viewport: dict[str, int] = DESKTOP, storage_state: Any = None) -> Page:
        context = browser.new_context(
            viewport=viewport, locale="nl-NL", timezone_id="Europe/Amsterdam", storage_state=storage_state
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        audit.watch(page)
        return page

    yield make
    if request.node.stash.get(FAILED, False):
        FAILURES.mkdir(parents=True, exist_ok=True)
        for number, context in enumerate(contexts):
            for page in context.pages:
                page.screenshot(path=FAILURES / f"{request.node.name}-{number}.png", full_page=True)
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def logins() -> dict[str, Any]:
    """username -> the browser state (cookies) after that user logged in, shared by the tests."""
    return {}


@pytest.fixture
def signed_in(
    new_page: Callable[..., Page], portal: server.Portal, audit: Auditor, logins: dict[str, Any]
) -> Callable[..., Page]:
    """signed_in("hr") -> a page on the home page of a fresh browser in which that demo user
    is logged in. The first time per session through the login page (and the two-factor
    step), after that with the session cookie it got: a counsellor's code works only once."""

    def make(username: str, viewport: dict[str, int] = DESKTOP) -> Page:
        if username in logins:
            page = new_page(viewport, storage_state=logins[username])
            page.goto(portal.url("/"))
            audit(page)
            return page
        page = new_page(viewport)
        log_in(page, portal, username, audit)
        logins[username] = page.context.storage_state()
        return page

    return make


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
