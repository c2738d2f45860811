"""Grade normalisation and the language level (CEFR) of a language certificate.

Pure: no Django, no I/O. The tables are data (``defaults.py``, later edited in the back office)
and every function takes its table as a parameter, the shipped default when omitted. Bad input
raises ValueError with a message naming the scale and the rule.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum

from erasmusdesk.selection import defaults

RULE_GRADE = (
    "normalised grade = grade / highest grade of its scale (0 to 1); the office's default rule"
)
RULE_CERTIFICATE = (
    "the CEFR level whose lowest score is the highest one not above the certificate's score"
)


class CefrLevel(IntEnum):
    """The six CEFR levels; the value is the level's rank, A1 = 1 lowest to C2 = 6 highest.

    Source: Council of Europe, Common European Framework of Reference for Languages (2001,
    companion volume 2020), global scale A1 < A2 < B1 < B2 < C1 < C2.
    """

    A1 = 1
    A2 = 2
    B1 = 3
    B2 = 4
    C1 = 5
    C2 = 6

    def __str__(self) -> str:
        return self.name


def cefr_level(value: "str | int | CefrLevel") -> CefrLevel:
    """The level named by ``value``: "B2", "b2", 4 or ``CefrLevel.B2``; ValueError otherwise."""
    if isinstance(value, CefrLevel):
        return value
    if isinstance(value, str):
        try:
            return CefrLevel[value.strip().upper()]
        except KeyError:
            raise ValueError(f"{value!r} is not a CEFR level (A1, A2, B1, B2, C1, C2).") from None
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return CefrLevel(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a CEFR rank (1 = A1 to 6 = C2).") from None
    raise ValueError(f"{value!r} is not a CEFR level (A1, A2, B1, B2, C1, C2).")


def cefr_rank(level: CefrLevel | None) -> int:
    """The rank of a level, 1 (A1) to 6 (C2); 0 for no level (no certificate, or below A1)."""
    return 0 if level is None else int(level)


# --- Grades -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GradeScale:
    """A grading scale: ``minimum`` to ``maximum``, ``pass_mark`` the lowest passing grade."""

    code: str
    name: str
    minimum: Decimal
    maximum: Decimal
    pass_mark: Decimal
    confirmed: bool
    source: str

    def __post_init__(self) -> None:
        if not (0 <= self.minimum <= self.pass_mark <= self.maximum and self.maximum > 0):
            raise ValueError(
                f"Grade scale {self.code!r}: expected 0 <= minimum <= pass mark <= maximum "
                f"and maximum > 0, got {self.minimum}, {self.pass_mark}, {self.maximum}."
            )


def grade_scales(rows: Iterable[tuple] = defaults.GRADE_SCALES) -> dict[str, GradeScale]:
    """The grade scales by code, from rows shaped like ``defaults.GRADE_SCALES``."""
    scales: dict[str, GradeScale] = {}
    for code, name, minimum, maximum, pass_mark, confirmed, source in rows:
        if code in scales:
            raise ValueError(f"Grade scale {code!r} is defined twice.")
        scales[code] = GradeScale(
            code, name, Decimal(minimum), Decimal(maximum), Decimal(pass_mark), confirmed, source
        )
    return scales


DEFAULT_GRADE_SCALES = grade_scales()


def as_decimal(value: Decimal | int | float | str, what: str) -> Decimal:
    """``value`` as a finite Decimal; a float as the decimal it prints as (3.3 -> 3.3).

    Raises ValueError naming ``what`` for a bool, NaN, infinity or anything not a number.
    """
    if isinstance(value, bool) or not isinstance(value, Decimal | int | float | str):
        raise ValueError(f"{what} must be a number, not {value!r}.")
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except ArithmeticError:
        raise ValueError(f"{what} {value!r} is not a number.") from None
    if not number.is_finite():
        raise ValueError(f"{what} {value!r} is not a finite number.")
    return number


def normalise_grade(
    grade: Decimal | int | float | str,
    scale: str,
    scales: Mapping[str, GradeScale] = DEFAULT_GRADE_SCALES,
) -> Decimal:
    """The grade average on ``scale`` as a fraction of the scale's highest grade, 0 to 1.

    Rule (the office's default, ``RULE_GRADE``): linear, grade / maximum, so 3.2 on the
    four-point scale is 0.8, 4 on the five-point scale 0.8 and 80 % 0.8. It does not align the
    pass marks (1.00 / 4 = 0.25 but 50 / 100 = 0.5): applicants of one call should be graded on
    one scale, or the office should say in the call how other scales are converted.

    Raises ValueError for an unknown scale or a grade outside the scale's minimum..maximum.
    """
    if scale not in scales:
        raise ValueError(f"Unknown grade scale {scale!r}; known: {', '.join(sorted(scales))}.")
    table = scales[scale]
    value = as_decimal(grade, f"Grade on scale {scale!r}")
    if not table.minimum <= value <= table.maximum:
        raise ValueError(
            f"Grade {value} is outside the scale {scale!r} ({table.minimum} to {table.maximum})."
        )
    return value / table.maximum


def is_passing_grade(
    grade: Decimal | int | float | str,
    scale: str,
    scales: Mapping[str, GradeScale] = DEFAULT_GRADE_SCALES,
) -> bool:
    """Whether the grade is at or above the pass mark of its scale (validated as above)."""
    normalise_grade(grade, scale, scales)
    return as_decimal(grade, "Grade") >= scales[scale].pass_mark


# --- Language certificates ----------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateScale:
    """Scores of one language certificate and the lowest score of each CEFR level it maps.

    ``thresholds`` ascend strictly in both score and level; a score below the first threshold
    maps to no level.
    """

    code: str
    name: str
    minimum: Decimal
    maximum: Decimal
    thresholds: tuple[tuple[Decimal, CefrLevel], ...]
    confirmed: bool
    source: str

    def __post_init__(self) -> None:
        if not self.thresholds:
            raise ValueError(f"Certificate {self.code!r} has no CEFR thresholds.")
        scores = [score for score, _ in self.thresholds]
        levels = [level for _, level in self.thresholds]
        if scores != sorted(set(scores)) or levels != sorted(set(levels)):
            raise ValueError(
                f"Certificate {self.code!r}: thresholds must ascend strictly in score and level."
            )
        if not (self.minimum <= scores[0] and scores[-1] <= self.maximum):
            raise ValueError(
                f"Certificate {self.code!r}: thresholds outside {self.minimum}-{self.maximum}."
            )


def certificate_scales(
    rows: Iterable[tuple] = defaults.CERTIFICATE_SCALES,
) -> dict[str, CertificateScale]:
    """The certificate scales by code, from rows shaped like ``defaults.CERTIFICATE_SCALES``."""
    scales: dict[str, CertificateScale] = {}
    for code, name, minimum, maximum, thresholds, confirmed, source in rows:
        if code in scales:
            raise ValueError(f"Certificate {code!r} is defined twice.")
        scales[code] = CertificateScale(
            code,
            name,
            Decimal(minimum),
            Decimal(maximum),
            tuple((Decimal(score), cefr_level(level)) for score, level in thresholds),
            confirmed,
            source,
        )
    return scales


DEFAULT_CERTIFICATE_SCALES = certificate_scales()


def certificate_cefr(
    certificate: str,
    score: Decimal | int | float | str,
    scales: Mapping[str, CertificateScale] = DEFAULT_CERTIFICATE_SCALES,
) -> CefrLevel | None:
    """The CEFR level a certificate's overall score shows, or None below the lowest mapped level.

    Rule (``RULE_CERTIFICATE``): the level of the highest threshold not above the score, both
    ends of each band inclusive as the publishers write them (IELTS 5.5-6.5 is B2: 5.5 is B2,
    6.5 is B2, 7.0 is C1). Scores are taken as given: a score between published steps (IELTS
    6.75) falls in the band below the next threshold.

    Raises ValueError for an unknown certificate or a score outside its range.
    """
    if certificate not in scales:
        raise ValueError(
            f"Unknown language certificate {certificate!r}; known: {', '.join(sorted(scales))}."
        )
    table = scales[certificate]
    value = as_decimal(score, f"Score of {certificate!r}")
    if not table.minimum <= value <= table.maximum:
        raise ValueError(
            f"Score {value} is outside the range of {table.name} ({table.minimum} to "
            f"{table.maximum})."
        )
    level = None
    for lowest, threshold_level in table.thresholds:
        if value < lowest:
            break
        level = threshold_level
    return level
