"""The teaching minimum of a staff mobility for teaching (pure: no Django).

Programme Guide 2026, part B, "Mobility projects for higher education students and staff",
staff mobility for teaching: "The teaching activity must comprise a minimum of 8 hours per
week (or any shorter period of stay). If the mobility lasts longer than one week, the minimum
number of teaching hours for an incomplete week should be proportional to the duration of
that week." The weekly figure is data (``MobilityRules.staff_teaching_hours_per_week``); a
week here is 7 calendar days of the stay, first and last day included.
"""

from decimal import ROUND_UP, Decimal

WEEK_DAYS = 7
TENTH = Decimal("0.1")


def stay_days(first_day, last_day) -> int:
    """The days of the stay, both ends included."""
    return (last_day - first_day).days + 1


def minimum_teaching_hours(days: int, per_week: Decimal) -> Decimal:
    """The fewest teaching hours a stay of ``days`` days needs: ``per_week`` for a stay of
    up to one week; beyond it, ``per_week`` for each full week and the same share of it for
    the incomplete week as its days are of 7; rounded up to a tenth of an hour."""
    if days < 1:
        raise ValueError("a stay has at least one day")
    full_weeks, rest = divmod(days, WEEK_DAYS)
    if full_weeks == 0:
        return Decimal(per_week)
    hours = Decimal(per_week) * full_weeks + Decimal(per_week) * rest / WEEK_DAYS
    return hours.quantize(TENTH, rounding=ROUND_UP)
