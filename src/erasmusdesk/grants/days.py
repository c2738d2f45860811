"""Counting the days of a mobility: the Commission's 30-day months and plain calendar days.

Pure functions, no Django, no I/O. Rules and sources: ../shared/reference/erasmus-rules.md,
section 1 ("Duration and grant arithmetic").
"""

from datetime import date

DAYS_PER_MONTH = 30
DAYS_PER_YEAR = 360


def _check_order(start: date, end: date) -> None:
    if end < start:
        raise ValueError(
            f"The end date ({end.isoformat()}) is before the start date ({start.isoformat()})."
        )


def commission_days(start: date, end: date) -> int:
    """Days of a long-term student mobility in the European Commission's 30-day-month convention.

    Rule: every month has 30 days, February included, and both the start and the end date count::

        days = (Y2 - Y1) * 360 + (M2 - M1) * 30 + (min(D2, 30) - min(D1, 30)) + 1

    Source: EC Beneficiary Module documentation, "Duration Calculated (days)" (KA131); used
    for study and traineeship mobility (reference section 1).

    Known quirks of the formula, which we keep because the Commission's tool computes them so:

    * The 31st counts as the 30th: 1 Jan - 31 Jan is 30 days, and so is 1 Jan - 30 Jan;
      30 Jan - 31 Jan is 1 day, and 31 Jan - 31 Jan is 1 day too.
    * February is not stretched to 30 days when it is the end month: 1 Feb - 28 Feb 2027 is
      28 days (29 for 1 Feb - 29 Feb 2028), although 1 Mar - 31 Mar is 30 days. Crossing the
      end of February jumps: 28 Feb - 1 Mar 2027 is 4 days (two calendar days).
    * Consequently, a year from 1 March (1 Mar 2026 - 28 Feb 2027) is 358 days, not 360, while
      a year from any other first of the month (1 Sep 2026 - 31 Aug 2027) is 360 days.
    * The result is at least 1 whenever end >= start, and it never decreases as the end date
      moves later (it stays still from the 30th to the 31st).

    Raises ValueError when ``end`` is before ``start``.
    """
    _check_order(start, end)
    return (
        (end.year - start.year) * DAYS_PER_YEAR
        + (end.month - start.month) * DAYS_PER_MONTH
        + (min(end.day, DAYS_PER_MONTH) - min(start.day, DAYS_PER_MONTH))
        + 1
    )


def calendar_days(start: date, end: date) -> int:
    """Calendar days from ``start`` to ``end``, both included: ``end - start + 1``.

    Rule for staff and other short-term mobility (reference section 1, "Short-term and staff
    mobility: end - start + 1 calendar days"). 1 Mar - 14 Mar is 14 days; a one-day visit is 1.

    Raises ValueError when ``end`` is before ``start``.
    """
    _check_order(start, end)
    return (end - start).days + 1


def months_and_days(days: int) -> tuple[int, int]:
    """Split a number of days into full 30-day months and the remaining days.

    Rule: the Commission's 30-day months (reference section 1): 135 days are 4 months and
    15 days; 360 days are 12 months and 0 days.

    Raises ValueError for a negative number of days.
    """
    if days < 0:
        raise ValueError(f"A number of days cannot be negative ({days}).")
    return divmod(days, DAYS_PER_MONTH)
