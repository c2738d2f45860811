"""The one clock: nothing in src/ reads "now" but erasmusdesk.core.clock, and the clock's day
and year are the institution's, not UTC's."""

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest

import erasmusdesk
from erasmusdesk.core import clock

PACKAGE = Path(erasmusdesk.__file__).resolve().parent
CLOCK = PACKAGE / "core" / "clock.py"

# (module or class name, attribute): readers of the current time.
READERS = {
    ("timezone", "now"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
}
# Readers of the current time only when called without an instant.
READERS_WITHOUT_ARGUMENT = {
    ("timezone", "localdate"),
    ("timezone", "localtime"),
    ("time", "localtime"),
    ("time", "gmtime"),
    ("time", "ctime"),
}


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):  # datetime.datetime.now, django.utils.timezone.now
        return node.attr
    return None


def time_readers(source: str) -> list[tuple[int, str]]:
    """The lines of ``source`` that read the current time, with what they read."""
    found = []
    tree = ast.parse(source)
    calls = {id(node.func): node for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        pair = (_name(node.value), node.attr)
        call = calls.get(id(node))
        if pair in READERS:
            found.append((node.lineno, f"{pair[0]}.{pair[1]}"))
        elif pair in READERS_WITHOUT_ARGUMENT and call is not None and not call.args:
            found.append((node.lineno, f"{pair[0]}.{pair[1]}()"))
    return found


def test_the_finder_sees_each_way_of_reading_the_time():
    source = (
        "from django.utils import timezone\nimport datetime, time\n"
        "a = timezone.now()\nb = datetime.date.today()\nc = datetime.datetime.now(UTC)\n"
        "d = time.time()\ne = timezone.localdate()\nf = timezone.localtime(instant)\n"
        "g = models.DateTimeField(default=timezone.now)\n"
    )
    assert [line for line, _ in time_readers(source)] == [3, 4, 5, 6, 7, 9]


def test_nothing_in_src_reads_the_time_but_the_clock():
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line}: {what}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != CLOCK and "migrations" not in path.parts
        for line, what in time_readers(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("utc", "day", "year", "academic"),
    [
        # 18:59 UTC on 31 December is 23:59 in Almaty (UTC+5): still the old year.
        (datetime(2026, 12, 31, 18, 59, tzinfo=UTC), "2026-12-31", 2026, 2026),
        # 19:00 UTC on 31 December is midnight in Almaty: the new year, while UTC says 2026.
        (datetime(2026, 12, 31, 19, 0, tzinfo=UTC), "2027-01-01", 2027, 2026),
        # The academic year turns on 1 September, local time.
        (datetime(2027, 8, 31, 18, 59, tzinfo=UTC), "2027-08-31", 2027, 2026),
        (datetime(2027, 8, 31, 19, 0, tzinfo=UTC), "2027-09-01", 2027, 2027),
    ],
)
def test_the_clock_counts_days_and_years_in_the_institutions_zone(frozen, utc, day, year, academic):
    frozen(utc)
    assert clock.now() == utc
    assert clock.localdate().isoformat() == day
    assert clock.local_year() == year
    assert clock.academic_year() == academic
    assert clock.localtime().utcoffset().total_seconds() == 5 * 3600
