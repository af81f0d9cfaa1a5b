"""An employee sends an anonymous melding, on the anonymous page, and follows it up with the
receipt code; the counsellor, logged in through the login page (password and code, which
unlocks their key), answers; the reporter reads the answer on another device with the code
alone. Nobody else gets to the case: not the bestuurder, not HR, not another counsellor.

A named melding: a counsellor without a key makes one on the key page; the employee sends
the melding to them and sees its receipt code once; after logging in again the report
opens only with that code (report-unlock). axe finds nothing at all on those new pages.
"""

import re

from playwright.sync_api import Page, expect

from tests.e2e.browser import DEMO_PASSWORD, expect_refused, log_in

TEXT = (
    "Een collega schreeuwt mij al weken uit in het bijzijn van klanten. Ik durf het niet op naam te melden."
)
ANSWER = "Dank voor uw melding. Ik wil graag met u in gesprek: laat hier weten wanneer het u past."
NAMED_TEXT = "Mijn leidinggevende deelt mijn ziekteverzuim met het hele team. Ik wil weten wat ik kan doen."
NAMED_ANSWER = "Dank voor uw melding op naam. Ik neem contact met u op voor een gesprek."
RECEIPT = re.compile(r"^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$")
RECOVERY = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$")
# The words that came with the sealed meldingen may not be in the Dutch catalogue yet:
# these match the English source and a Dutch wording alike.
ANONYMOUS = re.compile(r"anoniem|anonymous", re.IGNORECASE)
ANONYMOUS_PAGE = "/vertrouwenspersoon/anoniem/"
KEY_PAGE = "/vertrouwenspersoon/sleutel/"
CASE_LIST = "/vertrouwenspersoon/dossiers/"


def audit_clean(page: Page, audit) -> None:
    """The pages new with the sealed meldingen: axe reports nothing at all, not even minor."""
    found = audit(page)
    assert not found, f"axe on {page.url}: " + ", ".join(f"{v['id']} ({v['impact']})" for v in found)


def open_report_form(page: Page, audit) -> None:
    page.get_by_role("link", name="Contact opnemen met een vertrouwenspersoon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact opnemen met een vertrouwenspersoon")
    audit(page)


def read_receipt_code(page: Page, audit) -> str:
    """The page after sending: the receipt code, shown once."""
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw melding is verstuurd")
    audit_clean(page, audit)
    code = page.get_by_role("region", name="Uw ontvangstcode").locator("p").inner_text().strip()
    assert RECEIPT.match(code), code
    return code


