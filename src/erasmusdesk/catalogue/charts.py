"""Server-drawn SVG bar charts: readable without JavaScript and allowed by a strict CSP."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

# Geometry of the SVG (viewBox 760 wide): labels on the left, bars from x=290, 360 long at most.
BAR_START = 290
BAR_AREA = 360


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | Decimal
    value_text: str
    y: int
    width: float
    text_x: float


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    height: int
    bar_start: int = BAR_START


def bar_chart(
    rows: list[tuple[str, int | Decimal]], *, value_text: Callable[[int | Decimal], str]
) -> BarChart:
    """Horizontal bars scaled to the largest value; each bar keeps its number as text
    (``value_text`` writes it with its unit, in the right plural form)."""
    largest = max(value for _label, value in rows) or 1
    row_height = 34
    bars = [
        Bar(
            label=label,
            value=value,
            value_text=value_text(value),
            y=index * row_height,
            width=round(BAR_AREA * value / largest, 1),
            text_x=round(BAR_START + BAR_AREA * value / largest + 8, 1),
        )
        for index, (label, value) in enumerate(rows)
    ]
    return BarChart(bars=bars, height=len(rows) * row_height)
