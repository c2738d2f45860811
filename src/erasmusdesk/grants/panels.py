"""The grants' panel on the office's home page (core/home.py): per call, the grants committed
against the budget awarded (grants/budget.py is the one place that adds them up)."""

from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from erasmusdesk.core.access import is_office_user
from erasmusdesk.core.home import Item, register_panel
from erasmusdesk.grants.budget import ZERO, calls_with_budgets


def can_see_budgets(user) -> bool:
    return is_office_user(user, "grants.view_budget")


def _euros(amount) -> str:
    return _("%(amount)s EUR") % {
        "amount": number_format(amount or ZERO, 2, use_l10n=True, force_grouping=True)
    }


@register_panel(
    "grants.budget",
    title=gettext_lazy("Budget used"),
    shown_to=can_see_budgets,
    order=70,
)
def budget_used(request) -> dict:
    """Per call with a budget or an agreement: committed of awarded, flagged when over."""
    items = []
    for call in calls_with_budgets()[:6]:
        awarded = call.awarded_total or ZERO
        committed = call.committed_total or ZERO
        items.append(
            Item(
                label=call.title,
                url=reverse("grants_budget:detail", kwargs={"slug": call.slug}),
                detail=_("%(committed)s committed of %(awarded)s awarded")
                % {"committed": _euros(committed), "awarded": _euros(awarded)},
                tone="warn" if committed > awarded else "",
            )
        )
    return {
        "items": items,
        "empty": _("No budget has been entered yet."),
        "more_url": reverse("grants_budget:index"),
        "more_text": _("All budgets"),
    }
