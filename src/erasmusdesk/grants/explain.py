"""The calculator's lines as translated text: what each line is, its rule, its numbers.

The pure calculator (calculator.py) names each rule with an English constant; this module
maps those constants and the line keys to translatable texts, so the public page, the API
and later the grant agreement explain every euro in the reader's language.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from erasmusdesk.grants import calculator as calc

LABELS = {
    "duration": _("Duration"),
    "february": _("Why February counts short"),
    "group": _("Country group"),
    "individual_support": _("Individual support"),
    "fewer_opportunities": _("Supplement for fewer opportunities"),
    "traineeship": _("Traineeship top-up"),
    "distance": _("Distance"),
    "travel": _("Travel support"),
    "travel_days": _("Travel days"),
    "total": _("Total"),
}

RULES = {
    calc.RULE_COMMISSION_DAYS: _(
        "Days counted as the European Commission does for long stays: every month has 30 "
        "days; (Y2-Y1) x 360 + (M2-M1) x 30 + (min(D2,30) - min(D1,30)) + 1."
    ),
    calc.RULE_CALENDAR_DAYS: _("Calendar days from the first to the last day, both included."),
    calc.RULE_GROUP: _("The host country's group in the rate table."),
    calc.RULE_STAFF_GROUP: _(
        "The host country's group for staff in the rate table, which groups staff countries "
        "differently from students."
    ),
    calc.RULE_FEBRUARY_END: _(
        "The stay ends on the last day of February. The formula counts every month as 30 days "
        "but takes that last day as it is, so February counts %(short_by)s days fewer: three "
        "calendar months from 1 December to 28 February count 88 days (2 months and 28 days), "
        "not 90."
    ),
    calc.RULE_PRO_RATA: _("Full months x monthly rate + remaining days x monthly rate / 30."),
    calc.RULE_STAFF: _("Days x daily rate."),
    calc.RULE_STAFF_REDUCED: _(
        "Daily rate up to the day before the reduction; from that day on, the reduced share "
        "of the daily rate."
    ),
    calc.RULE_NO_TRAINEESHIP_TOP_UP: _("The rate table has no traineeship top-up."),
    calc.RULE_NO_FEWER_OPPORTUNITIES: _(
        "The rate table has no supplement for participants with fewer opportunities."
    ),
    calc.RULE_FEWER_OPPORTUNITIES_STUDENTS_ONLY: _(
        "The monthly supplement for fewer opportunities applies to students only."
    ),
    calc.RULE_DISTANCE: _(
        "Great-circle distance between the two cities, rounded half up to whole kilometres; "
        "the band that includes it (both ends included) applies."
    ),
    calc.RULE_DISTANCE_BELOW_BANDS: _("The distance is below the first band."),
    calc.RULE_DISTANCE_NO_BAND: _("The distance is in no band of the table."),
    calc.RULE_TRAVEL_STANDARD: _("The band's amount for standard travel."),
    calc.RULE_TRAVEL_GREEN: _("The band's amount for green travel."),
    calc.RULE_TRAVEL_GREEN_MISSING: _(
        "Green travel, but the band has no green amount: the standard amount applies."
    ),
    calc.RULE_TRAVEL_TOO_SHORT: _("The distance is too short for travel support."),
    calc.RULE_TRAVEL_NO_BAND: _("No distance band applies: no travel support."),
    calc.RULE_TRAVEL_DAYS_STUDENT: _("Travel days x monthly rate / 30."),
    calc.RULE_TRAVEL_DAYS_STAFF: _("Travel days x daily rate."),
    calc.RULE_TOTAL: _("The exact sum of the amounts above, rounded once to cents."),
}

PARAMETERS = {
    "start": _("from"),
    "end": _("to"),
    "days": _("days"),
    "months": _("months"),
    "extra_days": _("remaining days"),
    "rate": _("rate (EUR)"),
    "group": _("group"),
    "country": _("country"),
    "km": _("kilometres"),
    "band_min": _("band from (km)"),
    "band_max": _("band to (km)"),
    "amount": _("amount (EUR)"),
    "travel_days": _("travel days"),
    "maximum": _("at most"),
    "reduced_from_day": _("reduced from day"),
    "reduced_percent": _("reduced share (%)"),
    "full_days": _("days at the full rate"),
    "reduced_days": _("days at the reduced rate"),
    "end_day": _("last day"),
    "short_by": _("days short of 30"),
}
_HIDDEN = {"distance_km", "exact", "travel_mode", "amount_kind"}


@dataclass(frozen=True)
class ExplainedLine:
    key: str
    label: str
    amount: Decimal | None
    rule: str
    numbers: str
    source: str


def _rule_text(line: calc.Line) -> str:
    """The line's rule in the active language, its numbers put in where the text names them."""
    text = str(RULES.get(line.rule, line.rule))
    if "%(" in text:
        return text % line.params
    return text


def explain(breakdown: calc.Breakdown) -> list[ExplainedLine]:
    """Every line of the breakdown with its label, rule and numbers in the active language.

    Money is shown to the cent; the total is the exact sum rounded once (calculator rule).
    """
    lines = []
    for line in breakdown.lines:
        amount = breakdown.total if line.key == "total" else line.amount
        lines.append(
            ExplainedLine(
                key=line.key,
                label=str(LABELS.get(line.key, line.key)),
                amount=calc.cents(amount) if amount is not None else None,
                rule=_rule_text(line),
                numbers="; ".join(
                    f"{PARAMETERS.get(name, name)} {value}"
                    for name, value in line.params.items()
                    if name not in _HIDDEN
                ),
                source=line.source,
            )
        )
    return lines
