"""Three evaluators score, the coordinator previews (with a "what if"), publishes, and an
applicant on the reserve list reads her explained result."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from erasmusdesk.calls.defaults import ensure_document_types
from erasmusdesk.calls.models import DocumentType
from erasmusdesk.selection.models import Run
from erasmusdesk.selection.seed import load_default_tables
from tests.factories import selection as builders

pytestmark = pytest.mark.e2e

PASSWORD = builders.PASSWORD


def verified(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@pytest.fixture
def scene(django_db_serialized_rollback, transactional_db, live_server, people):
    """A call with two partners of 2 places each; five eligible applications (Dana has the
    lowest grade average); a committee of three to whom every application is assigned."""
    ensure_document_types(DocumentType)
    load_default_tables()
    world = builders.World.create(people)
    for grade in ("3.9", "3.7", "3.5", "3.3"):
        world.apply(grade=grade)
    dana = builders.user("dana", group="applicants", first_name="Dana")
    world.apply(dana, grade="3.0")
    world.assign()
    for person in [*world.members, world.coordinator, dana]:
        verified(person)
    return world, dana, live_server.url


def sign_in(page, base: str, user) -> None:
    page.goto(f"{base}/en/account/login/")
    page.get_by_label("E-mail").fill(user.email)
    page.locator("input[type=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_evaluators_score_the_coordinator_publishes_the_applicant_reads_why(page, scene):
    world, dana, base = scene
    slug = world.call.slug

    # Three evaluators score every application assigned to them.
    for number, member in enumerate(world.members):
        sign_in(page, base, member)
        page.get_by_role("link", name="Selection committee").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Selection committee")
        expect(page.get_by_text("0 of 5 scored.")).to_be_visible()
        for index in range(5):
            page.locator("tr", has_text="to score").first.get_by_role("link").click()
            expect(page.get_by_role("heading", name="The call's criteria")).to_be_visible()
            page.get_by_label("Motivation", exact=True).fill(str(6 + (number + index) % 3))
            page.get_by_label("Recommendation letters", exact=True).fill("7.5")
            page.get_by_role("button", name="Save the scores").click()
            expect(page.locator(".messages")).to_contain_text("are saved")
            expect(page.get_by_text(f"{index + 1} of 5 scored.")).to_be_visible()
        expect(page.get_by_text("5 of 5 scored.")).to_be_visible()
        sign_out(page)

    # The coordinator sees the progress, previews, tries a "what if", publishes.
    sign_in(page, base, world.coordinator)
    page.goto(f"{base}/en/office/selection/{slug}/")
    expect(page.get_by_role("img")).to_contain_text("100 % scored")
    page.get_by_role("link", name="Preview and publish").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "4 selected, 1 on the reserve list, 0 not selected."
    )
    second = world.places[1]
    page.locator(f"input[name=place_{second.pk}]").fill("3")
    page.get_by_role("button", name="Show what would change").click()
    expect(page.get_by_text("reserve list → selected")).to_be_visible()
    page.get_by_role("link", name="Back to the agreements' places").click()
    # Publishing says what will be sent to how many, and asks to confirm.
    page.get_by_label(re.compile(r"send 5 applicants their result by e-mail")).check()
    page.get_by_role("button", name="Publish the results").click()
    expect(page.locator(".messages")).to_contain_text("Run 1 of the results is published")
    assert Run.objects.get().number == 1
    sign_out(page)

    # Dana follows the link in her mail and reads why she is on the reserve list.
    message = next(m for m in mail.outbox if dana.email in m.to)
    assert message.subject.endswith("you are on the reserve list")
    link = re.search(r"https?://\S+/result/", message.body).group(0)
    sign_in(page, base, dana)
    page.goto(base + link[link.index("/en/") :])
    explanation = page.locator(".selection-explanation")
    expect(explanation).to_contain_text("You are number 1 on the reserve list.")
    expect(explanation).to_contain_text("You are ranked 5 of 5 in the call's ranking")
    expect(explanation).to_contain_text(
        "had 2 places: they went to the applicants it ranks 1 and 2; you are ranked 5 there."
    )
    expect(page.get_by_role("heading", name="Appeal")).to_be_visible()
    expect(page.get_by_role("button", name="File the appeal")).to_be_visible()
