"""Which Erasmus+ opportunity fits a visitor (pure: no Django, no I/O).

The office's rules (advisor/models.py ``FitRule``, sourced defaults in defaults.py) say, per
opportunity of the catalogue and, for credit mobility, per activity, who may take part: the
role (student, teacher, staff), the students' levels and year, a first degree, a language
level, the teachers' positions. ``assess`` marks every opportunity as fitting or not, with
each reason as a code and its numbers (explain.py writes them in the reader's language).
"""

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    STUDENT = "student"
    TEACHER = "teacher"
    STAFF = "staff"


class Level(StrEnum):
    BACHELOR = "bachelor"
    MASTER = "master"
    DOCTORAL = "doctoral"


CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")

REASON_ROLE_FITS = "role_fits"
REASON_ROLE_NOT = "role_not_eligible"
REASON_INSTITUTIONAL = "institution_applies"
REASON_LEVEL_NOT = "level_not_eligible"
REASON_LEVEL_MISSING = "level_missing"
REASON_YEAR_TOO_EARLY = "year_too_early"
REASON_YEAR_MISSING = "year_missing"
REASON_DEGREE_HELD = "first_degree_held"
REASON_DEGREE_NEEDED = "first_degree_needed"
REASON_LANGUAGE_BELOW = "language_below"
REASON_LANGUAGE_ADVISED = "language_advised"
REASON_POSITION_FITS = "position_fits"
REASON_POSITION_NOT = "position_not_eligible"
REASON_POSITION_MISSING = "position_missing"
REASON_NO_RULES = "no_rules"


@dataclass(frozen=True)
class Visitor:
    role: Role
    level: Level | None = None
    year: int | None = None  # year of study, 1 = the first
    has_degree: bool | None = None  # a first degree (bachelor's or recognised equivalent)
    language: str | None = None  # CEFR level of the language of instruction, e.g. "B2"
    position: str | None = None  # teachers: professor, senior_lecturer, lecturer, researcher

    @property
    def holds_first_degree(self) -> bool:
        """A master's or doctoral student holds a first degree by definition."""
        return bool(self.has_degree) or self.level in (Level.MASTER, Level.DOCTORAL)


@dataclass(frozen=True)
class Rule:
    """Who may take part in one opportunity (and activity); ``roles`` empty: the institution
    applies, nobody takes part on their own."""

    slug: str
    source: str
    activity: str = ""  # study, traineeship, teaching, training; "" for the whole opportunity
    roles: tuple[Role, ...] = ()
    levels: tuple[Level, ...] = ()  # students: empty means any level
    min_year_bachelor: int | None = None  # bachelor students from this year of study on
    needs_first_degree: bool = False
    min_language: str | None = None  # CEFR
    positions: tuple[str, ...] = ()  # teachers: empty means any position


@dataclass(frozen=True)
class Reason:
    code: str
    fits: bool  # whether this reason speaks for the fit (False: it rules it out)
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Path:
    """One way into an opportunity (an activity, or the whole opportunity)."""

    activity: str
    fits: bool
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Assessment:
    slug: str
    fits: bool
    paths: tuple[Path, ...]


def assess_rule(visitor: Visitor, rule: Rule) -> Path:
    """Whether ``visitor`` fits ``rule``, with every reason (those against first)."""
    reasons: list[Reason] = []
    if not rule.roles:
        return Path(rule.activity, False, (Reason(REASON_INSTITUTIONAL, False),))
    if visitor.role not in rule.roles:
        return Path(
            rule.activity,
            False,
            (Reason(REASON_ROLE_NOT, False, {"role": visitor.role, "roles": rule.roles}),),
        )
    reasons.append(Reason(REASON_ROLE_FITS, True, {"role": visitor.role}))
    if visitor.role == Role.STUDENT:
        reasons += _student(visitor, rule)
    if visitor.role == Role.TEACHER and rule.positions:
        if visitor.position is None:
            reasons.append(Reason(REASON_POSITION_MISSING, False, {"positions": rule.positions}))
        elif visitor.position in rule.positions:
            reasons.append(Reason(REASON_POSITION_FITS, True, {"position": visitor.position}))
        else:
            reasons.append(
                Reason(
                    REASON_POSITION_NOT,
                    False,
                    {"position": visitor.position, "positions": rule.positions},
                )
            )
    fits = all(reason.fits for reason in reasons)
    ordered = sorted(reasons, key=lambda reason: reason.fits)
    return Path(rule.activity, fits, tuple(ordered))


def _student(visitor: Visitor, rule: Rule) -> list[Reason]:
    reasons = []
    if rule.levels:
        if visitor.level is None:
            reasons.append(Reason(REASON_LEVEL_MISSING, False, {"levels": rule.levels}))
        elif visitor.level not in rule.levels:
            reasons.append(
                Reason(REASON_LEVEL_NOT, False, {"level": visitor.level, "levels": rule.levels})
            )
    if rule.min_year_bachelor is not None and visitor.level == Level.BACHELOR:
        if visitor.year is None:
            reasons.append(Reason(REASON_YEAR_MISSING, False, {"minimum": rule.min_year_bachelor}))
        elif visitor.year < rule.min_year_bachelor:
            reasons.append(
                Reason(
                    REASON_YEAR_TOO_EARLY,
                    False,
                    {"year": visitor.year, "minimum": rule.min_year_bachelor},
                )
            )
    if rule.needs_first_degree:
        if visitor.holds_first_degree:
            reasons.append(Reason(REASON_DEGREE_HELD, True))
        else:
            reasons.append(Reason(REASON_DEGREE_NEEDED, False))
    if rule.min_language:
        if visitor.language and CEFR.index(visitor.language) < CEFR.index(rule.min_language):
            reasons.append(
                Reason(
                    REASON_LANGUAGE_BELOW,
                    False,
                    {"language": visitor.language, "minimum": rule.min_language},
                )
            )
        else:
            reasons.append(Reason(REASON_LANGUAGE_ADVISED, True, {"minimum": rule.min_language}))
    return reasons


def assess(visitor: Visitor, slugs: list[str], rules: list[Rule]) -> list[Assessment]:
    """Every opportunity of ``slugs`` (the catalogue's order), fitting when one of its paths
    fits; an opportunity without rules does not fit and says so."""
    assessments = []
    for slug in slugs:
        paths = tuple(assess_rule(visitor, rule) for rule in rules if rule.slug == slug)
        if not paths:
            paths = (Path("", False, (Reason(REASON_NO_RULES, False),)),)
        assessments.append(Assessment(slug, any(path.fits for path in paths), paths))
    return assessments
