"""The deadline rules: end of day in Asia/Almaty (UTC+5), and the derived status."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from erasmusdesk.calls.deadlines import (
    CallStatus,
    Schedule,
    cycle_accepting_on,
    end_of_day,
    remaining,
)

ALMATY = ZoneInfo("Asia/Almaty")
OPENS = datetime(2026, 10, 1, 0, 0, tzinfo=ALMATY)
DEADLINE = end_of_day(date(2027, 1, 15), ALMATY)
LATE = end_of_day(date(2027, 5, 1), ALMATY)
SCHEDULE = Schedule(OPENS, DEADLINE, LATE)


def test_almaty_is_utc_plus_five_after_march_2024():
    assert datetime(2027, 1, 15, tzinfo=ALMATY).utcoffset() == timedelta(hours=5)


def test_end_of_day_is_the_last_instant_of_the_local_day():
    assert DEADLINE.astimezone(UTC) == datetime(2027, 1, 15, 18, 59, 59, 999999, tzinfo=UTC)


def test_last_second_of_the_deadline_day_is_open():
    last_second = datetime(2027, 1, 15, 18, 59, 59, 500000, tzinfo=UTC)  # 23:59:59.5 local
    assert SCHEDULE.status(last_second) is CallStatus.OPEN


def test_first_second_after_the_deadline_day_is_the_late_round():
    next_day = datetime(2027, 1, 15, 19, 0, 0, tzinfo=UTC)  # 16 January 00:00:00 local
    assert SCHEDULE.status(next_day) is CallStatus.LATE


def test_without_a_late_deadline_the_next_second_is_closed():
    schedule = Schedule(OPENS, DEADLINE)
    assert schedule.status(datetime(2027, 1, 15, 19, 0, 0, tzinfo=UTC)) is CallStatus.CLOSED


def test_deadline_day_in_utc_is_still_open_at_local_evening():
    # 15 January 20:00 in Almaty is 15:00 UTC: a UTC reading of "the 15th" would also say open,
    # but 16 January 02:00 Almaty (15 January 21:00 UTC) must not.
    assert SCHEDULE.status(datetime(2027, 1, 15, 15, 0, tzinfo=UTC)) is CallStatus.OPEN
    assert SCHEDULE.status(datetime(2027, 1, 15, 21, 0, tzinfo=UTC)) is CallStatus.LATE


@pytest.mark.parametrize(
    ("instant", "status"),
    [
        (OPENS - timedelta(microseconds=1), CallStatus.UPCOMING),
        (OPENS, CallStatus.OPEN),
        (DEADLINE, CallStatus.OPEN),
        (LATE, CallStatus.LATE),
        (LATE + timedelta(microseconds=1), CallStatus.CLOSED),
    ],
)
def test_status_at_each_boundary(instant, status):
    assert SCHEDULE.status(instant) is status


def test_closing_early_closes_from_that_instant():
    closed_at = datetime(2026, 12, 1, 12, 0, tzinfo=ALMATY)
    schedule = Schedule(OPENS, DEADLINE, LATE, closed_at)
    assert schedule.status(closed_at - timedelta(seconds=1)) is CallStatus.OPEN
    assert schedule.status(closed_at) is CallStatus.CLOSED
    assert schedule.accepts_applications(closed_at) is False


def test_next_moment_follows_the_status():
    assert SCHEDULE.next_moment(OPENS - timedelta(days=1)) == OPENS
    assert SCHEDULE.next_moment(OPENS) == DEADLINE
    assert SCHEDULE.next_moment(DEADLINE + timedelta(seconds=1)) == LATE
    assert SCHEDULE.next_moment(LATE + timedelta(seconds=1)) is None


def test_remaining_counts_whole_days_hours_minutes():
    now = datetime(2027, 1, 13, 10, 30, tzinfo=ALMATY)
    assert remaining(now, DEADLINE) == (2, 13, 29)
    assert remaining(DEADLINE + timedelta(days=1), DEADLINE) == (0, 0, 0)


@pytest.mark.parametrize(
    ("today", "year", "opens"),
    [
        (date(2026, 10, 1), 2026, date(2026, 10, 1)),  # the opening day: the new cycle
        (date(2027, 1, 15), 2026, date(2026, 10, 1)),  # the deadline day
        (date(2027, 1, 16), 2026, date(2026, 10, 1)),  # the late round
        (date(2027, 5, 1), 2026, date(2026, 10, 1)),  # the last day of the late round
        (date(2027, 5, 2), 2027, date(2027, 5, 2)),  # no cycle open: next autumn's, from today
        (date(2027, 9, 30), 2027, date(2027, 9, 30)),
        (date(2028, 2, 29), 2027, date(2027, 10, 1)),
    ],
)
def test_the_cycle_accepting_applications_on_a_day(today, year, opens):
    cycle = cycle_accepting_on(today)
    assert (cycle.academic_year, cycle.opens) == (year, opens)
    assert (cycle.deadline, cycle.late_deadline) == (date(year + 1, 1, 15), date(year + 1, 5, 1))
    schedule = Schedule(
        datetime.combine(cycle.opens, datetime.min.time(), tzinfo=ALMATY),
        end_of_day(cycle.deadline, ALMATY),
        end_of_day(cycle.late_deadline, ALMATY),
    )
    assert schedule.accepts_applications(end_of_day(today, ALMATY))
