"""Builders for the advisor: the catalogue as shipped and visitors described by keyword."""

from erasmusdesk.advisor import fit
from erasmusdesk.advisor.defaults import DEFAULT_RULES
from erasmusdesk.catalogue.seed import load_catalogue


def catalogue():
    """The shipped catalogue (its ten opportunities), loaded once per test."""
    return load_catalogue()


def visitor(role: str = "student", **fields) -> fit.Visitor:
    """A visitor: ``visitor("student", level="bachelor", year=2)``."""
    if fields.get("level"):
        fields["level"] = fit.Level(fields["level"])
    return fit.Visitor(role=fit.Role(role), **fields)


def default_rules() -> list[fit.Rule]:
    """The shipped default rules as pure values (no database)."""
    return [
        fit.Rule(
            slug=row["slug"],
            source=row["source"],
            activity=row.get("activity", ""),
            roles=tuple(fit.Role(r) for r in row.get("roles", ())),
            levels=tuple(fit.Level(level) for level in row.get("levels", ())),
            min_year_bachelor=row.get("min_year_bachelor"),
            needs_first_degree=row.get("needs_first_degree", False),
            min_language=row.get("min_language"),
            positions=tuple(row.get("positions", ())),
        )
        for row in DEFAULT_RULES
    ]
