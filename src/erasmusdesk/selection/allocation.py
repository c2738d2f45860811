"""Seat allocation of a competitive call: each applicant one place at a partner, or the reserve.

Pure: no Django, no I/O, no translation. ``allocate(market, reserve_order=...)`` returns an
``Allocation``; ``explain(allocation, applicant)`` says, as data, why the applicant did not get
each partner they preferred to the one they got (another module turns it into sentences).

Rule (issue "Competitive selection"): applicant-proposing deferred acceptance (Gale & Shapley,
"College admissions and the stability of marriage", 1962; Roth, "The economics of matching:
stability and incentives", 1982). Each applicant applies to their first choice; each partner
holds its best applicants up to its places, in its own ranking, and refuses the others; a
refused applicant applies to their next choice; this repeats until nobody is refused or has
a choice left. The result:

* is stable: no applicant and partner would both rather be matched to each other (the partner
  has a free place or admitted someone it ranks lower, and the applicant prefers it);
* is the best stable result for every applicant, so no applicant gains by misreporting their
  preferences (Dubins & Freedman 1981; Roth 1982);
* does not depend on the order in which applications are processed: for the same input, the
  same output (dict insertion order included: results are listed in ``reserve_order``);
* when all partners share one ranking, equals filling places in that ranking's order, each
  applicant taking their best choice with a place left (``rank_order_fill``).

A partner's ranking lists, best first, the applicants it accepts: an applicant absent from it
does not meet the partner's requirements and is never admitted there.
"""

from collections.abc import Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from heapq import heappush, heapreplace

MAX_PREFERENCES = 3

ApplicantId = Hashable
PartnerId = Hashable


class Reason(StrEnum):
    """Why an applicant did not get a partner they preferred."""

    NO_PLACES = "no_places"  # the partner has no places in this call
    NOT_ACCEPTABLE = "not_acceptable"  # the applicant does not meet the partner's requirements
    PLACES_TAKEN = "places_taken"  # every place went to an applicant the partner ranks better


@dataclass(frozen=True)
class Market:
    """The input of one allocation.

    ``preferences``: applicant -> partners, most wanted first (at most ``MAX_PREFERENCES``, no
    repeats; none is allowed and leads to the reserve). ``rankings``: partner -> the applicants
    it accepts, best first; a partner with places but no ranking accepts nobody. ``places``:
    partner -> number of places (>= 0) for the call; every partner named anywhere must have
    an entry here.
    """

    preferences: Mapping[ApplicantId, Sequence[PartnerId]]
    rankings: Mapping[PartnerId, Sequence[ApplicantId]]
    places: Mapping[PartnerId, int]


@dataclass(frozen=True)
class Refusal:
    """One preferred partner the applicant did not get, and why.

    ``preference`` is the 1-based position of the partner in the applicant's list;
    ``admitted_ranks`` the 1-based ranks, in the partner's ranking, of the applicants it
    admitted (best first); ``own_rank`` the applicant's rank there (None if not acceptable).
    """

    preference: int
    partner: PartnerId
    reason: Reason
    places: int
    admitted_ranks: tuple[int, ...]
    own_rank: int | None


@dataclass(frozen=True)
class Explanation:
    """The outcome of one applicant, as data.

    ``partner`` the partner obtained (None: reserve), ``preference`` its 1-based position in the
    applicant's list, ``own_rank`` the applicant's rank at that partner; ``call_position`` the
    1-based position in the call's ranking (``reserve_order``); ``reserve_position`` the 1-based
    position on the reserve list (None when placed); ``refusals`` one per preference above the
    one obtained (every preference when on the reserve).
    """

    applicant: ApplicantId
    partner: PartnerId | None
    preference: int | None
    own_rank: int | None
    call_position: int
    reserve_position: int | None
    refusals: tuple[Refusal, ...]


@dataclass(frozen=True)
class Allocation:
    """The result of ``allocate``.

    ``assigned``: applicant -> partner, listed in ``reserve_order``; ``admitted``: partner ->
    its admitted applicants in its own rank order (every partner of ``places``, empty when
    none); ``reserve``: the applicants without a place, in ``reserve_order``. Two allocations
    are equal when these three are; the market and look-up tables kept for ``explain`` are
    not compared.
    """

    assigned: dict[ApplicantId, PartnerId]
    admitted: dict[PartnerId, tuple[ApplicantId, ...]]
    reserve: tuple[ApplicantId, ...]
    market: Market = field(repr=False, compare=False)
    _ranks: dict[PartnerId, dict[ApplicantId, int]] = field(repr=False, compare=False)
    _positions: dict[ApplicantId, int] = field(repr=False, compare=False)
    _reserve_positions: dict[ApplicantId, int] = field(repr=False, compare=False)

    def explain(self, applicant: ApplicantId) -> Explanation:
        """Same as ``explain(self, applicant)``."""
        return explain(self, applicant)


