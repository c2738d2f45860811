"""The rules of Erasmus Mundus Joint Masters as plain data and pure checks (no Django).

Figures (../shared/reference/erasmus-rules.md section 3; defaults.py ships them as the
office's editable rows):

- a programme has 60, 90 or 120 ECTS over 12, 18 or 24 months (the seed);
- 2021-2027: a consortium of at least 3 higher education institutions from 3 countries, at
  least 2 of them EU Member States or third countries associated to the Programme;
  2014-2020: at least two universities in different Programme countries;
- scholarship 2021-2027: 1,400 EUR a month for the programme's whole duration; at most 10 %
  of the scholarships to one nationality; a first degree (or its recognised equivalent) by
  the programme's start (mscwell.eu; mespom.eu; Programme Guide 2021-2027).
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")

RULE_ECTS = "ects_allowed"
RULE_DURATION = "duration_allowed"
RULE_ECTS_DURATION = "ects_matches_duration"
RULE_MIN_MEMBERS = "min_institutions"
RULE_MIN_COUNTRIES = "min_countries"
RULE_MIN_PROGRAMME_COUNTRIES = "min_programme_countries"
RULE_NO_RULES = "no_rules_for_call_year"


@dataclass(frozen=True)
class ConsortiumRules:
    """What a consortium needs in the calls of ``first_call_year``..``last_call_year``."""

    first_call_year: int
    last_call_year: int
    min_institutions: int
    min_countries: int
    min_programme_countries: int  # of the countries, at least this many EU or associated
    programme_countries: frozenset[str]  # ISO alpha-2, Erasmus+ usage (EL for Greece)
    source: str
    months_by_ects: dict[int, int] = field(default_factory=lambda: {60: 12, 90: 18, 120: 24})

    def covers(self, year: int) -> bool:
        return self.first_call_year <= year <= self.last_call_year


@dataclass(frozen=True)
class ScholarshipRate:
    first_call_year: int
    last_call_year: int
    monthly_eur: Decimal
    nationality_cap_percent: int
    source: str

    def covers(self, year: int) -> bool:
        return self.first_call_year <= year <= self.last_call_year


@dataclass(frozen=True)
class Member:
    name: str
    country: str


@dataclass(frozen=True)
class Problem:
    field: str
    rule: str
    values: dict = field(default_factory=dict)


def _covering(rows, year):
    matching = [row for row in rows if row.covers(year)]
    return max(matching, key=lambda row: row.first_call_year, default=None)


def consortium_rules_for(rows: list[ConsortiumRules], year: int) -> ConsortiumRules | None:
    return _covering(rows, year)


def rate_for(rows: list[ScholarshipRate], year: int) -> ScholarshipRate | None:
    return _covering(rows, year)


def check_programme(
    *,
    ects: int,
    duration_months: int,
    members: list[Member],
    call_year: int,
    rules: ConsortiumRules | None,
) -> list[Problem]:
    """Every rule the programme breaks: its ECTS and duration, and its consortium's
    composition under the rules of its call year; [] when none."""
    if rules is None:
        return [Problem("call_year", RULE_NO_RULES, {"call_year": call_year})]
    problems = []
    allowed = rules.months_by_ects
    if ects not in allowed:
        problems.append(Problem("ects", RULE_ECTS, {"ects": ects, "allowed": tuple(allowed)}))
    if duration_months not in allowed.values():
        problems.append(
            Problem(
                "duration_months",
                RULE_DURATION,
                {"months": duration_months, "allowed": tuple(allowed.values())},
            )
        )
    elif ects in allowed and allowed[ects] != duration_months:
        problems.append(
            Problem(
                "duration_months",
                RULE_ECTS_DURATION,
                {"ects": ects, "months": duration_months, "expected": allowed[ects]},
            )
        )
    countries = {member.country.upper() for member in members}
    if len(members) < rules.min_institutions:
        problems.append(
            Problem(
                "members",
                RULE_MIN_MEMBERS,
                {"count": len(members), "minimum": rules.min_institutions},
            )
        )
    if len(countries) < rules.min_countries:
        problems.append(
            Problem(
                "members",
                RULE_MIN_COUNTRIES,
                {"count": len(countries), "minimum": rules.min_countries},
            )
        )
    programme = countries & rules.programme_countries
    if len(programme) < rules.min_programme_countries:
        problems.append(
            Problem(
                "members",
                RULE_MIN_PROGRAMME_COUNTRIES,
                {"count": len(programme), "minimum": rules.min_programme_countries},
            )
        )
    return problems


@dataclass(frozen=True)
class ScholarshipLine:
    key: str
    amount: Decimal | None
    values: dict


@dataclass(frozen=True)
class Scholarship:
    months: int
    monthly: Decimal
    total: Decimal
    lines: tuple[ScholarshipLine, ...]


class UnknownEcts(ValueError):
    pass


def estimate_scholarship(
    ects: int, rate: ScholarshipRate, months_by_ects: dict[int, int]
) -> Scholarship:
    """The scholarship of a programme of ``ects`` credits: its months (60 ECTS: 12, 90: 18,
    120: 24) times the call year's monthly amount, rounded to cents once at the end.

    Raises UnknownEcts for any other number of credits.
    """
    if ects not in months_by_ects:
        raise UnknownEcts(ects)
    months = months_by_ects[ects]
    total = (rate.monthly_eur * months).quantize(CENT, rounding=ROUND_HALF_UP)
    lines = (
        ScholarshipLine("duration", None, {"ects": ects, "months": months}),
        ScholarshipLine(
            "monthly",
            rate.monthly_eur.quantize(CENT),
            {"first": rate.first_call_year, "last": rate.last_call_year},
        ),
        ScholarshipLine(
            "total", total, {"months": months, "monthly": rate.monthly_eur.quantize(CENT)}
        ),
        ScholarshipLine("nationality_cap", None, {"percent": rate.nationality_cap_percent}),
        ScholarshipLine("eligibility", None, {}),
    )
    return Scholarship(months, rate.monthly_eur.quantize(CENT), total, lines)
