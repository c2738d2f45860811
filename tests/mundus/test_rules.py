"""The pure Erasmus Mundus rules: credits, duration, consortium, scholarship (no database)."""

from decimal import Decimal

import pytest

from erasmusdesk.mundus import rules as rule
from tests.factories.mundus import consortium_rules


def _members(*countries):
    return [rule.Member(f"University {i}", c) for i, c in enumerate(countries)]


def _check(year=2022, ects=120, months=24, members=("FR", "AT", "EL")):
    return [
        (p.field, p.rule)
        for p in rule.check_programme(
            ects=ects,
            duration_months=months,
            members=_members(*members),
            call_year=year,
            rules=consortium_rules(year),
        )
    ]


@pytest.mark.parametrize(("ects", "months"), [(60, 12), (90, 18), (120, 24)])
def test_60_90_120_ects_over_12_18_24_months_meet_the_rules(ects, months):
    assert _check(ects=ects, months=months) == []


@pytest.mark.parametrize("ects", [59, 61, 100, 121, 180])
def test_other_credits_are_refused(ects):
    assert ("ects", rule.RULE_ECTS) in _check(ects=ects)


@pytest.mark.parametrize("months", [11, 13, 20, 25])
def test_other_durations_are_refused(months):
    assert ("duration_months", rule.RULE_DURATION) in _check(months=months)


def test_credits_and_duration_must_match():
    assert _check(ects=90, months=24) == [("duration_months", rule.RULE_ECTS_DURATION)]


def test_2021_consortium_of_3_institutions_from_2_countries_is_refused():
    assert _check(members=("FR", "FR", "EL")) == [("members", rule.RULE_MIN_COUNTRIES)]


def test_2021_consortium_of_2_institutions_is_refused():
    assert _check(members=("FR", "EL")) == [
        ("members", rule.RULE_MIN_MEMBERS),
        ("members", rule.RULE_MIN_COUNTRIES),
    ]


def test_2021_consortium_needs_2_eu_or_associated_countries():
    assert _check(members=("FR", "KZ", "UZ")) == [("members", rule.RULE_MIN_PROGRAMME_COUNTRIES)]
    assert _check(members=("FR", "RS", "KZ")) == []  # Serbia is associated since 2021


def test_2014_2020_two_universities_in_different_programme_countries_suffice():
    assert _check(year=2019, members=("FR", "UK")) == []
    assert _check(year=2019, members=("FR", "FR")) == [
        ("members", rule.RULE_MIN_COUNTRIES),
        ("members", rule.RULE_MIN_PROGRAMME_COUNTRIES),
    ]
    assert _check(year=2019, members=("FR", "KZ")) == [
        ("members", rule.RULE_MIN_PROGRAMME_COUNTRIES)
    ]


def test_the_united_kingdom_is_not_a_programme_country_from_2021():
    assert _check(year=2022, members=("FR", "UK", "KZ")) == [
        ("members", rule.RULE_MIN_PROGRAMME_COUNTRIES)
    ]


def test_a_year_without_rules():
    assert (
        rule.check_programme(ects=120, duration_months=24, members=[], call_year=2013, rules=None)[
            0
        ].rule
        == rule.RULE_NO_RULES
    )


RATE = rule.ScholarshipRate(2021, 2027, Decimal("1400"), 10, "source")
MONTHS = {60: 12, 90: 18, 120: 24}


@pytest.mark.parametrize(
    ("ects", "months", "total"), [(60, 12, "16800.00"), (90, 18, "25200.00"), (120, 24, "33600.00")]
)
def test_scholarship_is_1400_a_month_for_the_whole_duration(ects, months, total):
    result = rule.estimate_scholarship(ects, RATE, MONTHS)
    assert (result.months, result.monthly, result.total) == (
        months,
        Decimal("1400.00"),
        Decimal(total),
    )
    assert [line.key for line in result.lines] == [
        "duration",
        "monthly",
        "total",
        "nationality_cap",
        "eligibility",
    ]


@pytest.mark.parametrize("ects", [0, 30, 89, 91, 240])
def test_scholarship_of_other_credits_is_refused(ects):
    with pytest.raises(rule.UnknownEcts):
        rule.estimate_scholarship(ects, RATE, MONTHS)


RATE_2014 = rule.ScholarshipRate(
    2014,
    2020,
    Decimal("1000"),
    10,
    "source",
    participation_partner_eur=Decimal("9000"),
    participation_programme_eur=Decimal("4500"),
    travel_programme_eur=Decimal("1000"),
    travel_near_eur=Decimal("2000"),
    travel_far_eur=Decimal("3000"),
    installation_eur=Decimal("1000"),
    far_from_km=4000,
    max_months=24,
    is_confirmed=False,
)


def _amounts(result):
    return {line.key: line.amount for line in result.lines if line.amount is not None}


@pytest.mark.parametrize(
    ("ects", "distance", "total"),
    [
        (60, 3999, "24000.00"),  # 9,000 + 2,000 + 1,000 + 12 x 1,000
        (60, 4000, "25000.00"),  # the farther band: 3,000 travel
        (90, 4000, "37000.00"),  # 13,500 + 4,500 + 1,000 + 18,000
        (120, 100, "47000.00"),  # 18,000 + 4,000 + 1,000 + 24,000
    ],
)
def test_2014_2020_partner_country_scholarship(ects, distance, total):
    result = rule.estimate_scholarship(ects, RATE_2014, MONTHS, distance_km=distance)
    assert result.total == Decimal(total)
    lines = _amounts(result)
    assert lines.pop("total_costs") == result.total
    assert sum(lines.values()) == result.total


def test_2014_2020_without_the_distance_counts_the_nearer_band_and_says_so():
    result = rule.estimate_scholarship(60, RATE_2014, MONTHS)
    travel = next(line for line in result.lines if line.key == "travel")
    assert (travel.amount, travel.values["band"]) == (Decimal("2000.00"), "unknown")


def test_2014_2020_programme_country_holder_has_no_installation():
    result = rule.estimate_scholarship(
        120, RATE_2014, MONTHS, residence=rule.PROGRAMME, distance_km=9000
    )
    amounts = _amounts(result)
    assert "installation" not in amounts
    assert amounts["participation"] == Decimal("9000.00")
    assert amounts["travel"] == Decimal("2000.00")
    assert result.total == Decimal("35000.00")


def test_2014_2020_subsistence_stops_at_24_months():
    months = {**MONTHS, 150: 30}
    result = rule.estimate_scholarship(150, RATE_2014, months)
    assert _amounts(result)["subsistence"] == Decimal("24000.00")


def test_another_residence_is_a_programming_error():
    with pytest.raises(ValueError):
        rule.estimate_scholarship(60, RATE_2014, MONTHS, residence="moon")
