"""The initial catalogue content shipped with the code (content/*.toml), loaded once.

Each file carries one page in English, Russian and Kazakh and the sources of its facts.
Loading never overwrites a page that already exists: after the first load the office owns
the text and edits it in the back office.
"""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from erasmusdesk.catalogue.models import Opportunity
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
        audit.record("erasmusdesk.opportunity.seeded", opportunity, by=by)
        created.append(slug)
    return SeedResult(created=created, kept=kept)
