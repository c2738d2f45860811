"""The advisor in the API: ``GET /api/v1/advisor``, every opportunity of the catalogue marked
fitting or not for the visitor described, with the reasons and the calls to apply to."""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from erasmusdesk.advisor import fit
from erasmusdesk.advisor.services import advise
from erasmusdesk.institutions.api import INVALID_INPUT, Language

router = Router(tags=["advisor"])


class AdvisorQuery(Schema):
    role: Literal["student", "teacher", "staff"]
    level: Literal["bachelor", "master", "doctoral"] | None = None
    year: int | None = Field(None, ge=1, le=8, description="Year of study, 1 = the first")
    has_degree: bool | None = Field(None, description="A first degree (or its equivalent)")
    language: Literal["A1", "A2", "B1", "B2", "C1", "C2"] | None = None
    position: Literal["professor", "senior_lecturer", "lecturer", "researcher"] | None = None
    lang: Language = "en"


class AdvisorCall(Schema):
    slug: str
    title: str
    deadline: str


class OpportunityFit(Schema):
    slug: str = Field(description="The catalogue's slug")
    title: str
    fits: bool
    reasons: list[str]
    calls: list[AdvisorCall]


class AdvisorOut(Schema):
    opportunities: list[OpportunityFit]


@router.get(
    "/advisor",
    response={200: AdvisorOut, **INVALID_INPUT},
    summary="Which opportunity fits a student, teacher or staff member",
)
def advisor(request: HttpRequest, query: Query[AdvisorQuery]):
    """Every opportunity, fitting or not, with the reasons in words and the calls to apply to."""
    visitor = fit.Visitor(
        role=fit.Role(query.role),
        level=fit.Level(query.level) if query.level else None,
        year=query.year,
        has_degree=query.has_degree,
        language=query.language,
        position=query.position,
    )
    return {
        "opportunities": [
            {
                "slug": item.slug,
                "title": item.opportunity.title,
                "fits": item.fits,
                "reasons": item.reasons,
                "calls": [
                    {"slug": c.slug, "title": c.title, "deadline": c.deadline.isoformat()}
                    for c in item.calls
                ],
            }
            for item in advise(visitor)
        ]
    }
