"""The API of calls: list, pagination, filters (the status one at the real current instant),
detail with documents and places, errors."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import pgettext

from erasmusdesk.calls.api import with_status
from erasmusdesk.calls.deadlines import CallStatus, end_of_day
from erasmusdesk.calls.models import Call
from erasmusdesk.core import clock
from tests import factories
from tests.openapi import check_against_document, get_checked

pytestmark = pytest.mark.django_db

API = "/api/v1"
ALMATY = ZoneInfo("Asia/Almaty")
DAY = timedelta(days=1)


@pytest.fixture
def calls_now() -> dict[str, Call]:
    """One call in each status at the real current instant, with margins of days."""
    now = clock.now()
    return {
        "open": factories.call(
            slug="open",
            opens=now - 10 * DAY,
            deadline=now + 10 * DAY,
            late=None,
        ),
        "upcoming": factories.call(
            slug="upcoming",
            opens=now + 5 * DAY,
            deadline=now + 30 * DAY,
            late=None,
        ),
        "late": factories.call(
            slug="late",
            opens=now - 30 * DAY,
            deadline=now - 5 * DAY,
            late=now + 5 * DAY,
        ),
        "closed": factories.call(
            slug="closed",
            opens=now - 60 * DAY,
            deadline=now - 30 * DAY,
            late=None,
        ),
        "late_over": factories.call(
            slug="late-over",
            opens=now - 60 * DAY,
            deadline=now - 30 * DAY,
            late=now - 10 * DAY,
        ),
        "closed_early": factories.call(
            slug="closed-early",
            opens=now - 10 * DAY,
            deadline=now + 10 * DAY,
            closed_at=now - DAY,
            late=None,
        ),
    }


def _slugs(body: dict) -> list[str]:
    return [item["slug"] for item in body["items"]]


# --- list ------------------------------------------------------------------------------------


def test_list_gives_each_call_its_status(client, calls_now):
    body = get_checked(client, f"{API}/calls")
    assert body["count"] == 6
    statuses = {item["slug"]: item["status"] for item in body["items"]}
    assert statuses == {
        "open": "open",
        "upcoming": "upcoming",
        "late": "late",
        "closed": "closed",
        "late-over": "closed",
        "closed-early": "closed",
    }


def test_list_newest_year_first_then_by_opening(client):
    now = clock.now()
    factories.call(
        slug="b-2026",
        year=2026,
        opens=now - 2 * DAY,
        deadline=now + 10 * DAY,
        late=None,
    )
    factories.call(
        slug="a-2026",
        year=2026,
        opens=now - 2 * DAY,
        deadline=now + 10 * DAY,
        late=None,
    )
    factories.call(
        slug="c-2026",
        year=2026,
        opens=now - 5 * DAY,
        deadline=now + 10 * DAY,
        late=None,
    )
    factories.call(
        slug="d-2027",
        year=2027,
        opens=now - DAY,
        deadline=now + 10 * DAY,
        late=None,
    )
    assert _slugs(get_checked(client, f"{API}/calls")) == ["d-2027", "c-2026", "a-2026", "b-2026"]


def test_list_pages(client, calls_now):
    first = get_checked(client, f"{API}/calls", page_size=4)
    second = get_checked(client, f"{API}/calls", page_size=4, page=2)
    assert first["count"] == second["count"] == 6
    assert len(first["items"]) == 4
    assert len(second["items"]) == 2
    assert sorted(_slugs(first) + _slugs(second)) == sorted(
        call.slug for call in calls_now.values()
    )


def test_list_page_size_is_capped_at_100(client):
    factories.call(
        slug="one",
        late=None,
    )
    body = get_checked(client, f"{API}/calls", page_size=1000)
    assert _slugs(body) == ["one"]


def test_list_shows_only_published_calls(client):
    factories.call(
        slug="public",
        late=None,
    )
    factories.call(
        slug="hidden",
        is_published=False,
        late=None,
    )
    body = get_checked(client, f"{API}/calls")
    assert _slugs(body) == ["public"]
    assert body["count"] == 1


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("open", ["open"]),
        ("upcoming", ["upcoming"]),
        ("late", ["late"]),
        ("closed", ["closed", "closed-early", "late-over"]),
    ],
)
def test_list_by_status_now(client, calls_now, status, expected):
    body = get_checked(client, f"{API}/calls", status=status)
    assert sorted(_slugs(body)) == expected
    assert body["count"] == len(expected)
    assert {item["status"] for item in body["items"]} == {status}


def test_list_by_opportunity_and_academic_year(client):
    other = factories.opportunity("emjm", "Joint masters")
    factories.call(
        slug="icm-2026",
        year=2026,
        late=None,
    )
    factories.call(
        slug="icm-2027",
        year=2027,
        late=None,
    )
    factories.call(
        slug="emjm-2026",
        year=2026,
        opportunity=other,
        late=None,
    )
    assert _slugs(get_checked(client, f"{API}/calls", opportunity="emjm")) == ["emjm-2026"]
    assert _slugs(get_checked(client, f"{API}/calls", academic_year=2027)) == ["icm-2027"]
    assert _slugs(
        get_checked(client, f"{API}/calls", opportunity="icm-test", academic_year=2026)
    ) == ["icm-2026"]
    assert get_checked(client, f"{API}/calls", opportunity="no-such-thing")["items"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"status": "banana"},
        {"status": "OPEN"},
        {"academic_year": "abc"},
        {"academic_year": "2013"},
        {"page": "-1"},
        {"lang": "fr"},
    ],
)
def test_list_bad_filter_is_422(client, params):
    body = get_checked(client, f"{API}/calls", 422, **params)
    assert [error["loc"][-1] for error in body["detail"]] == list(params)


def test_list_queries_the_database_a_constant_number_of_times(client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"{API}/calls")
        assert response.status_code == 200
        check_against_document(response)
        return len(captured)

    factories.call(
        slug="one",
        late=None,
    )
    one = queries()
    factories.call(
        slug="two",
        opportunity=factories.opportunity("other"),
        late=None,
    )
    factories.call(
        slug="three",
        late=None,
    )
    assert queries() == one == 2


# --- the status rule in the database, at boundary instants -----------------------------------

OPENS = datetime(2026, 10, 1, 0, 0, tzinfo=ALMATY)
DEADLINE = end_of_day(date(2027, 1, 15), ALMATY)
LATE = end_of_day(date(2027, 5, 1), ALMATY)
TICK = timedelta(microseconds=1)


@pytest.mark.parametrize(
    "now",
    [
        OPENS - TICK,
        OPENS,
        DEADLINE,
        DEADLINE + TICK,
        LATE,
        LATE + TICK,
        OPENS + 3 * DAY,
        OPENS + 3 * DAY + TICK,
    ],
)
def test_status_filter_agrees_with_the_schedule(now):
    calls = [
        factories.call(
            slug="with-late",
            opens=OPENS,
            deadline=DEADLINE,
            late=LATE,
        ),
        factories.call(
            slug="without-late",
            opens=OPENS,
            deadline=DEADLINE,
            late=None,
        ),
        factories.call(
            slug="closed-early",
            opens=OPENS,
            deadline=DEADLINE,
            late=LATE,
            closed_at=OPENS + 3 * DAY,
        ),
    ]
    for call in calls:
        expected = call.schedule.status(now)
        for status in CallStatus:
            found = with_status(Call.objects.filter(pk=call.pk), status, now).exists()
            assert found == (status is expected), (call.slug, now, status)


# --- detail ----------------------------------------------------------------------------------


@pytest.fixture
def full_call() -> Call:
    """A call with a late round, documents for two categories and places at two partners."""
    vienna = factories.partner(
        "University of Vienna",
        name_original="Universität Wien",
        country="AT",
        city="Vienna",
        latitude="48.208490",
        longitude="16.372080",
    )
    lyon = factories.partner(
        "University of Lyon",
        name_original="Université de Lyon",
        country="FR",
        city="Lyon",
        latitude="45.75",
        longitude="4.85",
    )
    offered = [
        factories.agreement(
            vienna,
            conditions=[
                factories.condition(
                    isced_code="0613",
                    eqf_levels="6,7",
                    mobilities_per_year=3,
                    total_months_per_year=Decimal("15"),
                ),
                factories.condition(isced_code="0311", direction="incoming"),
                factories.staff_condition(isced_code="0311"),
            ],
        ),
        factories.agreement(
            lyon,
            conditions=[
                factories.condition(
                    isced_code="0231", eqf_levels="6", language="fr", cefr_level="B1"
                ),
            ],
        ),
    ]
    call = factories.call(
        slug="icm-2099",
        title="Credit mobility 2099/2100",
        title_ru="Кредитная мобильность 2099/2100",
        year=clock.academic_year(),  # within the agreements (factories.agreement)
        opens=datetime(2025, 10, 1, 9, 0, tzinfo=ALMATY),
        deadline=end_of_day(date(2099, 1, 15), ALMATY),
        late=end_of_day(date(2099, 5, 1), ALMATY),
        categories="bachelor,master",
        description="Outgoing students, all faculties.",
        agreements=offered,
    )
    factories.require(call, "bachelor", "transcript")
    factories.require(
        call, "bachelor", "recommendation_letter", count=2, allowed_types="pdf,jpg", max_size_mb=5
    )
    factories.require(
        call, "master", "language_certificate", is_required=False, must_be_in_english=False
    )
    return call


def test_detail_instants_in_almaty_time(client, full_call):
    body = get_checked(client, f"{API}/calls/icm-2099")
    assert body["opens_at"] == "2025-10-01T09:00:00+05:00"
    assert body["deadline"] == "2099-01-15T23:59:59.999999+05:00"
    assert body["late_deadline"] == "2099-05-01T23:59:59.999999+05:00"
    assert body["closed_at"] is None
    assert body["status"] == "open"
    assert body["status_label"] == "open"
    assert body["next_deadline"] == body["deadline"]
    assert body["status_changes_at"] == body["deadline"]
    assert datetime.fromisoformat(body["deadline"]) == full_call.deadline


def test_detail_of_an_upcoming_call_names_its_deadline_and_its_opening(client):
    opens = clock.now() + 5 * DAY
    factories.call(
        slug="soon",
        opens=opens,
        deadline=opens + 20 * DAY,
        late=None,
    )
    body = get_checked(client, f"{API}/calls/soon")
    assert body["status"] == "upcoming"
    assert datetime.fromisoformat(body["status_changes_at"]) == opens
    assert datetime.fromisoformat(body["next_deadline"]) == opens + 20 * DAY


def test_detail_of_a_call_in_its_late_round_and_of_a_closed_one(client, calls_now):
    late = get_checked(client, f"{API}/calls/late")
    assert late["status"] == "late"
    assert late["status_label"] == "late round"
    assert late["next_deadline"] == late["late_deadline"]
    closed = get_checked(client, f"{API}/calls/closed-early")
    assert closed["status"] == "closed"
    assert closed["next_deadline"] is None
    assert closed["status_changes_at"] is None
    assert datetime.fromisoformat(closed["closed_at"]) == calls_now["closed_early"].closed_at


def test_detail_names_the_call_its_year_and_categories(client, full_call):
    body = get_checked(client, f"{API}/calls/icm-2099")
    assert body["title"] == "Credit mobility 2099/2100"
    assert body["description"] == "Outgoing students, all faculties."
    year = clock.academic_year()
    assert body["academic_year"] == year
    assert body["academic_year_label"] == f"{year}/{year + 1}"
    assert body["opportunity"] == {"slug": "icm-test", "title": "Credit mobility"}
    assert body["eligible_categories"] == [
        {"code": "bachelor", "label": "bachelor student"},
        {"code": "master", "label": "master student"},
    ]


def test_detail_documents_per_category(client, full_call):
    body = get_checked(client, f"{API}/calls/icm-2099")
    groups = body["required_documents"]
    assert [(group["category"], group["label"]) for group in groups] == [
        ("bachelor", "bachelor student"),
        ("master", "master student"),
    ]
    transcript, letters = groups[0]["documents"]
    assert transcript["code"] == "transcript"
    assert letters == {
        "code": "recommendation_letter",
        "name": "Letter of recommendation",
        "description": "",
        "count": 2,
        "required": True,
        "allowed_types": ["pdf", "jpg"],
        "max_size_mb": 5,
        "must_be_in_english": True,
    }
    (certificate,) = groups[1]["documents"]
    assert (certificate["required"], certificate["must_be_in_english"]) == (False, False)
    assert (certificate["allowed_types"], certificate["max_size_mb"]) == (["pdf"], 10)


def test_detail_places_are_outgoing_student_places(client, full_call):
    body = get_checked(client, f"{API}/calls/icm-2099")
    assert [
        (place["partner"]["name"], place["country"], place["isced_code"])
        for place in body["places"]
    ] == [("University of Vienna", "AT", "0613"), ("University of Lyon", "FR", "0231")]
    vienna, lyon = body["places"]
    assert vienna["eqf_levels"] == ["6", "7"]
    assert vienna["mobilities_per_year"] == 3
    assert vienna["total_months_per_year"] == 15
    assert vienna["total_days_per_year"] is None
    assert vienna["subject_area"] == "0613 Software and applications development and analysis"
    assert vienna["mobility_type"] == "student_studies"
    assert (lyon["language"], lyon["cefr_level"]) == ("fr", "B1")
    assert lyon["partner"]["city"] == "Lyon"


def test_detail_in_russian_and_kazakh(client, full_call):
    russian = get_checked(client, f"{API}/calls/icm-2099", lang="ru")
    assert russian["title"] == "Кредитная мобильность 2099/2100"
    assert russian["required_documents"][0]["documents"][1]["name"] == "Рекомендательное письмо"
    with translation.override("ru"):
        assert russian["status_label"] == pgettext("call status", "open")
    kazakh = get_checked(client, f"{API}/calls/icm-2099", lang="kk")
    # No Kazakh title: the English one.
    assert kazakh["title"] == "Credit mobility 2099/2100"
    assert kazakh["required_documents"][0]["documents"][1]["name"] == "Ұсыныс хат"
    assert get_checked(client, f"{API}/calls/icm-2099", lang="en")["title"] == (
        "Credit mobility 2099/2100"
    )


def test_list_titles_in_the_requested_language(client, full_call):
    body = get_checked(client, f"{API}/calls", lang="ru")
    assert body["items"][0]["title"] == "Кредитная мобильность 2099/2100"


def test_detail_queries_do_not_grow_with_places(client, full_call):
    factories.call(
        slug="bare",
        late=None,
    )
    with CaptureQueriesContext(connection) as bare:
        check_against_document(client.get(f"{API}/calls/bare"))
    with CaptureQueriesContext(connection) as full:
        check_against_document(client.get(f"{API}/calls/icm-2099"))
    assert len(bare) == len(full) == 3


def test_unknown_or_unpublished_call_is_404(client):
    factories.call(
        slug="hidden",
        is_published=False,
        late=None,
    )
    for slug in ("hidden", "nope"):
        body = get_checked(client, f"{API}/calls/{slug}", 404)
        assert body == {"detail": f"There is no published call at the address {slug}."}


def test_detail_bad_language_is_422(client, full_call):
    body = get_checked(client, f"{API}/calls/icm-2099", 422, lang="de")
    assert body["detail"][0]["loc"] == ["query", "lang"]
