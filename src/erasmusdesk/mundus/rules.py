"""The rules of Erasmus Mundus Joint Masters as plain data and pure checks (no Django).

Figures (../shared/reference/erasmus-rules.md section 3; defaults.py ships them as the
office's editable rows):

- a programme has 60, 90 or 120 ECTS over 12, 18 or 24 months (the seed);
- 2021-2027: a consortium of at least 3 higher education institutions from 3 countries, at
  least 2 of them EU Member States or third countries associated to the Programme;
  2014-2020: at least two universities in different Programme countries;
- scholarship 2021-2027: 1,400 EUR a month for the programme's whole duration; at most 10 %
  of the scholarships to one nationality; a first degree (or its recognised equivalent) by
  the programme's start (mscwell.eu; mespom.eu; Programme Guide 2021-2027);
- scholarship 2014-2020 (EMJMD), as two consortia quote the Programme Guides (em-petal.eu;
  erasmusmundus-atosim.cecam.org): participation costs up to 9,000 EUR a year for a
  Partner-country scholarship holder, 4,500 EUR for a Programme-country one; travel 1,000 EUR
  a year for a Programme-country resident, for a Partner-country resident 2,000 EUR a year
  under 4,000 km from the coordinating university or 3,000 EUR at 4,000 km or more, plus
  1,000 EUR installation once; subsistence 1,000 EUR a month for the whole programme, at most
  24 months. The yearly amounts of an 18-month programme are counted pro rata (1.5 years):
  our reading, not confirmed by a source.
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


PARTNER = "partner"  # a Partner-country scholarship holder (2014-2020 wording)
PROGRAMME = "programme"  # a Programme-country scholarship holder
RESIDENCES = (PARTNER, PROGRAMME)


@dataclass(frozen=True)
class ScholarshipRate:
    """The scholarship of a range of call years. Without participation costs (2021-2027)
    it is ``monthly_eur`` for every month, all costs included; with them (2014-2020) it is
    participation costs and travel per year, installation once and ``monthly_eur`` of
    subsistence a month (at most ``max_months``)."""

    first_call_year: int
    last_call_year: int
    monthly_eur: Decimal
    nationality_cap_percent: int
    source: str
    participation_partner_eur: Decimal | None = None  # a year, Partner-country holder
    participation_programme_eur: Decimal | None = None  # a year, Programme-country holder
    travel_programme_eur: Decimal | None = None  # a year, Programme-country resident
    travel_near_eur: Decimal | None = None  # a year, Partner-country resident, < far_from_km
    travel_far_eur: Decimal | None = None  # a year, Partner-country resident, >= far_from_km
    installation_eur: Decimal | None = None  # once, Partner-country resident
    far_from_km: int | None = None
    max_months: int | None = None
    is_confirmed: bool = True

    @property
    def has_cost_lines(self) -> bool:
        return self.participation_partner_eur is not None

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
    ects: int,
    rate: ScholarshipRate,
    months_by_ects: dict[int, int],
    *,
    residence: str = PARTNER,
    distance_km: int | None = None,
) -> Scholarship:
    """The scholarship of a programme of ``ects`` credits: its months (60 ECTS: 12, 90: 18,
    120: 24), then the rate's lines, rounded to cents once at the end.

    2021-2027 (a rate without cost lines): the months times the monthly amount.
    2014-2020: participation costs and travel a year (pro rata for a part year) by
    ``residence`` ("partner" or "programme" scholarship holder), installation once for a
    Partner-country resident, subsistence a month up to ``max_months``. The travel band of a
    Partner-country resident depends on ``distance_km`` from the coordinating university;
    without it the lower band is counted and the line says so.

    Raises UnknownEcts for any other number of credits, ValueError for another residence.
    """
    if ects not in months_by_ects:
        raise UnknownEcts(ects)
    if residence not in RESIDENCES:
        raise ValueError(residence)
    months = months_by_ects[ects]
    monthly = rate.monthly_eur.quantize(CENT)
    if not rate.has_cost_lines:
        total = (rate.monthly_eur * months).quantize(CENT, rounding=ROUND_HALF_UP)
        lines = (
            ScholarshipLine("duration", None, {"ects": ects, "months": months}),
            ScholarshipLine(
                "monthly", monthly, {"first": rate.first_call_year, "last": rate.last_call_year}
            ),
            ScholarshipLine("total", total, {"months": months, "monthly": monthly}),
            ScholarshipLine("nationality_cap", None, {"percent": rate.nationality_cap_percent}),
            ScholarshipLine("eligibility", None, {}),
        )
        return Scholarship(months, monthly, total, lines)
    return _estimate_with_costs(ects, months, rate, residence, distance_km)


def _estimate_with_costs(
    ects: int, months: int, rate: ScholarshipRate, residence: str, distance_km: int | None
) -> Scholarship:
    years = Decimal(months) / 12
    partner = residence == PARTNER
    per_year = rate.participation_partner_eur if partner else rate.participation_programme_eur
    participation = per_year * years
    if partner:
        far = distance_km is not None and distance_km >= (rate.far_from_km or 0)
        travel_year = rate.travel_far_eur if far else rate.travel_near_eur
        band = "far" if far else ("near" if distance_km is not None else "unknown")
    else:
        travel_year, band = rate.travel_programme_eur, "programme"
    travel = travel_year * years
    installation = (rate.installation_eur or Decimal(0)) if partner else Decimal(0)
    paid_months = min(months, rate.max_months or months)
    subsistence = rate.monthly_eur * paid_months
    total = (participation + travel + installation + subsistence).quantize(
        CENT, rounding=ROUND_HALF_UP
    )
    years_text = f"{years.normalize():f}"
    lines = [
        ScholarshipLine("duration", None, {"ects": ects, "months": months}),
        ScholarshipLine(
            "participation",
            participation.quantize(CENT, rounding=ROUND_HALF_UP),
            {"per_year": per_year.quantize(CENT), "years": years_text, "residence": residence},
        ),
        ScholarshipLine(
            "travel",
            travel.quantize(CENT, rounding=ROUND_HALF_UP),
            {
                "per_year": travel_year.quantize(CENT),
                "years": years_text,
                "band": band,
                "km": rate.far_from_km,
                "distance": distance_km,
            },
        ),
    ]
    if partner:
        lines.append(ScholarshipLine("installation", installation.quantize(CENT), {}))
    lines += [
        ScholarshipLine(
            "subsistence",
            subsistence.quantize(CENT, rounding=ROUND_HALF_UP),
            {
                "months": paid_months,
                "monthly": rate.monthly_eur.quantize(CENT),
                "max_months": rate.max_months,
            },
        ),
        ScholarshipLine(
            "total_costs", total, {"first": rate.first_call_year, "last": rate.last_call_year}
        ),
        ScholarshipLine("subsistence_exceptions", None, {}),
        ScholarshipLine("residence", None, {"residence": residence}),
        ScholarshipLine("eligibility", None, {}),
    ]
    return Scholarship(months, rate.monthly_eur.quantize(CENT), total, tuple(lines))
