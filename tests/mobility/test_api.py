"""The mobility in the API: for the office only, checked against the OpenAPI document."""

import pytest

from tests.factories import mobility as builders
from tests.openapi import API, get_checked, openapi_document


@pytest.fixture
def recognised(db, people):
    mobility = builders.selected_mobility(people["owner"])
    builders.approved_agreement(mobility, by=people["owner"])
    return builders.moved_to(mobility, "recognised", by=people["coordinator"])


def test_the_operations_are_documented_with_their_errors():
    paths = openapi_document()["paths"]
    for path in [p for p in paths if p.startswith("/api/v1/mobilities")]:
        assert {"200", "401", "404", "422"} <= set(paths[path]["get"]["responses"]), path


def test_the_office_reads_mobilities_agreements_and_recognitions(recognised, people, client_as):
    client = client_as(people["coordinator"])
    page = get_checked(client, f"{API}/mobilities")
    assert page["count"] == 1
    item = page["items"][0]
    assert (item["omobility_id"], item["stage"], item["status"]) == (
        str(recognised.omobility_id),
        "recognised",
        "approved",
    )
    las = get_checked(client, f"{API}/mobilities/{recognised.omobility_id}/learning-agreements")
    assert las[0]["status"] == "approved"
    assert [s["party"] for s in las[0]["signatures"]] == ["student", "sending", "receiving"]
    found = get_checked(client, f"{API}/mobilities/{recognised.omobility_id}/recognition")
    assert found["decision"] == "full"
    assert found["components"][0]["method"] == "manual"
    assert get_checked(client, f"{API}/mobilities?stage=closed")["count"] == 0


@pytest.mark.parametrize(
    "role, status", [("owner", 404), ("partner_contact", 404), ("anonymous", 401)]
)
def test_nobody_else_reads_them(recognised, people, client_as, role, status):
    client = client_as(people[role])
    assert client.get(f"{API}/mobilities").status_code == status
    assert client.get(f"{API}/mobilities/{recognised.omobility_id}").status_code == status
