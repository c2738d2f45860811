"""Day counting: the Commission's 30-day months (students) and calendar days (staff).

Worked by hand with days = (Y2-Y1)*360 + (M2-M1)*30 + (min(D2,30) - min(D1,30)) + 1.
"""

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from erasmusdesk.grants.days import calendar_days, commission_days, months_and_days

DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


# --- commission_days: worked examples ------------------------------------------------------


def test_commission_days_one_day_mobility_is_1():
    # 0 + 0 + (15 - 15) + 1 = 1
    assert commission_days(date(2027, 3, 15), date(2027, 3, 15)) == 1


def test_commission_days_january_is_30_whether_it_ends_on_the_30th_or_31st():
    # 1 Jan - 31 Jan: (min(31,30) - 1) + 1 = 30; 1 Jan - 30 Jan: (30 - 1) + 1 = 30
    assert commission_days(date(2027, 1, 1), date(2027, 1, 31)) == 30
    assert commission_days(date(2027, 1, 1), date(2027, 1, 30)) == 30


def test_commission_days_the_31st_counts_as_the_30th():
    # 30 Jan - 31 Jan: (30 - 30) + 1 = 1, the same as a single day
    assert commission_days(date(2027, 1, 30), date(2027, 1, 31)) == 1
    # 31 Jan - 31 Jan: (30 - 30) + 1 = 1
    assert commission_days(date(2027, 1, 31), date(2027, 1, 31)) == 1
    # 31 Jan - 1 Feb: 30 + (1 - 30) + 1 = 2
    assert commission_days(date(2027, 1, 31), date(2027, 2, 1)) == 2


def test_commission_days_february_as_end_month_is_not_stretched_to_30():
    # 1 Feb - 28 Feb 2027: (28 - 1) + 1 = 28, although it is a whole calendar month
    assert commission_days(date(2027, 2, 1), date(2027, 2, 28)) == 28
    # leap year, 1 Feb - 29 Feb 2028: (29 - 1) + 1 = 29
    assert commission_days(date(2028, 2, 1), date(2028, 2, 29)) == 29


def test_commission_days_crossing_the_end_of_february_jumps():
    # 28 Feb - 1 Mar 2027 (two calendar days): 30 + (1 - 28) + 1 = 4
    assert commission_days(date(2027, 2, 28), date(2027, 3, 1)) == 4
    # 1 Feb - 1 Mar 2027: 30 + (1 - 1) + 1 = 31
    assert commission_days(date(2027, 2, 1), date(2027, 3, 1)) == 31


def test_commission_days_from_mid_february_to_mid_march_is_one_month():
    # 15 Feb - 14 Mar 2027: 30 + (14 - 15) + 1 = 30
    assert commission_days(date(2027, 2, 15), date(2027, 3, 14)) == 30


def test_commission_days_autumn_semester_is_4_months_and_15_days():
    # 1 Sep 2026 - 15 Jan 2027: 360 + (1 - 9)*30 + (15 - 1) + 1 = 360 - 240 + 15 = 135
    assert commission_days(date(2026, 9, 1), date(2027, 1, 15)) == 135


def test_commission_days_academic_year_to_end_of_june_is_300():
    # 1 Sep 2026 - 30 Jun 2027: 360 + (6 - 9)*30 + (30 - 1) + 1 = 360 - 90 + 30 = 300 (10 months)
    assert commission_days(date(2026, 9, 1), date(2027, 6, 30)) == 300


def test_commission_days_september_to_august_is_360():
    # 1 Sep 2026 - 31 Aug 2027: 360 + (8 - 9)*30 + (30 - 1) + 1 = 360
    assert commission_days(date(2026, 9, 1), date(2027, 8, 31)) == 360


def test_commission_days_a_year_from_1_march_is_358_or_359():
    # 1 Mar 2026 - 28 Feb 2027: 360 + (2 - 3)*30 + (28 - 1) + 1 = 358
    assert commission_days(date(2026, 3, 1), date(2027, 2, 28)) == 358
    # 1 Mar 2027 - 29 Feb 2028 (leap): 360 - 30 + (29 - 1) + 1 = 359
    assert commission_days(date(2027, 3, 1), date(2028, 2, 29)) == 359


def test_commission_days_a_year_from_the_31st_is_361():
    # 31 Mar 2026 - 30 Mar 2027: 360 + 0 + (30 - 30) + 1 = 361
    assert commission_days(date(2026, 3, 31), date(2027, 3, 30)) == 361


def test_commission_days_end_before_start_is_refused():
    with pytest.raises(ValueError) as error:
        commission_days(date(2027, 1, 2), date(2027, 1, 1))
    assert str(error.value) == "The end date (2027-01-01) is before the start date (2027-01-02)."


# --- commission_days: properties -----------------------------------------------------------


@given(DATES, DATES, DATES)
def test_commission_days_is_monotone_in_the_end_date(start, end1, end2):
    start, end1, end2 = sorted((start, end1, end2))
    assert 1 <= commission_days(start, end1) <= commission_days(start, end2)


