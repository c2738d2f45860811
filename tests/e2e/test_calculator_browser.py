"""A student estimates her grant for a semester in Vienna and reads how it is made up."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_student_estimates_a_semester_grant(page, live_demo):
    page.goto(f"{live_demo.url}/en/")
    page.get_by_role("link", name="Grant calculator").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grant calculator")

    page.get_by_label("Call year").select_option(label="2022/2023")
    page.get_by_label("To (partner university)").select_option(label="University of Vienna")
    page.get_by_label("First day").fill("2022-09-01")
    page.get_by_label("Last day").fill("2022-12-17")
    page.get_by_role("button", name="Calculate").click()

    # Austria is in group 2 (850 EUR a month); 107 days = 3 months and 17 days;
    # 2,639 km is in the 2000-2999 km band (360 EUR in 2022).
    expect(page.get_by_role("heading", level=2, name="Estimated grant")).to_have_text(
        "Estimated grant: 3391.67 EUR"
    )
    breakdown = page.locator("table.breakdown")
    expect(breakdown.get_by_role("row", name="Individual support")).to_contain_text("3031.67")
    expect(breakdown.get_by_role("row", name="Travel support")).to_contain_text("360.00")
    expect(breakdown.get_by_role("row", name="Distance")).to_contain_text("kilometres 2639")
