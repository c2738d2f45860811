"""Throughput of the pure grant calculator against a bare addition of two Decimals.

What it measures, in one run and one process, with ``time.perf_counter``:

* 100,000 calls of ``calculate()`` (grants/calculator.py) on a realistic mix of estimates built
  beforehand: study, traineeship, teaching and training mobility from Atyrau (Kazakhstan) to
  seven host cities in the three country groups, durations from a week to a year, standard and
  green travel, travel days, the fewer-opportunities supplement, on the 2018-2020 ICM rates
  with the 2021-2023 green amounts and the KA131 supplements (reference §1 and §2);
* 100,000 calls of a bare Python function that only returns ``a + b`` for two Decimals: the
  cost of one function call and one Decimal operation on this machine and interpreter.

It prints estimates per second, additions per second and their ratio. The ratio is how many
bare Decimal additions one estimate costs: it divides out the speed of the machine, so it can
be compared between machines and runs (an estimate makes about 10 lines, each a dict, a
dataclass and a few Decimal operations, so a ratio in the low hundreds is expected; a ratio
that jumps tells that the hot path got slower, e.g. Decimals re-created from strings).

Command (from the project folder)::

    .venv/bin/python bench/grants.py [--count 100000]

No Django, no database: the calculator is pure. The exit code is 0.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from erasmusdesk.grants.calculator import Estimate, calculate
from erasmusdesk.grants.distance import great_circle_km
from erasmusdesk.grants.rules import (
    Activity,
    Band,
    DurationLimit,
    DurationUnit,
    RateTable,
    StaffRate,
)

ATYRAU = (47.1048, 51.88427)
HOSTS = {  # host city: (country, latitude, longitude)
    "Berlin": ("DE", 52.52437, 13.41053),
    "Warsaw": ("PL", 52.22977, 21.01178),
    "Oslo": ("NO", 59.91273, 10.74609),
    "Rome": ("IT", 41.89193, 12.51133),
    "Helsinki": ("FI", 60.16952, 24.93545),
    "Istanbul": ("TR", 41.01384, 28.94966),
    "Madrid": ("ES", 40.4165, -3.70256),
}


def _table() -> RateTable:
    d = Decimal
    groups = {
        **dict.fromkeys("DK FI IS IE LU SE LI NO".split(), 1),
        **dict.fromkeys("AT BE DE FR IT GR ES CY NL MT PT".split(), 2),
        **dict.fromkeys("BG HR CZ EE LV LT HU PL RO RS SK SI MK TR".split(), 3),
    }
    return RateTable(
        name="ICM 2018-2020 (bench)",
        first_call_year=2018,
        last_call_year=2020,
        confirmed=True,
        source="bwz.uw.edu.pl (KA107 2018); ehu.eus ICM 2018/2019",
        country_groups=groups,
        monthly_rates={1: d(900), 2: d(850), 3: d(800)},
        staff_rates={g: StaffRate(d(rate), 15, 70) for g, rate in ((1, 180), (2, 160), (3, 140))},
        bands=(
            Band(10, 99, d(20)),
            Band(100, 499, d(180), d(210)),
            Band(500, 1999, d(275), d(320)),
            Band(2000, 2999, d(360), d(410)),
            Band(3000, 3999, d(530), d(610)),
            Band(4000, 7999, d(820)),
            Band(8000, None, d(1500)),
        ),
        fewer_opportunities_monthly=d(250),
        traineeship_monthly=d(150),
        travel_days_standard=2,
        travel_days_green=6,
        duration_limits={
            Activity.STUDY: DurationLimit(3, 12, DurationUnit.MONTHS),
            Activity.TRAINEESHIP: DurationLimit(2, 12, DurationUnit.MONTHS),
            Activity.TEACHING: DurationLimit(5, 60, DurationUnit.DAYS),
            Activity.TRAINING: DurationLimit(5, 60, DurationUnit.DAYS),
        },
    )


def estimates(count: int) -> list[Estimate]:
    """A deterministic mix: 70 % students (study 5 : traineeship 2), 30 % staff."""
    table = _table()
    hosts = [(country, great_circle_km(*ATYRAU, lat, lon)) for country, lat, lon in HOSTS.values()]
    student_lengths = [95, 97, 135, 150, 181, 240, 299, 300, 330, 359]  # calendar days
    staff_lengths = [5, 7, 10, 14, 15, 20, 30, 45, 60]
    activities = [Activity.STUDY] * 5 + [Activity.TRAINEESHIP] * 2
    activities += [Activity.TEACHING] * 2 + [Activity.TRAINING]
    result = []
    for i in range(count):
        activity = activities[i % len(activities)]
        country, km = hosts[i % len(hosts)]
        start = date(2026, 9, 1) + timedelta(days=i % 28)
        green = i % 3 == 0
        if activity.is_student:
            length = student_lengths[i % len(student_lengths)]
        else:
            length = staff_lengths[i % len(staff_lengths)]
        base = Estimate(
            table=table,
            activity=activity,
            host_country=country,
            distance_km=km,
            start=start,
            end=start + timedelta(days=length - 1),
        )
        result.append(
            replace(
                base,
                green=green,
                travel_days=i % (7 if green else 3),
                fewer_opportunities=i % 5 == 0,
            )
        )
    return result


def add(a: Decimal, b: Decimal) -> Decimal:
    """The baseline: one function call and one Decimal addition."""
    return a + b


def _time_estimates(items: list[Estimate]) -> float:
    began = time.perf_counter()
    for item in items:
        calculate(item)
    return time.perf_counter() - began


def _time_adds(count: int) -> float:
    a, b = Decimal("3825"), Decimal("198.3333333333333333333333333")
    began = time.perf_counter()
    for _ in range(count):
        add(a, b)
    return time.perf_counter() - began


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    count = parser.parse_args(argv).count

    items = estimates(count)
    for item in items[:1000]:  # warm-up, not counted; also proves the mix is valid
        calculate(item)
    estimate_seconds = _time_estimates(items)
    add_seconds = _time_adds(count)

    per_second = count / estimate_seconds
    adds_per_second = count / add_seconds
    print(f"estimates:  {count:,} in {estimate_seconds:.3f} s = {per_second:,.0f} estimates/s")
    print(f"            {estimate_seconds / count * 1e6:.1f} µs per estimate")
    print(f"Decimal +:  {count:,} in {add_seconds:.4f} s = {adds_per_second:,.0f} adds/s")
    print(f"ratio:      one estimate costs {adds_per_second / per_second:,.0f} bare Decimal adds")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
