"""The shipped catalogue content: complete in three languages, carrying the reference facts."""

import re

import pytest

from erasmusdesk.catalogue.models import Opportunity
from erasmusdesk.catalogue.seed import load_catalogue, read_pages

PAGES = {page["slug"]: page for page in read_pages()}
TEXT_KEYS = ("title", "summary", *Opportunity.SECTIONS)
KAZAKH_LETTERS = set("әғқңөұүһі")


def test_the_catalogue_has_the_four_opportunities_and_six_jean_monnet_actions():
    top = sorted(slug for slug, page in PAGES.items() if not page.get("parent"))
    actions = sorted(slug for slug, page in PAGES.items() if page.get("parent") == "jean-monnet")
    assert top == [
        "capacity-building-higher-education",
        "erasmus-mundus-joint-masters",
        "international-credit-mobility",
        "jean-monnet",
    ]
    assert actions == [
        "jean-monnet-centres-of-excellence",
        "jean-monnet-chairs",
        "jean-monnet-modules",
        "jean-monnet-networks",
        "jean-monnet-projects",
        "jean-monnet-support-to-associations",
    ]


@pytest.mark.parametrize("slug", sorted(PAGES))
@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_every_page_has_every_section_in_every_language(slug, language):
    texts = PAGES[slug][language]
    assert sorted(texts) == sorted(TEXT_KEYS)
    assert all(texts[key].strip() for key in TEXT_KEYS)


@pytest.mark.parametrize("slug", sorted(PAGES))
def test_kazakh_text_is_kazakh_cyrillic(slug):
    text = " ".join(PAGES[slug]["kk"].values()).lower()
    assert KAZAKH_LETTERS & set(text), "Kazakh text uses Kazakh-specific letters"


@pytest.mark.parametrize("slug", sorted(PAGES))
def test_figures_are_the_same_in_every_language(slug):
    def figures(language: str) -> set[str]:
        text = " ".join(PAGES[slug][language].values())
        numbers = re.findall(r"\d{1,3}(?:[, \u00a0\u202f]\d{3})+(?!\d)|\d+", text)
        return {re.sub(r"\D", "", number) for number in numbers}

    assert figures("ru") == figures("en")
    assert figures("kk") == figures("en")


REFERENCE_FACTS = {
    "international-credit-mobility": {
        "duration_min_months": 3,
        "duration_max_months": 12,
        "monthly_grant_min_eur": 800,
        "monthly_grant_max_eur": 900,
        "travel_support": True,
    },
    "erasmus-mundus-joint-masters": {
        "ects_options": "60,90,120",
        "duration_min_months": 12,
        "duration_max_months": 24,
        "monthly_grant_max_eur": 1400,
        "min_partners": 3,
        "min_countries": 3,
    },
    "jean-monnet-modules": {
        "min_teaching_hours": 40,
        "max_grant_eur": 35000,
        "duration_max_months": 36,
        "funding_rate_percent": 75,
    },
    "jean-monnet-chairs": {
        "min_teaching_hours": 90,
        "max_grant_eur": 60000,
        "duration_max_months": 36,
        "funding_rate_percent": 80,
    },
    "jean-monnet-centres-of-excellence": {
        "max_grant_eur": 100000,
        "duration_max_months": 36,
        "funding_rate_percent": 80,
    },
    "jean-monnet-networks": {
        "max_grant_eur": 300000,
        "min_partners": 3,
        "min_countries": 3,
        "duration_max_months": 36,
    },
    "jean-monnet-projects": {
        "max_grant_eur": 60000,
        "duration_min_months": 12,
        "duration_max_months": 24,
    },
    "jean-monnet-support-to-associations": {"max_grant_eur": 50000, "duration_max_months": 36},
}


@pytest.mark.parametrize("slug", sorted(REFERENCE_FACTS))
def test_facts_match_the_reference(slug):
    facts = PAGES[slug]["facts"]
    assert {key: facts.get(key) for key in REFERENCE_FACTS[slug]} == REFERENCE_FACTS[slug]


@pytest.mark.parametrize("slug", sorted(PAGES))
def test_every_page_names_its_sources(slug):
    assert PAGES[slug]["facts"]["sources"].strip()


def test_credit_mobility_text_carries_the_seed_calendar_and_documents():
    text = " ".join(PAGES["international-credit-mobility"]["en"].values())
    for needle in [
        "1 October",
        "15 January",
        "1 May",
        "transcript",
        "IELTS",
        "TOEFL",
        "recommendation",
        "passport",
        "diploma",
        "30",
    ]:
        assert needle.lower() in text.lower(), needle


@pytest.mark.django_db
def test_loading_twice_creates_once_and_keeps_the_office_edits():
    first = load_catalogue()
    assert len(first.created) == 10
    Opportunity.objects.filter(slug="jean-monnet").update(title_en="Jean Monnet (edited)")
    second = load_catalogue()
    assert (second.created, len(second.kept)) == ([], 10)
    assert Opportunity.objects.get(slug="jean-monnet").title_en == "Jean Monnet (edited)"
    assert Opportunity.objects.filter(parent__slug="jean-monnet").count() == 6
