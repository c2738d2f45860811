"""Totals, tie rules, partner rankings and evaluators' scores (issue "Competitive selection")."""

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from erasmusdesk.selection.allocation import Reason, allocate, explain
from erasmusdesk.selection.ranking import (
    DEFAULT_TIE_RULES,
    Criterion,
    Direction,
    Entry,
    PartnerRule,
    Requirement,
    TieRule,
    aggregate,
    build_market,
    rank,
    rank_for_partner,
    total,
    with_weights,
)
from erasmusdesk.selection.scales import CefrLevel

D = Decimal
ALMATY = timezone(timedelta(hours=5))
NOON = datetime(2026, 3, 1, 12, 0, tzinfo=ALMATY)

CRITERIA = (
    Criterion("grade", D("0.5"), D(10)),
    Criterion("motivation", D("0.3"), D(10)),
    Criterion("language", D("0.2"), D(6)),
)


def _entry(reference, grade=8, motivation=6, language=4, **fields):
    fields.setdefault("grade_normalised", D("0.8"))
    fields.setdefault("cefr", CefrLevel.B2)
    fields.setdefault("submitted_at", NOON)
    return Entry(
        reference, {"grade": grade, "motivation": motivation, "language": language}, **fields
    )


# --- total --------------------------------------------------------------------------------------


def test_total_is_the_weighted_share_of_each_maximum_out_of_100():
    # 100 x (0.5 x 8/10 + 0.3 x 6/10 + 0.2 x 4/6) / 1.0 = 40 + 18 + 13.333... = 71.33
    assert total({"grade": 8, "motivation": 6, "language": 4}, CRITERIA) == D("71.33")


def test_total_weights_need_not_add_up_to_one():
    criteria = (Criterion("grade", 2, 10), Criterion("motivation", 1, 10))
    # 100 x (2 x 0.9 + 1 x 0.6) / 3 = 80
    assert total({"grade": 9, "motivation": 6}, criteria) == D("80.00")


def test_total_rounds_half_up_once_at_the_end():
    criteria = (Criterion("a", 1, 8),)
    assert total({"a": D("0.1")}, criteria, decimals=None) == D("1.25")
    assert total({"a": D("0.1")}, criteria, decimals=1) == D("1.3")  # half up, not to even
    assert total({"a": 0}, criteria) == D("0.00")
    assert total({"a": 8}, criteria) == D("100.00")


def test_total_float_weight_is_the_decimal_it_prints_as():
    assert Criterion("a", 0.3, 10).weight == D("0.3")


def test_total_zero_weight_criterion_counts_for_nothing():
    criteria = (Criterion("a", 1, 10), Criterion("b", 0, 10))
    assert total({"a": 5, "b": 10}, criteria) == D("50.00")


@pytest.mark.parametrize(
    ("scores", "criteria", "message"),
    [
        ({"grade": 8}, CRITERIA, "No points given for criterion 'motivation'"),
        ({"grade": 11, "motivation": 1, "language": 1}, CRITERIA, "between 0 and 10, not 11"),
        ({"grade": -1, "motivation": 1, "language": 1}, CRITERIA, "between 0 and 10, not -1"),
        ({"a": 1}, (Criterion("a", 0, 10),), "add up to 0"),
        ({}, (), "at least one criterion"),
        ({"a": "x"}, (Criterion("a", 1, 10),), "Points of criterion 'a'"),
    ],
)
def test_total_rejects_bad_points(scores, criteria, message):
    with pytest.raises(ValueError, match=message):
        total(scores, criteria)


def test_criterion_rejects_negative_weight_and_zero_maximum():
    with pytest.raises(ValueError, match="Weight of criterion 'a' must be 0 or more"):
        Criterion("a", -1, 10)
    with pytest.raises(ValueError, match="Maximum points of criterion 'a' must be more than 0"):
        Criterion("a", 1, 0)


def test_with_weights_gives_a_partner_its_own_weights():
    own = with_weights(CRITERIA, {"language": 3})
    assert [c.weight for c in own] == [D("0.5"), D("0.3"), D(3)]
    with pytest.raises(ValueError, match="'interview', which is not a criterion"):
        with_weights(CRITERIA, {"interview": 1})


