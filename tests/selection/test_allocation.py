"""Seat allocation by deferred acceptance: properties, validation, explanation (issue
"Competitive selection")."""

import itertools
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from erasmusdesk.selection.allocation import (
    Allocation,
    Market,
    Reason,
    allocate,
    explain,
    rank_order_fill,
)

# --- strategies and checks ----------------------------------------------------------------------


@st.composite
def markets(draw, max_applicants=8, max_partners=4, max_places=3):
    """A random small market and a call ranking (reserve order).

    Each partner ranks a random subset of the applicants (the others fail its requirement).
    """
    count = draw(st.integers(0, max_applicants))
    applicants = [f"a{i}" for i in range(count)]
    partners = [f"p{j}" for j in range(draw(st.integers(1, max_partners)))]
    places = {partner: draw(st.integers(0, max_places)) for partner in partners}
    preferences = {}
    for applicant in applicants:
        ordered = draw(st.permutations(partners))
        preferences[applicant] = tuple(ordered[: draw(st.integers(0, min(3, len(partners))))])
    rankings = {}
    for partner in partners:
        ranking = draw(st.permutations(applicants))
        accepted = draw(st.lists(st.booleans(), min_size=count, max_size=count))
        rankings[partner] = [a for a, ok in zip(ranking, accepted, strict=True) if ok]
    order = list(draw(st.permutations(applicants)))
    return Market(preferences, rankings, places), order


@st.composite
def common_markets(draw, max_applicants=10, max_partners=4):
    """A market where every partner ranks by one common ranking (restricted to whom it accepts)."""
    market, order = draw(markets(max_applicants, max_partners))
    acceptable = {partner: set(ranking) for partner, ranking in market.rankings.items()}
    rankings = {p: [a for a in order if a in acceptable[p]] for p in market.places}
    return Market(market.preferences, rankings, market.places), order, acceptable


def _prefers(choices, partner, other) -> bool:
    """Whether an applicant with ``choices`` strictly prefers ``partner`` to ``other``."""
    if partner not in choices:
        return False
    return other is None or other not in choices or choices.index(partner) < choices.index(other)


def _blocking_pairs(market: Market, allocation: Allocation) -> list:
    """Applicant-partner pairs who would both rather be matched to each other."""
    pairs = []
    for applicant, choices in market.preferences.items():
        current = allocation.assigned.get(applicant)
        for partner in choices:
            if partner == current:
                break
            ranking = list(market.rankings.get(partner, ()))
            if applicant not in ranking:
                continue
            admitted = allocation.admitted[partner]
            has_room = len(admitted) < market.places[partner]
            own = ranking.index(applicant)
            if has_room or any(ranking.index(other) > own for other in admitted):
                pairs.append((applicant, partner))
    return pairs


def _check_feasible(market: Market, allocation: Allocation) -> None:
    for partner, admitted in allocation.admitted.items():
        assert len(admitted) <= market.places[partner]
        ranking = list(market.rankings.get(partner, ()))
        assert [ranking.index(a) for a in admitted] == sorted(ranking.index(a) for a in admitted)
        for applicant in admitted:
            assert allocation.assigned[applicant] == partner
            assert partner in market.preferences[applicant]
    placed = set(allocation.assigned)
    assert placed.isdisjoint(allocation.reserve)
    assert placed | set(allocation.reserve) == set(market.preferences)
    assert sum(len(a) for a in allocation.admitted.values()) == len(placed)


# --- properties ---------------------------------------------------------------------------------


@given(markets())
def test_allocate_is_feasible_and_stable_no_blocking_pair(case):
    market, order = case
    allocation = allocate(market, reserve_order=order)
    _check_feasible(market, allocation)
    assert _blocking_pairs(market, allocation) == []


@given(markets())
def test_allocate_uses_every_place_wanted_by_acceptable_applicants(case):
    # A partner admits min(places, applicants it accepts who chose it and got nothing better):
    # when demand among acceptable applicants exceeds its places, every place is used.
    market, order = case
    allocation = allocate(market, reserve_order=order)
    for partner, count in market.places.items():
        ranking = set(market.rankings.get(partner, ()))
        wanting = [
            applicant
            for applicant, choices in market.preferences.items()
            if partner in choices
            and applicant in ranking
            and not _prefers(choices, allocation.assigned.get(applicant), partner)
        ]
        assert len(allocation.admitted[partner]) == min(count, len(wanting))
        if len(wanting) >= count:
            assert len(allocation.admitted[partner]) == count


