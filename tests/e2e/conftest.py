"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium), never a download.

Without Chromium they are skipped, unless ERASMUSDESK_REQUIRE_BROWSER=1 (set by `make e2e`
and CI), where a missing browser is a failure.
"""

import os
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from tests.factories import selection as builders

CHROMIUM = Path(os.environ.get("ERASMUSDESK_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run in a
# thread with a loop unless told that this is safe, which it is in tests (one thread each).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("ERASMUSDESK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is required for the browser tests and missing at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def live_demo(django_db_serialized_rollback, transactional_db, live_server):
    """The live server with the demo data loaded. The database is restored afterwards to
    what the migrations wrote (rate tables, document types, roles), which a transactional
    test would otherwise leave flushed for the tests after it."""
    from erasmusdesk.core.demo import load_demo
    from erasmusdesk.grants.defaults import load_default_tables

    # The migrations' rate tables, in case an earlier transactional test (the backup's
    # round trip) flushed them: they are what the calculator offers.
    load_default_tables()
    load_demo()
    return live_server


# The screens' and accessibility tests: a call with each role's pages ----------------------


def verified(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@pytest.fixture
def roles_scene(django_db_serialized_rollback, transactional_db, live_server, people):
    """The shipped catalogue and rate tables, and a closed call whose five applications are
    assigned to its committee."""
    from erasmusdesk.catalogue.seed import load_catalogue
    from erasmusdesk.grants.defaults import load_default_tables as load_rate_tables

    load_catalogue()
    load_rate_tables()
    from erasmusdesk.calls.defaults import ensure_document_types
    from erasmusdesk.calls.models import DocumentType
    from erasmusdesk.selection.seed import load_default_tables

    ensure_document_types(DocumentType)
    load_default_tables()
    world = builders.World.create(people, slug="icm-screens-2026")
    dana = builders.user("dana", group="applicants", first_name="Dana")
    applications = [world.apply(grade=grade) for grade in ("3.9", "3.7", "3.5", "3.3")]
    applications.append(world.apply(dana, grade="3.0"))
    world.assign()
    for person in [*world.members, world.coordinator, dana, people["partner_contact"]]:
        verified(person)
    return world, dana, applications, live_server.url


def _sign_in(page, base: str, user) -> None:
    page.goto(f"{base}/en/account/login/")
    page.get_by_label("E-mail").fill(user.email)
    page.locator("input[type=password]").fill(builders.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.fixture
def sign_in():
    """Sign ``user`` in through the site's form (their address confirmed)."""
    return _sign_in
