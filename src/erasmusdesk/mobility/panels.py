"""The mobility's panels on the home page (core/home.py): for the office, the mobilities that
wait at a stage (the host's answer, the learning agreement, the transcript, the recognition);
for a partner contact, their institution's nominations to answer."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from erasmusdesk.core.access import is_office_user
from erasmusdesk.core.home import Item, register_panel
from erasmusdesk.mobility.access import VIEW_PERMISSION, host_mobilities
from erasmusdesk.mobility.models import Mobility
from erasmusdesk.mobility.models.mobility import STATE_LABELS
from erasmusdesk.mobility.states import MobilityState

# The stages at which a mobility waits for someone, in the order they come.
WAITING = (
    MobilityState.NOMINATED,
    MobilityState.ACCEPTED,
    MobilityState.DEPARTED,
    MobilityState.TRANSCRIPT_RECEIVED,
)


def is_office(user) -> bool:
    return is_office_user(user, VIEW_PERMISSION)


@register_panel(
    "mobility.waiting", title=gettext_lazy("Mobilities waiting"), shown_to=is_office, order=55
)
def mobilities_waiting(request) -> dict:
    """How many mobilities wait at each stage: nominations, learning agreements, transcripts,
    recognitions."""
    counts = dict(
        Mobility.objects.filter(state__in=WAITING)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    index = reverse("mobility_office:index")
    items = [
        Item(STATE_LABELS[state], counts[state], f"{index}?stage={state.value}", tone="warn")
        for state in WAITING
        if counts.get(state)
    ]
    return {
        "items": items,
        "empty": _("No mobility waits."),
        "more_url": index,
        "more_text": _("All mobilities"),
    }


def _has_host(user) -> bool:
    from erasmusdesk.mobility.access import host_contact_of

    return host_contact_of(user) is not None


@register_panel(
    "mobility.nominations",
    title=gettext_lazy("Your institution's nominations"),
    shown_to=_has_host,
    order=5,
)
def host_nominations(request) -> dict:
    """The partner contact's nominations still to answer, and their institution's others."""
    mobilities = host_mobilities(request.user)
    waiting = mobilities.filter(state=MobilityState.NOMINATED).count()
    url = reverse("mobility:host_list")
    return {
        "items": [
            Item(_("Nominations to answer"), waiting, url, tone="warn" if waiting else ""),
            Item(_("All nominations to your institution"), mobilities.count(), url),
        ]
    }
