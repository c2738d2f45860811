"""A teacher prepares a Jean Monnet Module proposal that first breaks two rules, fixes them,
and the office signs it off; a visitor uses "which opportunity fits me" on a phone."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from erasmusdesk.jeanmonnet.models import Proposal
from tests.factories.selection import user

pytestmark = pytest.mark.e2e


def _signed_in(browser, base: str, person, **context):
    """A browser context carrying ``person``'s session (signed in without the form)."""
    client = Client()
    client.force_login(person)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page = browser.new_context(locale="en-GB", **context).new_page()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}]
    )
    page.set_default_timeout(10_000)
    return page


def test_a_module_proposal_is_fixed_and_signed_off(browser, live_demo):
    from django.contrib.auth.models import Permission

    base = live_demo.url
    teacher = user("aigerim", first_name="Aigerim", last_name="Sadykova")
    officer = user("officer", is_staff=True)
    officer.user_permissions.add(Permission.objects.get(codename="review_proposal"))

    page = _signed_in(browser, base, teacher)
    page.goto(f"{base}/en/jean-monnet/proposals/")
    page.get_by_role("link", name="Start a proposal").click()
    page.get_by_label("Title").fill("EU energy law for Caspian engineers")
    page.get_by_label("Action").select_option("module")
    page.get_by_label("Call year").select_option("2025")
    page.get_by_label("Position of the holder").select_option("lecturer")
    page.get_by_label("Duration (months)").fill("36")
    page.get_by_label("EU grant requested (EUR)").fill("36000")
    page.get_by_label("Teaching plan").fill(
        "1; EU energy law; 39\n2; EU energy law; 40\n3; EU energy law; 40"
    )
    page.get_by_label("Declaration on honour signed by the legal representative").check()
    page.get_by_label("CVs of the team").check()
    # The rules are checked as she types, before she saves (live-checks.js and the API).
    live = page.locator("#live-checks")
    expect(live).to_contain_text("Rules broken as you type: 2")
    expect(live).to_contain_text("Teaching plan: Academic year 1 has 39 teaching hours")
    page.get_by_role("button", name="Save and check").click()

    checks = page.locator("section.checks")
    expect(checks.get_by_role("heading", level=2)).to_have_text("Rules broken: 2")
    expect(checks).to_contain_text("Teaching plan: Academic year 1 has 39 teaching hours")
    expect(checks).to_contain_text(
        "EU grant requested (EUR): 36\u00a0000.00 EUR is more than the maximum EU grant of "
        "35\u00a0000.00 EUR in the 2025 call."
    )
    expect(checks).to_contain_text("euro-access.eu")

    page.get_by_label("Teaching plan").fill(
        "1; EU energy law; 40\n2; EU energy law; 40\n3; EU energy law; 40"
    )
    page.get_by_label("EU grant requested (EUR)").fill("35000")
    page.get_by_role("button", name="Save and check").click()
    expect(checks.get_by_role("heading", level=2)).to_have_text("Every rule of the action is met")
    page.get_by_role("button", name="Send to the office for review").click()
    expect(page.locator("strong.proposal-state")).to_have_text("with the office for review")

    office = _signed_in(browser, base, officer)
    office.goto(f"{base}/en/office/jean-monnet/")
    office.get_by_role("link", name="EU energy law for Caspian engineers").click()
    office.get_by_role("button", name="Sign off for the legal representative").click()
    expect(office.locator(".messages")).to_contain_text("signed off")
    expect(office.locator(".proposal-state")).to_have_text(
        "signed off for the legal representative"
    )
    assert Proposal.objects.get().state == "signed_off"
    for opened in (page, office):
        opened.wait_for_load_state("networkidle")
        opened.context.close()


def test_a_visitor_uses_the_advisor_on_a_phone(browser, live_demo):
    context = browser.new_context(
        locale="en-GB", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{live_demo.url}/en/which-opportunity-fits-me/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Which opportunity fits me?")
    page.get_by_label("student", exact=True).check()
    page.get_by_label("Students: level of study").select_option("bachelor")
    page.get_by_label("Students: year of study").fill("2")
    page.get_by_role("button", name="Show what fits me").click()

    credit = page.locator("#advice-international-credit-mobility")
    expect(credit.locator(".advice-verdict")).to_have_text("fits you")
    expect(page.locator("#advice-erasmus-mundus-joint-masters .advice-verdict")).to_have_text(
        "does not fit you"
    )
    expect(page.locator("#advice-erasmus-mundus-joint-masters")).to_contain_text(
        "Needs a first degree"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.wait_for_load_state("networkidle")
    context.close()