# --- tie rules ----------------------------------------------------------------------------------


def _order(ranked):
    return [(r.reference, r.decided_by) for r in ranked]


def test_rank_higher_total_first():
    ranked = rank([_entry("A-1", grade=7), _entry("A-2", grade=9)], CRITERIA)
    assert _order(ranked) == [("A-2", None), ("A-1", "total")]
    assert [r.position for r in ranked] == [1, 2]
    assert (ranked[0].total, ranked[1].total) == (D("76.33"), D("66.33"))  # 45 + 18 + 13.33


def test_rank_equal_totals_higher_grade_average_first():
    ranked = rank(
        [_entry("A-1", grade_normalised=D("0.80")), _entry("A-2", grade_normalised=D("0.81"))],
        CRITERIA,
    )
    assert _order(ranked) == [("A-2", None), ("A-1", "grade_normalised")]


def test_rank_equal_totals_and_grades_higher_language_level_first():
    ranked = rank([_entry("A-1", cefr=CefrLevel.B2), _entry("A-2", cefr=CefrLevel.C1)], CRITERIA)
    assert _order(ranked) == [("A-2", None), ("A-1", "cefr_rank")]


def test_rank_equal_totals_grades_and_levels_earlier_submission_first():
    earlier = NOON - timedelta(seconds=1)
    ranked = rank([_entry("A-1"), _entry("A-2", submitted_at=earlier)], CRITERIA)
    assert _order(ranked) == [("A-2", None), ("A-1", "submitted_at")]


def test_rank_submission_instants_compare_across_time_zones():
    # 12:00 in Almaty (UTC+5) is 07:00 UTC, earlier than 07:00:01 UTC.
    later_utc = datetime(2026, 3, 1, 7, 0, 1, tzinfo=UTC)
    ranked = rank([_entry("A-1", submitted_at=later_utc), _entry("A-2")], CRITERIA)
    assert _order(ranked) == [("A-2", None), ("A-1", "submitted_at")]


def test_rank_all_equal_reference_decides_last():
    ranked = rank([_entry("A-10"), _entry("A-02")], CRITERIA)
    assert _order(ranked) == [("A-02", None), ("A-10", "reference")]


def test_rank_missing_value_comes_last_in_either_direction():
    entries = [_entry("A-1", grade_normalised=None), _entry("A-2", grade_normalised=D("0.1"))]
    for direction in Direction:
        ranked = rank(entries, CRITERIA, [TieRule("grade_normalised", direction)])
        assert _order(ranked) == [("A-2", None), ("A-1", "grade_normalised")]


def test_rank_no_language_level_is_below_a1():
    ranked = rank([_entry("A-1", cefr=None), _entry("A-2", cefr=CefrLevel.A1)], CRITERIA)
    assert _order(ranked) == [("A-2", None), ("A-1", "cefr_rank")]


def test_rank_custom_rules_on_a_criterion_and_an_extra_field():
    # Both total 50.00 (6 + 4 and 4 + 6 out of 20): the custom rule decides.
    criteria = (Criterion("a", 1, 10), Criterion("b", 1, 10))
    one = Entry("A-1", {"a": 6, "b": 4}, extra={"year": 2})
    two = Entry("A-2", {"a": 4, "b": 6}, extra={"year": 3})
    by_b = rank([one, two], criteria, [TieRule("b", Direction.DESC)])
    assert _order(by_b) == [("A-2", None), ("A-1", "b")]
    by_year = rank([one, two], criteria, [TieRule("year", "asc")])
    assert _order(by_year) == [("A-1", None), ("A-2", "year")]


def test_rank_rules_apply_in_their_order():
    # A-1 has the better grade, A-2 the better language level: the first rule decides.
    one = _entry("A-1", grade_normalised=D("0.9"), cefr=CefrLevel.B1)
    two = _entry("A-2", grade_normalised=D("0.8"), cefr=CefrLevel.C2)
    assert _order(rank([one, two], CRITERIA))[0] == ("A-1", None)
    language_first = [DEFAULT_TIE_RULES[1], DEFAULT_TIE_RULES[0]]
    assert _order(rank([one, two], CRITERIA, language_first)) == [
        ("A-2", None),
        ("A-1", "cefr_rank"),
    ]


