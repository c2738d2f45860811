"""The pure capacity-building rules: duration per strand and the consortium (no database)."""

import pytest

from erasmusdesk.cbhe import rules as rule
from tests.factories.cbhe import rules

P = rule.Partner


def _check(*, strand="2", months=36, partners=None, year=2025):
    partners = (
        partners
        if partners is not None
        else [
            P("A", "FR"),
            P("B", "PT"),
            P("C", "KZ"),
            P("D", "KZ"),
        ]
    )
    return [
        (p.field, p.rule)
        for p in rule.check_idea(
            strand=rule.Strand(strand),
            duration_months=months,
            partners=partners,
            call_year=year,
            rules=rules(year),
        )
    ]


def test_a_national_strand_2_project_meets_the_rules():
    assert _check() == []


@pytest.mark.parametrize(
    ("strand", "months", "ok"),
    [
        ("1", 24, True),
        ("1", 36, True),
        ("1", 25, False),
        ("1", 48, False),
        ("2", 24, True),
        ("2", 23, False),
        ("2", 37, False),
        ("3", 36, True),
        ("3", 48, True),
        ("3", 24, False),
        ("3", 47, False),
    ],
)
def test_duration_per_strand_2025(strand, months, ok):
    partners = [P("A", "FR"), P("B", "PT"), P("C", "KZ"), P("D", "KZ"), P("E", "UZ"), P("F", "UZ")]
    problems = _check(strand=strand, months=months, partners=partners)
    assert (("duration_months", rule.RULE_DURATION) not in problems) is ok


def test_strand_3_before_2025_follows_the_catalogues_24_or_36_months():
    partners = [P("A", "FR"), P("B", "PT"), P("C", "KZ"), P("D", "KZ"), P("E", "UZ"), P("F", "UZ")]
    assert _check(strand="3", months=48, partners=partners, year=2024) == [
        ("duration_months", rule.RULE_DURATION)
    ]


def test_one_programme_country_is_not_enough():
    assert _check(partners=[P("A", "FR"), P("B", "FR"), P("C", "KZ"), P("D", "KZ")]) == [
        ("partners", rule.RULE_PROGRAMME_COUNTRIES)
    ]


def test_a_programme_country_without_a_university_does_not_count():
    partners = [P("A", "FR"), P("B", "PT", is_hei=False), P("C", "KZ"), P("D", "KZ")]
    assert _check(partners=partners) == [("partners", rule.RULE_PROGRAMME_COUNTRIES)]


def test_each_third_country_needs_2_universities():
    partners = [P("A", "FR"), P("B", "PT"), P("C", "KZ"), P("D", "KZ", is_hei=False)]
    assert _check(partners=partners) == [("partners", rule.RULE_HEIS_PER_THIRD_COUNTRY)]


def test_strand_3_needs_2_third_countries():
    assert _check(strand="3", months=36) == [("partners", rule.RULE_THIRD_COUNTRIES)]


def test_no_third_country_at_all():
    assert ("partners", rule.RULE_THIRD_COUNTRIES) in _check(partners=[P("A", "FR"), P("B", "PT")])


def test_more_organisations_from_programme_countries_than_third_countries_is_refused():
    partners = [P("A", "FR"), P("B", "PT"), P("C", "DE"), P("D", "KZ"), P("E", "KZ")]
    assert _check(partners=partners) == [("partners", rule.RULE_BALANCE)]
    assert _check(partners=[*partners, P("F", "KZ")]) == []


def test_greece_counts_as_a_member_state_written_el():
    assert _check(partners=[P("A", "EL"), P("B", "PT"), P("C", "KZ"), P("D", "KZ")]) == []


def test_a_year_without_rules():
    assert (
        rule.check_idea(
            strand=rule.Strand.ACCESS, duration_months=24, partners=[], call_year=2019, rules=None
        )[0].rule
        == rule.RULE_NO_RULES
    )
