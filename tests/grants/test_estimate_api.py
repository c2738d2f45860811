"""The distance and estimate endpoints: figures, explanations, and 400 answers naming the field."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from erasmusdesk.institutions.models import Institution

pytestmark = pytest.mark.django_db
API = "/api/v1"
ALMATY = ZoneInfo("Asia/Almaty")
ATYRAU_BERLIN = {"from_city": "Atyrau, KZ", "to_city": "Berlin, DE"}


def test_distance_between_two_cities_with_its_band(client, frozen):
    frozen(datetime(2026, 12, 1, 12, tzinfo=ALMATY))
    body = client.get(f"{API}/distance", ATYRAU_BERLIN).json()
    assert body == {
        "distance_km": 2790.2,
        "band": {"min_km": 2000, "max_km": 2999},
        "rate_table": "KA171 2024-2026 (shipped default)",
        "rate_table_carried_over": False,
    }


@pytest.mark.parametrize("day", [datetime(2027, 1, 1, 0, 30), datetime(2029, 9, 15, 23, 30)])
def test_distance_of_a_year_past_the_last_table_carries_the_latest_table_over(client, frozen, day):
    frozen(day.replace(tzinfo=ALMATY))
    body = client.get(f"{API}/distance", ATYRAU_BERLIN).json()
    assert body["band"] == {"min_km": 2000, "max_km": 2999}
    assert body["rate_table"] == "KA171 2024-2026 (shipped default)"
    assert body["rate_table_carried_over"] is True


def test_estimate_of_a_year_past_the_last_table_is_carried_over_and_unconfirmed(client):
    body = client.get(
        f"{API}/grants/estimate",
        {
            **ATYRAU_BERLIN,
            "year": 2031,
            "activity": "teaching",
            "start": "2031-10-05",
            "end": "2031-10-14",
        },
    ).json()
    assert body["rate_table"] == "KA171 2024-2026 (shipped default)"
    assert body["rate_table_years"] == "2024-2026"
    assert (body["rate_table_carried_over"], body["rate_table_confirmed"]) == (True, False)
    # DE group 1 in 2024: 10 x 190 EUR + the 2000-2999 km band, 395 EUR.
    assert body["total_eur"] == "2295.00"


def test_a_covered_year_is_not_carried_over(client):
    body = client.get(
        f"{API}/grants/estimate",
        {
            **ATYRAU_BERLIN,
            "year": 2022,
            "activity": "study",
            "start": "2022-09-01",
            "end": "2023-01-31",
        },
    ).json()
    assert (body["rate_table_carried_over"], body["rate_table_confirmed"]) == (False, True)
    assert body["rate_table_years"] == "2022"


def test_estimate_for_a_semester_in_berlin(client):
    response = client.get(
        f"{API}/grants/estimate",
        {
            **ATYRAU_BERLIN,
            "year": 2022,
            "activity": "study",
            "start": "2022-09-01",
            "end": "2023-01-31",
        },
    )
    body = response.json()
    assert response.status_code == 200
    # 2022 table: DE is group 2 (850 EUR); 150 days = 5 months; band 2000-2999 = 360 EUR.
    assert (body["days"], body["months"], body["extra_days"]) == (150, 5, 0)
    assert body["monthly_rate_eur"] == "850.00"
    assert body["individual_support_eur"] == "4250.00"
    assert body["travel_eur"] == "360.00"
    assert body["total_eur"] == "4610.00"
    assert body["band"] == {"min_km": 2000, "max_km": 2999}
    assert [line["key"] for line in body["lines"]][-1] == "total"
    assert all(line["rule"] and line["source"] for line in body["lines"])


def test_estimate_from_institutions_in_russian(client, demo):
    home = Institution.objects.get(is_home=True)
    vienna = Institution.objects.get(erasmus_code="A  WIEN01")
    body = client.get(
        f"{API}/grants/estimate",
        {
            "from_institution": home.pk,
            "to_institution": vienna.pk,
            "year": 2022,
            "activity": "study",
            "start": "2022-09-01",
            "end": "2022-12-17",
            "lang": "ru",
        },
    ).json()
    # AT is group 2 in 2018-2023: 850 EUR; 107 days = 3 months + 17 days:
    # 3 x 850 + 17 x 850 / 30 = 2550 + 481.666... = 3031.67 (rounded once).
    assert (body["months"], body["extra_days"]) == (3, 17)
    assert body["individual_support_eur"] == "3031.67"
    assert body["lines"][0]["label"] == "Продолжительность"


@pytest.mark.parametrize(
    ("params", "field", "detail"),
    [
        ({"to_city": "Nowhere, DE"}, "to_city", "Nowhere, DE is not in the gazetteer of cities."),
        ({"end": "2022-08-01"}, "end", "The end date (2022-08-01) is before the start date"),
        ({"end": "2022-10-15"}, "end", "The duration must be between 2 and 12 months"),
        ({"year": 2014}, "year", "There is no rate table for the call year 2014."),
    ],
)
def test_rule_refusals_are_400_naming_the_field(client, params, field, detail):
    query = {
        **ATYRAU_BERLIN,
        "year": 2022,
        "activity": "study",
        "start": "2022-09-01",
        "end": "2023-01-31",
        **params,
    }
    response = client.get(f"{API}/grants/estimate", query)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert detail in response.json()["detail"]


def test_a_city_without_its_country_breaks_the_documented_pattern(client):
    query = {**ATYRAU_BERLIN, "year": 2022, "activity": "study", "start": "2022-09-01"}
    response = client.get(
        f"{API}/grants/estimate", {**query, "end": "2023-01-31", "to_city": "Berlin"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "to_city"]


def test_estimate_is_in_the_openapi_document(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert {"/api/v1/distance", "/api/v1/grants/estimate"} <= set(paths)
    assert "400" in paths["/api/v1/grants/estimate"]["get"]["responses"]
