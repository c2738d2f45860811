import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from erasmusdesk.catalogue.models import Opportunity, OpportunityKind
from erasmusdesk.catalogue.seed import read_pages

LANGUAGES = ("en", "ru", "kk")
PAGES = read_pages()
TITLES = {(page["slug"], code): page[code]["title"] for page in PAGES for code in LANGUAGES}

pytestmark = pytest.mark.django_db


def test_root_redirects_to_the_language_the_browser_asks_for(client):
    response = client.get("/", headers={"accept-language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert (response.status_code, response["Location"]) == (302, "/ru/")


def test_root_redirects_to_english_by_default(client):
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/en/")


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_lists_every_opportunity_in_its_language(client, demo, language):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    content = response.content.decode()
    for page in PAGES:
        if not page.get("parent"):
            assert TITLES[(page["slug"], language)] in content


@pytest.mark.parametrize("language", LANGUAGES)
def test_list_shows_cards_with_key_facts(client, demo, language):
    response = client.get(f"/{language}/opportunities/")
    content = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in content
    assert TITLES[("international-credit-mobility", language)] in content
    assert "800–900" in content
    assert "60 / 90 / 120" in content


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("slug", [page["slug"] for page in PAGES])
def test_every_page_in_every_language_shows_title_and_facts(client, demo, slug, language):
    response = client.get(f"/{language}/opportunities/{slug}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert f"<h1>{TITLES[(slug, language)]}</h1>" in content
    facts = response.context["facts"]
    assert facts, "every page has at least one fact in its summary box"
    for fact in facts:
        assert fact.value in content
    back = {"en": "Back to the list", "ru": "Назад к списку", "kk": "Тізімге оралу"}[language]
    assert f'href="/{language}/opportunities/">← {back}' in content


def test_credit_mobility_page_carries_the_reference_figures(client, demo):
    content = client.get("/en/opportunities/international-credit-mobility/").content.decode()
    for figure in [
        "3–12 months",
        "800–900 EUR a month",
        "By distance band",
        "1 October",
        "15 January",
        "1 May",
        "two",
    ]:
        assert figure in content


def test_jean_monnet_page_compares_its_six_actions_in_a_chart(client, demo):
    response = client.get("/en/opportunities/jean-monnet/")
    chart = response.context["chart"]
    # Module and Chair at their latest call's maximum (35,000 from 2025; 60,000 in 2026).
    assert [bar.value for bar in chart.bars] == [35000, 60000, 100000, 300000, 60000, 50000]
    assert chart.bars[3].width == 360.0
    assert "300,000 EUR" in response.content.decode()


def test_unknown_slug_is_a_translated_404(client, demo):
    response = client.get("/ru/opportunities/no-such-thing/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_unpublished_page_is_404(client, demo):
    Opportunity.objects.filter(slug="capacity-building-higher-education").update(is_published=False)
    assert client.get("/en/opportunities/capacity-building-higher-education/").status_code == 404


@pytest.mark.parametrize("path", ["/de/opportunities/", "/xx/", "/EN/opportunities/"])
def test_unknown_language_prefix_is_404(client, demo, path):
    assert client.get(path).status_code == 404


def test_language_switcher_keeps_the_page(client, demo):
    response = client.get("/en/opportunities/erasmus-mundus-joint-masters/")
    links = {link["code"]: link["url"] for link in response.context["languages"]}
    assert links == {
        "en": "/en/opportunities/erasmus-mundus-joint-masters/",
        "ru": "/ru/opportunities/erasmus-mundus-joint-masters/",
        "kk": "/kk/opportunities/erasmus-mundus-joint-masters/",
    }
    assert 'href="/kk/opportunities/erasmus-mundus-joint-masters/" hreflang="kk"' in (
        response.content.decode()
    )


def _make_opportunities(first: int, last: int) -> None:
    for index in range(first, last):
        parent = Opportunity.objects.create(
            slug=f"opportunity-{index}",
            kind=OpportunityKind.CREDIT_MOBILITY,
            title=f"Opportunity {index}",
            summary="Summary",
            what_it_is="Text",
            duration_min_months=3,
            duration_max_months=12,
        )
        Opportunity.objects.create(
            slug=f"action-{index}",
            kind=OpportunityKind.JEAN_MONNET,
            parent=parent,
            title=f"Action {index}",
            summary="Summary",
            what_it_is="Text",
        )


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/en/opportunities/", "/en/"])
def test_list_runs_a_constant_number_of_queries_at_1_and_5_opportunities(client, path):
    _make_opportunities(0, 1)
    at_one = _queries(client, path)
    _make_opportunities(1, 5)
    assert Opportunity.objects.top_level().count() == 5
    at_five = _queries(client, path)
    assert at_one == at_five


def test_list_page_is_served_from_the_cache_until_the_catalogue_changes(client, demo):
    assert client.get("/en/opportunities/")["X-Page-Cache"] == "miss"
    cached = client.get("/en/opportunities/")
    assert cached["X-Page-Cache"] == "hit"
    assert "Erasmus Mundus Joint Masters" in cached.content.decode()
    opportunity = Opportunity.objects.get(slug="erasmus-mundus-joint-masters")
    opportunity.title_en = "Erasmus Mundus Joint Masters (renamed)"
    opportunity.save()
    fresh = client.get("/en/opportunities/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Erasmus Mundus Joint Masters (renamed)" in fresh.content.decode()


def test_a_signed_in_persons_page_is_never_cached_nor_served_from_the_cache(
    client_as, people, demo
):
    anonymous = client_as(None)
    anonymous.get("/en/opportunities/")
    client = client_as(people["owner"])
    page = client.get("/en/opportunities/")
    assert "X-Page-Cache" not in page
    assert "applicant_a" not in client_as(None).get("/en/opportunities/").content.decode()


def test_cached_pages_are_kept_per_language(client, demo):
    client.get("/en/opportunities/")
    russian = client.get("/ru/opportunities/")
    assert (russian["X-Page-Cache"], '<html lang="ru">' in russian.content.decode()) == (
        "miss",
        True,
    )


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/en/contact/?about=abc", 200),
        ("/en/contact/?about=99999", 200),
        ("/en/contact/?about=%00", 200),
        ("/en/opportunities/%D0%B6/", 404),
        ("/en/opportunities/a%00b/", 404),
        ("/en/opportunities/" + "x" * 500 + "/", 404),
        ("/kk/opportunities/jean-monnet/?page=-1", 200),
    ],
)
def test_odd_addresses_never_give_a_server_error(client, demo, path, status):
    assert client.get(path).status_code == status


def test_contact_form_refuses_other_methods(client, demo):
    assert client.put("/en/contact/").status_code == 405


def test_jean_monnet_figures_are_shown_with_the_call_years_they_belong_to(client, demo):
    module = client.get("/en/opportunities/jean-monnet-modules/").content.decode()
    assert "35,000 EUR (calls from 2025); 30,000 EUR (calls up to 2023)" in module
    assert "up to 75 % of eligible costs (calls up to 2023)" in module
    chair = client.get("/en/opportunities/jean-monnet-chairs/").content.decode()
    assert "60,000 EUR (the 2026 call); 50,000 EUR (calls up to 2025)" in chair
    assert "up to 80 % of eligible costs (the 2026 call)" in chair
    assert "up to 75 % of eligible costs (calls up to 2025)" in chair


def test_jean_monnet_call_years_in_russian_and_kazakh(client, demo):
    for language in ("ru", "kk"):
        page = client.get(f"/{language}/opportunities/jean-monnet-chairs/").content.decode()
        assert "2026" in page
        for english in ("the 2026 call", "calls up to 2025", "calls from"):
            assert english not in page, (language, english)


def test_cbhe_lasts_up_to_48_months_with_strand_3(client, demo):
    page = client.get("/en/opportunities/capacity-building-higher-education/").content.decode()
    assert "24–48 months" in page
    assert "Strand 3 projects (structural reform) last 36 or 48 months" in page


def test_an_older_catalogue_gets_the_corrected_figures(demo):
    from erasmusdesk.catalogue.models import CallYearFigure
    from erasmusdesk.catalogue.seed import correct_shipped_facts

    CallYearFigure.objects.all().delete()
    Opportunity.objects.filter(slug="jean-monnet-chairs").update(
        max_grant_eur=50000, funding_rate_percent=75
    )
    Opportunity.objects.filter(slug="capacity-building-higher-education").update(
        duration_max_months=36
    )
    Opportunity.objects.filter(slug="jean-monnet-modules").update(max_grant_eur=32000)
    correct_shipped_facts()
    correct_shipped_facts()  # idempotent
    chair = Opportunity.objects.get(slug="jean-monnet-chairs")
    assert (chair.max_grant_eur, chair.funding_rate_percent) == (60000, 80)
    assert chair.call_year_figures.count() == 2
    cbhe = Opportunity.objects.get(slug="capacity-building-higher-education")
    assert cbhe.duration_max_months == 48
    # The office's own figure (32,000) is kept.
    assert Opportunity.objects.get(slug="jean-monnet-modules").max_grant_eur == 32000
