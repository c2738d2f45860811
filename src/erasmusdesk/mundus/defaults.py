"""Sourced defaults of Erasmus Mundus Joint Masters: the consortium rules of each programme
period and the scholarship of 2021-2027 (../shared/reference/erasmus-rules.md sections 3 and
the introduction for the Programme countries).

- 2014-2020 (EMJMD): at least two universities in different Programme countries (the seed's
  wording); Programme countries then: EU28 (with the United Kingdom) + IS, LI, NO, MK, TR;
- 2021-2027 (EMJM): at least 3 higher education institutions from 3 countries, at least 2 of
  them EU Member States or third countries associated to the Programme (EU27 + IS, LI, NO, MK,
  RS, TR);
- scholarship 2021-2027: 1,400 EUR a month for the whole programme, at most 10 % of
  scholarships to one nationality (mscwell.eu; mespom.eu);
- scholarship 2014-2020 (EMJMD): participation costs up to 9,000 EUR a year (Partner-country
  holder) or 4,500 EUR (Programme-country holder); travel 1,000 EUR a year (Programme-country
  resident) or, for a Partner-country resident, 2,000 EUR a year under 4,000 km from the
  coordinating university and 3,000 EUR at 4,000 km or more, plus 1,000 EUR installation;
  subsistence 1,000 EUR a month, at most 24 months (web.em-petal.eu/scholarships;
  erasmusmundus-atosim.cecam.org). Shipped as not confirmed: both are consortia quoting
  the Programme Guides, whose own text was not at hand; the 10 % nationality cap of that
  period is likewise unconfirmed.

``load_defaults()`` creates what is missing (by first call year) and leaves the office's edits
alone; the data migration, the tests and the demo call it.
"""

from decimal import Decimal

from django.apps import apps as global_apps
from django.db import transaction
from django.utils.translation import gettext_noop

from erasmusdesk.core.erasmus_countries import PROGRAMME_COUNTRIES_2014, PROGRAMME_COUNTRIES_2021

CONSORTIUM_RULES = [
    {
        "first_call_year": 2014,
        "last_call_year": 2020,
        "min_institutions": 2,
        "min_countries": 2,
        "min_programme_countries": 2,
        "programme_countries": list(PROGRAMME_COUNTRIES_2014),
        "source": gettext_noop(
            "Erasmus+ Programme Guides 2014-2020 (EMJMD), as quoted in the seed: enrolled "
            "in at least two universities in different Programme countries"
        ),
    },
    {
        "first_call_year": 2021,
        "last_call_year": 2027,
        "min_institutions": 3,
        "min_countries": 3,
        "min_programme_countries": 2,
        "programme_countries": list(PROGRAMME_COUNTRIES_2021),
        "source": gettext_noop(
            "Erasmus+ Programme Guide 2021-2027, Erasmus Mundus Joint Masters: at least 3 "
            "higher education institutions from 3 countries, at least 2 of them EU Member "
            "States or third countries associated to the Programme"
        ),
    },
]

SCHOLARSHIP_RATES = [
    {
        "first_call_year": 2014,
        "last_call_year": 2020,
        "monthly_eur": Decimal("1000.00"),
        "nationality_cap_percent": 10,
        "participation_partner_eur": Decimal("9000.00"),
        "participation_programme_eur": Decimal("4500.00"),
        "travel_programme_eur": Decimal("1000.00"),
        "travel_near_eur": Decimal("2000.00"),
        "travel_far_eur": Decimal("3000.00"),
        "installation_eur": Decimal("1000.00"),
        "far_from_km": 4000,
        "max_months": 24,
        "is_confirmed": False,
        "source": gettext_noop(
            "Erasmus+ Programme Guides 2014-2020 (EMJMD) as quoted by the consortia "
            "web.em-petal.eu/scholarships and erasmusmundus-atosim.cecam.org: participation "
            "costs up to 9,000 EUR a year (Partner country) or 4,500 EUR (Programme "
            "country); travel 1,000 EUR a year (Programme country), 2,000 EUR (Partner "
            "country, under 4,000 km from the coordinator) or 3,000 EUR (4,000 km or more) "
            "plus 1,000 EUR installation; subsistence 1,000 EUR a month, at most 24 months. "
            "Not confirmed against the Guides' text; the pro rata of a part year and the 10 "
            "% nationality cap are unconfirmed"
        ),
    },
    {
        "first_call_year": 2021,
        "last_call_year": 2027,
        "monthly_eur": Decimal("1400.00"),
        "nationality_cap_percent": 10,
        "source": gettext_noop(
            "Erasmus+ Programme Guide 2021-2027; mscwell.eu; mespom.eu (1,400 EUR a month "
            "for the whole duration, at most 10 % of scholarships to one nationality)"
        ),
    },
]


def load_defaults(apps=global_apps) -> int:
    """Create the missing rows. A row with fields the model does not have yet (an older
    migration's model) is left for the migration that adds them."""
    ConsortiumRule = apps.get_model("mundus", "ConsortiumRule")
    ScholarshipRate = apps.get_model("mundus", "ScholarshipRate")
    rate_fields = {field.name for field in ScholarshipRate._meta.get_fields()}
    created = 0
    with transaction.atomic():
        for row in CONSORTIUM_RULES:
            values = {k: v for k, v in row.items() if k != "first_call_year"}
            created += ConsortiumRule.objects.get_or_create(
                first_call_year=row["first_call_year"], defaults=values
            )[1]
        for row in SCHOLARSHIP_RATES:
            if not set(row) <= rate_fields:
                continue
            values = {k: v for k, v in row.items() if k != "first_call_year"}
            created += ScholarshipRate.objects.get_or_create(
                first_call_year=row["first_call_year"], defaults=values
            )[1]
    return created
