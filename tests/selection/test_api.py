"""The selection in the API: a call's ranking and the allocation preview, for the office
only, checked against the OpenAPI document."""

import pytest

from erasmusdesk.selection.models import Run
from tests.openapi import API, get_checked, openapi_document


@pytest.fixture
def scored(world):
    applications = [world.apply(grade=g) for g in ("3.9", "3.5", "3.1", "2.7", "2.3")]
    world.assign()
    world.score_all(7)
    return applications


def test_the_operations_are_documented_with_their_errors():
    paths = openapi_document()["paths"]
    for path in ("/api/v1/selection/{slug}/ranking", "/api/v1/selection/{slug}/preview"):
        responses = paths[path]["get"]["responses"]
        assert {"200", "401", "404", "422"} <= set(responses), path


def test_the_ranking_for_the_office(client_as, people, world, scored):
    body = get_checked(
        client_as(people["coordinator"]), f"{API}/selection/{world.call.slug}/ranking"
    )
    assert body["published_run"] == 0
    assert [row["reference"] for row in body["ranking"]] == [a.reference for a in scored]
    first = body["ranking"][0]
    assert first["points"]["motivation"] == "7.00" and first["total"] == "80.33"
    assert [c["code"] for c in body["criteria"]] == [
        "grade",
        "language",
        "motivation",
        "recommendations",
    ]
    assert body["tie_rules"][-1] == {"field": "reference", "direction": "asc"}
    assert body["ranking"][4]["outcome"] == "reserve"
    assert body["ranking"][4]["reserve_position"] == 1


def test_the_preview_with_what_if_places(client_as, people, world, scored):
    client = client_as(people["coordinator"])
    url = f"{API}/selection/{world.call.slug}/preview"
    base = get_checked(client, url)
    assert base["reserve"] == [scored[4].reference]
    second = world.places[1].pk
    what_if = get_checked(client, url, places=f"{second}:3")
    assert what_if["reserve"] == []
    assert what_if["places_changed"] == {str(second): 3}
    (place,) = [p for p in what_if["places"] if p["place_id"] == second]
    assert place["places"] == 3 and len(place["admitted"]) == 3
    assert not Run.objects.exists()
    get_checked(client, url, 422, places="twelve")


def test_the_api_answers_only_the_office(client_as, people, world, scored):
    for address in (
        f"{API}/selection/{world.call.slug}/ranking",
        f"{API}/selection/{world.call.slug}/preview",
    ):
        get_checked(client_as(None), address, 401)
        for role in ("owner", "evaluator", "partner_contact"):
            get_checked(client_as(people[role]), address, 404)
    get_checked(client_as(people["coordinator"]), f"{API}/selection/no-such-call/ranking", 404)


def test_the_ranking_speaks_the_requested_language(client_as, people, world, scored):
    client = client_as(people["coordinator"])
    body = get_checked(client, f"{API}/selection/{world.call.slug}/ranking", lang="ru")
    assert body["criteria"][0]["name"] == "Средний балл"