def test_default_tie_rules_are_the_published_ones():
    assert DEFAULT_TIE_RULES == (
        TieRule("grade_normalised", Direction.DESC),
        TieRule("cefr_rank", Direction.DESC),
        TieRule("submitted_at", Direction.ASC),
    )


def test_rank_rejects_duplicate_reference_unknown_field_and_naive_instant():
    with pytest.raises(ValueError, match="Two applications have the reference 'A-1'"):
        rank([_entry("A-1"), _entry("A-1")], CRITERIA)
    with pytest.raises(ValueError, match="Tie rule on 'height'"):
        rank([_entry("A-1")], CRITERIA, [TieRule("height", Direction.DESC)])
    with pytest.raises(ValueError, match="time-zone aware"):
        _entry("A-1", submitted_at=datetime(2026, 3, 1, 12, 0))
    with pytest.raises(ValueError):
        TieRule("grade_normalised", "up")


_small = st.sampled_from
entries_strategy = st.lists(
    st.builds(
        lambda grade, motivation, g, level, minute: _entry(
            "",
            grade=grade,
            motivation=motivation,
            grade_normalised=g,
            cefr=level,
            submitted_at=NOON + timedelta(minutes=minute),
        ),
        _small([6, 8]),
        _small([5, 6]),
        _small([None, D("0.7"), D("0.8")]),
        _small([None, CefrLevel.B1, CefrLevel.B2]),
        _small([0, 1]),
    ),
    max_size=12,
)


@given(entries_strategy, st.randoms(use_true_random=False))
def test_rank_is_a_total_order_whatever_the_input_order(drafts, rng):
    entries = [
        Entry(f"A-{i:03}", e.scores, e.grade_normalised, e.cefr, e.submitted_at)
        for i, e in enumerate(drafts)
    ]
    ranked = rank(entries, CRITERIA)
    assert [r.position for r in ranked] == list(range(1, len(entries) + 1))
    assert sorted(r.reference for r in ranked) == sorted(e.reference for e in entries)
    assert all(r.decided_by is not None for r in ranked[1:])
    shuffled = list(entries)
    rng.shuffle(shuffled)
    assert [r.reference for r in rank(shuffled, CRITERIA)] == [r.reference for r in ranked]
    for before, after in zip(ranked, ranked[1:], strict=False):
        assert before.total >= after.total
        if after.decided_by == "reference":
            assert before.total == after.total
            assert before.entry.grade_normalised == after.entry.grade_normalised
            assert before.entry.cefr == after.entry.cefr
            assert before.entry.submitted_at == after.entry.submitted_at
            assert before.reference < after.reference


# --- partners' requirements and weights ---------------------------------------------------------


def test_requirement_minimum_cefr_boundary():
    requirement = Requirement(min_cefr=CefrLevel.B2)
    assert requirement.met_by(_entry("A-1", cefr=CefrLevel.B2))
    assert requirement.met_by(_entry("A-2", cefr=CefrLevel.C1))
    assert requirement.unmet(_entry("A-3", cefr=CefrLevel.B1)) == ("min_cefr",)
    assert requirement.unmet(_entry("A-4", cefr=None)) == ("min_cefr",)


def test_requirement_subject_area_is_an_isced_prefix():
    requirement = Requirement(subject_areas=("06", "0413"))
    assert requirement.met_by(_entry("A-1", subject_area="0613"))
    assert requirement.met_by(_entry("A-2", subject_area="0413"))
    assert requirement.unmet(_entry("A-3", subject_area="0713")) == ("subject_area",)
    assert requirement.unmet(_entry("A-4", subject_area="0411")) == ("subject_area",)
    assert requirement.unmet(_entry("A-5")) == ("subject_area",)
    assert Requirement().met_by(_entry("A-6"))


