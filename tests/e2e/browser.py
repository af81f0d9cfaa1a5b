"""What every browser test shares: logging in as a demo user, and auditing every page.

`audit(page)` runs axe-core (WCAG 2.1 A and AA rules) on the page and fails on any serious
or critical violation; it also checks the page's language, that nothing runs off the side
of the window (reflow) and that the Content-Security-Policy blocked nothing and no script
failed, and collects what axe found for the report in var/e2e/axe-report.json.

The `Browsing` of a page records every main-frame navigation, and the test fails at teardown
if a page was left without an audit: every page a journey visits is checked, including the
error pages of what a role must not see.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

from playwright.sync_api import ConsoleMessage, Error, Frame, Page, expect

from tests.e2e import server

DEMO_PASSWORD = "Welkom-demo-2026"  # the public demo password (README, seed_demo)
DEMO_RECEIPT_CODE = "DEM0-C0DE-2026-AB12"  # the anonymous demo report's receipt code (README)
CHROMIUM = "/usr/bin/chromium"  # Debian's package; Playwright never downloads a browser here
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = {"serious", "critical"}
# Inputs a two-factor step may ask the code in (django-otp's form and common variants).
OTP_INPUT = (
    "input[autocomplete='one-time-code'], input[name='otp_token'], input[name$='-otp_token'], "
    "input[name='token'], input[name$='-token'], input[name='code']"
)


@dataclass
class AxeReport:
    """Everything axe reported over the session, by rule, for var/e2e/axe-report.json."""

    pages: int = 0
    violations: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, url: str, found: list[dict[str, Any]]) -> None:
        self.pages += 1
        for violation in found:
            entry = self.violations.setdefault(
                violation["id"],
                {"impact": violation["impact"], "help": violation["help"], "pages": [], "nodes": 0},
            )
            path = urlsplit(url).path
            if path not in entry["pages"]:
                entry["pages"].append(path)
            entry["nodes"] += len(violation["nodes"])

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"pages_audited": self.pages, "violations": self.violations}, indent=2))


@dataclass
class Browsing:
    """The pages one browser page went through, and which of them were audited."""

    page: Page
    pending: str | None = None
    document: str = ""
    unaudited: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # blocked by the CSP, or a script failed

    def navigated(self, frame: Frame) -> None:
        if frame != self.page.main_frame or frame.url == "about:blank":
            return
        url, fragment = urldefrag(frame.url)
        if fragment and url == self.document:
            return  # a jump to an anchor within the page: the same document
        self.document = url
        if self.pending is not None:
            self.unaudited.append(self.pending)
        self.pending = url

    def console(self, message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.broken.append(message.text)

    def page_error(self, error: Error) -> None:
        self.broken.append(f"JavaScript error: {error.message}")

    def audited(self) -> list[str]:
        """Mark the page audited; what broke on it since the last audit."""
        self.pending = None
        broken, self.broken = self.broken, []
        return broken

    def left_unaudited(self) -> list[str]:
        return [*self.unaudited, *([self.pending] if self.pending else [])]


class Auditor:
    def __init__(self, axe_source: str, report: AxeReport) -> None:
        self.axe_source = axe_source
        self.report = report
        self.browsings: dict[Page, Browsing] = {}

    def watch(self, page: Page) -> None:
        browsing = Browsing(page)
        self.browsings[page] = browsing
        page.on("framenavigated", browsing.navigated)
        page.on("console", browsing.console)
        page.on("pageerror", browsing.page_error)

    def __call__(self, page: Page) -> list[dict[str, Any]]:
        """Audit the page as it is now; fails on a serious or critical violation."""
        page.wait_for_load_state("load")
        assert page.locator("html").get_attribute("lang") == "nl", f"{page.url}: <html lang> is not nl"
        widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert widths[0] <= widths[1], (
            f"{page.url}: the page is {widths[0]} px wide in a {widths[1]} px window"
        )
        # Evaluated through the DevTools protocol, so the portal's Content-Security-Policy
        # (no inline scripts) stays in force for the page and axe still runs.
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.evaluate(self.axe_source)
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        violations = result["violations"]
        self.report.add(page.url, violations)
        broken = self.browsings[page].audited() if page in self.browsings else []
        failing = [violation for violation in violations if violation["impact"] in FAILING_IMPACTS]
        assert not failing, f"axe on {page.url}:\n" + "\n".join(map(describe, failing))
        assert not broken, f"{page.url}:\n" + "\n".join(broken)
        return violations

    def unaudited(self) -> Iterator[str]:
        for browsing in self.browsings.values():
            yield from browsing.left_unaudited()


def describe(violation: dict[str, Any]) -> str:
    targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
    return f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({targets})"


def totp_code(username: str) -> str:
    """The current two-factor code of a demo user, as `manage.py totp_code` prints it (DEBUG only)."""
    output = server.manage("totp_code", username, debug=True)
    match = re.search(r"\b\d{6}\b", output)
    assert match, f"totp_code printed no code: {output!r}"
    return match.group(0)


def log_in(page: Page, portal: server.Portal, username: str, audit: Auditor) -> None:
    """Log in as a demo user through the login page (and the two-factor step when asked)."""
    page.goto(portal.url("/account/inloggen/"))
    audit(page)
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    code_input = page.locator(OTP_INPUT)
    if code_input.count():
        audit(page)
        code_input.first.fill(totp_code(username))
        code_input.first.press("Enter")
        page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    audit(page)


ERROR_HEADINGS = {403: "Geen toegang", 404: "Pagina niet gevonden"}


def expect_refused(page: Page, url: str, status: int, audit: Auditor) -> None:
    """Going to url answers the portal's own error page with this status (audited too)."""
    response = page.goto(url)
    assert response is not None and response.status == status, f"{url}: {response and response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_text(ERROR_HEADINGS[status])
    audit(page)