def _check_places(places: Mapping[PartnerId, int]) -> None:
    for partner, count in places.items():
        if isinstance(count, bool) or not isinstance(count, int):
            raise ValueError(
                f"Places of partner {partner!r} must be a whole number, not {count!r}."
            )
        if count < 0:
            raise ValueError(f"Places of partner {partner!r} must be 0 or more, not {count}.")


def _check_preferences(
    preferences: Mapping[ApplicantId, Sequence[PartnerId]],
    places: Mapping[PartnerId, int],
    max_preferences: int,
) -> None:
    for applicant, choices in preferences.items():
        if isinstance(choices, str | bytes):
            raise ValueError(
                f"Preferences of applicant {applicant!r} must be a sequence of partners, "
                f"not the string {choices!r}."
            )
        if len(choices) > max_preferences:
            raise ValueError(
                f"Applicant {applicant!r} lists {len(choices)} preferences; at most "
                f"{max_preferences} are allowed."
            )
        if len(set(choices)) != len(choices):
            raise ValueError(f"Applicant {applicant!r} lists a partner twice: {list(choices)!r}.")
        for partner in choices:
            if partner not in places:
                raise ValueError(
                    f"Applicant {applicant!r} prefers partner {partner!r}, which has no places "
                    "in this call (unknown partner)."
                )


def _positions(
    order: Sequence[ApplicantId], applicants: Collection[ApplicantId], what: str
) -> dict[ApplicantId, int]:
    """Each applicant's 0-based position in ``order``, which must list each of them once."""
    if isinstance(order, str | bytes):
        raise ValueError(f"The {what} must be a sequence of applicants, not a string.")
    positions = {applicant: index for index, applicant in enumerate(order)}
    if len(positions) != len(order):
        seen: set[ApplicantId] = set()
        for applicant in order:
            if applicant in seen:
                raise ValueError(f"The {what} lists applicant {applicant!r} twice.")
            seen.add(applicant)
    for applicant in positions:
        if applicant not in applicants:
            raise ValueError(f"The {what} lists {applicant!r}, who has not applied.")
    if len(positions) != len(applicants):
        missing = next(applicant for applicant in applicants if applicant not in positions)
        raise ValueError(f"The {what} must list every applicant; {missing!r} is missing.")
    return positions


def _partner_ranks(market: Market) -> dict[PartnerId, dict[ApplicantId, int]]:
    """Each partner's 0-based rank of each applicant it accepts, checking the rankings."""
    places = market.places
    preferences = market.preferences
    ranks: dict[PartnerId, dict[ApplicantId, int]] = {}
    for partner, ranking in market.rankings.items():
        if partner not in places:
            raise ValueError(f"Partner {partner!r} has a ranking but no places (unknown partner).")
        if isinstance(ranking, str | bytes):
            raise ValueError(
                f"The ranking of partner {partner!r} must be a sequence, not a string."
            )
        rank = {applicant: index for index, applicant in enumerate(ranking)}
        if len(rank) != len(ranking):
            seen: set[ApplicantId] = set()
            for applicant in ranking:
                if applicant in seen:
                    raise ValueError(f"Partner {partner!r} ranks applicant {applicant!r} twice.")
                seen.add(applicant)
        for applicant in rank:
            if applicant not in preferences:
                raise ValueError(
                    f"Partner {partner!r} ranks {applicant!r}, who has not applied in this call."
                )
        ranks[partner] = rank
    for partner in places:
        if partner not in ranks:
            ranks[partner] = {}
    return ranks


def allocate(
    market: Market,
    *,
    reserve_order: Sequence[ApplicantId],
    max_preferences: int = MAX_PREFERENCES,
) -> Allocation:
    """Allocate the places of ``market`` by applicant-proposing deferred acceptance.

    ``reserve_order`` is the call's overall ranking, best first, listing every applicant once:
    it orders ``assigned`` and the reserve list (and the processing, which does not change the
    result). See the module docstring for the rule and its properties. Runs in
    O(proposals x log places) after an O(input) check: at most ``max_preferences`` proposals
    per applicant and each a dict look-up and a heap operation.

    Raises ValueError, naming the applicant or partner, for: a partner in preferences or
    rankings without places, a partner listed twice by an applicant, more than
    ``max_preferences`` preferences, places that are negative or not whole, an applicant
    ranked twice by a partner or ranked without having applied, or a ``reserve_order`` that
    does not list each applicant exactly once.
    """
    places = market.places
    preferences = market.preferences
    _check_places(places)
    _check_preferences(preferences, places, max_preferences)
    ranks = _partner_ranks(market)
    positions = _positions(reserve_order, preferences, "reserve order")
    rankings = {partner: tuple(ranking) for partner, ranking in market.rankings.items()}

    # held[partner] is a heap of minus the ranks of the applicants it holds: its top is the
    # worst of them, the one a better applicant displaces.
    held: dict[PartnerId, list[int]] = {partner: [] for partner in places}
    resume: dict[ApplicantId, int] = {}  # where a held applicant resumes if displaced
    for first in reserve_order:
        applicant = first
        choices = preferences[applicant]
        index = 0
        while index < len(choices):
            partner = choices[index]
            index += 1
            rank = ranks[partner].get(applicant)
            if rank is None:
                continue
            heap = held[partner]
            if len(heap) < places[partner]:
                heappush(heap, -rank)
                resume[applicant] = index
                break
            if heap and -heap[0] > rank:
                worst = -heapreplace(heap, -rank)
                resume[applicant] = index
                applicant = rankings[partner][worst]
                choices = preferences[applicant]
                index = resume.pop(applicant)

    partner_of: dict[ApplicantId, PartnerId] = {}
    admitted: dict[PartnerId, tuple[ApplicantId, ...]] = {}
    for partner, heap in held.items():
        ranking = rankings.get(partner, ())
        chosen = tuple(ranking[-minus] for minus in sorted(heap, reverse=True))
        admitted[partner] = chosen
        for applicant in chosen:
            partner_of[applicant] = partner
    assigned = {a: partner_of[a] for a in reserve_order if a in partner_of}
    reserve = tuple(a for a in reserve_order if a not in partner_of)
    reserve_positions = {applicant: index for index, applicant in enumerate(reserve)}
    return Allocation(assigned, admitted, reserve, market, ranks, positions, reserve_positions)


