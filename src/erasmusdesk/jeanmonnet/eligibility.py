"""Which rules of its action a Jean Monnet proposal breaks (pure: no Django, no I/O).

One function, ``check_proposal``, serves the public checker page, the teachers' workspace
(as they type and save) and ``POST /api/v1/jean-monnet/check``. Each problem names the
proposal's field, the rule (a stable code below) and the numbers the rule compared; the
translated sentence is written by explain.py.

Rules (Erasmus+ Programme Guide, as quoted in ../shared/reference/erasmus-rules.md section 4;
figures per call year in defaults.py):

- teaching hours: every academic year of the project teaches at least the action's minimum
  (Module 40, Chair 90); the teaching plan gives one figure per academic year, as many as
  the duration has years (36 months: 3);
- duration in months within the action's range (Project 12-24, the others 36);
- the EU grant requested is positive and at most the call year's ceiling;
- at least the action's number of partners, from at least its number of countries (the
  partners listed, counted by distinct country code);
- the holder's position is one the action allows (a Chair: professor or senior lecturer);
- one Centre of Excellence per institution and call;
- every document the call requires is ready (the workspace only).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from erasmusdesk.jeanmonnet.rules import ActionRules, ProposalFacts

RULE_NO_RULES = "no_rules_for_call_year"
RULE_HOURS_COUNT = "one_hours_figure_per_academic_year"
RULE_MIN_HOURS = "min_hours_per_year"
RULE_DURATION_REQUIRED = "duration_required"
RULE_MIN_DURATION = "min_duration_months"
RULE_MAX_DURATION = "max_duration_months"
RULE_REQUESTED_REQUIRED = "requested_positive"
RULE_MAX_GRANT = "max_grant_eur"
RULE_MIN_PARTNERS = "min_partners"
RULE_MIN_COUNTRIES = "min_countries"
RULE_HOLDER_POSITION = "holder_position"
RULE_ONE_PER_INSTITUTION = "one_per_institution"
RULE_DOCUMENTS = "required_documents"


@dataclass(frozen=True)
class Problem:
    """A broken rule: the proposal's ``field``, the ``rule`` code and the numbers compared."""

    field: str
    rule: str
    values: dict = field(default_factory=dict)


def academic_years(duration_months: int) -> int:
    """Academic years a project of ``duration_months`` spans: 12 months a year, a started
    year counting whole (36 months: 3; 24: 2; 18: 2)."""
    return max(1, -(-duration_months // 12))


def check_proposal(facts: ProposalFacts, rules: ActionRules | None) -> list[Problem]:
    """Every rule of ``rules`` that ``facts`` breaks, in the order of the proposal's form
    (call year, holder, duration, teaching plan, partners, money, documents); [] when none.

    ``rules`` None: the action has no rules for that call year, which is itself the problem.
    """
    if rules is None:
        return [Problem("call_year", RULE_NO_RULES, {"call_year": facts.call_year})]
    problems: list[Problem] = []
    problems += _holder(facts, rules)
    problems += _duration(facts, rules)
    problems += _hours(facts, rules)
    problems += _partners(facts, rules)
    problems += _money(facts, rules)
    if rules.one_per_institution and facts.other_proposals_of_institution > 0:
        problems.append(
            Problem(
                "action",
                RULE_ONE_PER_INSTITUTION,
                {"count": facts.other_proposals_of_institution},
            )
        )
    if facts.documents_ready is not None:
        missing = [code for code in rules.documents if code not in facts.documents_ready]
        if missing:
            problems.append(Problem("documents", RULE_DOCUMENTS, {"missing": tuple(missing)}))
    return problems


def _holder(facts: ProposalFacts, rules: ActionRules) -> list[Problem]:
    if not rules.holder_positions or facts.holder_position in rules.holder_positions:
        return []
    return [
        Problem(
            "holder_position",
            RULE_HOLDER_POSITION,
            {"position": facts.holder_position, "allowed": rules.holder_positions},
        )
    ]


def _duration(facts: ProposalFacts, rules: ActionRules) -> list[Problem]:
    months = facts.duration_months
    if months is None or months <= 0:
        if rules.min_duration_months is None and rules.max_duration_months is None:
            return []
        return [Problem("duration_months", RULE_DURATION_REQUIRED, {})]
    if rules.min_duration_months is not None and months < rules.min_duration_months:
        return [
            Problem(
                "duration_months",
                RULE_MIN_DURATION,
                {"months": months, "minimum": rules.min_duration_months},
            )
        ]
    if rules.max_duration_months is not None and months > rules.max_duration_months:
        return [
            Problem(
                "duration_months",
                RULE_MAX_DURATION,
                {"months": months, "maximum": rules.max_duration_months},
            )
        ]
    return []


def _hours(facts: ProposalFacts, rules: ActionRules) -> list[Problem]:
    minimum = rules.min_hours_per_year
    if minimum is None:
        return []
    months = facts.duration_months
    if months is None or months <= 0:
        months = rules.max_duration_months or rules.min_duration_months
    problems = []
    if months:
        years = academic_years(months)
        if len(facts.hours_per_year) != years:
            problems.append(
                Problem(
                    "hours_per_year",
                    RULE_HOURS_COUNT,
                    {"given": len(facts.hours_per_year), "years": years, "months": months},
                )
            )
    for year, hours in enumerate(facts.hours_per_year, start=1):
        if hours < minimum:
            problems.append(
                Problem(
                    "hours_per_year",
                    RULE_MIN_HOURS,
                    {"year": year, "hours": hours, "minimum": minimum},
                )
            )
    return problems


def _partners(facts: ProposalFacts, rules: ActionRules) -> list[Problem]:
    problems = []
    count = len(facts.partners)
    if rules.min_partners is not None and count < rules.min_partners:
        problems.append(
            Problem("partners", RULE_MIN_PARTNERS, {"count": count, "minimum": rules.min_partners})
        )
    countries = len({partner.country.upper() for partner in facts.partners})
    if rules.min_countries is not None and countries < rules.min_countries:
        problems.append(
            Problem(
                "partners",
                RULE_MIN_COUNTRIES,
                {"count": countries, "minimum": rules.min_countries},
            )
        )
    return problems


def _money(facts: ProposalFacts, rules: ActionRules) -> list[Problem]:
    requested = facts.requested_eur
    if requested is None or requested <= Decimal(0):
        return [Problem("requested_eur", RULE_REQUESTED_REQUIRED, {})]
    if rules.max_grant_eur is not None and requested > rules.max_grant_eur:
        return [
            Problem(
                "requested_eur",
                RULE_MAX_GRANT,
                {
                    "requested": requested,
                    "maximum": rules.max_grant_eur,
                    "call_year": facts.call_year,
                },
            )
        ]
    return []