@given(common_markets())
def test_allocate_equals_rank_order_fill_under_a_common_ranking(case):
    market, order, acceptable = case
    allocation = allocate(market, reserve_order=order)
    expected = rank_order_fill(market.preferences, order, market.places, acceptable=acceptable)
    assert allocation.assigned == expected
    assert list(allocation.assigned) == list(expected)  # both in the call's order


@given(markets(max_applicants=8, max_partners=4))
def test_allocate_equals_rank_order_fill_when_every_partner_accepts_everyone(case):
    market, order = case
    rankings = {partner: list(order) for partner in market.places}
    common = Market(market.preferences, rankings, market.places)
    assert allocate(common, reserve_order=order).assigned == rank_order_fill(
        market.preferences, order, market.places
    )


def _all_reports(partners, most=3):
    for length in range(min(most, len(partners)) + 1):
        yield from itertools.permutations(partners, length)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markets(max_applicants=5, max_partners=4, max_places=2))
def test_no_applicant_gains_by_misreporting_preferences_brute_force(case):
    market, order = case
    truthful = allocate(market, reserve_order=order).assigned
    partners = list(market.places)
    for applicant, true_choices in market.preferences.items():
        for report in _all_reports(partners):
            preferences = {**market.preferences, applicant: report}
            lied = allocate(
                Market(preferences, market.rankings, market.places), reserve_order=order
            )
            obtained = lied.assigned.get(applicant)
            assert not _prefers(true_choices, obtained, truthful.get(applicant)), (
                applicant,
                report,
            )


@given(markets(), st.randoms(use_true_random=False))
def test_allocate_is_deterministic_whatever_the_order_of_the_input(case, rng):
    market, order = case

    def shuffled(mapping):
        items = list(mapping.items())
        rng.shuffle(items)
        return dict(items)

    first = allocate(market, reserve_order=order)
    again = allocate(market, reserve_order=order)
    reordered = allocate(
        Market(shuffled(market.preferences), shuffled(market.rankings), shuffled(market.places)),
        reserve_order=order,
    )
    for other in (again, reordered):
        assert other == first
        assert list(other.assigned.items()) == list(first.assigned.items())
        assert other.reserve == first.reserve
        assert other.admitted == first.admitted


@given(markets(), st.randoms(use_true_random=False))
def test_the_matching_does_not_depend_on_the_processing_order(case, rng):
    # The applicant-optimal stable matching is unique: the call's ranking only orders lists.
    market, order = case
    other_order = list(order)
    rng.shuffle(other_order)
    first = allocate(market, reserve_order=order)
    second = allocate(market, reserve_order=other_order)
    assert dict(first.assigned) == dict(second.assigned)
    assert first.admitted == second.admitted
    assert set(first.reserve) == set(second.reserve)
    assert list(second.reserve) == [a for a in other_order if a in set(second.reserve)]


@given(markets())
def test_explanation_says_why_each_better_choice_was_refused(case):
    market, order = case
    allocation = allocate(market, reserve_order=order)
    for applicant, choices in market.preferences.items():
        explanation = explain(allocation, applicant)
        obtained = allocation.assigned.get(applicant)
        assert explanation.partner == obtained
        assert explanation.call_position == order.index(applicant) + 1
        expected_refused = choices if obtained is None else choices[: choices.index(obtained)]
        assert [r.partner for r in explanation.refusals] == list(expected_refused)
        for refusal in explanation.refusals:
            ranking = list(market.rankings.get(refusal.partner, ()))
            assert refusal.places == market.places[refusal.partner]
            if refusal.reason is Reason.NO_PLACES:
                assert refusal.places == 0
            elif refusal.reason is Reason.NOT_ACCEPTABLE:
                assert applicant not in ranking and refusal.own_rank is None
            else:
                assert refusal.own_rank == ranking.index(applicant) + 1
                assert len(refusal.admitted_ranks) == refusal.places
                assert all(rank < refusal.own_rank for rank in refusal.admitted_ranks)
        if obtained is None:
            assert explanation.reserve_position == allocation.reserve.index(applicant) + 1
            assert explanation.preference is None
        else:
            assert explanation.preference == choices.index(obtained) + 1
            assert explanation.own_rank == list(market.rankings[obtained]).index(applicant) + 1


# --- examples -----------------------------------------------------------------------------------


