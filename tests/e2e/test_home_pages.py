"""Every role's home page and the melding form, audited at desktop and phone widths and saved
as screenshots (var/e2e/screenshots/, kept by CI as artefacts; a few are in docs/screenshots/)."""

import pytest
from playwright.sync_api import Page

from tests.e2e.browser import DESKTOP, PHONE

# One demo user per role (README "Demo users").
ROLES = ["medewerker", "or-lid", "or-voorzitter", "or-secretaris", "hr", "vertrouwenspersoon", "bestuurder"]


def photograph(page: Page, audit, screenshots, name: str) -> None:
    """Audit and save the page at desktop width, then again at phone width."""
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        audit(page)
        page.screenshot(path=screenshots / f"{name}-{width}.png", full_page=True)


@pytest.mark.parametrize("username", ROLES)
def test_each_role_home_page_is_accessible_at_desktop_and_phone_width(
    username, signed_in, audit, screenshots
):
    page = signed_in(username)
    photograph(page, audit, screenshots, f"home-{username}")


def test_the_melding_form_is_accessible_at_desktop_and_phone_width(signed_in, audit, screenshots):
    page = signed_in("medewerker")
    page.get_by_role("link", name="Contact opnemen met een vertrouwenspersoon").click()
    photograph(page, audit, screenshots, "melding-form")
    # What a phone shows of the form itself (the README shows this one).
    page.get_by_role("heading", name="Uw melding", exact=True).evaluate(
        "heading => heading.scrollIntoView({behavior: 'instant'})"
    )
    page.screenshot(path=screenshots / "melding-form-phone-fields.png")
