"""An employee answers the OR's open poll, once; the OR sees that one more person took part,
never what they answered, and the employee cannot open the OR's side of the poll."""

from playwright.sync_api import Page, expect

from tests.e2e.browser import expect_refused

POLL = "Het nieuwe bedrijfsrestaurant"
REMARK = "Graag ook 's avonds een warme maaltijd voor de late dienst."


def participants(page: Page) -> int:
    row = page.get_by_role("row").filter(has=page.get_by_role("cell", name=POLL, exact=True))
    return int(row.get_by_role("cell").last.inner_text())


def test_an_employee_answers_a_poll_once_and_the_or_sees_only_that_they_took_part(signed_in, audit):
    secretary = signed_in("or-secretaris")
    secretary.get_by_role("main").get_by_role("link", name="Peilingen beheren").click()
    audit(secretary)
    before = participants(secretary)

    employee = signed_in("medewerker")
    employee.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Peilingen").click()
    audit(employee)
    employee.get_by_role("link", name=POLL).click()
    expect(employee.get_by_role("heading", level=1)).to_have_text(POLL)
    audit(employee)
    poll_url = employee.url
    employee.get_by_role("radio", name="1 à 2 keer per week").check()
    employee.get_by_role("checkbox", name="Vegetarisch aanbod").check()
    employee.get_by_role("radio", name="8", exact=True).check()
    employee.get_by_role("textbox", name="Overige opmerkingen").fill(REMARK)
    employee.get_by_role("button", name="Mijn antwoorden versturen").click()
    expect(employee.get_by_text("Dank u wel: uw antwoorden zijn vastgelegd, zonder uw naam.")).to_be_visible()
    audit(employee)
    # Once only: the poll now says it has been answered.
    employee.goto(poll_url)
    expect(employee.get_by_text("U hebt deze peiling al ingevuld.")).to_be_visible()
    audit(employee)

    secretary.reload()
    audit(secretary)
    assert participants(secretary) == before + 1
    secretary.get_by_role("link", name=POLL).click()
    audit(secretary)
    manage_url = secretary.url
    expect(secretary.get_by_role("main")).not_to_contain_text(REMARK)
    # The OR's side of the poll is not the employee's.
    expect_refused(employee, manage_url, 403, audit)
