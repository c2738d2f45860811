"""The office's EWP page on a 390 px phone, without JavaScript: the node's status, the
partners of the registry, the log, and "refresh now"."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from playwright.sync_api import expect

from erasmusdesk.ewp import registry_builder
from tests.factories.selection import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="en-GB", viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_the_coordinator_reads_the_ewp_page_on_a_phone(
    phone, django_db_serialized_rollback, transactional_db, live_server, people, settings, tmp_path
):
    host = live_server.url.removeprefix("http://")
    settings.ERASMUSDESK_EWP_HEI_ID = "a.example"
    settings.ERASMUSDESK_EWP_BASE_URL = live_server.url
    settings.ERASMUSDESK_EWP_KEY_FILE = tmp_path / "key.pem"
    settings.ERASMUSDESK_EWP_ADMIN_EMAIL = "ewp-admin@a.example"
    catalogue = tmp_path / "catalogue-v1.xml"
    manifest = Client().get("/ewp/manifest.xml", headers={"host": host}).content
    catalogue.write_bytes(registry_builder.catalogue_from_manifests([manifest]))
    settings.ERASMUSDESK_EWP_REGISTRY = str(catalogue)
    coordinator = people["coordinator"]
    EmailAddress.objects.create(
        user=coordinator, email=coordinator.email, verified=True, primary=True
    )

    phone.goto(f"{live_server.url}/en/account/login/")
    phone.get_by_label("E-mail").fill(coordinator.email)
    phone.locator("input[type=password]").fill(PASSWORD)
    phone.get_by_role("button", name="Sign in").click()
    phone.goto(f"{live_server.url}/en/office/ewp/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Erasmus Without Paper")
    expect(phone.get_by_text("a.example", exact=True)).to_be_visible()
    expect(phone.get_by_role("heading", name="Communication log")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone.get_by_role("button", name="Refresh now").click()
    expect(phone.locator(".messages")).to_contain_text("No partner is on EWP in the registry.")
