"""A student finds a partner university by country and opens the call that offers it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_student_finds_a_partner_by_country_and_opens_its_call(page, live_demo):
    page.goto(f"{live_demo.url}/en/")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Partner universities"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Partner universities")

    page.get_by_label("Country").select_option(label="Poland")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(r"/en/partners/\?country=PL"))
    expect(page.get_by_role("status")).to_have_text("2 partner universities")

    page.get_by_role("link", name="University of Warsaw").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("University of Warsaw")

    page.get_by_role("link", name="Erasmus+ credit mobility 2026/2027").click()
    expect(page).to_have_url(re.compile(r"/en/calls/icm-\d{4}-\d{4}/$"))
    expect(page.locator(".summary-box")).to_contain_text("15 January 2027, 23:59")
    expect(page.get_by_role("cell", name="University of Warsaw").first).to_be_visible()
