"""The applications' panels on the office's home page (core/home.py): applications waiting
for the office's check, uploaded documents not reviewed yet (per call), and the latest changes
of state."""

from django.db.models import Count
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from erasmusdesk.applications.models import STATE_LABELS, Application, Document, Review, StateChange
from erasmusdesk.applications.states import State
from erasmusdesk.calls.models import Call
from erasmusdesk.core.access import is_office_user
from erasmusdesk.core.home import Item, register_panel

VIEW_PERMISSION = "applications.view_application"
# Applications whose files the office reviews: received, and not decided yet.
WAITING_STATES = (State.SUBMITTED.value, State.RETURNED.value)


def is_office(user) -> bool:
    return is_office_user(user, VIEW_PERMISSION)


def _calls(call_ids) -> dict[int, Call]:
    return Call.objects.in_bulk(set(call_ids))


@register_panel(
    "applications.to_check",
    title=gettext_lazy("Applications to check"),
    shown_to=is_office,
    order=10,
)
def applications_to_check(request) -> dict:
    """Per call, the submitted applications that wait for the office's decision."""
    rows = (
        Application.objects.filter(state=State.SUBMITTED)
        .values("call_id")
        .annotate(n=Count("pk"))
        .order_by("call_id")
    )
    calls = _calls(row["call_id"] for row in rows)
    items = [
        Item(
            label=calls[row["call_id"]].title,
            count=row["n"],
            url=reverse("applications_office:call", kwargs={"slug": calls[row["call_id"]].slug})
            + "?state=submitted",
            tone="warn",
        )
        for row in rows
    ]
    return {
        "items": items,
        "empty": _("No submitted application waits for a check."),
        "more_url": reverse("applications_office:index"),
        "more_text": _("All applications"),
    }


@register_panel(
    "applications.documents",
    title=gettext_lazy("Documents to review"),
    shown_to=is_office,
    order=20,
)
def documents_to_review(request) -> dict:
    """Per call, the files of received applications that nobody has reviewed yet."""
    rows = (
        Document.objects.filter(review=Review.PENDING, application__state__in=WAITING_STATES)
        .values("application__call_id")
        .annotate(n=Count("pk"), applications=Count("application", distinct=True))
        .order_by("application__call_id")
    )
    calls = _calls(row["application__call_id"] for row in rows)
    items = []
    for row in rows:
        call = calls[row["application__call_id"]]
        items.append(
            Item(
                label=call.title,
                count=row["n"],
                url=reverse("applications_office:call", kwargs={"slug": call.slug}),
                detail=ngettext(
                    "in %(count)d application", "in %(count)d applications", row["applications"]
                )
                % {"count": row["applications"]},
            )
        )
    return {"items": items, "empty": _("Every received document has been reviewed.")}


RECENT = 8


@register_panel(
    "applications.recent",
    title=gettext_lazy("Recent activity"),
    shown_to=is_office,
    order=90,
)
def recent_activity(request) -> dict:
    """The latest changes of state of any application: who moved which application where."""
    changes = StateChange.objects.select_related("application", "by").order_by("-at", "-pk")[
        :RECENT
    ]
    items = []
    for change in changes:
        who = (
            (change.by.get_full_name() or change.by.get_username())
            if change.by
            else _("the system")
        )
        state = STATE_LABELS.get(change.to_state, change.to_state)
        items.append(
            Item(
                label=f"{change.application.reference}: {state}",
                url=reverse(
                    "applications_office:detail",
                    kwargs={"reference": change.application.reference},
                ),
                detail=_("%(when)s, by %(who)s")
                % {"when": date_format(localtime(change.at), "DATETIME_FORMAT"), "who": who},
            )
        )
    return {"items": items, "empty": _("Nothing has happened yet.")}
