"""POST /api/v1/jean-monnet/check and the public checker page: the same pure rules."""

import json

import pytest

MODULE = {
    "call_year": 2025,
    "action": "module",
    "hours_per_year": [40, 40, 40],
    "duration_months": 36,
    "requested_eur": "35000.00",
    "partners": [],
    "holder_position": "lecturer",
}


def _post(client, body, lang="en"):
    return client.post(
        f"/api/v1/jean-monnet/check?lang={lang}",
        data=body if isinstance(body, (str, bytes)) else json.dumps(body),
        content_type="application/json",
    )


def test_an_eligible_module(client, db):
    answer = _post(client, MODULE).json()
    assert answer["eligible"] is True
    assert answer["problems"] == []
    assert answer["maximum_grant_eur"] == "35000.00"
    assert answer["funding_rate"] == 75


def test_39_hours_and_one_euro_over_the_ceiling_are_two_problems(client, db):
    answer = _post(
        client, {**MODULE, "hours_per_year": [40, 39, 40], "requested_eur": "35000.01"}
    ).json()
    assert answer["eligible"] is False
    assert [(p["field"], p["rule"]) for p in answer["problems"]] == [
        ("hours_per_year", "min_hours_per_year"),
        ("requested_eur", "max_grant_eur"),
    ]


def test_the_2026_chair_ceiling_and_rate(client, db):
    answer = _post(
        client,
        {
            **MODULE,
            "action": "chair",
            "call_year": 2026,
            "hours_per_year": [90, 90, 90],
            "requested_eur": "60000",
            "holder_position": "professor",
        },
    ).json()
    assert (answer["eligible"], answer["maximum_grant_eur"], answer["funding_rate"]) == (
        True,
        "60000.00",
        80,
    )


def test_network_partner_countries_2_versus_3(client, db):
    network = {**MODULE, "action": "network", "hours_per_year": [], "requested_eur": "1000"}
    two = [
        {"name": "A", "country": "DE"},
        {"name": "B", "country": "DE"},
        {"name": "C", "country": "EL"},
    ]
    three = [*two[:1], {"name": "B", "country": "FR"}, two[2]]
    assert [p["rule"] for p in _post(client, {**network, "partners": two}).json()["problems"]] == [
        "min_countries"
    ]
    assert _post(client, {**network, "partners": three}).json()["eligible"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("not json", "body"),
        ([1, 2], "body"),
        ({**MODULE, "call_year": "2025"}, "call_year"),
        ({**MODULE, "action": "department"}, "action"),
        ({**MODULE, "hours_per_year": "40"}, "hours_per_year"),
        ({**MODULE, "hours_per_year": [40, -1, 40]}, "hours_per_year"),
        ({**MODULE, "requested_eur": 35000}, "requested_eur"),
        ({**MODULE, "requested_eur": "35000.001"}, "requested_eur"),
        ({**MODULE, "requested_eur": "NaN"}, "requested_eur"),
        ({**MODULE, "partners": [{"name": "Athens", "country": "GR"}]}, "partners[0].country"),
        ({**MODULE, "partners": [{"name": "X", "country": "XX"}]}, "partners[0].country"),
        ({**MODULE, "partners": ["Athens"]}, "partners[0]"),
        ({**MODULE, "holder_position": "dean"}, "holder_position"),
        ({**MODULE, "duration_months": True}, "duration_months"),
    ],
)
def test_malformed_input_gets_400_naming_the_field(client, db, body, field):
    response = _post(client, body)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert response.json()["detail"]


def test_the_answer_is_in_the_requested_language(client, db):
    answer = _post(client, {**MODULE, "requested_eur": "99999"}, lang="ru").json()
    assert "EUR" in answer["problems"][0]["detail"]
    assert "is more than" not in answer["problems"][0]["detail"]


def test_the_public_checker_page_lists_the_problems_of_the_same_rules(client, db):
    page = client.get(
        "/en/jean-monnet/check/",
        {
            "action": "chair",
            "call_year": "2026",
            "holder_position": "lecturer",
            "duration_months": "36",
            "hours_per_year": "90, 90, 89",
            "requested_eur": "60001",
        },
    ).content.decode()
    assert "Rules broken: 3" in page
    assert "Academic year 3 has 89 teaching hours" in page
    assert "60\u00a0000.00 EUR in the 2026–2026 calls" in page


def test_the_public_checker_refuses_a_malformed_hours_list(client, db):
    response = client.get(
        "/en/jean-monnet/check/",
        {
            "action": "module",
            "call_year": "2025",
            "holder_position": "lecturer",
            "hours_per_year": "forty",
        },
    )
    assert response.status_code == 400
    assert "Give whole numbers separated by commas." in response.content.decode()


def test_the_checker_maps_the_seeds_names_to_the_2021_2027_ones(client, db):
    page = client.get("/en/jean-monnet/check/").content.decode()
    row = page[page.index('<th scope="row">Jean Monnet Chair</th>') :][:200]
    assert "Jean Monnet Department (the seed)" in row


def test_the_api_document_states_what_the_check_refuses(client, db):
    """Generated clients and schemathesis's positive tests read the same rules as the API."""
    document = client.get("/api/v1/openapi.json").json()
    body = document["paths"]["/api/v1/jean-monnet/check"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    partner = schema["properties"]["partners"]["items"]
    assert partner["required"] == ["name", "country"]
    assert "EL" in partner["properties"]["country"]["enum"]
    assert "GR" not in partner["properties"]["country"]["enum"]
    year = schema["properties"]["call_year"]
    assert (year["minimum"], year["maximum"]) == (2014, 2100)
    response = client.post(
        "/api/v1/jean-monnet/check",
        {"call_year": 2026, "action": "network", "partners": [{"name": "A"}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "partners[0].country"


def test_a_whole_number_written_with_a_decimal_point_is_a_whole_number(client, db):
    response = _post(client, {**MODULE, "call_year": 2025.0, "duration_months": 36.0})
    assert response.status_code == 200
    assert _post(client, {**MODULE, "call_year": 2025.5}).status_code == 400
