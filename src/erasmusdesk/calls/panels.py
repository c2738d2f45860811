"""The calls' panel on the office's home page (core/home.py): the next deadlines, that is
each call not closed with the next instant at which its status changes (opening, deadline,
late deadline; calls/deadlines.py)."""

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from erasmusdesk.calls.deadlines import CallStatus
from erasmusdesk.calls.models import Call
from erasmusdesk.core import clock
from erasmusdesk.core.access import is_office_user
from erasmusdesk.core.home import Item, register_panel

SHOWN = 6


def is_office(user) -> bool:
    return is_office_user(user, "calls.view_call")


@register_panel(
    "calls.deadlines", title=gettext_lazy("Next deadlines"), shown_to=is_office, order=60
)
def next_deadlines(request) -> dict:
    """The calls not closed yet, soonest change first."""
    now = clock.now()
    upcoming = []
    for call in Call.objects.not_closed(now):
        moment = call.schedule.next_moment(now)
        if moment is not None:
            upcoming.append((moment, call))
    upcoming.sort(key=lambda pair: pair[0])
    what = {
        CallStatus.UPCOMING: _("opens"),
        CallStatus.OPEN: _("deadline"),
        CallStatus.LATE: _("late deadline"),
    }
    items = [
        Item(
            label=call.title,
            url=reverse("calls:detail", kwargs={"slug": call.slug}),
            detail=f"{what[call.schedule.status(now)]}: "
            f"{date_format(localtime(moment), 'DATETIME_FORMAT')}",
        )
        for moment, call in upcoming[:SHOWN]
    ]
    return {"items": items, "empty": _("No call is open or coming.")}
