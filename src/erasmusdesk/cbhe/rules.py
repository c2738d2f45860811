"""The rules of a Capacity Building in Higher Education project idea (pure: no Django).

Per range of call years (defaults.py ships them as the office's editable rows):

- duration by strand: strands 1 and 2 last 24 or 36 months; strand 3 lasts 36 or 48 months
  from the 2025 call;
- the consortium (Programme Guide 2021-2027 as quoted by erasmusplus.org.il/cbhe): at least
  2 EU Member States or associated countries, each with at least 1 higher education
  institution (HEI); the eligible third countries not associated to the Programme each with
  at least 2 HEIs (a national project has one such country, a multi-country project at least
  2; strand 3 projects are multi-country); and at least as many organisations from third
  countries not associated as from Member States and associated countries.
"""

from dataclasses import dataclass, field
from enum import StrEnum


class Strand(StrEnum):
    ACCESS = "1"  # fostering access to cooperation
    PARTNERSHIPS = "2"  # partnerships for transformation
    STRUCTURAL_REFORM = "3"


RULE_NO_RULES = "no_rules_for_call_year"
RULE_DURATION = "duration_allowed"
RULE_PROGRAMME_COUNTRIES = "min_programme_countries"
RULE_HEIS_PER_PROGRAMME_COUNTRY = "min_heis_per_programme_country"
RULE_THIRD_COUNTRIES = "min_third_countries"
RULE_HEIS_PER_THIRD_COUNTRY = "min_heis_per_third_country"
RULE_BALANCE = "third_countries_at_least_as_many"


@dataclass(frozen=True)
class IdeaRules:
    first_call_year: int
    last_call_year: int
    durations: dict[str, tuple[int, ...]]  # strand -> allowed months
    programme_countries: frozenset[str]
    source: str
    min_programme_countries: int = 2
    min_heis_per_programme_country: int = 1
    min_third_countries: dict[str, int] = field(default_factory=lambda: {"1": 1, "2": 1, "3": 2})
    min_heis_per_third_country: int = 2

    def covers(self, year: int) -> bool:
        return self.first_call_year <= year <= self.last_call_year


@dataclass(frozen=True)
class Partner:
    name: str
    country: str
    is_hei: bool = True


@dataclass(frozen=True)
class Problem:
    field: str
    rule: str
    values: dict = field(default_factory=dict)


def rules_for(rows: list[IdeaRules], year: int) -> IdeaRules | None:
    matching = [row for row in rows if row.covers(year)]
    return max(matching, key=lambda row: row.first_call_year, default=None)


def check_idea(
    *,
    strand: Strand,
    duration_months: int,
    partners: list[Partner],
    call_year: int,
    rules: IdeaRules | None,
) -> list[Problem]:
    """Every rule a project idea breaks (duration, then the consortium); [] when none."""
    if rules is None:
        return [Problem("call_year", RULE_NO_RULES, {"call_year": call_year})]
    problems = []
    allowed = rules.durations.get(str(strand), ())
    if duration_months not in allowed:
        problems.append(
            Problem(
                "duration_months",
                RULE_DURATION,
                {"months": duration_months, "allowed": tuple(allowed), "strand": str(strand)},
            )
        )
    programme: dict[str, list[Partner]] = {}
    third: dict[str, list[Partner]] = {}
    for partner in partners:
        country = partner.country.upper()
        side = programme if country in rules.programme_countries else third
        side.setdefault(country, []).append(partner)

    def heis(members):
        return sum(1 for member in members if member.is_hei)

    with_hei = [c for c, members in programme.items() if heis(members) >= 1]
    if len(with_hei) < rules.min_programme_countries:
        problems.append(
            Problem(
                "partners",
                RULE_PROGRAMME_COUNTRIES,
                {
                    "count": len(with_hei),
                    "minimum": rules.min_programme_countries,
                    "heis": rules.min_heis_per_programme_country,
                },
            )
        )
    minimum_third = rules.min_third_countries.get(str(strand), 1)
    if len(third) < minimum_third:
        problems.append(
            Problem(
                "partners",
                RULE_THIRD_COUNTRIES,
                {"count": len(third), "minimum": minimum_third, "strand": str(strand)},
            )
        )
    for country, members in sorted(third.items()):
        if heis(members) < rules.min_heis_per_third_country:
            problems.append(
                Problem(
                    "partners",
                    RULE_HEIS_PER_THIRD_COUNTRY,
                    {
                        "country": country,
                        "count": heis(members),
                        "minimum": rules.min_heis_per_third_country,
                    },
                )
            )
    from_programme = sum(len(members) for members in programme.values())
    from_third = sum(len(members) for members in third.values())
    if from_third < from_programme:
        problems.append(
            Problem("partners", RULE_BALANCE, {"third": from_third, "programme": from_programme})
        )
    return problems
