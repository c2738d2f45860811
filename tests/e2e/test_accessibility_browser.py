"""axe-core on the main pages of each role, in English and Russian: no serious or critical
violation. axe.min.js comes from the axe-playwright-python package of the test extras (read
from disk and evaluated in the page; nothing is fetched)."""

from importlib.resources import files

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

AXE = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ' (' + v.impact + '): '
      + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


def violations(page, base: str, paths: list[str], languages=("en", "ru")) -> list[str]:
    found = []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for language in languages:
            for path in paths:
                url = f"{base}/{language}{path}"
                assert page.goto(url).status == 200, url
                page.evaluate(AXE)
                found += [f"{width} px {url}: {v}" for v in page.evaluate(RUN)]
    return found


def test_the_visitors_pages_pass_axe(page, roles_scene, sign_in):
    world, _dana, _applications, base = roles_scene
    partner = world.call.agreements.first().partner
    paths = [
        "/",
        "/opportunities/",
        "/calls/",
        f"/calls/{world.call.slug}/",
        "/partners/",
        f"/partners/{partner.pk}/",
        "/grants/calculator/?year=2022&activity=study&origin_city=Atyrau%2C+KZ"
        f"&destination={partner.pk}&start=2022-09-01&end=2022-12-17",
        "/account/login/",
    ]
    found = violations(page, base, paths)
    assert not found, "\n".join(found)


def test_the_office_and_evaluator_pages_pass_axe(page, roles_scene, sign_in):
    world, _dana, applications, base = roles_scene
    slug, reference = world.call.slug, applications[0].reference
    sign_in(page, base, world.members[0])
    found = violations(page, base, ["/home/", "/selection/", f"/selection/{slug}/{reference}/"])
    page.goto(f"{base}/en/home/")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    sign_in(page, base, world.coordinator)
    found += violations(
        page,
        base,
        [
            "/home/",
            "/office/applications/",
            f"/office/applications/{slug}/",
            f"/office/applications/a/{reference}/",
            f"/office/selection/{slug}/",
            f"/office/selection/{slug}/ranking/",
            "/office/grants/new/",
            "/office/grants/budget/",
            "/office/agreements/import/",
        ],
    )
    assert not found, "\n".join(found)


def test_the_applicants_pages_pass_axe(page, roles_scene, sign_in):
    _world, dana, applications, base = roles_scene
    reference = applications[-1].reference
    sign_in(page, base, dana)
    found = violations(
        page,
        base,
        [
            "/applications/",
            f"/applications/{reference}/",
            f"/applications/{reference}/edit/",
            f"/applications/{reference}/documents/",
            "/account/profile/",
        ],
    )
    assert not found, "\n".join(found)


def test_the_check_finds_a_serious_violation(page):
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text">'
        "</main></body></html>"
    )
    page.evaluate(AXE)
    found = " ".join(page.evaluate(RUN))
    assert "image-alt (critical)" in found
    assert "label (critical)" in found