def test_allocate_when_a_better_applicant_displaces_a_held_one():
    # b applies to X first and is held; a, ranked better by X, displaces b, who goes to Y.
    market = Market(
        preferences={"a": ("X",), "b": ("X", "Y")},
        rankings={"X": ["a", "b"], "Y": ["b"]},
        places={"X": 1, "Y": 1},
    )
    allocation = allocate(market, reserve_order=["b", "a"])
    assert allocation.assigned == {"b": "Y", "a": "X"}
    assert list(allocation.assigned) == ["b", "a"]
    assert allocation.admitted == {"X": ("a",), "Y": ("b",)}
    assert allocation.reserve == ()


def test_allocate_partner_ranks_by_its_own_ranking_not_the_call_order():
    # The call ranks c first, but X prefers d: d gets X's one place, c goes to the reserve.
    market = Market(
        preferences={"c": ("X",), "d": ("X",)},
        rankings={"X": ["d", "c"]},
        places={"X": 1},
    )
    allocation = allocate(market, reserve_order=["c", "d"])
    assert allocation.assigned == {"d": "X"}
    assert allocation.reserve == ("c",)


def test_allocate_every_place_used_when_first_choices_exceed_places():
    applicants = [f"s{i}" for i in range(5)]
    market = Market(
        preferences={a: ("X",) for a in applicants},
        rankings={"X": applicants},
        places={"X": 2},
    )
    allocation = allocate(market, reserve_order=applicants)
    assert allocation.admitted["X"] == ("s0", "s1")
    assert allocation.reserve == ("s2", "s3", "s4")


def test_allocate_partner_without_ranking_or_places_admits_nobody():
    market = Market(
        preferences={"a": ("X", "Y", "Z")},
        rankings={"Y": ["a"]},
        places={"X": 3, "Y": 0, "Z": 1},
    )
    allocation = allocate(market, reserve_order=["a"])
    assert allocation.assigned == {}
    assert allocation.admitted == {"X": (), "Y": (), "Z": ()}
    refusals = explain(allocation, "a").refusals
    assert [(r.partner, r.reason) for r in refusals] == [
        ("X", Reason.NOT_ACCEPTABLE),
        ("Y", Reason.NO_PLACES),
        ("Z", Reason.NOT_ACCEPTABLE),
    ]


def test_allocate_empty_market():
    allocation = allocate(Market({}, {}, {}), reserve_order=[])
    assert (allocation.assigned, allocation.admitted, allocation.reserve) == ({}, {}, ())


def test_explain_first_choice_places_went_to_applicants_ranked_3_and_5_you_are_7():
    # "Your first choice's 2 places went to applicants ranked 3 and 5; you are ranked 7."
    # X ranks r1..r6 then me; r1, r2, r4, r6 prefer Y and get it; r3 and r5 take X's places.
    x_ranking = ["r1", "r2", "r3", "r4", "r5", "r6", "me"]
    market = Market(
        preferences={
            "r1": ("Y", "X"),
            "r2": ("Y", "X"),
            "r3": ("X",),
            "r4": ("Y", "X"),
            "r5": ("X",),
            "r6": ("Y", "X"),
            "me": ("X", "W", "Z"),
        },
        rankings={"X": x_ranking, "Y": ["r1", "r2", "r4", "r6"], "W": ["r3"]},
        places={"X": 2, "Y": 4, "W": 1, "Z": 0},
    )
    allocation = allocate(market, reserve_order=x_ranking)
    explanation = explain(allocation, "me")
    assert explanation.partner is None
    assert explanation.call_position == 7
    assert explanation.reserve_position == 1
    first, second, third = explanation.refusals
    assert first.partner == "X" and first.preference == 1
    assert first.reason is Reason.PLACES_TAKEN
    assert (first.places, first.admitted_ranks, first.own_rank) == (2, (3, 5), 7)
    assert (second.partner, second.reason, second.own_rank) == ("W", Reason.NOT_ACCEPTABLE, None)
    assert (third.partner, third.reason, third.places) == ("Z", Reason.NO_PLACES, 0)


def test_explain_applicant_placed_at_second_choice_lists_the_first_only():
    market = Market(
        preferences={"a": ("X",), "b": ("X", "Y", "Z")},
        rankings={"X": ["a", "b"], "Y": ["b"], "Z": ["b"]},
        places={"X": 1, "Y": 1, "Z": 1},
    )
    allocation = allocate(market, reserve_order=["a", "b"])
    explanation = allocation.explain("b")
    assert (explanation.partner, explanation.preference, explanation.own_rank) == ("Y", 2, 1)
    assert explanation.reserve_position is None
    assert [(r.partner, r.admitted_ranks, r.own_rank) for r in explanation.refusals] == [
        ("X", (1,), 2)
    ]


