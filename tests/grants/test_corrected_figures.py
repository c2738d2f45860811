"""The audited programme figures, through the calculator's API and its page.

Each test is one figure of the audit (sources in grants/defaults.py): the 2024 staff rates,
the four staff groups of 2015-2017, the KA107 staff travel days, Serbia from the 2019 call,
and why a stay ending on 28 February counts 88 days.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.django_db
ESTIMATE = "/api/v1/grants/estimate"
CALCULATOR = "/en/grants/calculator/"


def _estimate(client, **params) -> tuple[int, dict]:
    query = {"from_city": "Atyrau, KZ", "activity": "teaching", **params}
    response = client.get(ESTIMATE, query)
    return response.status_code, response.json()


def _line(body: dict, key: str) -> dict:
    return next(line for line in body["lines"] if line["key"] == key)


def test_a_2024_teaching_stay_of_ten_days_in_warsaw_is_ten_times_148_plus_the_band(client):
    status, body = _estimate(
        client, year=2024, to_city="Warsaw, PL", start="2024-10-07", end="2024-10-16"
    )
    assert status == 200
    assert (body["days"], body["daily_rate_eur"]) == (10, "148.00")
    assert body["band"] == {"min_km": 2000, "max_km": 2999}
    assert (body["individual_support_eur"], body["travel_eur"]) == ("1480.00", "395.00")
    assert body["total_eur"] == "1875.00"


@pytest.mark.parametrize(("city", "daily"), [("Berlin, DE", "190.00"), ("Prague, CZ", "170.00")])
def test_2024_staff_daily_rates_of_groups_1_and_2(client, city, daily):
    _, body = _estimate(client, year=2025, to_city=city, start="2025-10-06", end="2025-10-10")
    assert body["daily_rate_eur"] == daily


@pytest.mark.parametrize(
    ("city", "group", "daily"),
    [
        ("Amsterdam, NL", 1, "160.00"),
        ("Vienna, AT", 2, "140.00"),
        ("Berlin, DE", 3, "120.00"),
        ("Ljubljana, SI", 4, "100.00"),
    ],
)
def test_2015_2017_staff_use_their_four_groups(client, city, group, daily):
    status, body = _estimate(client, year=2016, to_city=city, start="2016-10-03", end="2016-10-07")
    assert status == 200, body
    assert body["daily_rate_eur"] == daily
    assert f"group {group}" in _line(body, "group")["numbers"]
    assert "groups staff countries differently" in _line(body, "group")["rule"]


def test_2015_2017_students_keep_three_groups(client):
    _, body = _estimate(
        client,
        year=2016,
        activity="study",
        to_city="Amsterdam, NL",
        start="2016-09-01",
        end="2017-01-31",
    )
    # The Netherlands: student group 2 (800 EUR a month), staff group 1.
    assert body["monthly_rate_eur"] == "800.00"


def test_2015_2017_staff_long_stay_is_reduced_from_day_15(client):
    _, body = _estimate(
        client, year=2017, to_city="Ljubljana, SI", start="2017-10-01", end="2017-10-20"
    )
    # 14 days x 100 + 6 days x 70 % of 100 = 1400 + 420.
    assert body["individual_support_eur"] == "1820.00"


@pytest.mark.parametrize("year", [2016, 2018, 2020])
def test_ka107_staff_get_up_to_two_funded_travel_days(client, year):
    status, body = _estimate(
        client,
        year=year,
        to_city="Vienna, AT",
        start=f"{year}-10-05",
        end=f"{year}-10-09",
        travel_days=2,
    )
    assert status == 200, body
    assert body["travel_days_eur"] == ("280.00" if year < 2018 else "320.00")
    status, body = _estimate(
        client,
        year=year,
        to_city="Vienna, AT",
        start=f"{year}-10-05",
        end=f"{year}-10-09",
        travel_days=3,
    )
    assert (status, body["field"]) == (400, "travel_days")
    assert "between 0 and 2" in body["detail"]


def test_ka107_students_still_get_no_funded_travel_days(client):
    status, body = _estimate(
        client,
        year=2019,
        activity="study",
        to_city="Vienna, AT",
        start="2019-09-01",
        end="2020-01-31",
        travel_days=1,
    )
    assert (status, body["field"]) == (400, "travel_days")
    assert "between 0 and 0" in body["detail"]


@pytest.mark.parametrize(("year", "status"), [(2018, 400), (2019, 200)])
def test_serbia_is_a_host_country_from_the_2019_call(client, year, status):
    answer, body = _estimate(
        client, year=year, to_city="Belgrade, RS", start=f"{year}-10-01", end=f"{year}-10-05"
    )
    assert answer == status
    if status == 400:
        assert body["field"] == "to"


def test_a_stay_ending_on_28_february_explains_its_88_days(client):
    _, body = _estimate(
        client,
        year=2026,
        activity="study",
        to_city="Berlin, DE",
        start="2026-12-01",
        end="2027-02-28",
    )
    assert (body["days"], body["months"], body["extra_days"]) == (88, 2, 28)
    february = _line(body, "february")
    assert february["label"] == "Why February counts short"
    assert "counts 2 days fewer" in february["rule"]
    assert "88 days (2 months and 28 days)" in february["rule"]


def test_a_stay_ending_on_29_february_counts_one_day_short(client):
    _, body = _estimate(
        client,
        year=2027,
        activity="study",
        to_city="Berlin, DE",
        start="2027-12-01",
        end="2028-02-29",
    )
    assert body["days"] == 89
    assert "counts 1 days fewer" in _line(body, "february")["rule"]


def test_a_stay_ending_on_another_day_has_no_february_line(client):
    _, body = _estimate(
        client,
        year=2026,
        activity="study",
        to_city="Berlin, DE",
        start="2026-12-01",
        end="2027-03-01",
    )
    assert "february" not in [line["key"] for line in body["lines"]]


def test_the_calculator_page_explains_february_in_russian(client):
    content = client.get(
        "/ru/grants/calculator/",
        {
            "year": "2026",
            "activity": "study",
            "origin_city": "Atyrau, KZ",
            "destination_city": "Berlin, DE",
            "start": "2026-12-01",
            "end": "2027-02-28",
            "travel_days": "0",
        },
    ).content.decode()
    assert "88" in content
    assert "Why February counts short" not in content
    assert "февраль" in content.lower()


def test_the_calculator_page_shows_a_carried_over_year(client, frozen):
    frozen(datetime(2028, 3, 10, 12, tzinfo=ZoneInfo("Asia/Almaty")))
    response = client.get(
        CALCULATOR,
        {
            "year": "2028",
            "activity": "training",
            "origin_city": "Atyrau, KZ",
            "destination_city": "Warsaw, PL",
            "start": "2028-10-02",
            "end": "2028-10-06",
            "travel_days": "0",
        },
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "No rate table covers the call year 2028 yet" in content
    assert "KA171 2024-2026 (shipped default)" in content
    assert "2028/2029 (figures carried over)" in content


def test_the_calculator_offers_this_year_even_past_the_last_table(client, frozen):
    frozen(datetime(2029, 9, 15, 23, 30, tzinfo=ZoneInfo("Asia/Almaty")))
    content = client.get(CALCULATOR).content.decode()
    assert '<option value="2029" selected>2029/2030 (figures carried over)</option>' in content


def test_the_office_is_told_to_add_the_table_of_a_carried_over_year(client_as, people, frozen):
    frozen(datetime(2028, 3, 10, 12, tzinfo=ZoneInfo("Asia/Almaty")))
    content = client_as(people["coordinator"]).get("/en/admin/grants/ratetable/").content.decode()
    assert "No rate table covers the call year 2028" in content
    assert "KA171 2024-2026 (shipped default)" in content


def test_no_warning_while_a_table_covers_this_year(client_as, people, frozen):
    frozen(datetime(2026, 12, 1, 12, tzinfo=ZoneInfo("Asia/Almaty")))
    content = client_as(people["coordinator"]).get("/en/admin/grants/ratetable/").content.decode()
    assert "No rate table covers the call year" not in content
