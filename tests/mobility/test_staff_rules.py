"""The teaching minimum of a staff mobility for teaching (Programme Guide 2026): 8 hours a
week, or for any shorter stay; the incomplete week of a longer stay pro rata."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from erasmusdesk.mobility.staff_rules import minimum_teaching_hours, stay_days

EIGHT = Decimal("8")


@pytest.mark.parametrize(
    "days, minimum",
    [
        (1, "8"),
        (2, "8"),
        (7, "8"),
        (8, "9.2"),  # 8 + 8/7 = 9.14 -> 9.2
        (10, "11.5"),
        (14, "16"),
        (15, "17.2"),
        (30, "34.3"),  # 4 weeks and 2 days: 32 + 2.29
    ],
)
def test_the_minimum_by_the_days_of_the_stay(days, minimum):
    assert minimum_teaching_hours(days, EIGHT) == Decimal(minimum)


def test_the_weekly_figure_is_data():
    assert minimum_teaching_hours(14, Decimal("10")) == Decimal("20")


def test_a_stay_counts_both_ends():
    first = date(2027, 3, 1)  # any day: the count is what matters
    assert stay_days(first, first) == 1
    assert stay_days(first, first + timedelta(days=6)) == 7


def test_a_stay_without_days_is_an_error():
    with pytest.raises(ValueError):
        minimum_teaching_hours(0, EIGHT)
