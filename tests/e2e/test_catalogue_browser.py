"""A student opens the site, finds credit mobility, reads it in Russian and goes back."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SCREENSHOTS = Path(os.environ.get("ERASMUSDESK_SCREENSHOTS", "/tmp/erasmusdesk-screenshots"))


def test_student_reads_credit_mobility_in_russian_and_returns_to_the_list(page, live_demo):
    page.goto(f"{live_demo.url}/en/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Erasmus+ at our university")

    page.get_by_role("link", name="See all opportunities").click()
    expect(page).to_have_url(f"{live_demo.url}/en/opportunities/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Erasmus+ opportunities")

    page.get_by_role("heading", name="International Credit Mobility").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/en/opportunities/international-credit-mobility/$"))
    expect(page.locator(".summary-box")).to_contain_text("800–900 EUR a month")

    page.get_by_role("navigation", name="Language").get_by_role("link", name="Русский").click()
    expect(page).to_have_url(re.compile(r"/ru/opportunities/international-credit-mobility/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator(".summary-box")).to_contain_text("800–900 евро в месяц")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "icm-ru.png"), full_page=True)

    page.get_by_role("link", name="Назад к списку").first.click()
    expect(page).to_have_url(f"{live_demo.url}/ru/opportunities/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Возможности Erasmus+")


def test_keyboard_user_can_skip_to_the_content(page, live_demo):
    page.goto(f"{live_demo.url}/kk/opportunities/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_attribute("href", "#main")
    expect(focused).to_be_visible()


def test_enquiry_without_javascript_shows_field_errors(browser, live_demo):
    context = browser.new_context(java_script_enabled=False, locale="ru-RU")
    page = context.new_page()
    page.goto(f"{live_demo.url}/ru/contact/")
    page.get_by_role("button", name="Отправить вопрос").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Ваше имя")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "contact-errors-ru.png"), full_page=True)
    context.close()