def _one_year_later_minus_a_day(start: date) -> date:
    return date(start.year + 1, start.month, start.day) - timedelta(days=1)


@given(DATES.filter(lambda d: d.day <= 28 and (d.month, d.day) != (3, 1)))
def test_commission_days_of_a_one_year_span_is_360(start):
    # Holds for start days 1-28 except 1 March, whose year ends on the last day of February
    # (358 or 359: see the worked example above).
    assert commission_days(start, _one_year_later_minus_a_day(start)) == 360


@given(st.integers(min_value=2000, max_value=2098))
def test_commission_days_of_a_one_year_span_from_1_march_is_short(year):
    start = date(year, 3, 1)
    end = _one_year_later_minus_a_day(start)  # the last day of February
    assert commission_days(start, end) == 330 + end.day


def _additive_split(day: date) -> bool:
    """Whether days(a, b) + days(b + 1, c) == days(a, c) for the split day b = ``day``.

    With f(d) = 360*Y + 30*M + min(D, 30), days(a, b) = f(b) - f(a) + 1, so the sum is
    days(a, c) + 1 - (f(b + 1) - f(b)): additivity holds exactly when the next day is one step
    further in f. That fails in two cases only: b is the 30th of a 31-day month (the 31st adds
    nothing to f; the sum is 1 too many), or b is the last day of February (the step to 1 March
    is 3, or 2 in a leap year; the sum is 2, or 1, too few). Any a <= b < c.
    """
    month_length = calendar.monthrange(day.year, day.month)[1]
    if day.day == 30 and month_length == 31:
        return False
    return not (day.month == 2 and day.day == month_length)


@given(DATES, DATES, DATES)
def test_commission_days_is_additive_exactly_when_the_split_day_allows(a, b, c):
    a, b, c = sorted((a, b, c))
    if b == c:
        return
    together = commission_days(a, c)
    split = commission_days(a, b) + commission_days(b + timedelta(days=1), c)
    assert (split == together) == _additive_split(b)


@given(DATES, DATES, DATES)
def test_commission_days_is_additive_over_consecutive_periods(a, b, c):
    a, b, c = sorted((a, b, c))
    if b == c or not _additive_split(b):
        return
    assert commission_days(a, b) + commission_days(b + timedelta(days=1), c) == commission_days(
        a, c
    )


def test_commission_days_split_on_the_30th_of_january_counts_the_31st_again():
    # 1 Jan - 30 Jan = 30, 31 Jan - 28 Feb = 30 + (28 - 30) + 1 = 29; 1 Jan - 28 Feb = 58
    assert commission_days(date(2027, 1, 1), date(2027, 1, 30)) == 30
    assert commission_days(date(2027, 1, 31), date(2027, 2, 28)) == 29
    assert commission_days(date(2027, 1, 1), date(2027, 2, 28)) == 58


def test_commission_days_split_at_the_end_of_february_loses_days():
    # 1 Feb - 28 Feb 2027 = 28 and 1 Mar - 31 Mar = (30 - 1) + 1 = 30 make 58, while the whole
    # period 1 Feb - 31 Mar is 30 + (30 - 1) + 1 = 60: the split loses 2 days.
    assert commission_days(date(2027, 2, 1), date(2027, 2, 28)) == 28
    assert commission_days(date(2027, 3, 1), date(2027, 3, 31)) == 30
    assert commission_days(date(2027, 2, 1), date(2027, 3, 31)) == 60


# --- calendar_days --------------------------------------------------------------------------


def test_calendar_days_one_day_is_1():
    assert calendar_days(date(2027, 3, 15), date(2027, 3, 15)) == 1


def test_calendar_days_counts_every_day_of_the_month():
    assert calendar_days(date(2027, 1, 1), date(2027, 1, 31)) == 31
    assert calendar_days(date(2027, 2, 1), date(2027, 2, 28)) == 28


def test_calendar_days_across_a_leap_february():
    # 28 Feb, 29 Feb, 1 Mar 2028
    assert calendar_days(date(2028, 2, 28), date(2028, 3, 1)) == 3


def test_calendar_days_end_before_start_is_refused():
    with pytest.raises(ValueError) as error:
        calendar_days(date(2027, 3, 2), date(2027, 3, 1))
    assert str(error.value) == "The end date (2027-03-01) is before the start date (2027-03-02)."


# --- months_and_days ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "expected"),
    [(0, (0, 0)), (1, (0, 1)), (29, (0, 29)), (30, (1, 0)), (135, (4, 15)), (360, (12, 0))],
)
def test_months_and_days_splits_in_30_day_months(days, expected):
    assert months_and_days(days) == expected


def test_months_and_days_negative_is_refused():
    with pytest.raises(ValueError) as error:
        months_and_days(-1)
    assert str(error.value) == "A number of days cannot be negative (-1)."
