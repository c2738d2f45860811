from django.utils import translation

from erasmusdesk.catalogue.facts import summary_facts
from erasmusdesk.catalogue.models import Opportunity


def _values(opportunity: Opportunity, language: str) -> dict[str, str]:
    with translation.override(language):
        return {fact.key: fact.value for fact in summary_facts(opportunity)}


def test_credit_mobility_facts_in_english():
    opportunity = Opportunity(
        duration_min_months=3,
        duration_max_months=12,
        monthly_grant_min_eur=800,
        monthly_grant_max_eur=900,
        travel_support=True,
    )
    assert _values(opportunity, "en") == {
        "duration": "3–12 months",
        "monthly_grant": "800–900 EUR a month",
        "travel": "By distance band",
    }


def test_equal_bounds_show_one_number_and_large_sums_are_grouped():
    opportunity = Opportunity(duration_min_months=36, duration_max_months=36, max_grant_eur=300000)
    assert _values(opportunity, "en") == {"duration": "36 months", "max_grant": "300,000 EUR"}


def test_russian_plural_follows_the_upper_bound():
    assert _values(Opportunity(duration_min_months=12, duration_max_months=24), "ru") == {
        "duration": "12–24 месяца"
    }
    assert _values(Opportunity(duration_min_months=3, duration_max_months=12), "ru") == {
        "duration": "3–12 месяцев"
    }


def test_facts_not_set_are_left_out():
    assert _values(Opportunity(), "en") == {}


def test_ects_partners_hours_and_funding_rate():
    opportunity = Opportunity(
        ects_options="60,90,120",
        min_partners=3,
        min_countries=3,
        min_teaching_hours=40,
        funding_rate_percent=75,
    )
    assert _values(opportunity, "en") == {
        "funding_rate": "up to 75 % of eligible costs",
        "teaching_hours": "at least 40 hours per academic year",
        "ects": "60 / 90 / 120",
        "partners": "at least 3 institutions",
        "countries": "at least 3 countries",
    }
