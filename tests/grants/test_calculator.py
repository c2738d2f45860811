"""The grant calculator on the 2018-2020 ICM table (reference §1 and §2), worked by hand.

Table: groups 2018-2023; students 900 / 850 / 800 a month; staff 180 / 160 / 140 a day, 70 %
from day 15; 2018-2020 bands (no green amounts); 2 travel days, 6 with green travel; study
3-12 months, traineeship 2-12 months, staff 5-60 days; no supplements. Variants add the KA131
supplements (250 fewer opportunities, 150 traineeship) and the 2021-2023 green amounts.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from erasmusdesk.grants.calculator import (
    RULE_FEWER_OPPORTUNITIES_STUDENTS_ONLY,
    RULE_NO_FEWER_OPPORTUNITIES,
    RULE_NO_TRAINEESHIP_TOP_UP,
    RULE_PRO_RATA,
    RULE_STAFF,
    RULE_STAFF_REDUCED,
    RULE_TRAVEL_GREEN,
    RULE_TRAVEL_GREEN_MISSING,
    RULE_TRAVEL_NO_BAND,
    RULE_TRAVEL_STANDARD,
    RULE_TRAVEL_TOO_SHORT,
    SOURCE_COMMISSION_DAYS,
    Breakdown,
    CalculationError,
    Estimate,
    calculate,
    cents,
)
from erasmusdesk.grants.distance import great_circle_km
from erasmusdesk.grants.rules import (
    Activity,
    Band,
    DurationLimit,
    DurationUnit,
    RateTable,
    StaffRate,
)

D = Decimal
SOURCE = "bwz.uw.edu.pl (KA107 2018); ehu.eus ICM 2018/2019"
GROUPS_2018 = {
    **dict.fromkeys("DK FI IS IE LU SE LI NO UK".split(), 1),
    **dict.fromkeys("AT BE DE FR IT EL ES CY NL MT PT".split(), 2),
    **dict.fromkeys("BG HR CZ EE LV LT HU PL RO RS SK SI MK TR".split(), 3),
}
TABLE = RateTable(
    name="ICM 2018-2020",
    first_call_year=2018,
    last_call_year=2020,
    confirmed=True,
    source=SOURCE,
    country_groups=GROUPS_2018,
    monthly_rates={1: D(900), 2: D(850), 3: D(800)},
    staff_rates={
        1: StaffRate(D(180), 15, 70),
        2: StaffRate(D(160), 15, 70),
        3: StaffRate(D(140), 15, 70),
    },
    bands=(
        Band(10, 99, D(20)),
        Band(100, 499, D(180)),
        Band(500, 1999, D(275)),
        Band(2000, 2999, D(360)),
        Band(3000, 3999, D(530)),
        Band(4000, 7999, D(820)),
        Band(8000, None, D(1500)),
    ),
    fewer_opportunities_monthly=None,
    traineeship_monthly=None,
    travel_days_standard=2,
    travel_days_green=6,
    duration_limits={
        Activity.STUDY: DurationLimit(3, 12, DurationUnit.MONTHS),
        Activity.TRAINEESHIP: DurationLimit(2, 12, DurationUnit.MONTHS),
        Activity.TEACHING: DurationLimit(5, 60, DurationUnit.DAYS),
        Activity.TRAINING: DurationLimit(5, 60, DurationUnit.DAYS),
    },
)
WITH_SUPPLEMENTS = replace(TABLE, fewer_opportunities_monthly=D(250), traineeship_monthly=D(150))
# 2021-2023 bands: green amounts up to 3999 km, none from 4000 km.
WITH_GREEN = replace(
    TABLE,
    bands=(
        Band(10, 99, D(20)),
        Band(100, 499, D(180), D(210)),
        Band(500, 1999, D(275), D(320)),
        Band(2000, 2999, D(360), D(410)),
        Band(3000, 3999, D(530), D(610)),
        Band(4000, 7999, D(820)),
        Band(8000, None, D(1500)),
    ),
)
ATYRAU_BERLIN_KM = great_circle_km(47.1048, 51.88427, 52.52437, 13.41053)  # 2790.23


def _estimate(**changes) -> Estimate:
    values = {
        "table": TABLE,
        "activity": Activity.STUDY,
        "host_country": "DE",
        "distance_km": ATYRAU_BERLIN_KM,
        "start": date(2026, 9, 1),
        "end": date(2027, 1, 15),
    }
    values.update(changes)
    return Estimate(**values)


def _line(breakdown: Breakdown, key: str):
    (line,) = [line for line in breakdown.lines if line.key == key]
    return line


def _error(**changes) -> CalculationError:
    with pytest.raises(CalculationError) as error:
        calculate(_estimate(**changes))
    return error.value


# --- students -------------------------------------------------------------------------------


def test_study_semester_in_germany_from_atyrau():
    # 1 Sep 2026 - 15 Jan 2027 = 135 days = 4 months 15 days; DE is group 2: 850 a month.
    # 4 x 850 + 15 x 850 / 30 = 3400 + 425 = 3825; 2790 km: band 2000-2999, 360. Total 4185.
    breakdown = calculate(_estimate())
    assert (breakdown.days, breakdown.months, breakdown.extra_days) == (135, 4, 15)
    assert breakdown.group == 2
    assert breakdown.monthly_rate == D(850)
    assert breakdown.daily_rate is None
    assert breakdown.individual_support == D(3825)
    assert breakdown.band == Band(2000, 2999, D(360))
    assert breakdown.travel == D(360)
    assert breakdown.supplements == D(0)
    assert breakdown.total == D("4185.00")


def test_study_lines_say_what_was_used():
    breakdown = calculate(_estimate())
    assert [line.key for line in breakdown.lines] == [
        "duration",
        "group",
        "individual_support",
        "distance",
        "travel",
        "total",
    ]
    duration = _line(breakdown, "duration")
    assert duration.amount is None
    assert duration.params == {
        "start": "2026-09-01",
        "end": "2027-01-15",
        "days": 135,
        "months": 4,
        "extra_days": 15,
    }
    assert duration.source == SOURCE_COMMISSION_DAYS
    support = _line(breakdown, "individual_support")
    assert support.amount == D(3825)
    assert support.params == {
        "days": 135,
        "months": 4,
        "extra_days": 15,
        "rate": "850",
        "group": 2,
        "country": "DE",
    }
    assert support.rule == RULE_PRO_RATA
    assert support.source == SOURCE
    distance = _line(breakdown, "distance")
    assert distance.params["km"] == 2790
    assert (distance.params["band_min"], distance.params["band_max"]) == (2000, 2999)
    travel = _line(breakdown, "travel")
    assert travel.params["amount"] == "360"
    assert travel.rule == RULE_TRAVEL_STANDARD
    assert _line(breakdown, "total").amount == D("4185.00")


def test_study_seven_extra_days_give_a_repeating_decimal_rounded_once():
    # 1 Sep - 7 Dec 2026 = 90 + 7 = 97 days = 3 months 7 days, 5 km (no band).
    # 3 x 850 + 7 x 850 / 30 = 2550 + 198.333... = 2748.333...; total 2748.33
    breakdown = calculate(_estimate(end=date(2026, 12, 7), distance_km=5.0))
    assert (breakdown.months, breakdown.extra_days) == (3, 7)
    assert breakdown.individual_support == D(97 * 850) / D(30)
    assert breakdown.individual_support != cents(breakdown.individual_support)
    assert breakdown.total == D("2748.33")


def test_total_is_rounded_once_not_line_by_line():
    # 97 days again, with the 250 supplement and 1 travel day, 5 km:
    #   individual support 2550 + 7 x 850 / 30   = 2748.333...
    #   fewer opportunities 750 + 7 x 250 / 30   =  808.333...
    #   1 travel day        850 / 30             =   28.333...
    # exact sum 3585 (the thirds make 1); rounding each line first would give 3584.99.
    breakdown = calculate(
        _estimate(
            table=WITH_SUPPLEMENTS,
            end=date(2026, 12, 7),
            distance_km=5.0,
            fewer_opportunities=True,
            travel_days=1,
        )
    )
    amounts = [line.amount for line in breakdown.money_lines]
    assert sum(cents(amount) for amount in amounts) == D("3584.99")
    assert breakdown.total == D("3585.00")
    assert breakdown.travel_days_support == D(850) / D(30)
    assert breakdown.supplements == D(97 * 250) / D(30)


def test_total_rounds_an_exact_half_cent_up():
    # A rate in cents: 850.15 a month, 1 Sep - 3 Dec 2026 = 93 days = 3 months 3 days, 5 km.
    # 3 x 850.15 + 3 x 850.15 / 30 = 2550.45 + 85.015 = 2635.465 -> 2635.47 (half up; the
    # banker's rounding of Decimal's default would give 2635.46).
    table = replace(TABLE, monthly_rates={1: D(900), 2: D("850.15"), 3: D(800)})
    breakdown = calculate(_estimate(table=table, end=date(2026, 12, 3), distance_km=5.0))
    assert breakdown.individual_support == D("2635.465")
    assert breakdown.total == D("2635.47")


def test_cents_rounds_half_up():
    assert cents(D("198.335")) == D("198.34")
    assert cents(D("198.334999")) == D("198.33")
    assert cents(D(850) * 7 / 30) == D("198.33")


def test_study_whole_academic_year_is_12_months():
    # 1 Sep 2026 - 31 Aug 2027 = 360 days = 12 months: 12 x 800 (PL, group 3) = 9600
    breakdown = calculate(_estimate(host_country="PL", end=date(2027, 8, 31)))
    assert (breakdown.days, breakdown.months, breakdown.extra_days) == (360, 12, 0)
    assert breakdown.individual_support == D(9600)


def test_study_ten_months_to_end_of_june():
    # 1 Sep 2026 - 30 Jun 2027 = 300 days = 10 months: 10 x 900 (NO, group 1) = 9000
    breakdown = calculate(_estimate(host_country="NO", end=date(2027, 6, 30)))
    assert (breakdown.months, breakdown.extra_days) == (10, 0)
    assert breakdown.individual_support == D(9000)


def test_study_ending_on_the_31st_counts_it_as_the_30th():
    # 1 Oct 2026 - 31 Jan 2027: 360 + (1 - 10) x 30 + (30 - 1) + 1 = 120 days = 4 months
    breakdown = calculate(_estimate(start=date(2026, 10, 1), end=date(2027, 1, 31)))
    assert (breakdown.days, breakdown.months, breakdown.extra_days) == (120, 4, 0)
    assert breakdown.individual_support == D(3400)


def test_study_ending_at_the_end_of_february():
    # 1 Dec 2026 - 28 Feb 2027: 360 + (2 - 12) x 30 + (28 - 1) + 1 = 88 days, 2 months 28 days:
    # under the 3-month minimum of study, though three calendar months.
    error = _error(start=date(2026, 12, 1), end=date(2027, 2, 28))
    assert error.field == "end"
    assert error.message == (
        "The duration must be between 3 and 12 months (study); this one is 2 months and 28 days."
    )


def test_greece_is_found_under_its_iso_code_and_the_erasmus_code():
    assert calculate(_estimate(host_country="GR")).group == 2
    assert calculate(_estimate(host_country="el")).group == 2


def test_traineeship_with_top_up_and_fewer_opportunities():
    # IT (group 2), 1 Feb - 28 Apr 2027: 60 + (28 - 1) + 1 = 88 days = 2 months 28 days.
    #   individual support 2 x 850 + 28 x 850 / 30 = 1700 + 793.333... = 2493.333...
    #   traineeship top-up 2 x 150 + 28 x 150 / 30 =  300 + 140        =  440
    #   fewer opportunities 2 x 250 + 28 x 250 / 30 = 500 + 233.333... =  733.333...
    #   travel 3500 km: band 3000-3999, 530. Exact sum 4196.666... -> 4196.67
    breakdown = calculate(
        _estimate(
            table=WITH_SUPPLEMENTS,
            activity=Activity.TRAINEESHIP,
            host_country="IT",
            distance_km=3500.0,
            start=date(2027, 2, 1),
            end=date(2027, 4, 28),
            fewer_opportunities=True,
        )
    )
    assert (breakdown.days, breakdown.months, breakdown.extra_days) == (88, 2, 28)
    assert _line(breakdown, "traineeship").amount == D(440)
    assert _line(breakdown, "traineeship").params == {
        "days": 88,
        "months": 2,
        "extra_days": 28,
        "rate": "150",
    }
    assert _line(breakdown, "fewer_opportunities").amount == D(88 * 250) / D(30)
    assert breakdown.supplements == D(88 * 400) / D(30)
    assert breakdown.travel == D(530)
    assert breakdown.total == D("4196.67")


def test_supplements_not_in_the_table_are_said_and_not_paid():
    breakdown = calculate(_estimate(activity=Activity.TRAINEESHIP, fewer_opportunities=True))
    assert _line(breakdown, "traineeship").amount is None
    assert _line(breakdown, "traineeship").rule == RULE_NO_TRAINEESHIP_TOP_UP
    assert _line(breakdown, "fewer_opportunities").amount is None
    assert _line(breakdown, "fewer_opportunities").rule == RULE_NO_FEWER_OPPORTUNITIES
    assert breakdown.supplements == D(0)
    assert breakdown.total == D("4185.00")


def test_study_travel_days_at_monthly_rate_over_30():
    # 2 travel days x 850 / 30 = 56.666...; total 3825 + 360 + 56.666... = 4241.67
    breakdown = calculate(_estimate(travel_days=2))
    assert breakdown.travel_days_support == D(1700) / D(30)
    assert _line(breakdown, "travel_days").params == {
        "travel_days": 2,
        "maximum": 2,
        "rate": "850",
    }
    assert breakdown.total == D("4241.67")


def test_green_travel_allows_six_travel_days():
    # 6 x 850 / 30 = 170; green amount of 2000-2999 = 410; 3825 + 410 + 170 = 4405
    breakdown = calculate(_estimate(table=WITH_GREEN, green=True, travel_days=6))
    assert breakdown.travel_days_support == D(170)
    assert breakdown.travel == D(410)
    assert breakdown.total == D("4405.00")


# --- travel -----------------------------------------------------------------------------------


def test_green_travel_pays_the_green_amount():
    breakdown = calculate(_estimate(table=WITH_GREEN, green=True, distance_km=1200.0))
    travel = _line(breakdown, "travel")
    assert travel.amount == D(320)
    assert travel.rule == RULE_TRAVEL_GREEN
    assert (travel.params["travel_mode"], travel.params["amount_kind"]) == ("green", "green")


def test_standard_travel_pays_the_standard_amount_of_a_band_with_green():
    assert calculate(_estimate(table=WITH_GREEN, distance_km=1200.0)).travel == D(275)


def test_green_travel_without_a_green_amount_pays_the_standard_amount_and_says_so():
    # 5000 km: band 4000-7999 has no green amount in 2021-2023: 820
    breakdown = calculate(_estimate(table=WITH_GREEN, green=True, distance_km=5000.0))
    travel = _line(breakdown, "travel")
    assert travel.amount == D(820)
    assert travel.rule == RULE_TRAVEL_GREEN_MISSING
    assert (travel.params["travel_mode"], travel.params["amount_kind"]) == ("green", "standard")


def test_open_ended_band_has_no_band_max():
    breakdown = calculate(_estimate(distance_km=8000.0))
    assert breakdown.travel == D(1500)
    assert "band_max" not in _line(breakdown, "distance").params


@pytest.mark.parametrize(
    ("km", "travel"),
    [(1999.4, D(275)), (1999.5, D(360)), (9.4, D(0)), (9.5, D(20))],
)
def test_travel_band_boundaries_round_half_up(km, travel):
    assert calculate(_estimate(distance_km=km)).travel == travel


def test_too_short_a_distance_pays_no_travel_and_says_so():
    breakdown = calculate(_estimate(distance_km=9.0))
    assert breakdown.band is None
    travel = _line(breakdown, "travel")
    assert travel.amount == D(0)
    assert travel.rule == RULE_TRAVEL_TOO_SHORT
    assert _line(breakdown, "distance").params["first_band_min"] == 10
    assert breakdown.total == D("3825.00")


def test_distance_above_a_closed_last_band_pays_no_travel():
    table = replace(TABLE, bands=TABLE.bands[:3])
    travel = _line(calculate(_estimate(table=table)), "travel")
    assert travel.amount == D(0)
    assert travel.rule == RULE_TRAVEL_NO_BAND


# --- staff ----------------------------------------------------------------------------------


def _staff(**changes) -> Estimate:
    return _estimate(activity=Activity.TEACHING, start=date(2027, 3, 1), **changes)


def test_staff_fourteen_days_at_the_full_daily_rate():
    # 1 - 14 Mar 2027: 14 days x 160 (DE) = 2240; no day at the reduced rate
    breakdown = calculate(_staff(end=date(2027, 3, 14)))
    assert (breakdown.days, breakdown.months, breakdown.extra_days) == (14, 0, 14)
    assert breakdown.daily_rate == D(160)
    assert breakdown.monthly_rate is None
    assert breakdown.individual_support == D(2240)
    assert _line(breakdown, "individual_support").rule == RULE_STAFF


def test_staff_day_fifteen_is_paid_at_70_percent():
    # 15 days: 14 x 160 + 1 x 160 x 70 / 100 = 2240 + 112 = 2352
    breakdown = calculate(_staff(end=date(2027, 3, 15)))
    assert breakdown.individual_support == D(2352)


def test_staff_twenty_days_with_reduction_from_day_fifteen():
    # 1 - 20 Mar 2027 = 20 days: 14 x 160 + 6 x 112 = 2240 + 672 = 2912; plus 360 travel
    breakdown = calculate(_staff(end=date(2027, 3, 20)))
    line = _line(breakdown, "individual_support")
    assert line.amount == D(2912)
    assert line.rule == RULE_STAFF_REDUCED
    assert line.params == {
        "days": 20,
        "rate": "160",
        "group": 2,
        "country": "DE",
        "full_days": 14,
        "reduced_days": 6,
        "reduced_from_day": 15,
        "reduced_percent": 70,
    }
    assert breakdown.total == D("3272.00")


def test_staff_counts_calendar_days_across_february():
    # Training in FI (group 1, 180): 20 Feb - 5 Mar 2028 (leap): 10 + 5 = 15 calendar days
    # 14 x 180 + 1 x 126 = 2646
    breakdown = calculate(
        _estimate(
            activity=Activity.TRAINING,
            host_country="FI",
            start=date(2028, 2, 20),
            end=date(2028, 3, 5),
        )
    )
    assert breakdown.days == 15
    assert breakdown.individual_support == D(2646)


def test_staff_without_reduction_pays_every_day_in_full():
    table = replace(TABLE, staff_rates={2: StaffRate(D(160))})
    breakdown = calculate(_staff(table=table, end=date(2027, 3, 20)))
    assert breakdown.individual_support == D(3200)


def test_staff_travel_days_at_the_full_daily_rate():
    # 20 days (reduced from day 15), 2 travel days x 160 = 320, not 70 %
    breakdown = calculate(_staff(end=date(2027, 3, 20), travel_days=2))
    assert breakdown.travel_days_support == D(320)
    assert breakdown.total == D("3592.00")


def test_staff_fewer_opportunities_is_said_not_paid():
    breakdown = calculate(
        _staff(table=WITH_SUPPLEMENTS, end=date(2027, 3, 10), fewer_opportunities=True)
    )
    line = _line(breakdown, "fewer_opportunities")
    assert line.amount is None
    assert line.rule == RULE_FEWER_OPPORTUNITIES_STUDENTS_ONLY
    assert breakdown.supplements == D(0)


# --- totals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "estimate",
    [
        _estimate(),
        _estimate(table=WITH_SUPPLEMENTS, fewer_opportunities=True, travel_days=2),
        _staff(end=date(2027, 3, 20), travel_days=1),
    ],
)
def test_total_is_the_money_lines_summed_and_rounded(estimate):
    breakdown = calculate(estimate)
    exact = sum(line.amount for line in breakdown.money_lines)
    assert breakdown.total == cents(exact)
    assert breakdown.lines[-1].key == "total"
    assert breakdown.lines[-1].amount == breakdown.total


# --- errors ---------------------------------------------------------------------------------


def test_error_end_before_start():
    error = _error(end=date(2026, 8, 31))
    assert error.field == "end"
    assert error.message == "The end date (2026-08-31) is before the start date (2026-09-01)."
    assert error.params == {"start": "2026-09-01", "end": "2026-08-31"}


def test_error_unknown_host_country():
    error = _error(host_country="KZ")
    assert error.field == "to"
    assert error.message == "The host country KZ has no group in the rate table ICM 2018-2020."
    assert error.params == {"country": "KZ", "table": "ICM 2018-2020"}


def test_error_group_without_a_rate():
    table = replace(TABLE, monthly_rates={1: D(900), 3: D(800)})
    error = _error(table=table)
    assert error.field == "to"
    assert error.message == "The rate table ICM 2018-2020 has no monthly rate for country group 2."


def test_error_study_too_short():
    # 1 Sep - 10 Nov 2026: 60 + 10 = 70 days = 2 months 10 days
    error = _error(end=date(2026, 11, 10))
    assert error.field == "end"
    assert error.message == (
        "The duration must be between 3 and 12 months (study); this one is 2 months and 10 days."
    )
    assert error.params == {
        "minimum": 3,
        "maximum": 12,
        "unit": "months",
        "activity": "study",
        "days": 70,
        "months": 2,
        "extra_days": 10,
    }


def test_study_of_exactly_3_months_is_allowed():
    # 1 Sep - 29 Nov 2026 = 60 + 29 = 89 days: refused; 1 Sep - 30 Nov = 90 days: allowed
    assert _error(end=date(2026, 11, 29)).message.endswith("this one is 2 months and 29 days.")
    assert calculate(_estimate(end=date(2026, 11, 30))).individual_support == D(2550)


def test_error_study_too_long():
    # 1 Sep 2026 - 1 Sep 2027 = 361 days = 12 months and 1 day
    error = _error(end=date(2027, 9, 1))
    assert error.field == "end"
    assert error.message == (
        "The duration must be between 3 and 12 months (study); this one is 12 months and 1 day."
    )


def test_error_staff_too_long():
    # 1 Mar - 30 Apr 2027 = 31 + 30 = 61 calendar days
    error = _error(activity=Activity.TEACHING, start=date(2027, 3, 1), end=date(2027, 4, 30))
    assert error.field == "end"
    assert error.message == (
        "The duration must be between 5 and 60 days (teaching); this one is 61 days."
    )


def test_error_staff_too_short():
    error = _error(activity=Activity.TRAINING, start=date(2027, 3, 1), end=date(2027, 3, 4))
    assert error.message == (
        "The duration must be between 5 and 60 days (training); this one is 4 days."
    )


def test_error_too_many_travel_days():
    error = _error(travel_days=3)
    assert error.field == "travel_days"
    assert error.message == (
        "The funded travel days must be between 0 and 2 with standard travel; 3 were asked for."
    )
    assert error.params == {"maximum": 2, "travel_days": 3, "travel_mode": "standard"}


def test_error_too_many_green_travel_days():
    error = _error(green=True, travel_days=7)
    assert error.field == "travel_days"
    assert error.message == (
        "The funded travel days must be between 0 and 6 with green travel; 7 were asked for."
    )


def test_error_negative_travel_days():
    assert _error(travel_days=-1).field == "travel_days"


def test_error_negative_distance():
    error = _error(distance_km=-1.0)
    assert error.field == "distance_km"
    assert error.message == "The distance must be a number of kilometres, 0 or more; it is -1.0."


def test_error_unknown_activity():
    error = _error(activity="exchange")
    assert error.field == "activity"
    assert error.message == (
        "Unknown activity 'exchange'; expected study, traineeship, teaching or training."
    )


def test_activity_given_as_text_is_accepted():
    assert calculate(_estimate(activity="study")).total == D("4185.00")
