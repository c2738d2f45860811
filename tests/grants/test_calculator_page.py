"""The public grant calculator page."""

import pytest

from erasmusdesk.institutions.models import Institution

pytestmark = pytest.mark.django_db
ROLES = ["owner", "other_applicant", "evaluator", "coordinator", "partner_contact", "anonymous"]


def _query(**overrides) -> dict:
    query = {
        "year": "2022",
        "activity": "study",
        "origin_city": "Atyrau, KZ",
        "destination_city": "Berlin, DE",
        "start": "2022-09-01",
        "end": "2023-01-31",
        "travel_days": "0",
    }
    query.update(overrides)
    return query


def test_breakdown_shows_every_line_and_the_total(client):
    response = client.get("/en/grants/calculator/", _query())
    content = response.content.decode()
    assert response.status_code == 200
    assert "Estimated grant: 4610.00 EUR" in content
    for text in [
        "Individual support",
        "4250.00",
        "Travel support",
        "360.00",
        "Full months x monthly rate + remaining days x monthly rate / 30.",
        "haversine formula on a sphere of radius 6371.0088 km",
    ]:
        assert text in content


def test_unconfirmed_table_is_flagged(client):
    content = client.get(
        "/en/grants/calculator/", _query(year="2026", start="2026-09-01", end="2027-01-31")
    ).content.decode()
    assert "is not confirmed" in content


def test_bad_dates_show_the_rule_next_to_the_field(client):
    response = client.get("/en/grants/calculator/", _query(end="2022-10-01"))
    assert response.status_code == 400
    assert "Last day: The duration must be between 2 and 12 months" in response.content.decode()


def test_missing_destination_is_named(client):
    response = client.get("/kk/grants/calculator/", _query(destination_city=""))
    assert response.status_code == 400
    assert 'id="id_destination_city-error"' in response.content.decode()


def test_partner_choice_uses_its_coordinates(client, demo):
    vienna = Institution.objects.get(erasmus_code="A  WIEN01")
    response = client.get(
        "/ru/grants/calculator/", _query(destination_city="", destination=vienna.pk)
    )
    assert response.status_code == 200
    assert response.context["result"].whole_km == 2639


@pytest.mark.parametrize("role", ROLES)
def test_calculator_is_public(client_as, people, role):
    assert client_as(people[role]).get("/en/grants/calculator/").status_code == 200