def test_explain_unknown_applicant_raises():
    allocation = allocate(Market({"a": ()}, {}, {}), reserve_order=["a"])
    with pytest.raises(ValueError, match="'zz' has not applied"):
        explain(allocation, "zz")


def test_rank_order_fill_gives_each_the_best_choice_with_a_place_left():
    preferences = {"a": ("X", "Y"), "b": ("X", "Y"), "c": ("X", "Y"), "d": ("Y",)}
    assert rank_order_fill(preferences, ["a", "b", "c", "d"], {"X": 1, "Y": 2}) == {
        "a": "X",
        "b": "Y",
        "c": "Y",
    }
    assert rank_order_fill(
        preferences, ["a", "b", "c", "d"], {"X": 1, "Y": 2}, acceptable={"X": {"b"}, "Y": {"d"}}
    ) == {"b": "X", "d": "Y"}


# --- validation ---------------------------------------------------------------------------------


def _market(**changes):
    fields = {
        "preferences": {"a": ("X", "Y"), "b": ("Y",)},
        "rankings": {"X": ["a"], "Y": ["b", "a"]},
        "places": {"X": 1, "Y": 1},
    }
    fields.update(changes)
    return Market(**fields)


@pytest.mark.parametrize(
    ("changes", "order", "message"),
    [
        ({"preferences": {"a": ("X", "Q"), "b": ()}}, ["a", "b"], "partner 'Q'.*unknown partner"),
        ({"preferences": {"a": ("X", "X"), "b": ()}}, ["a", "b"], "lists a partner twice"),
        (
            {
                "preferences": {"a": ("X", "Y", "Z", "W"), "b": ()},
                "places": {"X": 1, "Y": 1, "Z": 1, "W": 1},
            },
            ["a", "b"],
            "lists 4 preferences; at most 3",
        ),
        ({"preferences": {"a": "XY", "b": ()}}, ["a", "b"], "not the string"),
        ({"places": {"X": -1, "Y": 1}}, ["a", "b"], "must be 0 or more, not -1"),
        ({"places": {"X": 1.5, "Y": 1}}, ["a", "b"], "whole number"),
        ({"places": {"X": True, "Y": 1}}, ["a", "b"], "whole number"),
        ({"rankings": {"Q": ["a"]}}, ["a", "b"], "'Q' has a ranking but no places"),
        ({"rankings": {"X": ["a", "a"]}}, ["a", "b"], "ranks applicant 'a' twice"),
        ({"rankings": {"X": ["a", "zz"]}}, ["a", "b"], "ranks 'zz', who has not applied"),
        ({}, ["a"], "must list every applicant; 'b' is missing"),
        ({}, ["a", "b", "a"], "lists applicant 'a' twice"),
        ({}, ["a", "b", "zz"], "lists 'zz', who has not applied"),
    ],
)
def test_allocate_rejects_bad_input_with_a_clear_message(changes, order, message):
    with pytest.raises(ValueError, match=message):
        allocate(_market(**changes), reserve_order=order)


def test_allocate_max_preferences_can_be_set():
    market = _market(preferences={"a": ("X", "Y"), "b": ("Y",)})
    with pytest.raises(ValueError, match="at most 1 are allowed"):
        allocate(market, reserve_order=["a", "b"], max_preferences=1)


def test_rank_order_fill_rejects_bad_input():
    with pytest.raises(ValueError, match="common ranking must list every applicant"):
        rank_order_fill({"a": ("X",), "b": ()}, ["a"], {"X": 1})
    with pytest.raises(ValueError, match="unknown partner"):
        rank_order_fill({"a": ("Q",)}, ["a"], {"X": 1})


def test_allocate_large_random_market_is_stable():
    # One bigger market than hypothesis draws: 400 applicants, 30 partners.
    rng = random.Random(7)
    applicants = [f"s{i}" for i in range(400)]
    partners = [f"p{j}" for j in range(30)]
    preferences = {a: tuple(rng.sample(partners, 3)) for a in applicants}
    rankings = {}
    for partner in partners:
        chose = [a for a in applicants if partner in preferences[a] and rng.random() > 0.1]
        rng.shuffle(chose)
        rankings[partner] = chose
    places = {partner: rng.randint(0, 6) for partner in partners}
    market = Market(preferences, rankings, places)
    order = list(applicants)
    rng.shuffle(order)
    allocation = allocate(market, reserve_order=order)
    _check_feasible(market, allocation)
    assert _blocking_pairs(market, allocation) == []