def test_rank_for_partner_filters_and_uses_its_own_weights():
    strong_language = _entry("A-1", grade=6, language=6, cefr=CefrLevel.C1)
    strong_grade = _entry("A-2", grade=9, language=2, cefr=CefrLevel.B2)
    weak_language = _entry("A-3", grade=10, language=1, cefr=CefrLevel.B1)
    entries = [strong_language, strong_grade, weak_language]
    call = [r.reference for r in rank(entries, CRITERIA)]
    assert call == ["A-3", "A-2", "A-1"]
    rule = PartnerRule(
        requirement=Requirement(min_cefr=CefrLevel.B2),
        criteria=with_weights(CRITERIA, {"language": D("0.8")}),
    )
    own = rank_for_partner(entries, rule, criteria=CRITERIA)
    assert [r.reference for r in own] == ["A-1", "A-2"]


def test_build_market_then_allocate_explains_a_partner_requirement():
    entries = [
        _entry("A-1", grade=10, cefr=CefrLevel.B2, subject_area="0613"),
        _entry("A-2", grade=8, cefr=CefrLevel.C1, subject_area="0613"),
        _entry("A-3", grade=6, cefr=CefrLevel.C1, subject_area="0311"),
    ]
    preferences = {"A-1": ("TUM", "UW"), "A-2": ("TUM",), "A-3": ("TUM", "UW")}
    places = {"TUM": 1, "UW": 1}
    rules = {"TUM": PartnerRule(requirement=Requirement(min_cefr=CefrLevel.C1))}
    market, call = build_market(
        entries, preferences, places, criteria=CRITERIA, partner_rules=rules
    )
    assert [r.reference for r in call] == ["A-1", "A-2", "A-3"]
    assert market.rankings == {"TUM": ["A-2", "A-3"], "UW": ["A-1", "A-3"]}
    allocation = allocate(market, reserve_order=[r.reference for r in call])
    assert allocation.assigned == {"A-1": "UW", "A-2": "TUM"}
    assert allocation.reserve == ("A-3",)
    refusal = explain(allocation, "A-1").refusals[0]
    assert (refusal.partner, refusal.reason) == ("TUM", Reason.NOT_ACCEPTABLE)
    a3 = explain(allocation, "A-3")
    assert [(r.partner, r.reason, r.admitted_ranks, r.own_rank) for r in a3.refusals] == [
        ("TUM", Reason.PLACES_TAKEN, (1,), 2),
        ("UW", Reason.PLACES_TAKEN, (1,), 2),
    ]


def test_build_market_rejects_unknown_partner_and_application():
    with pytest.raises(ValueError, match="prefers partner 'X', which has no places"):
        build_market([_entry("A-1")], {"A-1": ("X",)}, {"Y": 1}, criteria=CRITERIA)
    with pytest.raises(ValueError, match="'A-9', which is not an application"):
        build_market([_entry("A-1")], {"A-9": ("Y",)}, {"Y": 1}, criteria=CRITERIA)
    with pytest.raises(ValueError, match="Partner 'X' has a rule but no places"):
        build_market(
            [_entry("A-1")], {}, {"Y": 1}, criteria=CRITERIA, partner_rules={"X": PartnerRule()}
        )


# --- evaluators ---------------------------------------------------------------------------------


def test_aggregate_mean_and_spread():
    result = aggregate([D(7), D(8), D(9)], max_spread=D(3))
    assert (result.mean, result.spread, result.disagreement, result.count) == (D(8), D(2), False, 3)


def test_aggregate_spread_equal_to_the_allowed_one_is_no_disagreement():
    assert not aggregate([D(5), D(8)], max_spread=D(3)).disagreement
    assert aggregate([D(5), D("8.5")], max_spread=D(3)).disagreement


def test_aggregate_single_evaluator_and_repeating_mean():
    assert aggregate([D(6)], max_spread=0) == aggregate([6], max_spread=D(0))
    assert aggregate([D(10), D(10), D(9)]).mean == D(29) / D(3)


def test_aggregate_rejects_no_scores_and_negative_spread():
    with pytest.raises(ValueError, match="No evaluator has scored"):
        aggregate([])
    with pytest.raises(ValueError, match="allowed spread must be 0 or more"):
        aggregate([D(1)], max_spread=D(-1))
