"""The initial catalogue content shipped with the code (content/*.toml), loaded once.

Each file carries one page in English, Russian and Kazakh and the sources of its facts.
Loading never overwrites a page that already exists: after the first load the office owns
the text and edits it in the back office.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from erasmusdesk.catalogue.models import CallYearFigure, Opportunity
from erasmusdesk.core import audit

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LANGUAGE_CODES = ("en", "ru", "kk")
FACT_FIELDS = (
    "duration_min_months",
    "duration_max_months",
    "monthly_grant_min_eur",
    "monthly_grant_max_eur",
    "max_grant_eur",
    "min_teaching_hours",
    "ects_options",
    "min_partners",
    "min_countries",
    "funding_rate_percent",
    "travel_support",
    "sources",
)


@dataclass(frozen=True)
class SeedResult:
    created: list[str]
    kept: list[str]


def read_pages(directory: Path = CONTENT_DIR) -> list[dict]:
    """Every content file, parents before children, in position order."""
    pages = [tomllib.loads(path.read_text(encoding="utf-8")) for path in directory.glob("*.toml")]
    return sorted(pages, key=lambda page: (bool(page.get("parent")), page["position"]))


def page_fields(page: dict) -> dict:
    """The model field values of one content file (translated fields as name_<lang>)."""
    fields = {
        "kind": page["kind"],
        "position": page["position"],
    }
    for name, value in page.get("facts", {}).items():
        if name not in FACT_FIELDS:
            raise ValueError(f"{page['slug']}: unknown fact {name!r}")
        fields[name] = value.strip() if isinstance(value, str) else value
    for code in LANGUAGE_CODES:
        for name, value in page[code].items():
            fields[f"{name}_{code}"] = value.strip()
    return fields


@transaction.atomic
def load_catalogue(*, by=None, directory: Path = CONTENT_DIR) -> SeedResult:
    """Create the pages that do not exist yet; keep those that do, untouched."""
    created, kept = [], []
    for page in read_pages(directory):
        slug = page["slug"]
        if Opportunity.objects.filter(slug=slug).exists():
            kept.append(slug)
            continue
        parent = Opportunity.objects.get(slug=page["parent"]) if page.get("parent") else None
        opportunity = Opportunity(slug=slug, parent=parent, **page_fields(page))
        opportunity.full_clean()
        opportunity.save()
        _create_call_year_figures(CallYearFigure, opportunity, page)
        audit.record("erasmusdesk.opportunity.seeded", opportunity, by=by)
        created.append(slug)
    return SeedResult(created=created, kept=kept)


_CALL_YEAR_FIELDS = ("first_call_year", "last_call_year", "max_grant_eur", "funding_rate_percent")
# Facts corrected after an audit, for databases loaded before: slug -> field -> (old, new).
# The value changes only where it is still the old shipped one.
FACT_CORRECTIONS = {
    "capacity-building-higher-education": {"duration_max_months": (36, 48)},
    "jean-monnet-modules": {"max_grant_eur": (30000, 35000)},
    "jean-monnet-chairs": {"max_grant_eur": (50000, 60000), "funding_rate_percent": (75, 80)},
}


def _create_call_year_figures(model, opportunity, page: dict) -> None:
    """The ``[[call_years]]`` rows of a content file: figures of some call years only."""
    model.objects.bulk_create(
        model(
            opportunity=opportunity,
            source=row["source"].strip(),
            **{name: row.get(name) for name in _CALL_YEAR_FIELDS},
        )
        for row in page.get("call_years", [])
    )


def correct_shipped_facts(apps=None, directory: Path = CONTENT_DIR) -> None:
    """Bring a catalogue loaded before the audit to the corrected figures: the figures of
    some call years (Jean Monnet Modules and Chairs) where a page has none yet, and the facts
    of ``FACT_CORRECTIONS`` where they still hold the old value. The pages' texts stay the
    office's."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    opportunity_model = apps.get_model("catalogue", "Opportunity")
    figure_model = apps.get_model("catalogue", "CallYearFigure")
    for page in read_pages(directory):
        opportunity = opportunity_model.objects.filter(slug=page["slug"]).first()
        if opportunity is None:
            continue
        if not figure_model.objects.filter(opportunity=opportunity).exists():
            _create_call_year_figures(figure_model, opportunity, page)
        changed = []
        for field, (old, new) in FACT_CORRECTIONS.get(page["slug"], {}).items():
            if getattr(opportunity, field) == old:
                setattr(opportunity, field, new)
                changed.append(field)
        if changed:
            opportunity.save()
