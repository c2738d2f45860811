"""Sourced default rules of Capacity Building in Higher Education project ideas.

- Durations: 24 or 36 months (the catalogue: Programme Guide 2021-2027, 24-36 months);
  strand 3 from the 2025 call: 36 or 48 months (audit of the programme figures, December
  2026, Programme Guide 2025). Before the 2025 call strand 3 is shipped as 24 or 36 months,
  like the catalogue, for the office to confirm.
- Consortium: erasmusplus.org.il/cbhe quoting the Programme Guide 2021-2027 (national and
  multi-country projects: at least 2 Member States or associated countries with at least
  one HEI each; each eligible third country not associated with at least 2 HEIs; at least
  as many organisations from third countries not associated as from the others).

``load_default_rules()`` creates the missing rows (by first call year) and leaves the office's
edits alone.
"""

from django.apps import apps as global_apps
from django.db import transaction
from django.utils.translation import gettext_noop

from erasmusdesk.core.erasmus_countries import PROGRAMME_COUNTRIES_2021

DEFAULT_RULES = [
    {
        "first_call_year": 2021,
        "last_call_year": 2024,
        "durations": {"1": [24, 36], "2": [24, 36], "3": [24, 36]},
        "source": gettext_noop(
            "Durations: the catalogue (Programme Guide 2021-2027, 24-36 months; strand 3 "
            "before 2025 to be confirmed by the office). Consortium: "
            "erasmusplus.org.il/cbhe, quoting the Erasmus+ Programme Guide 2021-2027."
        ),
    },
    {
        "first_call_year": 2025,
        "last_call_year": 2027,
        "durations": {"1": [24, 36], "2": [24, 36], "3": [36, 48]},
        "source": gettext_noop(
            "Durations: Programme Guide 2025 (strand 3: 36 or 48 months; audit of the "
            "programme figures, December 2026). Consortium: erasmusplus.org.il/cbhe, "
            "quoting the Erasmus+ Programme Guide 2021-2027."
        ),
    },
]


def load_default_rules(apps=global_apps) -> int:
    CapacityRule = apps.get_model("cbhe", "CapacityRule")
    created = 0
    with transaction.atomic():
        for row in DEFAULT_RULES:
            values = {k: v for k, v in row.items() if k != "first_call_year"}
            values["programme_countries"] = list(PROGRAMME_COUNTRIES_2021)
            created += CapacityRule.objects.get_or_create(
                first_call_year=row["first_call_year"], defaults=values
            )[1]
    return created
