"""HR publishes a policy only after the OR's consent: refused before it, with the error
announced; the OR discusses the consent request at an overlegvergadering held today and
consents; HR publishes; every employee reads it in the library, but not the HR draft."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from tests.e2e.browser import expect_refused

POLICY = "Opleidingsbeleid"
REQUEST = "Instemmingsverzoek opleidingsbeleid"
MEETING = "Extra overlegvergadering opleidingsbeleid"
REASONS = "De OR steunt een vast opleidingsbudget: iedereen weet waar hij of zij recht op heeft."


def menu(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name).click()


def publish(hr: Page, audit) -> None:
    menu(hr, "Conceptregelingen")
    audit(hr)
    hr.get_by_role("link", name=POLICY).click()
    audit(hr)
    hr.get_by_role("button", name="Publiceren").click()


def hold_consultation_today(secretary: Page, audit) -> None:
    """Plan an overlegvergadering that starts now, with the request on its agenda, and hold it."""
    menu(secretary, "Vergaderingen")
    audit(secretary)
    secretary.get_by_role("link", name="Vergadering plannen").click()
    audit(secretary)
    secretary.get_by_role("combobox", name="Soort vergadering").select_option(label="Overlegvergadering")
    secretary.get_by_role("textbox", name="Titel").fill(MEETING)
    now = datetime.now(ZoneInfo("Europe/Amsterdam"))
    secretary.get_by_label("Begint om").fill(now.strftime("%Y-%m-%dT%H:%M"))
    secretary.get_by_role("textbox", name="Plaats").fill("Directiekamer")
    secretary.get_by_role("button", name="Vergadering plannen").click()
    expect(secretary.get_by_role("heading", level=1)).to_have_text(MEETING)
    audit(secretary)
    secretary.get_by_role("link", name="Agendapunt toevoegen").click()
    audit(secretary)
    secretary.get_by_role("textbox", name="Titel").fill(REQUEST)
    secretary.get_by_role("combobox", name="Soort").select_option(label="Ter besluitvorming")
    secretary.get_by_role("button", name="Op de agenda zetten").click()
    expect(secretary.get_by_role("region", name="Agenda").get_by_role("link", name=REQUEST)).to_be_visible()
    audit(secretary)
    secretary.get_by_role("button", name="Agenda vaststellen en versturen").click()
    audit(secretary)
    secretary.get_by_role("button", name="Markeren als gehouden").click()
    expect(secretary.get_by_text("Gehouden", exact=True)).to_be_visible()
    audit(secretary)


def test_hr_publishes_a_policy_after_the_or_consents_and_every_employee_reads_it(signed_in, audit):
    hr = signed_in("hr")
    publish(hr, audit)
    refusal = hr.get_by_role("alert").filter(has_text="kan niet worden gepubliceerd")
    expect(refusal).to_be_focused()
    audit(hr)
    draft_url = hr.url

    secretary = signed_in("or-secretaris")
    hold_consultation_today(secretary, audit)
    menu(secretary, "Verzoeken")
    audit(secretary)
    secretary.get_by_role("link", name=re.compile(f"^{REQUEST}")).click()
    audit(secretary)
    secretary.get_by_role("button", name="Behandeling starten").click()
    audit(secretary)
    item = secretary.get_by_role("combobox", name="Agendapunt van de overlegvergadering")
    item.select_option(item.locator("option", has_text=f"{MEETING}: {REQUEST}").get_attribute("value"))
    secretary.get_by_role("button", name="Overleg vastleggen").click()
    audit(secretary)
    secretary.get_by_role("link", name="Antwoord van de OR geven").click()
    audit(secretary)
    secretary.get_by_role("radio", name="Instemming", exact=True).check()
    secretary.get_by_role("textbox", name="Motivering van de OR").fill(REASONS)
    secretary.get_by_role("button", name="Antwoord geven").click()
    expect(secretary.get_by_text(REASONS)).to_be_visible()
    audit(secretary)

    publish(hr, audit)
    expect(hr.get_by_text("De versie is gepubliceerd voor alle medewerkers.")).to_be_visible()
    audit(hr)

    employee = signed_in("medewerker")
    menu(employee, "Regelingen")
    audit(employee)
    employee.get_by_role("link", name=POLICY).click()
    expect(employee.get_by_text("persoonlijk opleidingsbudget")).to_be_visible()
    audit(employee)
    # The draft, its versions and HR's comments stay with HR.
    expect_refused(employee, draft_url, 403, audit)
