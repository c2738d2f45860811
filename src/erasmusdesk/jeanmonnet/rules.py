"""The rules of the Jean Monnet actions in higher education as plain data (no Django, no I/O).

The office's editable rules live in the database (jeanmonnet/models.py, ``ActionRule``);
``ActionRule.to_rules()`` builds this frozen value, which the pure checks (eligibility.py),
the public checker page, the teachers' workspace and the API share. Figures and their
sources: jeanmonnet/defaults.py (../shared/reference/erasmus-rules.md section 4, corrected by
the audit of the Jean Monnet ceilings).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Action(StrEnum):
    """A Jean Monnet action in higher education (2021-2027 names; the seed's older names and
    the 2014-2020 ones are mapped in models.FORMER_LABELS)."""

    MODULE = "module"
    CHAIR = "chair"
    CENTRE = "centre"
    NETWORK = "network"
    POLICY_DEBATE_NETWORK = "policy_debate_network"
    PROJECT = "project"
    ASSOCIATION = "association"


# The catalogue page of each action (catalogue/content/*.toml slugs).
CATALOGUE_SLUGS = {
    Action.MODULE: "jean-monnet-modules",
    Action.CHAIR: "jean-monnet-chairs",
    Action.CENTRE: "jean-monnet-centres-of-excellence",
    Action.NETWORK: "jean-monnet-networks",
    Action.POLICY_DEBATE_NETWORK: "jean-monnet-networks",
    Action.PROJECT: "jean-monnet-projects",
    Action.ASSOCIATION: "jean-monnet-support-to-associations",
}


class HolderPosition(StrEnum):
    """The academic position of the teacher who holds (leads) the proposal."""

    PROFESSOR = "professor"
    SENIOR_LECTURER = "senior_lecturer"
    LECTURER = "lecturer"
    RESEARCHER = "researcher"


@dataclass(frozen=True)
class ActionRules:
    """What one action requires in the calls of ``first_call_year``..``last_call_year``.

    ``None`` means the action sets no such limit (or the office has not entered one: a
    ceiling without an audited figure stays empty rather than guessed).
    """

    action: Action
    first_call_year: int
    last_call_year: int
    source: str
    min_hours_per_year: int | None = None
    min_duration_months: int | None = None
    max_duration_months: int | None = None
    max_grant_eur: Decimal | None = None
    funding_rate_percent: int | None = None
    min_partners: int | None = None
    min_countries: int | None = None
    holder_positions: tuple[HolderPosition, ...] = ()  # empty: any position may lead
    one_per_institution: bool = False
    documents: tuple[str, ...] = field(default_factory=tuple)  # codes of required documents

    def covers(self, call_year: int) -> bool:
        return self.first_call_year <= call_year <= self.last_call_year


@dataclass(frozen=True)
class Partner:
    name: str
    country: str  # ISO 3166-1 alpha-2, Erasmus+ usage (EL for Greece)


@dataclass(frozen=True)
class ProposalFacts:
    """What a proposal says, as the rules read it."""

    action: Action
    call_year: int
    hours_per_year: tuple[int, ...] = ()  # one entry per academic year of the project
    duration_months: int | None = None
    requested_eur: Decimal | None = None
    partners: tuple[Partner, ...] = ()
    holder_position: HolderPosition | None = None
    documents_ready: frozenset[str] | None = None  # None: not asked (the public checker)
    other_proposals_of_institution: int = 0  # same action and call, for "one per institution"


def rules_for(table: list[ActionRules], action: Action, call_year: int) -> ActionRules | None:
    """The rules of ``action`` that cover ``call_year``; the latest-starting one wins when the
    office's rows overlap."""
    matching = [rules for rules in table if rules.action == action and rules.covers(call_year)]
    return max(matching, key=lambda rules: rules.first_call_year, default=None)
