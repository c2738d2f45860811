"""The statistics' line on the office's home page (core/home.py): where to compare figures."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from erasmusdesk.core.home import Item, register_panel
from erasmusdesk.reports.views import may_see_statistics


@register_panel(
    "reports.statistics",
    title=gettext_lazy("Statistics"),
    shown_to=may_see_statistics,
    order=90,
)
def statistics_link(request) -> dict:
    return {
        "items": [
            Item(
                _("Applications, selection outcomes and grants, as charts and tables"),
                url=reverse("reports_office:statistics"),
            )
        ]
    }
