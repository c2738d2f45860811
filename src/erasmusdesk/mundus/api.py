"""The Erasmus Mundus scholarship in the API: ``GET /api/v1/erasmus-mundus/scholarship``
(2014-2020 calls: ``residence`` and the optional ``distance_km`` decide the lines).

ECTS other than 60, 90 or 120, or a call year without a scholarship rate, are answered 400
with ``{"field": ..., "detail": ...}``, as the grants API does."""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.source_notes import translated_source
from erasmusdesk.institutions.api import INVALID_INPUT, Language
from erasmusdesk.mundus.services import estimate_scholarship

router = Router(tags=["erasmus-mundus"])


class MundusRefusal(Schema):
    field: str
    detail: str


class ScholarshipLineOut(Schema):
    key: str
    label: str
    amount_eur: str | None
    explanation: str


class ScholarshipOut(Schema):
    months: int
    monthly_eur: str
    total_eur: str
    lines: list[ScholarshipLineOut]
    source: str
    confirmed: bool = Field(description="false while the figures come from secondary sources")


class ScholarshipQuery(Schema):
    ects: int = Field(ge=1, le=1000, description="60, 90 or 120 (others: a 400 naming the rule)")
    call_year: int = Field(ge=2014, le=2100)
    residence: Literal["partner", "programme"] = Field(
        "partner", description="2014-2020 calls: a Partner- or Programme-country holder"
    )
    distance_km: int | None = Field(
        None,
        ge=0,
        le=20000,
        description="2014-2020 calls: km from home to the coordinating university (travel band)",
    )
    lang: Language = "en"


@router.get(
    "/erasmus-mundus/scholarship",
    response={200: ScholarshipOut, 400: MundusRefusal, **INVALID_INPUT},
    summary="Estimate an Erasmus Mundus scholarship with every line explained",
)
def scholarship(request: HttpRequest, query: Query[ScholarshipQuery]):
    """Months from the ECTS, times the call year's monthly amount."""
    try:
        result = estimate_scholarship(
            ects=query.ects,
            call_year=query.call_year,
            residence=query.residence,
            distance_km=query.distance_km,
        )
    except DomainError as error:
        return Status(400, {"field": error.field or "", "detail": str(error.message)})
    return {
        "months": result.months,
        "monthly_eur": f"{result.monthly:.2f}",
        "total_eur": f"{result.total:.2f}",
        "lines": [
            {
                "key": line.key,
                "label": line.label,
                "amount_eur": None if line.amount is None else f"{line.amount:.2f}",
                "explanation": line.explanation,
            }
            for line in result.lines
        ],
        "source": translated_source(result.source),
        "confirmed": result.confirmed,
    }
