"""Public call pages, the iCalendar feeds, and the call shown on the catalogue page."""

from datetime import date

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db
ROLES = ["owner", "other_applicant", "evaluator", "coordinator", "partner_contact", "anonymous"]


@pytest.fixture(autouse=True)
def _first_of_december(frozen):
    """1 December 2026 at noon: the demo loads its calls of 2026/2027 (open, deadline
    15 January 2027) and 2025/2026 (closed), whose dates these pages are about."""
    frozen(factories.local(2026, 12, 1, 12))


def test_list_shows_status_and_countdown(client):
    factories.call(
        slug="open-call",
        title="Open call",
        opens=date(2020, 10, 1),
        deadline=date(2099, 1, 15),
        late=None,
    )
    factories.call(
        slug="old-call",
        title="Old call",
        opens=date(2020, 10, 1),
        deadline=date(2021, 1, 15),
        late=None,
    )
    content = client.get("/en/calls/").content.decode()
    assert content.index("Open call") < content.index("Old call")
    assert '<span class="badge badge-open">open</span>' in content
    assert '<span class="badge badge-closed">closed</span>' in content
    assert "Closes in " in content


def test_detail_shows_local_dates_documents_and_places(client, demo):
    response = client.get("/en/calls/icm-2026-2027/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "15 January 2027, 23:59" in content
    assert "1 May 2027, 23:59" in content
    assert "Letter of recommendation" in content
    assert "2, required" in content
    assert "University of Vienna" in content
    columns, rows = response.context["document_table"]
    assert len(columns) == 5
    assert response.context["places_total"] == sum(
        place.mobilities_per_year for place in response.context["places"]
    )


def test_detail_in_russian_and_kazakh_uses_their_month_names(client, demo):
    assert "15 января 2027" in client.get("/ru/calls/icm-2026-2027/").content.decode()
    assert "15 қаңтар 2027" in client.get("/kk/calls/icm-2026-2027/").content.decode()


def test_unknown_or_unpublished_call_is_404(client):
    factories.call(slug="hidden", is_published=False)
    assert client.get("/en/calls/hidden/").status_code == 404
    assert client.get("/en/calls/nope/").status_code == 404
    assert client.get("/calls/hidden.ics").status_code == 404


def test_all_calls_feed_parses_back_with_the_deadlines(client, demo):
    response = client.get("/calls.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert len(events) == 6
    deadline = next(
        e
        for uid, e in events.items()
        if uid.endswith("-deadline@erasmusdesk") and "2026/2027" in str(e["summary"])
    )
    assert deadline.decoded("dtstart") == date(2027, 1, 15)
    assert str(deadline["summary"]) == "Deadline: Erasmus+ credit mobility 2026/2027"
    assert "2027-01-15 23:59, Asia/Almaty time" in str(deadline["description"])


def test_call_feed_in_kazakh(client, demo):
    calendar = icalendar.Calendar.from_ical(client.get("/calls/icm-2026-2027.ics?lang=kk").content)
    summaries = sorted(str(event["summary"]) for event in calendar.walk("VEVENT"))
    assert len(summaries) == 3
    assert all("Erasmus+ кредиттік ұтқырлығы 2026/2027" in summary for summary in summaries)


def test_catalogue_page_shows_the_current_call(client, demo):
    content = client.get("/en/opportunities/international-credit-mobility/").content.decode()
    assert "Erasmus+ credit mobility 2026/2027" in content
    assert "15 January 2027, 23:59" in content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "path", ["/en/calls/", "/ru/calls/icm-2026-2027/", "/calls.ics", "/calls/icm-2025-2026.ics"]
)
def test_call_pages_are_public_for_every_role(client_as, people, demo, role, path):
    assert client_as(people[role]).get(path).status_code == 200


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_call_list_and_detail_queries_do_not_grow_with_partners(client):
    university = factories.partner("First")
    item = factories.call(agreements=[factories.agreement(university)])
    at_one = (_queries(client, "/en/calls/"), _queries(client, item.get_absolute_url()))
    more = [factories.agreement(factories.partner(f"P{index}")) for index in range(4)]
    item.agreements.add(*more)
    factories.call(slug="second", agreements=more)
    at_five = (_queries(client, "/en/calls/"), _queries(client, item.get_absolute_url()))
    assert at_one == at_five
