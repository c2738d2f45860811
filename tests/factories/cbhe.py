"""Builders of capacity-building projects: a 2025 strand 2 project whose consortium meets
the rules, with a work package and a reporting date relative to the clock."""

from datetime import timedelta
from decimal import Decimal

from erasmusdesk.cbhe import rules as pure
from erasmusdesk.cbhe import services
from erasmusdesk.cbhe.defaults import DEFAULT_RULES
from erasmusdesk.cbhe.models import CapacityProject
from erasmusdesk.core import clock
from erasmusdesk.core.erasmus_countries import PROGRAMME_COUNTRIES_2021

CONSORTIUM = [
    ("Université de Montpellier", "FR", True, True),
    ("Universidade do Porto", "PT", True, False),
    ("Atyrau University", "KZ", True, False),
    ("Al-Farabi Kazakh National University", "KZ", True, False),
]


def project(*, partners=None, report_in_days: int = 10, by=None, **fields) -> CapacityProject:
    """A project registered through the service (``by``: the office's user, or nobody)."""
    values = {
        "title": "Green skills for Caspian universities",
        "acronym": "GREENCASP",
        "strand": "2",
        "call_year": 2025,
        "start": clock.localdate() - timedelta(days=90),
        "duration_months": 36,
        "budget_eur": Decimal("800000"),
        "our_budget_eur": Decimal("120000"),
        "partners": tuple(partners or CONSORTIUM),
        "work_packages": ((1, "Curricula", "Two courses"),),
        "reporting_dates": (
            (clock.localdate() + timedelta(days=report_in_days), "Interim report"),
        ),
    }
    values.update(fields)
    return services.register_project(services.NewProject(**values), by=by)


def rules(year: int) -> pure.IdeaRules:
    rows = [
        pure.IdeaRules(
            first_call_year=row["first_call_year"],
            last_call_year=row["last_call_year"],
            durations={k: tuple(v) for k, v in row["durations"].items()},
            programme_countries=frozenset(PROGRAMME_COUNTRIES_2021),
            source=row["source"],
        )
        for row in DEFAULT_RULES
    ]
    return pure.rules_for(rows, year)
