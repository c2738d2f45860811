"""Sourced default rules of "which opportunity fits me", per catalogue opportunity.

Sources: the catalogue's "who can apply" sections (catalogue/content/*.toml, which quote the
Erasmus+ Programme Guides) and ../shared/reference/erasmus-rules.md sections 1, 3 and 4:

- credit mobility (KA107/KA171): students at bachelor's, master's and doctoral level study or
  train abroad; English at least B1 is the common requirement of universities' calls; teachers
  teach, staff (and teachers) train. Bachelor students from their second year: the
  university's own calls (the office confirms it in each call's eligibility);
- Erasmus Mundus Joint Masters: a first degree (bachelor's or its recognised equivalent) by the
  programme's start (Programme Guide 2021-2027; the catalogue);
- Jean Monnet: the university applies; Modules, Networks and Projects are led by teachers
  and researchers; a Chair is held by one professor or senior lecturer; a Centre of
  Excellence is led by an existing Chair and Support to Associations goes to associations,
  so nobody takes part in those two on their own;
- Capacity Building: institutions apply in consortia; teachers and staff take part through
  the university, students only in a running project's activities.

``load_default_rules()`` creates the rows that are missing (by opportunity and activity) and
leaves the office's edits alone; the data migration, the tests and the demo call it.
"""

from django.apps import apps as global_apps
from django.db import transaction

_ICM = "the catalogue (International Credit Mobility, who can apply); Programme Guides KA107/KA171"
_YEAR = "Bachelor students from the second year: the university's calls (the office confirms)"
_LANGUAGE = "English at least B1 (CEFR): itu.edu.tr; vum.bg (reference, section 6)"
_JM = "the catalogue (Jean Monnet actions, who can apply); reference, section 4"

DEFAULT_RULES: list[dict] = [
    {
        "slug": "international-credit-mobility",
        "activity": "study",
        "roles": ["student"],
        "levels": ["bachelor", "master", "doctoral"],
        "min_year_bachelor": 2,
        "min_language": "B1",
        "source": f"{_ICM}. {_YEAR}. {_LANGUAGE}.",
    },
    {
        "slug": "international-credit-mobility",
        "activity": "traineeship",
        "roles": ["student"],
        "levels": ["bachelor", "master", "doctoral"],
        "min_year_bachelor": 2,
        "min_language": "B1",
        "source": f"{_ICM}. {_YEAR}. {_LANGUAGE}.",
    },
    {
        "slug": "international-credit-mobility",
        "activity": "teaching",
        "roles": ["teacher"],
        "source": f"{_ICM}.",
    },
    {
        "slug": "international-credit-mobility",
        "activity": "training",
        "roles": ["staff", "teacher"],
        "source": f"{_ICM}.",
    },
    {
        "slug": "erasmus-mundus-joint-masters",
        "roles": ["student"],
        "needs_first_degree": True,
        "source": "Erasmus+ Programme Guide 2021-2027, Erasmus Mundus Joint Masters; the "
        "catalogue (a first degree or its recognised equivalent by the programme's start)",
    },
    {"slug": "jean-monnet", "roles": ["teacher"], "source": f"{_JM}."},
    {"slug": "jean-monnet-modules", "roles": ["teacher"], "source": f"{_JM}."},
    {
        "slug": "jean-monnet-chairs",
        "roles": ["teacher"],
        "positions": ["professor", "senior_lecturer"],
        "source": f"{_JM} (a Chair: one professor or senior lecturer).",
    },
    {
        "slug": "jean-monnet-centres-of-excellence",
        "roles": [],
        "source": f"{_JM} (led by an existing Jean Monnet Chair, one per institution).",
    },
    {"slug": "jean-monnet-networks", "roles": ["teacher"], "source": f"{_JM}."},
    {"slug": "jean-monnet-projects", "roles": ["teacher"], "source": f"{_JM}."},
    {
        "slug": "jean-monnet-support-to-associations",
        "roles": [],
        "source": f"{_JM} (the applicant is an association of EU-studies professors).",
    },
    {
        "slug": "capacity-building-higher-education",
        "roles": ["teacher", "staff"],
        "source": "the catalogue (Capacity Building in Higher Education, who can apply): "
        "institutions apply in consortia; teachers and staff take part through the university",
    },
]


def load_default_rules(apps=global_apps) -> int:
    """Create the default rows that are missing; return how many were created."""
    FitRule = apps.get_model("advisor", "FitRule")
    created = 0
    with transaction.atomic():
        for position, row in enumerate(DEFAULT_RULES):
            values = {k: v for k, v in row.items() if k not in {"slug", "activity"}}
            _rule, was_created = FitRule.objects.get_or_create(
                slug=row["slug"],
                activity=row.get("activity", ""),
                defaults={**values, "position": position},
            )
            created += was_created
    return created
