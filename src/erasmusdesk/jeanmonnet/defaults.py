"""Sourced default rules of the Jean Monnet actions, per range of call years.

Figures: ../shared/reference/erasmus-rules.md section 4 (the seed catalogue,
erasmusplus.org.il, up2europe.eu, the European Commission's action pages), with the ceilings
and funding rates of Modules and Chairs as corrected by the audit of December 2026
(euro-access.eu; subsdy.com):

- Module: 30,000 EUR up to the 2023 call, 35,000 EUR from the 2025 call; no audited figure
  for the 2024 call, so its ceiling is left for the office to enter from the call;
- Chair: 50,000 EUR at 75 % of eligible costs before the 2026 call, 60,000 EUR at 80 % in
  the 2026 call (the 2027 call has no audited figure yet: no row);
- Centre of Excellence 100,000 EUR at 80 %, one per institution; Network 300,000 EUR with at
  least 3 partners from 3 countries; policy-debate network (2021-2027) 1,200,000 EUR with at
  least 12 higher education institutions; Project 60,000 EUR over 12-24 months; Support to
  Associations 50,000 EUR.

The documents every proposal needs (a declaration on honour signed by the legal
representative, the team's CVs) are the Funding and Tenders Portal's usual annexes; the
office adds what a call asks for.

The source notes are msgids too (``gettext_noop``): the pages show them in the reader's
language (core/source_notes.py).

``load_default_rules()`` creates the rows that are missing (by action and first call year)
and leaves existing ones, with the office's edits, alone; the data migration, the tests and
the demo call it.
"""

from decimal import Decimal

from django.apps import apps as global_apps
from django.db import transaction
from django.utils.translation import gettext_noop

from erasmusdesk.jeanmonnet.rules import Action, HolderPosition

_DOCUMENTS = ["declaration_on_honour", "cvs"]

