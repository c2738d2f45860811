"""The pure Jean Monnet rules: every boundary of every rule (no database)."""

from decimal import Decimal

import pytest

from erasmusdesk.jeanmonnet import eligibility as rule
from erasmusdesk.jeanmonnet.defaults import DEFAULT_RULES
from erasmusdesk.jeanmonnet.eligibility import academic_years, check_proposal
from erasmusdesk.jeanmonnet.rules import (
    Action,
    ActionRules,
    HolderPosition,
    Partner,
    rules_for,
)
from tests.factories.jeanmonnet import module_facts


def _table() -> list[ActionRules]:
    table = []
    for row in DEFAULT_RULES:
        values = dict(row)
        values["holder_positions"] = tuple(values.get("holder_positions", ()))
        values["documents"] = ("declaration_on_honour", "cvs")
        table.append(ActionRules(**values))
    return table


TABLE = _table()


def _check(**changes):
    facts = module_facts(**changes)
    return check_proposal(facts, rules_for(TABLE, facts.action, facts.call_year))


def _rules_broken(problems) -> list[tuple[str, str]]:
    return [(p.field, p.rule) for p in problems]


def test_a_module_of_three_years_of_40_hours_meets_every_rule():
    assert _check() == []


def test_module_39_hours_in_one_year_breaks_the_40_hour_rule_naming_the_year():
    problems = _check(hours_per_year=(40, 39, 40))
    assert _rules_broken(problems) == [("hours_per_year", rule.RULE_MIN_HOURS)]
    assert problems[0].values == {"year": 2, "hours": 39, "minimum": 40}


def test_chair_89_hours_breaks_and_90_meets_the_chair_minimum():
    chair = {
        "action": Action.CHAIR,
        "call_year": 2026,
        "requested_eur": Decimal("60000"),
        "holder_position": HolderPosition.PROFESSOR,
    }
    assert _rules_broken(_check(hours_per_year=(90, 89, 90), **chair)) == [
        ("hours_per_year", rule.RULE_MIN_HOURS)
    ]
    assert _check(hours_per_year=(90, 90, 90), **chair) == []


def test_a_chair_held_by_a_lecturer_breaks_the_holder_rule_and_a_senior_lecturer_does_not():
    chair = {
        "action": Action.CHAIR,
        "call_year": 2026,
        "requested_eur": Decimal("60000"),
        "hours_per_year": (90, 90, 90),
    }
    problems = _check(holder_position=HolderPosition.LECTURER, **chair)
    assert _rules_broken(problems) == [("holder_position", rule.RULE_HOLDER_POSITION)]
    assert _check(holder_position=HolderPosition.SENIOR_LECTURER, **chair) == []


def test_the_teaching_plan_needs_one_figure_per_academic_year():
    problems = _check(hours_per_year=(40, 40))
    assert _rules_broken(problems) == [("hours_per_year", rule.RULE_HOURS_COUNT)]
    assert problems[0].values == {"given": 2, "years": 3, "months": 36}


@pytest.mark.parametrize(
    ("months", "years"), [(1, 1), (12, 1), (13, 2), (24, 2), (25, 3), (36, 3), (48, 4)]
)
def test_academic_years_count_a_started_year_whole(months, years):
    assert academic_years(months) == years


@pytest.mark.parametrize(
    ("year", "ceiling"),
    [(2021, "30000"), (2023, "30000"), (2025, "35000"), (2026, "35000"), (2027, "35000")],
)
def test_module_ceiling_by_call_year_and_one_euro_more_is_refused(year, ceiling):
    assert _check(call_year=year, requested_eur=Decimal(ceiling)) == []
    problems = _check(call_year=year, requested_eur=Decimal(ceiling) + 1)
    assert _rules_broken(problems) == [("requested_eur", rule.RULE_MAX_GRANT)]
    assert problems[0].values["maximum"] == Decimal(ceiling)
    assert problems[0].values["call_year"] == year


def test_module_2024_call_has_no_audited_ceiling_so_no_amount_is_refused_for_it():
    assert rules_for(TABLE, Action.MODULE, 2024).max_grant_eur is None
    assert _check(call_year=2024, requested_eur=Decimal("35001")) == []


@pytest.mark.parametrize(("year", "ceiling", "rate"), [(2025, "50000", 75), (2026, "60000", 80)])
def test_chair_ceiling_and_funding_rate_by_call_year(year, ceiling, rate):
    rules = rules_for(TABLE, Action.CHAIR, year)
    assert (rules.max_grant_eur, rules.funding_rate_percent) == (Decimal(ceiling), rate)
    chair = {
        "action": Action.CHAIR,
        "call_year": year,
        "hours_per_year": (90, 90, 90),
        "holder_position": HolderPosition.PROFESSOR,
    }
    assert _check(requested_eur=Decimal(ceiling), **chair) == []
    assert _rules_broken(_check(requested_eur=Decimal(ceiling) + 1, **chair)) == [
        ("requested_eur", rule.RULE_MAX_GRANT)
    ]


def test_a_chair_of_the_2027_call_has_no_rules_yet():
    problems = _check(action=Action.CHAIR, call_year=2027)
    assert _rules_broken(problems) == [("call_year", rule.RULE_NO_RULES)]


