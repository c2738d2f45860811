"""Public pages of calls: the list with status and countdown, the detail, iCalendar feeds."""

from collections import Counter

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import ngettext

from erasmusdesk.calls.calendar import calls_calendar
from erasmusdesk.calls.deadlines import CallStatus, remaining
from erasmusdesk.calls.models import ApplicantCategory, Call
from erasmusdesk.calls.services import call_places, documents_matrix
from erasmusdesk.catalogue.charts import bar_chart
from erasmusdesk.core import clock

_ORDER = {CallStatus.OPEN: 0, CallStatus.LATE: 1, CallStatus.UPCOMING: 2, CallStatus.CLOSED: 3}


def _countdown(call: Call, now) -> dict | None:
    moment = call.schedule.next_moment(now)
    if moment is None:
        return None
    days, hours, minutes = remaining(now, moment)
    return {
        "moment": moment,
        "days": days,
        "hours": hours,
        "minutes": minutes,
        "status": call.schedule.status(now),
    }


def call_list(request: HttpRequest) -> HttpResponse:
    now = clock.now()
    calls = list(Call.objects.published().select_related("opportunity"))
    rows = sorted(
        ((call, call.schedule.status(now), _countdown(call, now)) for call in calls),
        key=lambda row: (
            _ORDER[row[1]],
            row[0].deadline if row[1] != CallStatus.CLOSED else -row[0].deadline.timestamp(),
        ),
    )
    return render(request, "calls/call_list.html", {"rows": rows, "now": now})


def _places(count: int) -> str:
    return ngettext("%(count)d place", "%(count)d places", count) % {"count": count}


def _places_by_country(places) -> list[tuple[str, int]]:
    """Places a year per partner country, most first (for the chart)."""
    totals: Counter[str] = Counter()
    for place in places:
        totals[str(place.agreement.partner.country.name)] += place.mobilities_per_year
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))


def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(Call.objects.published().select_related("opportunity"), slug=slug)
    now = clock.now()
    places = call_places(call)
    by_country = _places_by_country(places)
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "status": call.schedule.status(now),
            "countdown": _countdown(call, now),
            "document_table": documents_matrix(call),
            "places": places,
            "places_total": sum(place.mobilities_per_year for place in places),
            "partner_total": len({place.agreement.partner_id for place in places}),
            "chart": bar_chart(by_country, value_text=_places) if len(by_country) > 1 else None,
            "category_labels": [ApplicantCategory(value).label for value in call.category_list],
        },
    )


def _language(request: HttpRequest) -> str:
    requested = request.GET.get("lang", "en")
    return requested if requested in ("en", "ru", "kk") else "en"


def all_calls_ics(request: HttpRequest) -> HttpResponse:
    """iCalendar (RFC 5545) feed of every published call's opening and deadlines."""
    calls = Call.objects.published().order_by("opens_at")
    content = calls_calendar(calls, language=_language(request), base_url=_base_url(request))
    return _ics_response(content, "erasmus-calls.ics")


def call_ics(request: HttpRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(Call.objects.published(), slug=slug)
    content = calls_calendar([call], language=_language(request), base_url=_base_url(request))
    return _ics_response(content, f"{slug}.ics")


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