DEFAULT_RULES: list[dict] = [
    {
        "action": Action.MODULE,
        "first_call_year": 2014,
        "last_call_year": 2023,
        "min_hours_per_year": 40,
        "min_duration_months": 36,
        "max_duration_months": 36,
        "max_grant_eur": Decimal("30000"),
        "funding_rate_percent": 75,
        "source": gettext_noop(
            "Erasmus+ Programme Guide as quoted in the seed catalogue; erasmusplus.org.il; "
            "up2europe.eu. Ceiling 30,000 EUR up to the 2023 call: Audit of the Jean Monnet "
            "ceilings, December 2026: euro-access.eu; subsdy.com."
        ),
    },
    {
        "action": Action.MODULE,
        "first_call_year": 2024,
        "last_call_year": 2024,
        "min_hours_per_year": 40,
        "min_duration_months": 36,
        "max_duration_months": 36,
        "max_grant_eur": None,
        "funding_rate_percent": 75,
        "source": gettext_noop(
            "Erasmus+ Programme Guide as quoted in the seed catalogue; erasmusplus.org.il; "
            "up2europe.eu. No audited ceiling for the 2024 call: the office enters it from "
            "the call document."
        ),
    },
    {
        "action": Action.MODULE,
        "first_call_year": 2025,
        "last_call_year": 2027,
        "min_hours_per_year": 40,
        "min_duration_months": 36,
        "max_duration_months": 36,
        "max_grant_eur": Decimal("35000"),
        "funding_rate_percent": 75,
        "source": gettext_noop(
            "Erasmus+ Programme Guide as quoted in the seed catalogue; erasmusplus.org.il; "
            "up2europe.eu. Ceiling 35,000 EUR from the 2025 call: Audit of the Jean Monnet "
            "ceilings, December 2026: euro-access.eu; subsdy.com."
        ),
    },
    {
        "action": Action.CHAIR,
        "first_call_year": 2014,
        "last_call_year": 2025,
        "min_hours_per_year": 90,
        "min_duration_months": 36,
        "max_duration_months": 36,
        "max_grant_eur": Decimal("50000"),
        "funding_rate_percent": 75,
        "holder_positions": [HolderPosition.PROFESSOR, HolderPosition.SENIOR_LECTURER],
        "source": gettext_noop(
            "Erasmus+ Programme Guide as quoted in the seed catalogue; erasmusplus.org.il; "
            'up2europe.eu (the seed\'s "Department"). 50,000 EUR at 75 % before the 2026 '
            "call: Audit of the Jean Monnet ceilings, December 2026: euro-access.eu; "
            "subsdy.com."
        ),
    },
    {
        "action": Action.CHAIR,
        "first_call_year": 2026,
        "last_call_year": 2026,
        "min_hours_per_year": 90,
        "min_duration_months": 36,
        "max_duration_months": 36,
        "max_grant_eur": Decimal("60000"),
        "funding_rate_percent": 80,
        "holder_positions": [HolderPosition.PROFESSOR, HolderPosition.SENIOR_LECTURER],
        "source": gettext_noop(
            "Erasmus+ Programme Guide as quoted in the seed catalogue; erasmusplus.org.il; "
            "up2europe.eu. 60,000 EUR at 80 % in the 2026 call: Audit of the Jean Monnet "
            "ceilings, December 2026: euro-access.eu; subsdy.com."
        ),
    },
    {
        "action": Action.CENTRE,
        "first_call_year": 2014,
        "last_call_year": 2027,
        "min_duration_months": 36,
        "max_duration_months": 36,
        "max_grant_eur": Decimal("100000"),
        "funding_rate_percent": 80,
        "one_per_institution": True,
        "source": gettext_noop(
            "Erasmus+ Programme Guide as quoted in the seed catalogue; erasmusplus.org.il; "
            "up2europe.eu; erasmus-plus.ec.europa.eu, the Jean Monnet action pages (Centres "
            "of Excellence: led by an existing Jean Monnet Chair, one per institution, 80 % "
            "of eligible costs)."
        ),
    },
    {
        "action": Action.NETWORK,
        "first_call_year": 2014,
        "last_call_year": 2027,
        "min_duration_months": 36,
        "max_duration_months": 36,
        "max_grant_eur": Decimal("300000"),
        "min_partners": 3,
        "min_countries": 3,
        "source": gettext_noop(
            "Erasmus+ Programme Guide as quoted in the seed catalogue; erasmusplus.org.il; "
            "up2europe.eu; erasmus-plus.ec.europa.eu, the Jean Monnet action pages "
            "(Networks: at least 3 partners from 3 countries)."
        ),
    },
    {
        "action": Action.POLICY_DEBATE_NETWORK,
        "first_call_year": 2021,
        "last_call_year": 2027,
        "max_grant_eur": Decimal("1200000"),
        "min_partners": 12,
        "source": gettext_noop(
            "erasmus-plus.ec.europa.eu, the Jean Monnet action pages (Jean Monnet Policy "
            "Debate: networks of at least 12 higher education institutions, up to 1,200,000 "
            "EUR)."
        ),
    },
    {
        "action": Action.PROJECT,
        "first_call_year": 2014,
        "last_call_year": 2027,
        "min_duration_months": 12,
        "max_duration_months": 24,
        "max_grant_eur": Decimal("60000"),
        "source": gettext_noop(
            "Erasmus+ Programme Guide as quoted in the seed catalogue; erasmusplus.org.il; "
            "up2europe.eu (Projects: 12-24 months, 60,000 EUR)."
        ),
    },
    {
        "action": Action.ASSOCIATION,
        "first_call_year": 2014,
        "last_call_year": 2027,
        "min_duration_months": 36,
        "max_duration_months": 36,
        "max_grant_eur": Decimal("50000"),
        "source": gettext_noop(
            "Erasmus+ Programme Guide as quoted in the seed catalogue; erasmusplus.org.il; "
            "up2europe.eu (Support to Associations of professors and researchers of EU "
            "studies: 50,000 EUR, 3 years)."
        ),
    },
]


def load_default_rules(apps=global_apps) -> int:
    """Create the default rule rows that are missing; return how many were created."""
    ActionRule = apps.get_model("jeanmonnet", "ActionRule")
    created = 0
    with transaction.atomic():
        for row in DEFAULT_RULES:
            values = {
                "holder_positions": [str(p) for p in row.get("holder_positions", [])],
                "documents": list(_DOCUMENTS),
                **{k: v for k, v in row.items() if k not in {"action", "first_call_year"}},
            }
            values["holder_positions"] = [str(p) for p in values["holder_positions"]]
            _rule, was_created = ActionRule.objects.get_or_create(
                action=str(row["action"]), first_call_year=row["first_call_year"], defaults=values
            )
            created += was_created
    return created
