"""Ranking of a competitive call: totals, published tie rules, partner rankings, evaluators.

Pure: no Django, no I/O, no translation. ``total`` computes an application's points out of
100 from its criteria; ``rank`` orders the applications by total, then by the call's tie rules,
then by application reference, and says which rule decided each place; ``rank_for_partner``
and ``build_market`` apply a partner agreement's own requirement and weights and produce the
input of ``allocation.allocate``; ``aggregate`` combines evaluators' scores and flags
disagreement. Bad input raises ValueError naming the criterion, field or application.

Rules: issue "Competitive selection"; the defaults (tie rules, spread) are data in
``defaults.py``, published with the call.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cmp_to_key

from erasmusdesk.selection import defaults
from erasmusdesk.selection.allocation import Market
from erasmusdesk.selection.scales import CefrLevel, as_decimal, cefr_rank

_ZERO = Decimal(0)
_HUNDRED = Decimal(100)

RULE_TOTAL = (
    "total = 100 x sum(weight x points / maximum points) / sum(weight), "
    "rounded half up to two decimals"
)
RULE_AGGREGATE = (
    "mean of the evaluators' scores; disagreement when the highest minus the lowest score "
    "exceeds the allowed spread"
)

# What a tie rule may name besides a criterion code or a key of ``Entry.extra``.
ENTRY_FIELDS = frozenset(
    {"grade_normalised", "cefr_rank", "submitted_at", "year_of_study", "reference"}
)
TOTAL = "total"


class Direction(StrEnum):
    ASC = "asc"  # smaller first: an earlier submission wins
    DESC = "desc"  # larger first: a higher grade wins


@dataclass(frozen=True)
class TieRule:
    """Order of applications with the same total: by ``field``, in ``direction``.

    ``field`` is one of ``ENTRY_FIELDS``, a criterion code (its points) or a key of
    ``Entry.extra``. An application without a value for the field comes after those with one,
    in either direction.
    """

    field: str
    direction: Direction

    def __post_init__(self) -> None:
        object.__setattr__(self, "direction", Direction(self.direction))


FINAL_RULE = TieRule("reference", Direction.ASC)
DEFAULT_TIE_RULES = tuple(TieRule(name, Direction(way)) for name, way in defaults.TIE_RULES)


@dataclass(frozen=True)
class Criterion:
    """A criterion of the call: ``code``, ``weight`` (>= 0) and ``max_points`` (> 0).

    Computed criteria (grade average, language level, year of study) and evaluators'
    criteria (motivation, letters, interview) alike: the points are given per application in
    ``Entry.scores``. A float weight is taken as the decimal it prints as (0.3 -> 0.3).
    """

    code: str
    weight: Decimal
    max_points: Decimal

    def __post_init__(self) -> None:
        weight = as_decimal(self.weight, f"Weight of criterion {self.code!r}")
        maximum = as_decimal(self.max_points, f"Maximum points of criterion {self.code!r}")
        if weight < 0:
            raise ValueError(f"Weight of criterion {self.code!r} must be 0 or more, not {weight}.")
        if maximum <= 0:
            raise ValueError(
                f"Maximum points of criterion {self.code!r} must be more than 0, not {maximum}."
            )
        object.__setattr__(self, "weight", weight)
        object.__setattr__(self, "max_points", maximum)


def with_weights(
    criteria: Sequence[Criterion], weights: Mapping[str, object]
) -> tuple[Criterion, ...]:
    """``criteria`` with the weights of ``weights`` (code -> weight) put in, e.g. a partner's.

    Raises ValueError for a code that is not one of the criteria.
    """
    codes = {criterion.code for criterion in criteria}
    for code in weights:
        if code not in codes:
            raise ValueError(f"Weight given for {code!r}, which is not a criterion of the call.")
    return tuple(
        replace(criterion, weight=weights[criterion.code])
        if criterion.code in weights
        else criterion
        for criterion in criteria
    )


@dataclass(frozen=True)
class Entry:
    """One application as the ranking sees it.

    ``reference`` identifies it (unique in the call; the last tie rule); ``scores`` criterion
    code -> points; ``grade_normalised`` 0 to 1 (``scales.normalise_grade``); ``cefr`` the
    language level (``scales.certificate_cefr``); ``submitted_at`` an aware instant;
    ``subject_area`` the ISCED-F 2013 field code of the applicant's programme ("0613");
    ``extra`` any further field a tie rule may name.
    """

    reference: str
    scores: Mapping[str, Decimal | int | float | str]
    grade_normalised: Decimal | None = None
    cefr: CefrLevel | None = None
    submitted_at: datetime | None = None
    year_of_study: int | None = None
    subject_area: str | None = None
    extra: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.submitted_at is not None and self.submitted_at.utcoffset() is None:
            raise ValueError(
                f"Application {self.reference!r}: the submission instant must be time-zone aware."
            )

    @property
    def cefr_rank(self) -> int:
        """1 (A1) to 6 (C2), 0 without a level."""
        return cefr_rank(self.cefr)


@dataclass(frozen=True)
class Ranked:
    """One place of a ranking: ``position`` 1-based, no two the same.

    ``decided_by`` names what put this entry after the previous one: "total", the field of a
    tie rule, or "reference" (the final rule); None for the first entry.
    """

    position: int
    entry: Entry
    total: Decimal
    decided_by: str | None

    @property
    def reference(self) -> str:
        return self.entry.reference


def total(
    scores: Mapping[str, Decimal | int | float | str],
    criteria: Sequence[Criterion],
    *,
    decimals: int | None = 2,
) -> Decimal:
    """An application's total out of 100.

    Formula (``RULE_TOTAL``): total = 100 x sum_i(w_i x s_i / m_i) / sum_i(w_i), with w_i the
    weight, s_i the points and m_i the maximum points of criterion i: each criterion counts
    as the fraction of its maximum obtained, weighted; the weights need not add up to
    anything. Rounded half up to ``decimals`` places (None: unrounded), once, at the end: the
    ranking orders the published, rounded total, so that equal published totals are decided
    by the published tie rules. Scores of codes that are not criteria are ignored.

    Raises ValueError for a missing score, points outside 0..max_points, no criteria or
    weights that add up to 0.
    """
    if not criteria:
        raise ValueError("A call needs at least one criterion to compute a total.")
    weights = _ZERO
    weighted = _ZERO
    for criterion in criteria:
        if criterion.code not in scores:
            raise ValueError(f"No points given for criterion {criterion.code!r}.")
        points = as_decimal(scores[criterion.code], f"Points of criterion {criterion.code!r}")
        if not _ZERO <= points <= criterion.max_points:
            raise ValueError(
                f"Points of criterion {criterion.code!r} must be between 0 and "
                f"{criterion.max_points}, not {points}."
            )
        weights += criterion.weight
        weighted += criterion.weight * points / criterion.max_points
    if weights == 0:
        raise ValueError("The weights of the criteria add up to 0.")
    result = _HUNDRED * weighted / weights
    if decimals is None:
        return result
    return result.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _value(entry: Entry, name: str) -> object:
    if name in ENTRY_FIELDS:
        return getattr(entry, name)
    if name in entry.scores:
        return as_decimal(entry.scores[name], f"Points of criterion {name!r}")
    return entry.extra.get(name)


def _compare(left: tuple, right: tuple, directions: tuple[Direction, ...]) -> int:
    for a, b, direction in zip(left, right, directions, strict=True):
        if a == b:
            continue
        if a is None:
            return 1
        if b is None:
            return -1
        smaller = a < b
        return (-1 if smaller else 1) if direction is Direction.ASC else (1 if smaller else -1)
    return 0


def rank(
    entries: Iterable[Entry],
    criteria: Sequence[Criterion],
    tie_rules: Sequence[TieRule] = DEFAULT_TIE_RULES,
    *,
    decimals: int | None = 2,
) -> list[Ranked]:
    """The applications best first: total descending, then ``tie_rules`` in order, then the
    application reference ascending (``FINAL_RULE``, always last, so the order is total).

    Each ``Ranked`` says which rule put it after the previous one (``decided_by``), for the
    explanation given to applicants. Deterministic: the order of ``entries`` does not matter.

    Raises ValueError for two applications with the same reference, a tie rule naming an
    unknown field, or bad points (see ``total``).
    """
    entries = list(entries)
    references = set()
    for entry in entries:
        if entry.reference in references:
            raise ValueError(f"Two applications have the reference {entry.reference!r}.")
        references.add(entry.reference)
    codes = {criterion.code for criterion in criteria}
    rules = [rule for rule in tie_rules if rule != FINAL_RULE] + [FINAL_RULE]
    for rule in rules:
        known = rule.field in ENTRY_FIELDS or rule.field in codes
        if not known and not any(rule.field in entry.extra for entry in entries):
            raise ValueError(f"Tie rule on {rule.field!r}: no such field of an application.")

    names = (TOTAL, *(rule.field for rule in rules))
    directions = (Direction.DESC, *(rule.direction for rule in rules))
    keyed = []
    for entry in entries:
        entry_total = total(entry.scores, criteria, decimals=decimals)
        key = (entry_total, *(_value(entry, rule.field) for rule in rules))
        keyed.append((key, entry))
    keyed.sort(key=cmp_to_key(lambda x, y: _compare(x[0], y[0], directions)))

    result = []
    previous = None
    for position, (key, entry) in enumerate(keyed, start=1):
        decided_by = None
        if previous is not None:
            decided_by = next(
                name for name, a, b in zip(names, previous, key, strict=True) if a != b
            )
        result.append(Ranked(position, entry, key[0], decided_by))
        previous = key
    return result


# --- Partners' own requirements and weights -----------------------------------------------------


@dataclass(frozen=True)
class Requirement:
    """A partner agreement's own requirement: a filter on applications.

    ``min_cefr``: the lowest language level accepted (None: any, even none);
    ``subject_areas``: ISCED-F 2013 field codes or prefixes ("06" ICT, "0613" software); an
    application's ``subject_area`` must start with one of them (empty: any subject).
    """

    min_cefr: CefrLevel | None = None
    subject_areas: tuple[str, ...] = ()

    def unmet(self, entry: Entry) -> tuple[str, ...]:
        """The requirements ``entry`` does not meet: "min_cefr", "subject_area" (or none)."""
        failed = []
        if self.min_cefr is not None and entry.cefr_rank < int(self.min_cefr):
            failed.append("min_cefr")
        if self.subject_areas and not (
            entry.subject_area
            and any(entry.subject_area.startswith(prefix) for prefix in self.subject_areas)
        ):
            failed.append("subject_area")
        return tuple(failed)

    def met_by(self, entry: Entry) -> bool:
        return not self.unmet(entry)


@dataclass(frozen=True)
class PartnerRule:
    """How one partner ranks: its requirement, and its own criteria and tie rules (None: the
    call's). Use ``with_weights`` to give a partner the call's criteria with its own weights."""

    requirement: Requirement = Requirement()
    criteria: tuple[Criterion, ...] | None = None
    tie_rules: tuple[TieRule, ...] | None = None


def rank_for_partner(
    entries: Iterable[Entry],
    rule: PartnerRule,
    *,
    criteria: Sequence[Criterion],
    tie_rules: Sequence[TieRule] = DEFAULT_TIE_RULES,
) -> list[Ranked]:
    """The applications that meet the partner's requirement, ranked by its own criteria and
    tie rules (the call's where it has none). Those that fail the requirement are left out:
    ``allocate`` then never admits them there (reason "not acceptable")."""
    eligible = [entry for entry in entries if rule.requirement.met_by(entry)]
    own_criteria = criteria if rule.criteria is None else rule.criteria
    own_tie_rules = tie_rules if rule.tie_rules is None else rule.tie_rules
    return rank(eligible, own_criteria, own_tie_rules)


def build_market(
    entries: Iterable[Entry],
    preferences: Mapping[str, Sequence[Hashable]],
    places: Mapping[Hashable, int],
    *,
    criteria: Sequence[Criterion],
    tie_rules: Sequence[TieRule] = DEFAULT_TIE_RULES,
    partner_rules: Mapping[Hashable, PartnerRule] | None = None,
) -> tuple[Market, list[Ranked]]:
    """The allocation's input from the call's applications, and the call's ranking.

    ``preferences``: application reference -> partners, most wanted first. Each partner of
    ``places`` ranks the applications that chose it with its ``partner_rules`` entry (the
    call's criteria and no requirement when it has none). Returns the ``Market`` and the
    call's ranking, whose references, in order, are ``allocate``'s ``reserve_order``.
    """
    entries = list(entries)
    by_reference = {entry.reference: entry for entry in entries}
    for reference in preferences:
        if reference not in by_reference:
            raise ValueError(f"Preferences given for {reference!r}, which is not an application.")
    rules = partner_rules or {}
    for partner in rules:
        if partner not in places:
            raise ValueError(f"Partner {partner!r} has a rule but no places in this call.")
    chose: dict[Hashable, list[Entry]] = {partner: [] for partner in places}
    for entry in entries:
        for partner in preferences.get(entry.reference, ()):
            if partner not in chose:
                raise ValueError(
                    f"Application {entry.reference!r} prefers partner {partner!r}, which has no "
                    "places in this call."
                )
            chose[partner].append(entry)
    rankings = {
        partner: [
            ranked.reference
            for ranked in rank_for_partner(
                candidates,
                rules.get(partner, PartnerRule()),
                criteria=criteria,
                tie_rules=tie_rules,
            )
        ]
        for partner, candidates in chose.items()
    }
    call_ranking = rank(entries, criteria, tie_rules)
    full_preferences = {
        entry.reference: tuple(preferences.get(entry.reference, ())) for entry in entries
    }
    return Market(full_preferences, rankings, dict(places)), call_ranking


# --- Evaluators' scores -------------------------------------------------------------------------


@dataclass(frozen=True)
class Aggregate:
    """Evaluators' scores of one criterion combined: ``mean`` (unrounded), ``spread`` (highest
    minus lowest), ``disagreement`` (spread above the allowed one), ``count`` of scores."""

    mean: Decimal
    spread: Decimal
    disagreement: bool
    count: int


def aggregate(
    scores_by_evaluator: Sequence[Decimal | int | float | str],
    *,
    max_spread: Decimal | int | float | str = defaults.MAX_SPREAD,
) -> Aggregate:
    """The mean of the evaluators' scores, flagged when they disagree (``RULE_AGGREGATE``).

    Disagreement: highest - lowest > ``max_spread`` (a spread equal to it is no disagreement);
    the committee then discusses the application, the mean stands until it changes a score.
    The mean is exact to 28 significant digits; ``total`` rounds once at the end.

    Raises ValueError with no scores, a bad score or a negative ``max_spread``.
    """
    if not scores_by_evaluator:
        raise ValueError("No evaluator has scored this criterion.")
    values = [as_decimal(score, "Evaluator's score") for score in scores_by_evaluator]
    allowed = as_decimal(max_spread, "Allowed spread")
    if allowed < 0:
        raise ValueError(f"The allowed spread must be 0 or more, not {allowed}.")
    spread = max(values) - min(values)
    return Aggregate(
        mean=sum(values, _ZERO) / len(values),
        spread=spread,
        disagreement=spread > allowed,
        count=len(values),
    )
