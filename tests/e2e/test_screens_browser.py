"""Every role's main pages at a phone's width (390 px) and a desktop's (1280 px), in English
and Russian: no page scrolls sideways, no table is cut off, every region that scrolls can be
reached with the keyboard, and every aria-describedby or aria-labelledby names an id the page
has."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.test import TestCase
from playwright.sync_api import expect

from erasmusdesk.core import clock
from erasmusdesk.selection import publishing

pytestmark = pytest.mark.e2e

WIDTHS = (390, 1280)

MEASURE = (Path(__file__).parent / "measure_screen.js").read_text(encoding="utf-8")


def check(page, base: str, paths: list[str], languages=("en", "ru")) -> list[str]:
    """Every path at each width and language; the problems found, named by page."""
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
        for language in languages:
            for path in paths:
                url = f"{base}/{language}{path}"
                response = page.goto(url)
                assert response.status == 200, (url, response.status)
                for what, detail in page.evaluate(MEASURE):
                    found.append(f"{width} px {url}: {what} ({detail})")
    return found


def test_the_visitors_pages_fit_every_screen(page, roles_scene, sign_in):
    world, _dana, _applications, base = roles_scene
    partner = world.call.agreements.first().partner
    calculator = (
        "/grants/calculator/?year=2022&activity=study&origin_city=Atyrau%2C+KZ"
        f"&destination={partner.pk}&start=2022-09-01&end=2022-12-17"
    )
    paths = [
        "/",
        "/opportunities/",
        "/calls/",
        f"/calls/{world.call.slug}/",
        "/partners/",
        f"/partners/{partner.pk}/",
        calculator,
    ]
    problems = check(page, base, paths)
    assert not problems, "\n".join(problems)


def test_the_coordinators_and_evaluators_pages_fit_every_screen(page, roles_scene, sign_in):
    world, _dana, applications, base = roles_scene
    slug, reference = world.call.slug, applications[0].reference
    sign_in(page, base, world.members[0])
    problems = check(page, base, ["/home/", "/selection/", f"/selection/{slug}/{reference}/"])
    assert not problems, "\n".join(problems)
    page.goto(f"{base}/en/home/")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, world.coordinator)
    # The header stays short: the office's pages sit in one menu (Russian: the longest words).
    # Two rows at 1280 px (about 130 px); a third row would be about 170.
    for width, tallest in ((390, 220), (1280, 140)):
        page.set_viewport_size({"width": width, "height": 844})
        page.goto(f"{base}/ru/home/")
        height = page.evaluate("document.querySelector('header').getBoundingClientRect().height")
        assert height <= tallest, (width, height)
    page.locator(".office-nav summary").click()
    expect(page.locator(".office-nav").get_by_role("link", name="Заявки")).to_be_visible()
    office = [
        "/home/",
        "/office/applications/",
        f"/office/applications/{slug}/",
        f"/office/applications/a/{reference}/",
        "/office/selection/",
        f"/office/selection/{slug}/",
        f"/office/selection/{slug}/ranking/",
        f"/office/selection/{slug}/preview/",
        "/office/grants/",
        "/office/grants/new/",
        "/office/grants/budget/",
        "/office/agreements/import/",
    ]
    problems = check(page, base, office)
    assert not problems, "\n".join(problems)


def test_the_applicants_pages_fit_every_screen(page, roles_scene, sign_in):
    world, dana, applications, base = roles_scene
    world.score_all(7)
    with TestCase.captureOnCommitCallbacks(execute=True):
        publishing.publish_results(
            world.selection,
            by=world.coordinator,
            expected_run=0,
            appeal_deadline=clock.now() + timedelta(days=7),
        )
    reference = applications[-1].reference
    sign_in(page, base, dana)
    paths = [
        "/applications/",
        f"/applications/{reference}/",
        f"/applications/{reference}/result/",
        "/account/profile/",
    ]
    problems = check(page, base, paths)
    assert not problems, "\n".join(problems)
