"""iCalendar (RFC 5545) export of calls: one all-day event per opening and deadline."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from erasmusdesk.calls.models import Call


def _events(call: Call) -> list[tuple[str, str, object]]:
    """(uid suffix, summary, instant) of the call's moments, in the active language."""
    moments = [
        ("opens", _("Applications open: %(title)s"), call.opens_at),
        ("deadline", _("Deadline: %(title)s"), call.deadline),
    ]
    if call.late_deadline:
        moments.append(("late", _("Late deadline: %(title)s"), call.late_deadline))
    return [(key, summary % {"title": call.title}, instant) for key, summary, instant in moments]


def calls_calendar(calls: Iterable[Call], *, language: str, base_url: str) -> bytes:
    """The calendar of the calls' openings and deadlines.

    Each moment is an all-day event on its local date (Asia/Almaty), with the exact local time
    in the description, so that calendar programs show it on the right day in any zone.
    UIDs are stable (call id and moment), so re-importing updates instead of duplicating.
    """
    with translation.override(language):
        calendar = Calendar()
        calendar.add("prodid", "-//Erasmus Desk//Calls//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", _("Erasmus+ calls"))
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        for call in calls:
            for key, summary, instant in _events(call):
                local = timezone.localtime(instant)
                event = Event()
                event.add("uid", f"call-{call.pk}-{key}@erasmusdesk")
                event.add("summary", summary)
                event.add("dtstart", local.date())
                event.add("dtend", local.date() + timedelta(days=1))
                event.add("dtstamp", call.updated)
                event.add(
                    "description",
                    _("%(moment)s, %(zone)s time. %(url)s")
                    % {
                        "moment": local.strftime("%Y-%m-%d %H:%M"),
                        "zone": settings.TIME_ZONE,
                        "url": base_url + call.get_absolute_url(),
                    },
                )
                calendar.add_component(event)
        return calendar.to_ical()