def explain(allocation: Allocation, applicant: ApplicantId) -> Explanation:
    """Why ``applicant`` got what they got, as data: see ``Explanation`` and ``Refusal``.

    For each partner the applicant preferred to the one obtained (each of their partners when
    on the reserve), in their order of preference: no places; not acceptable to the partner
    (not in its ranking: a requirement not met); or its places all went to applicants it ranks
    better, with their ranks and the applicant's own. The last reason follows from stability:
    a partner the applicant prefers is full of applicants it ranks better.

    Raises ValueError for an applicant not in the market.
    """
    market = allocation.market
    if applicant not in market.preferences:
        raise ValueError(f"Applicant {applicant!r} has not applied in this call.")
    obtained = allocation.assigned.get(applicant)
    choices = tuple(market.preferences[applicant])
    refusals = []
    preference = None
    for position, partner in enumerate(choices, start=1):
        if partner == obtained:
            preference = position
            break
        rank = allocation._ranks[partner].get(applicant)
        places = market.places[partner]
        admitted_ranks = tuple(
            allocation._ranks[partner][other] + 1 for other in allocation.admitted[partner]
        )
        if places == 0:
            reason = Reason.NO_PLACES
        elif rank is None:
            reason = Reason.NOT_ACCEPTABLE
        else:
            reason = Reason.PLACES_TAKEN
        refusals.append(
            Refusal(
                preference=position,
                partner=partner,
                reason=reason,
                places=places,
                admitted_ranks=admitted_ranks,
                own_rank=None if rank is None else rank + 1,
            )
        )
    own_rank = None
    reserve_position = None
    if obtained is not None:
        own_rank = allocation._ranks[obtained][applicant] + 1
    else:
        reserve_position = allocation._reserve_positions[applicant] + 1
    return Explanation(
        applicant=applicant,
        partner=obtained,
        preference=preference,
        own_rank=own_rank,
        call_position=allocation._positions[applicant] + 1,
        reserve_position=reserve_position,
        refusals=tuple(refusals),
    )


def rank_order_fill(
    preferences: Mapping[ApplicantId, Sequence[PartnerId]],
    common_ranking: Sequence[ApplicantId],
    places: Mapping[PartnerId, int],
    *,
    acceptable: Mapping[PartnerId, Collection[ApplicantId]] | None = None,
    max_preferences: int = MAX_PREFERENCES,
) -> dict[ApplicantId, PartnerId]:
    """Fill places in the order of one ranking shared by all partners (serial dictatorship).

    Rule: take the applicants best first (``common_ranking`` lists each once); each gets the
    first of their preferences that has a place left (and, when ``acceptable`` is given, whose
    acceptable applicants include them; a partner missing from ``acceptable`` accepts nobody).
    Returns applicant -> partner in ``common_ranking`` order; the others are on the reserve.

    This is what deferred acceptance gives when every partner's ranking is ``common_ranking``
    (restricted to its acceptable applicants): the tests use it as the oracle of ``allocate``.
    Raises ValueError as ``allocate`` does.
    """
    _check_places(places)
    _check_preferences(preferences, places, max_preferences)
    _positions(common_ranking, preferences, "common ranking")
    left = dict(places)
    assigned: dict[ApplicantId, PartnerId] = {}
    for applicant in common_ranking:
        for partner in preferences[applicant]:
            accepts = acceptable is None or applicant in acceptable.get(partner, ())
            if left[partner] > 0 and accepts:
                left[partner] -= 1
                assigned[applicant] = partner
                break
    return assigned
