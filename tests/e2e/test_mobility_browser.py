"""One student from a published result to recognised credits, across the three roles
(student, host contact, coordinator), at phone and desktop width."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.test import TestCase
from playwright.sync_api import expect

from erasmusdesk.calls.defaults import ensure_document_types
from erasmusdesk.calls.models import DocumentType
from erasmusdesk.core import clock
from erasmusdesk.mobility import records
from erasmusdesk.mobility.models import Mobility
from erasmusdesk.selection import publishing
from erasmusdesk.selection.seed import load_default_tables
from tests.factories import mobility as mobility_builders
from tests.factories import selection as builders

pytestmark = pytest.mark.e2e

PASSWORD = builders.PASSWORD
HOST = "5; 20\n4.5; 25\n4; 30\n3.5; 15\n3; 10"
HOME = [("A", 10), ("A-", 15), ("B+", 25), ("B", 30), ("C", 20)]


def verified(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@pytest.fixture
def scene(django_db_serialized_rollback, transactional_db, live_server, people):
    """A published call: Dana is selected for the first partner; its contact has an
    account; the home grading table of economics is on file."""
    from decimal import Decimal

    ensure_document_types(DocumentType)
    load_default_tables()
    home = mobility_builders.home()
    world = builders.World.create(people)
    dana = builders.user("dana", group="applicants", first_name="Dana")
    world.apply(dana, grade="3.9", choices=(0, 1))
    world.apply(grade="3.0")
    world.assign()
    world.score_all(7)
    with TestCase.captureOnCommitCallbacks(execute=True):
        publishing.publish_results(
            world.selection,
            by=world.coordinator,
            expected_run=0,
            appeal_deadline=clock.now() + timedelta(days=7),
        )
    mobility = Mobility.objects.get(participant=dana)
    mobility_builders.host_contact(people["partner_contact"], mobility.receiving_hei)
    records.save_grading_table(
        home,
        isced_f_code="0311",
        eqf_level="6",
        grading_scheme="A-F",
        years="2023-2025",
        shares=[(g, Decimal(p)) for g, p in HOME],
        by=None,
    )
    people["partner_contact"].first_name = "Ewa"
    people["partner_contact"].save()
    for person in (dana, people["partner_contact"], world.coordinator):
        verified(person)
    return mobility, dana, people, live_server.url


def sign_in(page, base: str, user) -> None:
    page.goto(f"{base}/en/account/login/")
    page.get_by_label("E-mail").fill(user.email)
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def approve(page) -> None:
    page.get_by_label("Approve this version").check()
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("is recorded")


@pytest.mark.parametrize("width", [390, 1280], ids=["phone", "desktop"])
def test_a_student_from_the_result_to_recognised_credits(page, scene, width):
    mobility, dana, people, base = scene
    page.set_viewport_size({"width": width, "height": 900})
    host, coordinator = people["partner_contact"], people["coordinator"]
    uuid = mobility.omobility_id
    today = clock.localdate()

    # The host's contact accepts the nomination.
    sign_in(page, base, host)
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Nominations"
    ).click()
    page.get_by_role("link", name=mobility.participant_name).click()
    page.get_by_label("Accept the nomination").check()
    page.get_by_role("button", name="Send the answer").click()
    expect(page.locator(".messages")).to_contain_text("Your answer is recorded")
    sign_out(page)

    # The student drafts and signs the learning agreement from the application's page.
    sign_in(page, base, dana)
    page.goto(f"{base}/en/applications/")
    page.get_by_role("link", name=mobility.application.reference).click()
    page.get_by_role("link", name="Follow your mobility").click()
    page.get_by_role("link", name="Learning agreement").click()
    page.get_by_role("button", name="Start the learning agreement").click()
    for table, title, credits in (("A", "Econometrics", "30"), ("B", "Economic theory", "30")):
        page.get_by_label("Table", exact=True).select_option(table)
        page.get_by_label("Title").fill(title)
        page.get_by_label("Term").fill("2026/2027 autumn")
        page.get_by_label("ECTS credits").fill(credits)
        page.get_by_role("button", name="Add", exact=True).click()
        expect(page.locator(".messages")).to_contain_text("The component is added.")
    page.get_by_role("button", name="Sign and send for approval").click()
    expect(page.locator(".messages")).to_contain_text("You signed the learning agreement")
    sign_out(page)

    # The host approves it, the coordinator approves it and confirms the stay.
    sign_in(page, base, host)
    page.goto(f"{base}/en/host/nominations/{uuid}/learning-agreement/")
    approve(page)
    sign_out(page)
    sign_in(page, base, coordinator)
    page.goto(f"{base}/en/office/mobility/{uuid}/learning-agreement/")
    approve(page)
    page.goto(f"{base}/en/office/mobility/{uuid}/")
    expect(page.get_by_text("learning agreement approved").first).to_be_visible()
    page.get_by_label("Day of arrival").fill((today - timedelta(days=140)).isoformat())
    page.get_by_role("button", name="Confirm the arrival").click()
    page.get_by_label("Day of departure").fill(today.isoformat())
    page.get_by_role("button", name="Confirm the departure").click()
    expect(page.locator(".messages")).to_contain_text("The date is confirmed.")
    sign_out(page)

    # The host enters the transcript with its grading table.
    sign_in(page, base, host)
    page.goto(f"{base}/en/host/nominations/{uuid}/")
    page.get_by_role("link", name="Enter the transcript of records").click()
    page.get_by_label("Issued on").fill(today.isoformat())
    page.get_by_label("Host's grading scale").fill("2-5")
    page.get_by_label("Results").fill("ECO202; Econometrics; 30; 4; yes")
    page.get_by_label("Grade distribution table of the field (optional)").fill(HOST)
    page.get_by_role("button", name="Save the transcript").click()
    expect(page.locator(".messages")).to_contain_text("The transcript of records is saved.")
    sign_out(page)

    # The coordinator recognises the credits, converted by the tables and explained.
    sign_in(page, base, coordinator)
    page.goto(f"{base}/en/office/mobility/{uuid}/recognition/")
    expect(page.get_by_text("Converted grade: B")).to_be_visible()
    page.get_by_role("button", name="Record the recognition").click()
    expect(page.locator(".messages")).to_contain_text("The recognition is recorded.")
    sign_out(page)

    # The student reads which credits were recognised and why.
    sign_in(page, base, dana)
    page.goto(f"{base}/en/mobility/{uuid}/")
    expect(page.get_by_text("30.0 ECTS recognised, host grade 4, home grade B")).to_be_visible()
    expect(page.get_by_text("it overlaps the host's band most")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
