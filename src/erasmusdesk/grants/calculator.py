"""The grant estimate: individual support, supplements and travel, line by line.

Pure: no Django, no I/O, no translation. ``calculate(Estimate(...))`` returns a ``Breakdown``
whose ``lines`` say, for each step, the amount, the numbers used (``params``), the rule as a
short English formula (``rule``, a constant per rule) and where the rule comes from
(``source``); another module turns the lines into translated sentences. Bad input raises
``CalculationError`` naming the form field.

Rules: ../shared/reference/erasmus-rules.md sections 1 and 2; figures: the ``RateTable``.

Money is ``Decimal`` throughout. The amounts of the lines are not rounded: where a rate / 30
is a repeating decimal (850 / 30 = 28.333...) the amount carries the 28 significant digits of
the default decimal context. ``total`` is the exact sum of the money lines, computed from their
exact values in thirtieths of a euro, and rounded once to cents, half up.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from erasmusdesk.grants.days import DAYS_PER_MONTH, calendar_days, commission_days
from erasmusdesk.grants.distance import band_distance, find_band
from erasmusdesk.grants.rules import (
    Activity,
    Band,
    DurationLimit,
    DurationUnit,
    RateTable,
    StaffRate,
)

CENT = Decimal("0.01")
_ZERO = Decimal(0)
_THIRTY = Decimal(DAYS_PER_MONTH)
_HUNDRED = Decimal(100)

# Erasmus+ writes Greece as EL and the United Kingdom as UK; ISO 3166-1 says GR and GB.
_COUNTRY_ALIASES = {"GR": "EL", "EL": "GR", "GB": "UK", "UK": "GB"}

SOURCE_COMMISSION_DAYS = "EC Beneficiary Module, Duration Calculated (days) (KA131)"
SOURCE_CALENDAR_DAYS = (
    "Erasmus+ rules reference, section 1: staff and short-term mobility in calendar days"
)
SOURCE_ROUNDING = "Erasmus Desk: the exact sum is rounded once to cents, half up"

RULE_COMMISSION_DAYS = (
    "days = (Y2-Y1) x 360 + (M2-M1) x 30 + (min(D2,30) - min(D1,30)) + 1; "
    "full months and remaining days in 30-day months"
)
RULE_CALENDAR_DAYS = "days = end - start + 1 (calendar days)"
RULE_GROUP = "host country group from the rate table"
RULE_STAFF_GROUP = "host country group for staff from the rate table (its own staff grouping)"
RULE_FEBRUARY_END = (
    "the stay ends on the last day of February: the 30-day formula takes that day as it is "
    "(28 or 29), so February counts short_by days fewer than a 30-day month"
)
RULE_PRO_RATA = "full months x monthly rate + remaining days x monthly rate / 30"
RULE_STAFF = "days x daily rate"
RULE_STAFF_REDUCED = (
    "days before reduced_from_day x daily rate "
    "+ days from reduced_from_day x daily rate x reduced_percent / 100"
)
RULE_NO_TRAINEESHIP_TOP_UP = "the rate table has no traineeship top-up"
RULE_NO_FEWER_OPPORTUNITIES = (
    "the rate table has no supplement for participants with fewer opportunities"
)
RULE_FEWER_OPPORTUNITIES_STUDENTS_ONLY = (
    "the monthly supplement for fewer opportunities applies to student mobility only"
)
RULE_DISTANCE = (
    "the distance rounded half up to whole kilometres selects the band that includes it "
    "(both ends inclusive)"
)
RULE_DISTANCE_BELOW_BANDS = (
    "the distance rounded half up to whole kilometres is below the first band"
)
RULE_DISTANCE_NO_BAND = "the distance rounded half up to whole kilometres is in no band"
RULE_TRAVEL_STANDARD = "the standard travel amount of the band"
RULE_TRAVEL_GREEN = "the green travel amount of the band"
RULE_TRAVEL_GREEN_MISSING = (
    "green travel, but the band has no green amount: the standard travel amount of the band"
)
RULE_TRAVEL_TOO_SHORT = "the distance is below the first band (too short): no travel support"
RULE_TRAVEL_NO_BAND = "no distance band of the table applies: no travel support"
RULE_TRAVEL_DAYS_STUDENT = "travel days x monthly rate / 30"
RULE_TRAVEL_DAYS_STAFF = "travel days x daily rate"
RULE_TOTAL = "exact sum of the amounts above, rounded once to cents (half up)"


class CalculationError(Exception):
    """Input the rules reject: ``field`` names the form field, ``message`` says why in English.

    ``code`` identifies the message (for a translated template) and ``params`` holds its
    numbers and names, e.g. ``{"minimum": 3, "maximum": 12, "unit": "months", ...}``.
    """

    def __init__(
        self, field: str, code: str, message: str, params: Mapping[str, str | int] | None = None
    ):
        super().__init__(message)
        self.field = field
        self.code = code
        self.message = message
        self.params: dict[str, str | int] = dict(params or {})

    def __repr__(self) -> str:
        return f"CalculationError(field={self.field!r}, message={self.message!r})"


@dataclass(frozen=True)
class Estimate:
    """What the applicant enters: the mobility to estimate under one rate table.

    ``host_country`` is ISO 3166-1 alpha-2 (GR and GB are also found as the Erasmus+ EL and
    UK); ``distance_km`` the one-way distance between the two cities (``great_circle_km``);
    ``start`` and ``end`` the first and last day at the host; ``travel_days`` the funded travel
    days asked for (0 up to the table's maximum for the travel mode).
    """

    table: RateTable
    activity: Activity
    host_country: str
    distance_km: float
    start: date
    end: date
    green: bool = False
    travel_days: int = 0
    fewer_opportunities: bool = False


@dataclass(frozen=True)
class Line:
    """One step of the estimate.

    ``amount`` is None for lines that only explain (duration, group, distance, a supplement
    that does not apply); otherwise the exact, unrounded amount in EUR (the ``total`` line
    holds the rounded total). ``params`` holds the numbers used, money as strings ("850").
    """

    key: str
    amount: Decimal | None
    params: dict[str, str | int]
    rule: str
    source: str


@dataclass(frozen=True)
class Breakdown:
    """The estimate's result. Money fields are exact except ``total`` (rounded to cents).

    Students: ``months`` and ``extra_days`` split ``days`` in 30-day months and ``monthly_rate``
    is set; staff: ``months`` is 0, ``extra_days`` equals ``days`` and ``daily_rate`` is set.
    ``supplements`` is the traineeship top-up plus the fewer-opportunities supplement.
    """

    days: int
    months: int
    extra_days: int
    group: int
    monthly_rate: Decimal | None
    daily_rate: Decimal | None
    individual_support: Decimal
    distance_km: float
    band: Band | None
    travel: Decimal
    travel_days_support: Decimal
    supplements: Decimal
    total: Decimal
    lines: tuple[Line, ...]

    @property
    def money_lines(self) -> tuple[Line, ...]:
        """The lines whose amounts add up to the total (the total line itself excluded)."""
        return tuple(line for line in self.lines if line.amount is not None and line.key != "total")


def cents(value: Decimal) -> Decimal:
    """``value`` rounded to cents, half up, for display: 198.335 -> 198.34."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class _Ledger:
    """The lines so far and their exact sum, kept in thirtieths of a euro (no rounding)."""

    __slots__ = ("lines", "thirtieths")

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.thirtieths = _ZERO

    def note(self, key: str, params: dict[str, str | int], rule: str, source: str) -> None:
        self.lines.append(Line(key, None, params, rule, source))

    def add(
        self, key: str, amount: Decimal, params: dict[str, str | int], rule: str, source: str
    ) -> Decimal:
        """Add an amount that is an exact decimal (no division by 30 in it)."""
        self.thirtieths += amount * _THIRTY
        self.lines.append(Line(key, amount, params, rule, source))
        return amount

    def add_thirtieths(
        self, key: str, thirtieths: Decimal, params: dict[str, str | int], rule: str, source: str
    ) -> Decimal:
        """Add ``thirtieths / 30`` EUR, e.g. days x monthly rate / 30, keeping the sum exact."""
        self.thirtieths += thirtieths
        amount = thirtieths / _THIRTY
        self.lines.append(Line(key, amount, params, rule, source))
        return amount

    def total(self) -> Decimal:
        """The exact sum rounded once to cents, half up (exact even where / 30 repeats)."""
        quotient, remainder = divmod(self.thirtieths * _HUNDRED, _THIRTY)
        if remainder + remainder >= _THIRTY:
            quotient += 1
        return quotient.scaleb(-2)


def calculate(estimate: Estimate) -> Breakdown:
    """Compute the grant of one mobility, line by line; no side effects.

    Rules (reference sections 1 and 2; figures from ``estimate.table``):

    * students (study, traineeship): days in the Commission's 30-day months
      (``commission_days``); individual support = full months x monthly rate + remaining days x
      monthly rate / 30; the traineeship top-up and the fewer-opportunities supplement, where
      the table has them, per month on the same formula; travel days at monthly rate / 30;
    * staff (teaching, training): calendar days; the daily rate, reduced to
      ``reduced_percent`` % from day ``reduced_from_day`` on where the table says so; travel
      days at the full daily rate;
    * travel: the amount of the distance band, green where asked and the band has one;
    * total: the exact sum of the money lines, rounded once to cents.

    Raises CalculationError (field "activity", "end", "to", "distance_km" or "travel_days").
    """
    table = estimate.table
    activity = _activity(estimate.activity)
    _check_dates(estimate.start, estimate.end)
    student = activity.is_student
    country, group = _host_group(table, estimate.host_country, staff=not student)
    whole_km = _whole_km(estimate.distance_km)
    maximum_travel_days = _check_travel_days(
        table, estimate.green, estimate.travel_days, staff=not student
    )

    ledger = _Ledger()
    if student:
        support = _students(ledger, estimate, activity, country, group)
    else:
        support = _staff(ledger, estimate, activity, country, group)
    band = find_band(table.bands, whole_km)
    travel = _travel(ledger, table, band, whole_km, estimate.distance_km, estimate.green)
    travel_days_support = _travel_days(
        ledger,
        table,
        estimate.travel_days,
        maximum_travel_days,
        support.rate,
        student,
    )
    total = ledger.total()
    ledger.lines.append(
        Line(
            "total", total, {"exact": str(ledger.thirtieths / _THIRTY)}, RULE_TOTAL, SOURCE_ROUNDING
        )
    )
    return Breakdown(
        days=support.days,
        months=support.months,
        extra_days=support.extra_days,
        group=group,
        monthly_rate=support.rate if student else None,
        daily_rate=None if student else support.rate,
        individual_support=support.individual_support,
        distance_km=estimate.distance_km,
        band=band,
        travel=travel,
        travel_days_support=travel_days_support,
        supplements=support.supplements,
        total=total,
        lines=tuple(ledger.lines),
    )


# --- checks -------------------------------------------------------------------------------


def _activity(value: Activity | str) -> Activity:
    if isinstance(value, Activity):
        return value
    try:
        return Activity(value)
    except ValueError:
        raise CalculationError(
            "activity",
            "unknown_activity",
            f"Unknown activity {value!r}; expected study, traineeship, teaching or training.",
            {"activity": str(value)},
        ) from None


def _check_dates(start: date, end: date) -> None:
    """Rule: the end date is the last day at the host, on or after the start date (§1)."""
    if end < start:
        raise CalculationError(
            "end",
            "end_before_start",
            f"The end date ({end.isoformat()}) is before the start date ({start.isoformat()}).",
            {"start": start.isoformat(), "end": end.isoformat()},
        )


def _host_group(table: RateTable, host_country: str, *, staff: bool = False) -> tuple[str, int]:
    """The host country's group in the table; GR/EL and GB/UK are the same country.

    Staff use the table's staff grouping where it has one (2015-2017: four staff groups).
    """
    country = host_country.strip().upper()
    groups = table.staff_country_groups if staff and table.staff_country_groups else None
    groups = groups or table.country_groups
    group = groups.get(country)
    if group is None:
        alias = _COUNTRY_ALIASES.get(country)
        group = groups.get(alias) if alias else None
    if group is None:
        raise CalculationError(
            "to",
            "unknown_country",
            f"The host country {country or '(none)'} has no group in the rate table {table.name}.",
            {"country": country, "table": table.name},
        )
    return country, group


def _monthly_rate(table: RateTable, group: int) -> Decimal:
    rate = table.monthly_rates.get(group)
    if rate is None:
        raise _missing_rate(table, group, "monthly")
    return rate


def _staff_rate(table: RateTable, group: int) -> StaffRate:
    rate = table.staff_rates.get(group)
    if rate is None:
        raise _missing_rate(table, group, "daily")
    return rate


def _missing_rate(table: RateTable, group: int, kind: str) -> CalculationError:
    return CalculationError(
        "to",
        "missing_rate",
        f"The rate table {table.name} has no {kind} rate for country group {group}.",
        {"table": table.name, "group": group, "kind": kind},
    )


def _whole_km(km: float) -> int:
    try:
        return band_distance(km)
    except (TypeError, ValueError):
        raise CalculationError(
            "distance_km",
            "invalid_distance",
            f"The distance must be a number of kilometres, 0 or more; it is {km}.",
            {"distance_km": str(km)},
        ) from None


def _check_duration(limit: DurationLimit | None, activity: Activity, days: int) -> None:
    """Rule: the duration limits of the table (reference §1: study 3-12 or 2-12 months, staff
    5-60 days). Months are 30-day months: 3 months = at least 90 days, 12 months = at most
    360 days. No limit in the table for the activity: no check."""
    if limit is None:
        return
    if limit.unit is DurationUnit.MONTHS:
        low, high = limit.minimum * DAYS_PER_MONTH, limit.maximum * DAYS_PER_MONTH
    else:
        low, high = limit.minimum, limit.maximum
    if low <= days <= high:
        return
    months, extra_days = divmod(days, DAYS_PER_MONTH)
    if limit.unit is DurationUnit.MONTHS:
        this_one = _months_and_days_text(months, extra_days)
    else:
        this_one = _count_text(days, "day")
    raise CalculationError(
        "end",
        "duration_out_of_range",
        f"The duration must be between {limit.minimum} and {limit.maximum} "
        f"{limit.unit.value} ({activity.value}); this one is {this_one}.",
        {
            "minimum": limit.minimum,
            "maximum": limit.maximum,
            "unit": limit.unit.value,
            "activity": activity.value,
            "days": days,
            "months": months,
            "extra_days": extra_days,
        },
    )


def _check_travel_days(table: RateTable, green: bool, travel_days: int, *, staff: bool) -> int:
    """Rule: 0 up to the table's funded travel days, more with green travel (reference §2:
    2 standard, up to 6 green); staff follow the table's own staff rule where it has one
    (KA107: up to 2, one before and one after the activity). Returns the maximum."""
    maximum = table.travel_days_green if green else table.travel_days_standard
    if staff and table.travel_days_staff is not None:
        maximum = max(table.travel_days_staff, table.travel_days_green if green else 0)
    if 0 <= travel_days <= maximum:
        return maximum
    mode = "green" if green else "standard"
    raise CalculationError(
        "travel_days",
        "travel_days_out_of_range",
        f"The funded travel days must be between 0 and {maximum} with {mode} travel; "
        f"{travel_days} were asked for.",
        {"maximum": maximum, "travel_days": travel_days, "travel_mode": mode},
    )


def _count_text(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def _months_and_days_text(months: int, extra_days: int) -> str:
    if months and extra_days:
        return f"{_count_text(months, 'month')} and {_count_text(extra_days, 'day')}"
    if months:
        return _count_text(months, "month")
    return _count_text(extra_days, "day")


# --- amounts ------------------------------------------------------------------------------


class _Support(NamedTuple):
    days: int
    months: int
    extra_days: int
    rate: Decimal  # monthly for students, daily for staff
    individual_support: Decimal
    supplements: Decimal


def _students(
    ledger: _Ledger, estimate: Estimate, activity: Activity, country: str, group: int
) -> _Support:
    """Study and traineeship: 30-day months, the monthly rate pro rata, the supplements (§1)."""
    table = estimate.table
    days = commission_days(estimate.start, estimate.end)
    months, extra_days = divmod(days, DAYS_PER_MONTH)
    _check_duration(table.duration_limits.get(activity), activity, days)
    ledger.note(
        "duration",
        _duration_params(estimate, days, months, extra_days),
        RULE_COMMISSION_DAYS,
        SOURCE_COMMISSION_DAYS,
    )
    _note_february_end(ledger, estimate.end)
    ledger.note("group", {"country": country, "group": group}, RULE_GROUP, table.source)
    rate = _monthly_rate(table, group)
    individual_support = _student_support(
        ledger, table, days, months, extra_days, rate, group, country
    )
    supplements = _student_supplements(ledger, table, activity, estimate, days, months, extra_days)
    return _Support(days, months, extra_days, rate, individual_support, supplements)


def _staff(
    ledger: _Ledger, estimate: Estimate, activity: Activity, country: str, group: int
) -> _Support:
    """Teaching and training: calendar days at the daily rate, reduced where the table says."""
    table = estimate.table
    days = calendar_days(estimate.start, estimate.end)
    _check_duration(table.duration_limits.get(activity), activity, days)
    ledger.note(
        "duration",
        _duration_params(estimate, days, 0, days),
        RULE_CALENDAR_DAYS,
        SOURCE_CALENDAR_DAYS,
    )
    rule = RULE_STAFF_GROUP if table.staff_country_groups else RULE_GROUP
    ledger.note("group", {"country": country, "group": group}, rule, table.source)
    rate = _staff_rate(table, group)
    individual_support = _staff_support(ledger, table, rate, days, group, country)
    if estimate.fewer_opportunities:
        ledger.note("fewer_opportunities", {}, RULE_FEWER_OPPORTUNITIES_STUDENTS_ONLY, table.source)
    return _Support(days, 0, days, rate.daily, individual_support, _ZERO)


def _note_february_end(ledger: _Ledger, end: date) -> None:
    """Explain why a stay ending on 28 or 29 February counts fewer days than its calendar
    months suggest: the formula caps day numbers at 30 but does not stretch February, so
    1 December - 28 February is 88 days (2 months and 28 days), not 90 (EC Beneficiary Module's
    formula, kept as it is)."""
    if end.month != 2 or (end + timedelta(days=1)).month != 3:
        return
    ledger.note(
        "february",
        {"end": end.isoformat(), "end_day": end.day, "short_by": DAYS_PER_MONTH - end.day},
        RULE_FEBRUARY_END,
        SOURCE_COMMISSION_DAYS,
    )


def _duration_params(
    estimate: Estimate, days: int, months: int, extra_days: int
) -> dict[str, str | int]:
    return {
        "start": estimate.start.isoformat(),
        "end": estimate.end.isoformat(),
        "days": days,
        "months": months,
        "extra_days": extra_days,
    }


def _student_support(
    ledger: _Ledger,
    table: RateTable,
    days: int,
    months: int,
    extra_days: int,
    rate: Decimal,
    group: int,
    country: str,
) -> Decimal:
    """Rule (§1): full months x monthly rate + remaining days x monthly rate / 30, which is
    days x monthly rate / 30 in thirtieths of a euro."""
    return ledger.add_thirtieths(
        "individual_support",
        rate * days,
        {
            "days": days,
            "months": months,
            "extra_days": extra_days,
            "rate": str(rate),
            "group": group,
            "country": country,
        },
        RULE_PRO_RATA,
        table.source,
    )


def _student_supplements(
    ledger: _Ledger,
    table: RateTable,
    activity: Activity,
    estimate: Estimate,
    days: int,
    months: int,
    extra_days: int,
) -> Decimal:
    """Rule (§1): the traineeship top-up and the fewer-opportunities supplement, per month on
    the pro-rata formula, where the table has them; a line says so where it has none."""
    thirtieths = _ZERO
    wanted = (
        (
            "traineeship",
            activity is Activity.TRAINEESHIP,
            table.traineeship_monthly,
            RULE_NO_TRAINEESHIP_TOP_UP,
        ),
        (
            "fewer_opportunities",
            estimate.fewer_opportunities,
            table.fewer_opportunities_monthly,
            RULE_NO_FEWER_OPPORTUNITIES,
        ),
    )
    for key, applies, rate, rule_missing in wanted:
        if not applies:
            continue
        if rate is None:
            ledger.note(key, {}, rule_missing, table.source)
            continue
        part = rate * days
        thirtieths += part
        params: dict[str, str | int] = {
            "days": days,
            "months": months,
            "extra_days": extra_days,
            "rate": str(rate),
        }
        ledger.add_thirtieths(key, part, params, RULE_PRO_RATA, table.source)
    return thirtieths / _THIRTY if thirtieths else _ZERO


def _staff_support(
    ledger: _Ledger, table: RateTable, rate: StaffRate, days: int, group: int, country: str
) -> Decimal:
    """Rule (§1, 2018-2020): the daily rate for each day; from day ``reduced_from_day`` on
    (e.g. 15) ``reduced_percent`` % (e.g. 70) of it, where the table says so."""
    params: dict[str, str | int] = {
        "days": days,
        "rate": str(rate.daily),
        "group": group,
        "country": country,
    }
    if rate.reduced_from_day is None or rate.reduced_percent is None:
        return ledger.add("individual_support", rate.daily * days, params, RULE_STAFF, table.source)
    full_days = min(days, max(rate.reduced_from_day - 1, 0))
    reduced_days = days - full_days
    if not reduced_days:
        return ledger.add("individual_support", rate.daily * days, params, RULE_STAFF, table.source)
    params["full_days"] = full_days
    params["reduced_days"] = reduced_days
    params["reduced_from_day"] = rate.reduced_from_day
    params["reduced_percent"] = rate.reduced_percent
    amount = rate.daily * full_days + rate.daily * (reduced_days * rate.reduced_percent) / _HUNDRED
    return ledger.add("individual_support", amount, params, RULE_STAFF_REDUCED, table.source)


def _band_params(band: Band, whole_km: int) -> dict[str, str | int]:
    params: dict[str, str | int] = {"km": whole_km, "band_min": band.min_km}
    if band.max_km is not None:
        params["band_max"] = band.max_km
    return params


def _travel(
    ledger: _Ledger,
    table: RateTable,
    band: Band | None,
    whole_km: int,
    distance_km: float,
    green: bool,
) -> Decimal:
    """Rule (§2): the band's standard amount, or its green amount with green travel; a band
    without a green amount pays the standard amount; no band (e.g. too short): nothing."""
    mode = "green" if green else "standard"
    if band is None:
        first = min((b.min_km for b in table.bands), default=0)
        too_short = whole_km < first
        ledger.note(
            "distance",
            {"distance_km": str(distance_km), "km": whole_km, "first_band_min": first},
            RULE_DISTANCE_BELOW_BANDS if too_short else RULE_DISTANCE_NO_BAND,
            table.source,
        )
        return ledger.add(
            "travel",
            _ZERO,
            {"km": whole_km, "travel_mode": mode, "amount_kind": "none"},
            RULE_TRAVEL_TOO_SHORT if too_short else RULE_TRAVEL_NO_BAND,
            table.source,
        )
    params = _band_params(band, whole_km)
    ledger.note(
        "distance", {"distance_km": str(distance_km), **params}, RULE_DISTANCE, table.source
    )
    if not green:
        amount, kind, rule = band.standard, "standard", RULE_TRAVEL_STANDARD
    elif band.green is None:
        amount, kind, rule = band.standard, "standard", RULE_TRAVEL_GREEN_MISSING
    else:
        amount, kind, rule = band.green, "green", RULE_TRAVEL_GREEN
    params["travel_mode"] = mode
    params["amount_kind"] = kind
    params["amount"] = str(amount)
    return ledger.add("travel", amount, params, rule, table.source)


def _travel_days(
    ledger: _Ledger,
    table: RateTable,
    travel_days: int,
    maximum: int,
    rate: Decimal,
    student: bool,
) -> Decimal:
    """Rule (§2): funded travel days at the individual support rate: monthly rate / 30 a day
    for students, the full daily rate for staff. No line when none are asked for."""
    if not travel_days:
        return _ZERO
    params: dict[str, str | int] = {
        "travel_days": travel_days,
        "maximum": maximum,
        "rate": str(rate),
    }
    if student:
        return ledger.add_thirtieths(
            "travel_days", rate * travel_days, params, RULE_TRAVEL_DAYS_STUDENT, table.source
        )
    return ledger.add(
        "travel_days", rate * travel_days, params, RULE_TRAVEL_DAYS_STAFF, table.source
    )
