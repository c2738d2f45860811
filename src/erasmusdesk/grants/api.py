"""The grant calculator in the API: the distance band of a journey and a grant estimate.

Refusals of the rules (unknown city, end before start, a duration outside the allowed range,
a call year without a rate table) are answered 400 with ``{"field": ..., "detail": ...}``:
the field and the rule, in the requested language.
"""

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.grants.distance import find_band, great_circle_km
from erasmusdesk.grants.models import RateTable
from erasmusdesk.grants.rules import Activity
from erasmusdesk.grants.services import (
    Place,
    estimate_grant,
    money,
    place_of_city,
    place_of_institution,
)
from erasmusdesk.institutions.api import INVALID_INPUT, Language
from erasmusdesk.institutions.models import Institution

router = Router(tags=["grants"])


class RuleRefusal(Schema):
    field: str = Field(description="The parameter the rule concerns")
    detail: str = Field(description="The rule, in the requested language")


class BandOut(Schema):
    min_km: int
    max_km: int | None


class DistanceOut(Schema):
    distance_km: float = Field(description="Great-circle distance (haversine, R = 6371.0088 km)")
    band: BandOut | None = Field(description="The travel band of the call year's rate table")
    rate_table: str | None = Field(description="The rate table whose bands were used")
    rate_table_carried_over: bool = Field(
        description="True when no table covers the year: the latest table is carried over "
        "and its figures are unconfirmed for that year"
    )


class LineOut(Schema):
    key: str
    label: str
    amount_eur: str | None
    rule: str
    numbers: str
    source: str


class EstimateOut(Schema):
    rate_table: str
    rate_table_confirmed: bool = Field(
        description="The office vouches for the table's figures for this call year "
        "(false for a carried-over table)"
    )
    rate_table_carried_over: bool = Field(
        description="True when no table covers the call year: the latest table is carried "
        "over until the office adds the year's table"
    )
    rate_table_years: str = Field(description='The call years the table was made for, "2024-2026"')
    distance_km: float
    band: BandOut | None
    travel_eur: str
    days: int
    months: int
    extra_days: int
    monthly_rate_eur: str | None
    daily_rate_eur: str | None
    individual_support_eur: str
    supplements_eur: str
    travel_days_eur: str
    total_eur: str
    lines: list[LineOut]


#: A city reference as the gazetteer reads it: a name, a comma, an ISO 3166-1 alpha-2 code.
CITY_REFERENCE = r"^[^\x00]*[^\x00\s]\s*,\s*[A-Za-z]{2}\s*$"


def _city(description: str, default=...):
    return Field(default, pattern=CITY_REFERENCE, max_length=120, description=description)


class DistanceQuery(Schema):
    from_city: str = _city('"City, CC", e.g. "Atyrau, KZ"')
    to_city: str = _city('"City, CC", e.g. "Berlin, DE"')
    year: int | None = Field(None, ge=2014, le=2100, description="Call year (default: this year)")


class EstimateQuery(Schema):
    year: int = Field(ge=2014, le=2100, description="The call year, e.g. 2026 for 2026/2027")
    activity: Activity
    start: date
    end: date
    from_city: str | None = _city('"City, CC", or give from_institution', None)
    to_city: str | None = _city('"City, CC", or give to_institution', None)
    from_institution: int | None = Field(None, ge=1, le=2**63 - 1)
    to_institution: int | None = Field(None, ge=1, le=2**63 - 1)
    green: bool = False
    travel_days: int = Field(0, ge=0, le=30)
    fewer_opportunities: bool = False
    lang: Language = "en"


def _place(city: str | None, institution_id: int | None, *, field: str) -> Place:
    if institution_id is not None:
        institution = Institution.objects.filter(pk=institution_id).first()
        if institution is None:
            raise DomainError(
                _("There is no institution with the id %(id)s.") % {"id": institution_id},
                field=f"{field}_institution",
            )
        return place_of_institution(institution, field=f"{field}_institution")
    if not city:
        raise DomainError(
            _("Give either %(field)s_city or %(field)s_institution.") % {"field": field},
            field=f"{field}_city",
        )
    return place_of_city(city, field=f"{field}_city")


@router.get(
    "/distance",
    response={200: DistanceOut, 400: RuleRefusal, **INVALID_INPUT},
    summary="Distance and travel band between two cities",
)
def distance(request: HttpRequest, query: Query[DistanceQuery]):
    """Great-circle distance between two cities of the gazetteer and its travel band."""
    try:
        origin = place_of_city(query.from_city, field="from_city")
        destination = place_of_city(query.to_city, field="to_city")
    except DomainError as error:
        return Status(400, {"field": error.field, "detail": str(error.message)})
    km = great_circle_km(
        origin.latitude, origin.longitude, destination.latitude, destination.longitude
    )
    chosen = RateTable.objects.with_rules().for_year_or_latest(query.year or clock.local_year())
    band = find_band(chosen.table.to_rules().bands, km) if chosen else None
    return {
        "distance_km": round(km, 1),
        "band": {"min_km": band.min_km, "max_km": band.max_km} if band else None,
        "rate_table": chosen.table.name if chosen else None,
        "rate_table_carried_over": chosen.carried_over if chosen else False,
    }


@router.get(
    "/grants/estimate",
    response={200: EstimateOut, 400: RuleRefusal, **INVALID_INPUT},
    summary="Estimate a grant with every line explained",
)
def estimate(request: HttpRequest, query: Query[EstimateQuery]):
    """Individual support, travel and supplements for a mobility, from the call year's table."""
    try:
        origin = _place(query.from_city, query.from_institution, field="from")
        destination = _place(query.to_city, query.to_institution, field="to")
        result = estimate_grant(
            year=query.year,
            activity=query.activity,
            origin=origin,
            destination=destination,
            start=query.start,
            end=query.end,
            green=query.green,
            travel_days=query.travel_days,
            fewer_opportunities=query.fewer_opportunities,
        )
    except DomainError as error:
        return Status(400, {"field": error.field or "", "detail": str(error.message)})
    breakdown = result.breakdown
    band = breakdown.band
    return {
        "rate_table": result.table.name,
        "rate_table_confirmed": result.confirmed,
        "rate_table_carried_over": result.carried_over,
        "rate_table_years": result.table.years_label,
        "distance_km": round(breakdown.distance_km, 1),
        "band": {"min_km": band.min_km, "max_km": band.max_km} if band else None,
        "travel_eur": money(breakdown.travel),
        "days": breakdown.days,
        "months": breakdown.months,
        "extra_days": breakdown.extra_days,
        "monthly_rate_eur": money(breakdown.monthly_rate),
        "daily_rate_eur": money(breakdown.daily_rate),
        "individual_support_eur": money(breakdown.individual_support),
        "supplements_eur": money(breakdown.supplements),
        "travel_days_eur": money(breakdown.travel_days_support),
        "total_eur": money(breakdown.total),
        "lines": [
            {
                "key": line.key,
                "label": line.label,
                "amount_eur": money(line.amount),
                "rule": line.rule,
                "numbers": line.numbers,
                "source": line.source,
            }
            for line in result.lines
        ],
    }
