"""An employee sends an anonymous melding and follows it up with the receipt code; the
counsellor answers; the reporter reads the answer on another device with the code alone.
Nobody else gets to the case: not the bestuurder, not HR, not another counsellor."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.browser import expect_refused

TEXT = (
    "Een collega schreeuwt mij al weken uit in het bijzijn van klanten. Ik durf het niet op naam te melden."
)
ANSWER = "Dank voor uw melding. Ik wil graag met u in gesprek: laat hier weten wanneer het u past."
RECEIPT = re.compile(r"^[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$")


def send_anonymous_report(page: Page, audit, category: str, text: str) -> str:
    """From the home page: send an anonymous report; returns the receipt code shown once."""
    page.get_by_role("link", name="Contact opnemen met een vertrouwenspersoon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact opnemen met een vertrouwenspersoon")
    audit(page)
    page.get_by_role("combobox", name="Waar gaat het over?").select_option(label=category)
    page.get_by_role("textbox", name="Uw melding").fill(text)
    page.get_by_role("combobox", name="Vertrouwenspersoon").select_option(label="Ingrid Mulder")
    page.get_by_role("radio", name="Anoniem: ik krijg eenmalig een ontvangstcode").check()
    page.get_by_role("button", name="Melding versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uw melding is verstuurd")
    audit(page)
    code = page.get_by_role("region", name="Uw ontvangstcode").locator("p").inner_text().strip()
    assert RECEIPT.match(code), code
    return code


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
