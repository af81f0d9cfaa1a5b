"""The melding journey with the keyboard alone, from the home page by way of the anonymous
page to the report followed up with its receipt code: every stop of the Tab key shows a
visible focus ring, the form's errors are announced in a summary that takes the focus and links
to the fields, and the fields say they are invalid and which text describes the error."""

import re

from playwright.sync_api import Locator, Page, expect

from tests.e2e.browser import DEMO_PASSWORD
from tests.e2e.test_melding_journey import ANONYMOUS, ANONYMOUS_PAGE, RECEIPT

TEXT = "Er verdwijnt regelmatig geld uit de kas van de kantine. Ik weet niet wie het doet."
MAX_TABS = 60

FOCUS_STYLE = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  return {
    body: element === document.body,
    element: element.outerHTML.slice(0, 120),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    shadow: style.boxShadow !== "none",
    shown: box.width > 0 && box.height > 0,
  };
}"""


def assert_focus_visible(page: Page) -> None:
    focus = page.evaluate(FOCUS_STYLE)
    if focus["body"]:
        return  # the first Tab on a fresh page moves the focus into the document first
    assert focus["shown"] and (focus["outline"] or focus["shadow"]), (
        f"focus not visible on {focus['element']}"
    )


def is_focused(target: Locator) -> bool:
    return bool(target.evaluate("element => element === document.activeElement"))


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until target has the focus, checking the focus is visible at every stop."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        assert_focus_visible(page)
        if is_focused(target):
            return
    raise AssertionError(f"{target} was not reached with {MAX_TABS} presses of Tab")


def choose_with_arrows(page: Page, select: Locator, label: str) -> None:
    for _ in range(20):
        if select.evaluate("select => select.selectedOptions[0].label") == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{label} not reached with the arrow keys")


def test_the_anonymous_melding_can_be_sent_and_followed_up_with_the_keyboard_alone(
    new_page, portal, audit, screenshots
):
    page = new_page()
    page.goto(portal.url("/account/inloggen/"))
    audit(page)
    tab_to(page, page.get_by_role("textbox", name="Gebruikersnaam"))
    page.keyboard.type("medewerker")
    tab_to(page, page.get_by_role("textbox", name="Wachtwoord"))
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    audit(page)

    # The skip link comes first and leads past the menu to the content.
    tab_to(page, page.get_by_role("link", name="Direct naar de hoofdinhoud"))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Contact opnemen met een vertrouwenspersoon"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Contact opnemen met een vertrouwenspersoon")
    audit(page)
    # The named form links to the anonymous page, which does not know who is logged in.
    tab_to(page, page.get_by_role("main").locator(f"a[href='{ANONYMOUS_PAGE}']"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(ANONYMOUS)
    audit(page)

    category = page.get_by_role("combobox", name="Waar gaat het over?")
    tab_to(page, category)
    choose_with_arrows(page, category, "Diefstal")
    tab_to(page, page.get_by_role("textbox", name="Uw melding"))
    page.keyboard.type("   ")  # nothing but spaces: the portal refuses it
    send = page.get_by_role("button", name=ANONYMOUS)
    tab_to(page, send)
    page.keyboard.press("Enter")

    # The errors: a summary that is announced and has the focus, linking to the field.
    summary = page.get_by_role("alert").filter(has_text="Uw melding")
    expect(summary).to_be_focused()
    audit(page)
    page.screenshot(path=screenshots / "melding-form-errors-desktop.png")
    text = page.get_by_role("textbox", name="Uw melding")
    expect(text).to_have_attribute("aria-invalid", "true")
    error_ids = (text.get_attribute("aria-describedby") or "").split()
    assert any(
        page.locator(f"#{error_id}").inner_text().strip() == "Dit veld is verplicht."
        for error_id in error_ids
    )
    tab_to(page, summary.get_by_role("link", name=re.compile("^Uw melding")))
    page.keyboard.press("Enter")
    expect(text).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Control+A")
    page.keyboard.type(TEXT)
    expect(page.get_by_role("heading", level=1)).to_have_text(ANONYMOUS)  # still the anonymous page
    tab_to(page, send)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Uw melding is verstuurd")
    audit(page)
    code = page.get_by_role("region", name="Uw ontvangstcode").locator("p").inner_text().strip()
    assert RECEIPT.match(code), code
    tab_to(page, page.get_by_role("link", name="Ik heb de code genoteerd"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anonieme melding volgen")
    audit(page)
    tab_to(page, page.get_by_role("textbox", name="Ontvangstcode"))
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    expect(page.get_by_text(TEXT)).to_be_visible()
    audit(page)
