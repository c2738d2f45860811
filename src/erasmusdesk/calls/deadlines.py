"""When a call is open: pure rules on instants, no I/O.

Rules (our own, from the seed's calendar of an opening day, a normal and a late deadline):
- A deadline given as a date means the end of that day in the institution's time zone
  (Asia/Almaty, UTC+5 since 1 March 2024, tzdata 2024a): the last instant of the day is
  still open, the first instant of the next day is not.
- The status is derived from the current instant, never stored: before the opening
  "upcoming"; from the opening to the normal deadline (inclusive) "open"; after it, up to the
  late deadline (inclusive) "late round"; after that, or once the office closed the call,
  "closed".
"""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

LAST_INSTANT = time(23, 59, 59, 999999)


class CallStatus(StrEnum):
    UPCOMING = "upcoming"
    OPEN = "open"
    LATE = "late"
    CLOSED = "closed"


def end_of_day(day: date, zone: ZoneInfo) -> datetime:
    """The last instant of ``day`` in ``zone`` (23:59:59.999999 local time)."""
    return datetime.combine(day, LAST_INSTANT, tzinfo=zone)


@dataclass(frozen=True)
class Schedule:
    """The instants of a call (time-zone aware)."""

    opens_at: datetime
    deadline: datetime
    late_deadline: datetime | None = None
    closed_at: datetime | None = None

    def status(self, now: datetime) -> CallStatus:
        """The call's status at the instant ``now`` (see the module's rules)."""
        if self.closed_at is not None and now >= self.closed_at:
            return CallStatus.CLOSED
        if now < self.opens_at:
            return CallStatus.UPCOMING
        if now <= self.deadline:
            return CallStatus.OPEN
        if self.late_deadline is not None and now <= self.late_deadline:
            return CallStatus.LATE
        return CallStatus.CLOSED

    def next_moment(self, now: datetime) -> datetime | None:
        """The next instant at which the status changes: opening or a deadline, or None."""
        status = self.status(now)
        if status is CallStatus.UPCOMING:
            return self.opens_at
        if status is CallStatus.OPEN:
            return self.deadline
        if status is CallStatus.LATE:
            return self.late_deadline
        return None

    def accepts_applications(self, now: datetime) -> bool:
        return self.status(now) in (CallStatus.OPEN, CallStatus.LATE)


def remaining(now: datetime, moment: datetime) -> tuple[int, int, int]:
    """Whole days, hours and minutes from ``now`` to ``moment`` (zeros once passed)."""
    left = max(moment - now, timedelta(0))
    minutes = int(left.total_seconds() // 60)
    return minutes // (24 * 60), minutes // 60 % 24, minutes % 60


@dataclass(frozen=True)
class SeedCycle:
    """The dates of one year's call on the seed's calendar (erasmus-rules.md section 6):
    applications open on 1 October, the normal deadline is 15 January and the late round
    ends on 1 May (days, in the institution's zone)."""

    academic_year: int
    opens: date
    deadline: date
    late_deadline: date


def seed_cycle(academic_year: int) -> SeedCycle:
    """The seed's calendar for the call of ``academic_year`` (2026 -> 1 October 2026,
    15 January 2027, 1 May 2027)."""
    return SeedCycle(
        academic_year,
        date(academic_year, 10, 1),
        date(academic_year + 1, 1, 15),
        date(academic_year + 1, 5, 1),
    )


def cycle_accepting_on(today: date) -> SeedCycle:
    """The seed's cycle whose call accepts applications on ``today``: its normal round from
    1 October to 15 January, its late round to 1 May. Between 2 May and 30 September no
    cycle of the seed is open; then the coming autumn's cycle is taken with its opening
    moved back to ``today``, so that a demonstration installed in summer has an open call."""
    if today <= date(today.year, 5, 1):
        return seed_cycle(today.year - 1)
    cycle = seed_cycle(today.year)
    return cycle if today >= cycle.opens else replace(cycle, opens=today)
