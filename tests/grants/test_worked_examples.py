"""One worked example through every shipped rate table: a semester in Berlin from Atyrau.

1 September - 31 January is 150 days in the Commission's 30-day months = 5 full months.
Atyrau - Berlin is 2,790 km: the 2000-2999 km band. Germany is in group 2 until the 2023
grouping and in group 1 from 2024 (erasmus-rules.md section 1).
"""

import pytest

pytestmark = pytest.mark.django_db

EXPECTED = {
    # call year: (monthly rate of DE, standard travel amount of the 2000-2999 km band)
    2015: ("800.00", "360.00"),  # 2015-2017: group 2 = 800; band 360
    2017: ("800.00", "360.00"),
    2018: ("850.00", "360.00"),  # 2018-2020: group 2 = 850; band 360
    2020: ("850.00", "360.00"),
    2021: ("850.00", "360.00"),  # 2021-2022: group 2 = 850; band 360 (2021-2023)
    2022: ("850.00", "360.00"),
    2023: ("850.00", "360.00"),  # unconfirmed: 2021-2022 amounts carried over
    2024: ("900.00", "395.00"),  # 2024 grouping: DE in group 1; band 395 (2024-)
    2026: ("900.00", "395.00"),
}


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_semester_in_berlin_with_the_table_of_each_call_year(client, year):
    rate, travel = EXPECTED[year]
    body = client.get(
        "/api/v1/grants/estimate",
        {
            "year": year,
            "activity": "study",
            "from_city": "Atyrau, KZ",
            "to_city": "Berlin, DE",
            "start": f"{year}-09-01",
            "end": f"{year + 1}-01-31",
        },
    ).json()
    assert (body["days"], body["months"], body["extra_days"]) == (150, 5, 0)
    assert (body["monthly_rate_eur"], body["travel_eur"]) == (rate, travel)
    total = 5 * float(rate) + float(travel)
    assert body["total_eur"] == f"{total:.2f}"


def test_one_day_and_a_whole_year(client):
    common = {"year": 2022, "from_city": "Atyrau, KZ", "to_city": "Warsaw, PL"}
    one_day = client.get(
        "/api/v1/grants/estimate",
        {**common, "activity": "teaching", "start": "2022-10-03", "end": "2022-10-03"},
    )
    assert one_day.status_code == 400
    assert one_day.json()["field"] == "end"
    year = client.get(
        "/api/v1/grants/estimate",
        {**common, "activity": "study", "start": "2022-09-01", "end": "2023-08-31"},
    ).json()
    # PL is group 3 (800 EUR) in 2018-2023: 360 days = 12 months x 800 = 9600.
    assert (year["days"], year["individual_support_eur"]) == (360, "9600.00")
