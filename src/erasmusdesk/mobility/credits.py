"""ECTS totals of a learning agreement and the difference between two versions: pure, no
Django (components are any objects with ``table``, ``term_id``, ``credits``, ``status``,
``los_code`` and ``title``).

Rule (ECTS Users' Guide 2015, 3.1): 60 credits are the workload of a full-time academic year,
30 of a semester; a term's load of Table A further than the tolerance from the usual load is
flagged (both figures are data: ``MobilityRules``).
"""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Totals:
    by_table: dict[str, Decimal] = field(default_factory=dict)
    by_term: dict[str, Decimal] = field(default_factory=dict)  # Table A, per term
    flagged: list[str] = field(default_factory=list)  # terms whose load is far from the norm


def _counts(component) -> bool:
    return component.status != "deleted"


def totals(components, *, per_term: Decimal, tolerance: Decimal) -> Totals:
    found = Totals()
    for component in components:
        if not _counts(component):
            continue
        credits = Decimal(component.credits)
        found.by_table[component.table] = found.by_table.get(component.table, Decimal(0)) + credits
        if component.table == "A":
            found.by_term[component.term_id] = (
                found.by_term.get(component.term_id, Decimal(0)) + credits
            )
    found.flagged = [
        term for term, load in found.by_term.items() if abs(load - per_term) > tolerance
    ]
    return found


@dataclass(frozen=True)
class Change:
    kind: str  # "inserted", "deleted" or "changed"
    table: str
    title: str
    before: Decimal | None
    after: Decimal | None


def _key(component) -> tuple[str, str, str]:
    return (component.table, component.los_code.strip().lower(), component.title.strip().lower())


def diff(old, new) -> list[Change]:
    """What ``new`` changes in ``old``: components inserted, deleted (absent, or marked
    deleted) and those whose credits or term changed, in table order."""
    before = {_key(c): c for c in old if _counts(c)}
    after = {_key(c): c for c in new if _counts(c)}
    found = []
    for key, component in after.items():
        if key not in before:
            found.append(Change("inserted", key[0], component.title, None, component.credits))
        elif (Decimal(before[key].credits), before[key].term_id) != (
            Decimal(component.credits),
            component.term_id,
        ):
            found.append(
                Change("changed", key[0], component.title, before[key].credits, component.credits)
            )
    for key, component in before.items():
        if key not in after:
            found.append(Change("deleted", key[0], component.title, component.credits, None))
    return sorted(found, key=lambda change: (change.table, change.kind, change.title))
