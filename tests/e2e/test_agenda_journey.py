"""An OR member proposes an item for the next overlegvergadering and writes a preparation
note; the secretary puts it on the agenda; the bestuurder sees the agenda and the item,
but not the preparation, and gets the 404 page for the note's address and the OR's own
meeting."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.browser import expect_refused

# The demo's next overlegvergadering (its title names a month: the demo dates follow today).
NEXT_CONSULTATION = re.compile(r"^Overlegvergadering ")
INTERNAL_MEETING = re.compile(r"^OR-vergadering ")
ITEM = "Fietsplan via de werkkostenregeling"
EXPLANATION = "Veel collega's vragen naar een fietsplan; de OR wil weten wat het kost."
NOTE = "Standpunt OR: eerst de kosten per medewerker zien, dan pas een proef van een jaar."


def open_meeting(page: Page, audit, title: str | re.Pattern[str]) -> str:
    """From the menu, the first (nearest) coming meeting with this title; returns its title."""
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Vergaderingen").click()
    audit(page)
    page.get_by_role("link", name=title).first.click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(title)
    audit(page)
    return heading.inner_text().strip()


def test_the_bestuurder_sees_the_agenda_item_but_never_the_or_preparation(signed_in, portal, audit):
    member = signed_in("or-lid")
    open_meeting(member, audit, INTERNAL_MEETING)
    internal_meeting_url = member.url
    meeting = open_meeting(member, audit, NEXT_CONSULTATION)
    member.get_by_role("link", name="Agendapunt voorstellen").click()
    audit(member)
    member.get_by_role("textbox", name="Titel").fill(ITEM)
    member.get_by_role("textbox", name="Toelichting").fill(EXPLANATION)
    member.get_by_role("button", name="Agendapunt voorstellen").click()
    expect(member.get_by_text("Uw voorstel is naar de secretaris gestuurd.")).to_be_visible()
    audit(member)
    member.get_by_role("link", name=ITEM).click()
    audit(member)
    item_url = member.url
    member.get_by_role("combobox", name="Soort").select_option(label="Standpunt")
    member.get_by_role("textbox", name="Tekst").fill(NOTE)
    member.get_by_role("button", name="Notitie opslaan").click()
    expect(member.get_by_text("Uw notitie is opgeslagen.")).to_be_visible()
    expect(member.get_by_text(NOTE)).to_be_visible()
    audit(member)
    note_url = (
        member.get_by_role("region", name="Voorbespreking (alleen OR)")
        .locator("form")
        .get_attribute("action")
    )

    secretary = signed_in("or-secretaris")
    open_meeting(secretary, audit, meeting)
    proposal = secretary.get_by_role("listitem").filter(has_text=ITEM)
    proposal.get_by_role("button", name="Aannemen").click()
    expect(secretary.get_by_text("Het agendapunt staat op de agenda.")).to_be_visible()
    audit(secretary)

    executive = signed_in("bestuurder")
    open_meeting(executive, audit, meeting)
    agenda = executive.get_by_role("region", name="Agenda")
    expect(agenda.get_by_role("link", name=ITEM)).to_be_visible()
    expect(agenda).not_to_contain_text("Voorbespreking")
    agenda.get_by_role("link", name=ITEM).click()
    expect(executive.get_by_text(EXPLANATION)).to_be_visible()
    audit(executive)
    assert executive.url == item_url
    expect(executive.get_by_role("main")).not_to_contain_text(NOTE)
    expect(executive.get_by_role("heading", name="Voorbespreking (alleen OR)")).to_have_count(0)
    # What the bestuurder must not see: the preparation's address and the OR's own meeting.
    expect_refused(executive, portal.url(note_url), 404, audit)
    expect_refused(executive, internal_meeting_url, 404, audit)
    # HR is not invited to this item: the overleg's agenda is not HR's either.
    expect_refused(signed_in("hr"), item_url, 404, audit)
