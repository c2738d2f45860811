"""The advisor's public page and API: the catalogue's opportunities with reasons and calls."""

import re

import pytest

from erasmusdesk.catalogue.models import Opportunity
from tests import factories
from tests.factories.advisor import catalogue


def _icm():
    return Opportunity.objects.get(slug="international-credit-mobility")


@pytest.fixture
def shipped(db):
    return catalogue()


def test_the_page_marks_credit_mobility_fitting_a_bachelor_in_year_2(client, shipped):
    page = client.get(
        "/en/which-opportunity-fits-me/", {"role": "student", "level": "bachelor", "year": "2"}
    ).content.decode()
    start = page.index('id="advice-international-credit-mobility"')
    block = page[start : page.index("</li>\n  \n    <li", start)]
    assert "fits you" in block and "does not fit you" in block  # study fits, teaching not
    assert "Open to you as a student." in block
    mundus = page[page.index('id="advice-erasmus-mundus-joint-masters"') :]
    assert "Needs a first degree" in mundus[:2000]


def test_the_api_lists_every_opportunity_with_the_catalogues_slugs(client, shipped):
    answer = client.get("/api/v1/advisor", {"role": "teacher", "position": "professor"}).json()
    fits = {item["slug"]: item["fits"] for item in answer["opportunities"]}
    assert len(fits) == 10
    assert fits["jean-monnet-chairs"] is True
    assert fits["erasmus-mundus-joint-masters"] is False
    assert fits["jean-monnet-centres-of-excellence"] is False


def test_the_api_refuses_an_unknown_role(client, shipped):
    assert client.get("/api/v1/advisor", {"role": "dean"}).status_code == 422


def test_open_calls_for_the_visitors_category_are_listed(client, shipped):
    call = factories.call(categories="bachelor,master", opportunity=_icm())
    answer = client.get(
        "/api/v1/advisor", {"role": "student", "level": "bachelor", "year": "3"}
    ).json()
    item = next(i for i in answer["opportunities"] if i["slug"] == call.opportunity.slug)
    assert [c["slug"] for c in item["calls"]] == [call.slug]


def test_a_call_for_other_categories_decides_that_the_opportunity_does_not_fit(client, shipped):
    call = factories.call(categories="teacher", opportunity=_icm())
    answer = client.get(
        "/api/v1/advisor", {"role": "student", "level": "bachelor", "year": "3"}
    ).json()
    item = next(i for i in answer["opportunities"] if i["slug"] == call.opportunity.slug)
    assert item["fits"] is False
    assert any(call.title in reason for reason in item["reasons"])


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_page_is_translated(client, shipped, language):
    page = client.get(f"/{language}/which-opportunity-fits-me/", {"role": "staff"}).content.decode()
    page = re.sub(r'<span lang="en">.*?</span>', "", page)  # the sources, quoted as published
    for english in ("fits you", "Open to", "Which opportunity fits me", "I am a", "institution"):
        assert english not in page, english
