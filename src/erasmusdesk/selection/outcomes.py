"""The call's ranking and allocation computed from its inputs (no queries): the same code
gives the coordinator's preview, the published results and the re-run after appeals.

Rules: ``ranking.build_market`` (the call's ranking, each partner's own ranking of those who
chose it) and ``allocation.allocate`` (applicant-proposing deferred acceptance). Applications
below the call's lowest total, and those no place could ever take (each of their choices
without places or refusing them), are not selected; every other application without a place
is on the reserve list, in the order of the call's ranking.
"""

from dataclasses import dataclass
from decimal import Decimal

from erasmusdesk.selection import allocation, ranking
from erasmusdesk.selection.inputs import Inputs
from erasmusdesk.selection.models import Outcome


@dataclass(frozen=True)
class Row:
    """One application in the computed results, in the call's ranking order."""

    reference: str
    application_id: int
    position: int
    total: Decimal
    points: dict[str, Decimal]
    decided_by: str | None
    flags: tuple[str, ...]
    outcome: Outcome
    place_id: int | None
    seat: int | None
    preference: int | None
    partner_rank: int | None
    reserve_position: int | None
    refusals: tuple[dict, ...]


@dataclass
class Computation:
    inputs: Inputs
    rows: list[Row]
    admitted: dict[int, tuple[str, ...]]
    partner_rankings: dict[int, list[str]]

    @property
    def by_reference(self) -> dict[str, Row]:
        return {row.reference: row for row in self.rows}

    @property
    def unranked(self) -> list[str]:
        return sorted(self.inputs.missing)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)


def _refusal(refusal: allocation.Refusal, entry: ranking.Entry, inputs: Inputs) -> dict:
    data = {
        "preference": refusal.preference,
        "place": refusal.partner,
        "reason": refusal.reason.value,
        "places": refusal.places,
        "admitted_ranks": list(refusal.admitted_ranks),
        "own_rank": refusal.own_rank,
    }
    if refusal.reason is allocation.Reason.NOT_ACCEPTABLE:
        rule = inputs.partner_rules.get(refusal.partner)
        if rule is not None:
            data["unmet"] = list(rule.requirement.unmet(entry))
            if rule.requirement.min_cefr is not None:
                data["min_cefr"] = str(rule.requirement.min_cefr)
            data["subject_areas"] = list(rule.requirement.subject_areas)
        data["cefr"] = str(entry.cefr) if entry.cefr else None
    return data


def compute(inputs: Inputs) -> Computation:
    """Rank the rankable applications (every evaluators' criterion scored) and allocate the
    places. Deterministic: the same inputs give the same rows."""
    entries = inputs.rankable
    minimum = inputs.selection.min_total
    totals = {entry.reference: ranking.total(entry.scores, inputs.rules) for entry in entries}
    preferences = {
        entry.reference: inputs.preferences[entry.reference]
        for entry in entries
        if totals[entry.reference] >= minimum
    }
    market, call_ranking = ranking.build_market(
        entries,
        preferences,
        inputs.places,
        criteria=inputs.rules,
        tie_rules=inputs.tie_rules,
        partner_rules=inputs.partner_rules,
    )
    order = [ranked.reference for ranked in call_ranking]
    result = allocation.allocate(market, reserve_order=order)
    seats = {
        reference: seat
        for admitted in result.admitted.values()
        for seat, reference in enumerate(admitted, start=1)
    }
    rows = []
    reserve_count = 0
    for ranked in call_ranking:
        reference = ranked.reference
        why = result.explain(reference)
        if why.partner is not None:
            outcome = Outcome.SELECTED
        else:
            hopeful = any(
                refusal.reason is allocation.Reason.PLACES_TAKEN for refusal in why.refusals
            )
            outcome = Outcome.RESERVE if hopeful else Outcome.NOT_SELECTED
        reserve_position = None
        if outcome == Outcome.RESERVE:
            reserve_count += 1
            reserve_position = reserve_count
        flags = list(inputs.flags.get(reference, ()))
        if totals[reference] < minimum:
            flags.append("below_minimum")
        rows.append(
            Row(
                reference=reference,
                application_id=inputs.applications[reference].pk,
                position=ranked.position,
                total=ranked.total,
                points=dict(ranked.entry.scores),
                decided_by=ranked.decided_by,
                flags=tuple(flags),
                outcome=outcome,
                place_id=why.partner,
                seat=seats.get(reference),
                preference=why.preference,
                partner_rank=why.own_rank,
                reserve_position=reserve_position,
                refusals=tuple(_refusal(r, ranked.entry, inputs) for r in why.refusals),
            )
        )
    return Computation(
        inputs=inputs,
        rows=rows,
        admitted=dict(result.admitted),
        partner_rankings={pk: list(ranking_) for pk, ranking_ in market.rankings.items()},
    )
