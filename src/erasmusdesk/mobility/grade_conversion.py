"""Grade conversion by grading distribution tables: pure, no Django.

Rule (ECTS Users' Guide 2015, 4.3.1 and appendix; the Egracons method): each institution
publishes, per reference group (ISCED-F field and cycle), the percentage of the passing
grades it gave for each grade over at least two years. Ordered from the best grade, the
cumulative percentages cut the range 0-100 % into one band per grade. A host grade maps to
the home grade whose band overlaps the host grade's band most. Where two home grades
overlap equally, the better one is given (the student is not penalised by the rounding of
a table); a band edge that only touches another band does not overlap it.
"""

from dataclasses import dataclass
from decimal import Decimal

HUNDRED = Decimal("100")
TOLERANCE = Decimal("0.5")  # a table's shares must add up to 100 % within this


@dataclass(frozen=True)
class Band:
    grade: str
    low: Decimal  # cumulative percentage above which the grade starts (0 = the best)
    high: Decimal

    @property
    def width(self) -> Decimal:
        return self.high - self.low


@dataclass(frozen=True)
class Conversion:
    host: Band
    home: Band
    overlap: Decimal


class TableError(ValueError):
    """A grading table that cannot be used: its shares, or a grade it does not have."""


def bands(shares: list[tuple[str, Decimal]]) -> list[Band]:
    """The bands of a table given as (grade, percentage) from the best grade. Raises
    TableError when the shares are negative or do not add up to 100 % (within 0.5)."""
    if not shares:
        raise TableError("The table has no grades.")
    total = sum((Decimal(p) for _g, p in shares), Decimal(0))
    if any(Decimal(p) < 0 for _g, p in shares):
        raise TableError("A percentage is negative.")
    if abs(total - HUNDRED) > TOLERANCE:
        raise TableError(f"The percentages add up to {total}, not 100.")
    found, low = [], Decimal(0)
    for grade, share in shares:
        high = low + Decimal(share) * HUNDRED / total
        found.append(Band(grade, low, high))
        low = high
    return found


def convert(grade: str, host: list[tuple[str, Decimal]], home: list[tuple[str, Decimal]]):
    """The home grade of host ``grade`` (see the module's rule), with both bands and their
    overlap. Raises TableError when ``grade`` is not in the host's table."""
    host_bands = {band.grade: band for band in bands(host)}
    if grade not in host_bands:
        raise TableError(f"The grade {grade} is not in the host's table.")
    band = host_bands[grade]
    best = None
    for candidate in bands(home):
        overlap = min(band.high, candidate.high) - max(band.low, candidate.low)
        if overlap <= 0 and not (band.width == 0 and candidate.low <= band.low < candidate.high):
            continue
        if best is None or overlap > best.overlap:
            best = Conversion(band, candidate, max(overlap, Decimal(0)))
    if best is None:  # a zero-width host band at the very end of the range
        last = bands(home)[-1]
        best = Conversion(band, last, Decimal(0))
    return best


def percent(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))} %"


@dataclass(frozen=True)
class Combined:
    """Several host results recognised as one home component: their credit-weighted
    position in the host's ranking (the mean of their bands' middles) and the home grade
    whose band holds that position."""

    position: Decimal
    home: Band


def convert_many(
    graded: list[tuple[str, Decimal]], host: list[tuple[str, Decimal]], home
) -> Combined:
    """The home grade of several host results (grade, credits), each placed at the middle
    of its host band, weighted by credits; a position on a band edge takes the better
    grade's band."""
    host_bands = {band.grade: band for band in bands(host)}
    total = sum((Decimal(c) for _g, c in graded), Decimal(0))
    if not graded or total <= 0:
        raise TableError("No credits to combine.")
    for grade, _credits in graded:
        if grade not in host_bands:
            raise TableError(f"The grade {grade} is not in the host's table.")
    position = (
        sum(
            ((host_bands[g].low + host_bands[g].high) / 2 * Decimal(c) for g, c in graded),
            Decimal(0),
        )
        / total
    )
    home_bands = bands(home)
    for band in home_bands:
        if position <= band.high:
            return Combined(position, band)
    return Combined(position, home_bands[-1])