def send_anonymous_report(page: Page, audit, category: str, text: str) -> str:
    """From the home page, by way of the named form's link to the anonymous page (which does
    not know who is logged in): send an anonymous report; returns the receipt code."""
    open_report_form(page, audit)
    page.get_by_role("main").locator(f"a[href='{ANONYMOUS_PAGE}']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(ANONYMOUS)
    audit(page)
    page.get_by_role("combobox", name="Waar gaat het over?").select_option(label=category)
    page.get_by_role("textbox", name="Uw melding").fill(text)
    page.get_by_role("combobox", name="Vertrouwenspersoon").select_option(label="Ingrid Mulder")
    page.get_by_role("button", name=ANONYMOUS).click()
    return read_receipt_code(page, audit)


def open_with_receipt_code(page: Page, audit, code: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Anonieme melding volgen")
    audit(page)
    page.get_by_label("Ontvangstcode").fill(code)
    page.get_by_role("button", name="Mijn melding openen").click()


def test_an_anonymous_melding_reaches_only_its_counsellor_and_the_reporter_reads_the_answer(
    signed_in, new_page, portal, audit
):
    employee = signed_in("medewerker")
    code = send_anonymous_report(employee, audit, "Agressie en geweld", TEXT)
    employee.get_by_role("link", name="Ik heb de code genoteerd").click()
    open_with_receipt_code(employee, audit, code)
    expect(employee.get_by_text(TEXT)).to_be_visible()
    audit(employee)
    # Anonymous: nothing links it to the account, so it is not among the employee's reports.
    employee.goto(portal.url("/vertrouwenspersoon/meldingen/"))
    audit(employee)
    expect(employee.get_by_role("main")).not_to_contain_text("Agressie en geweld")

    counsellor = signed_in("vertrouwenspersoon")
    counsellor.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dossiers").click()
    audit(counsellor)
    counsellor.get_by_role("link", name=re.compile(r"^Agressie en geweld van ")).first.click()
    expect(counsellor.get_by_text(TEXT)).to_be_visible()
    audit(counsellor)
    case_url = counsellor.url
    counsellor.get_by_label("Bericht aan de melder").fill(ANSWER)
    counsellor.get_by_role("button", name="Bericht versturen").click()
    expect(counsellor.get_by_text(ANSWER)).to_be_visible()
    audit(counsellor)

    # The reporter, on another device with nothing but the code.
    reporter = new_page()
    reporter.goto(portal.url("/vertrouwenspersoon/volgen/"))
    open_with_receipt_code(reporter, audit, code)
    expect(reporter.get_by_text(ANSWER)).to_be_visible()
    expect(reporter.get_by_text(TEXT)).to_be_visible()
    audit(reporter)

    # What others must not see: the case page is refused, and shows nothing of the report.
    for username, status in (("bestuurder", 404), ("hr", 404), ("vertrouwenspersoon-2", 404)):
        other = signed_in(username)
        expect_refused(other, case_url, status, audit)
        expect(other.get_by_role("main")).not_to_contain_text(TEXT)
    wrong_code = new_page()
    wrong_code.goto(portal.url("/vertrouwenspersoon/volgen/"))
    open_with_receipt_code(wrong_code, audit, "ABCD-EFGH-JKMN-PQRS")
    expect(wrong_code.get_by_role("alert").filter(has_text="Deze code is niet bekend")).to_be_focused()
    audit(wrong_code)


def make_key(counsellor: Page, audit) -> None:
    """A counsellor without a key makes one on the key page, locked with their password."""
    counsellor.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dossiers").click()
    audit(counsellor)
    counsellor.get_by_role("main").locator(f"a[href='{KEY_PAGE}']").click()
    audit_clean(counsellor, audit)
    counsellor.locator("input[name='password']").fill(DEMO_PASSWORD)
    counsellor.locator("main form [type='submit']").click()
    recovery = counsellor.get_by_role("main").locator("section p.font-monospace")
    assert RECOVERY.match(recovery.inner_text().strip()), recovery.inner_text()
    audit_clean(counsellor, audit)
    counsellor.get_by_role("main").locator(f"a.btn[href='{CASE_LIST}']").click()
    audit(counsellor)


def test_a_named_melding_opens_for_its_new_counsellor_and_for_the_reporter_with_the_receipt_code(
    signed_in, new_page, portal, audit
):
    counsellor = signed_in("vertrouwenspersoon-2")
    make_key(counsellor, audit)

    employee = signed_in("medewerker")
    open_report_form(employee, audit)
    employee.get_by_role("combobox", name="Waar gaat het over?").select_option(label="Discriminatie")
    employee.get_by_role("textbox", name="Uw melding").fill(NAMED_TEXT)
    employee.get_by_role("combobox", name="Vertrouwenspersoon").select_option(label="Peter de Boer")
    employee.get_by_role("button", name="Melding versturen").click()
    code = read_receipt_code(employee, audit)
    employee.get_by_role("link", name="Ik heb de code genoteerd").click()
    expect(employee.get_by_text(NAMED_TEXT)).to_be_visible()
    audit(employee)
    report_url = employee.url

    # The counsellor's key, made in this session, opens the new case.
    counsellor.reload()
    audit(counsellor)
    counsellor.get_by_role("link", name=re.compile(r"^Discriminatie van ")).first.click()
    expect(counsellor.get_by_text(NAMED_TEXT)).to_be_visible()
    audit(counsellor)
    counsellor.get_by_label("Bericht aan de melder").fill(NAMED_ANSWER)
    counsellor.get_by_role("button", name="Bericht versturen").click()
    expect(counsellor.get_by_text(NAMED_ANSWER)).to_be_visible()
    audit(counsellor)

    # Logged in again: the account alone does not open the report, the receipt code does.
    reporter = new_page()
    log_in(reporter, portal, "medewerker", audit)
    reporter.goto(report_url)
    assert reporter.url.endswith("/ontgrendelen/"), reporter.url
    audit_clean(reporter, audit)
    expect(reporter.get_by_role("main")).not_to_contain_text(NAMED_TEXT)
    reporter.get_by_label("Ontvangstcode").fill(code)
    reporter.get_by_role("button", name="Mijn melding openen").click()
    expect(reporter.get_by_text(NAMED_TEXT)).to_be_visible()
    expect(reporter.get_by_text(NAMED_ANSWER)).to_be_visible()
    audit(reporter)
