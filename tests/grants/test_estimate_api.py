"""The distance and estimate endpoints: figures, explanations, and 400 answers naming the field."""

import pytest

from erasmusdesk.institutions.models import Institution

pytestmark = pytest.mark.django_db
API = "/api/v1"
ATYRAU_BERLIN = {"from_city": "Atyrau, KZ", "to_city": "Berlin, DE"}


def test_distance_between_two_cities_with_its_band(client):
    body = client.get(f"{API}/distance", ATYRAU_BERLIN).json()
    assert body == {"distance_km": 2790.2, "band": {"min_km": 2000, "max_km": 2999}}


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
        ({"year": 2040}, "year", "There is no rate table for the call year 2040."),
        ({"to_city": "Berlin"}, "to_city", 'Write the city as "Name, CC"'),
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


def test_estimate_is_in_the_openapi_document(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    assert {"/api/v1/distance", "/api/v1/grants/estimate"} <= set(paths)
    assert "400" in paths["/api/v1/grants/estimate"]["get"]["responses"]