def test_policy_debate_network_has_no_rules_before_2021():
    assert rules_for(TABLE, Action.POLICY_DEBATE_NETWORK, 2020) is None
    assert rules_for(TABLE, Action.POLICY_DEBATE_NETWORK, 2021).min_partners == 12


@pytest.mark.parametrize("months", [0, None])
def test_a_missing_duration_is_a_problem(months):
    assert ("duration_months", rule.RULE_DURATION_REQUIRED) in _rules_broken(
        _check(duration_months=months)
    )


@pytest.mark.parametrize(("months", "broken"), [(11, "min"), (12, None), (24, None), (25, "max")])
def test_project_lasts_12_to_24_months(months, broken):
    problems = _check(
        action=Action.PROJECT,
        duration_months=months,
        hours_per_year=(),
        requested_eur=Decimal("60000"),
    )
    expected = {
        "min": [("duration_months", rule.RULE_MIN_DURATION)],
        "max": [("duration_months", rule.RULE_MAX_DURATION)],
        None: [],
    }[broken]
    assert _rules_broken(problems) == expected


def test_project_ceiling_60000_and_one_euro_more():
    project = {"action": Action.PROJECT, "duration_months": 24, "hours_per_year": ()}
    assert _check(requested_eur=Decimal("60000"), **project) == []
    assert _rules_broken(_check(requested_eur=Decimal("60000.01"), **project)) == [
        ("requested_eur", rule.RULE_MAX_GRANT)
    ]


def _network(*countries):
    return tuple(Partner(f"University {i}", country) for i, country in enumerate(countries))


def test_network_with_partners_from_2_countries_breaks_and_3_countries_meets():
    network = {"action": Action.NETWORK, "hours_per_year": (), "requested_eur": Decimal("300000")}
    problems = _check(partners=_network("DE", "DE", "EL"), **network)
    assert _rules_broken(problems) == [("partners", rule.RULE_MIN_COUNTRIES)]
    assert problems[0].values == {"count": 2, "minimum": 3}
    assert _check(partners=_network("DE", "FR", "EL"), **network) == []


def test_network_with_2_partners_breaks_the_partner_minimum():
    network = {"action": Action.NETWORK, "hours_per_year": (), "requested_eur": Decimal("1000")}
    assert ("partners", rule.RULE_MIN_PARTNERS) in _rules_broken(
        _check(partners=_network("DE", "FR"), **network)
    )


def test_policy_debate_network_needs_12_institutions():
    network = {
        "action": Action.POLICY_DEBATE_NETWORK,
        "hours_per_year": (),
        "duration_months": 36,
        "requested_eur": Decimal("1200000"),
    }
    eleven = _network(*["DE"] * 11)
    assert _rules_broken(_check(partners=eleven, **network)) == [
        ("partners", rule.RULE_MIN_PARTNERS)
    ]
    assert _check(partners=_network(*["DE"] * 12), **network) == []


def test_country_codes_are_counted_without_case():
    network = {"action": Action.NETWORK, "hours_per_year": (), "requested_eur": Decimal("1")}
    assert _check(partners=_network("de", "DE", "fr"), **network) != []
    assert _check(partners=_network("de", "el", "FR"), **network) == []


def test_a_second_centre_of_the_institution_breaks_one_per_institution():
    centre = {"action": Action.CENTRE, "hours_per_year": (), "requested_eur": Decimal("100000")}
    assert _check(**centre) == []
    assert _rules_broken(_check(other_proposals_of_institution=1, **centre)) == [
        ("action", rule.RULE_ONE_PER_INSTITUTION)
    ]


@pytest.mark.parametrize("amount", [None, Decimal("0"), Decimal("-1")])
def test_the_amount_requested_must_be_positive(amount):
    assert _rules_broken(_check(requested_eur=amount)) == [
        ("requested_eur", rule.RULE_REQUESTED_REQUIRED)
    ]


def test_missing_documents_are_named_and_the_public_checker_does_not_ask_for_them():
    problems = _check(documents_ready=frozenset({"cvs"}))
    assert _rules_broken(problems) == [("documents", rule.RULE_DOCUMENTS)]
    assert problems[0].values == {"missing": ("declaration_on_honour",)}
    assert _check(documents_ready=None) == []


def test_two_broken_rules_are_both_listed_in_the_order_of_the_form():
    problems = _check(hours_per_year=(30, 40, 40), requested_eur=Decimal("35001"))
    assert _rules_broken(problems) == [
        ("hours_per_year", rule.RULE_MIN_HOURS),
        ("requested_eur", rule.RULE_MAX_GRANT),
    ]


def test_overlapping_rows_the_latest_starting_one_wins():
    base = rules_for(TABLE, Action.MODULE, 2025)
    later = ActionRules(**{**base.__dict__, "first_call_year": 2026, "max_grant_eur": Decimal(1)})
    assert rules_for([base, later], Action.MODULE, 2026).max_grant_eur == Decimal(1)
    assert rules_for([base, later], Action.MODULE, 2025).max_grant_eur == Decimal("35000")


def test_every_default_row_names_a_source_and_the_years_are_in_order():
    for rules in TABLE:
        assert rules.source.strip()
        assert rules.first_call_year <= rules.last_call_year
