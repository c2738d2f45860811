"""Public, read-only API of institutions, inter-institutional agreements and the city gazetteer.

No personal data leaves through these endpoints: no contact (name, e-mail, phone), no signer
of an agreement, no signed PDF, no notes, no international office block; only what a
visitor may read about a partner and the places its agreement offers.

This module also holds the few pieces every router of the API shares (the language
parameter, the academic year and country filters, the error bodies), because the calls depend
on the institutions and not the other way round.

The ``lang`` parameter of the operations is read by the root API (``erasmusdesk/api.py``),
which runs the whole operation, answer included, in that language; the operations declare it
so that it is checked (422 for another value) and documented.
"""

from datetime import date
from typing import Annotated, Literal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_countries import countries
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import AfterValidator, StringConstraints, WithJsonSchema

from erasmusdesk.core.pagination import BoundedPageNumberPagination
from erasmusdesk.institutions import gazetteer
from erasmusdesk.institutions.codes import ERASMUS_COUNTRY_CODES
from erasmusdesk.institutions.models import (
    Agreement,
    AgreementStatus,
    Direction,
    EqfLevel,
    Institution,
    MobilityCondition,
    MobilityType,
)

#: Items on a page of a list unless ``page_size`` asks for another number (at most 100).
PAGE_SIZE = 20

#: Most cities one gazetteer search returns.
CITY_RESULTS = 10

#: The languages of the site; texts come in the one ``?lang=`` names, English by default.
Language = Literal["en", "ru", "kk"]

#: The first year of an academic year, as the models store it (2026 for 2026/2027).
AcademicYear = Annotated[int, Field(ge=2014, le=2100)]

#: A database id: positive and within the 64-bit integers every database stores, so that a
#: larger number is a 422 and not an integer overflow of SQLite or PostgreSQL.
DatabaseId = Annotated[int, Field(ge=1, le=2**63 - 1)]

#: Text without a NUL character (PostgreSQL cannot store or compare one).
NO_NUL = r"^[^\x00]*$"

#: A call's address (its slug: letters, digits, hyphens and underscores, at most 80).
Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[-a-zA-Z0-9_]+$", min_length=1, max_length=80),
]

_ISO_BY_ERASMUS_CODE = {erasmus: iso for iso, erasmus in ERASMUS_COUNTRY_CODES.items()}


def _iso_country(code: str) -> str:
    """An ISO 3166-1 alpha-2 country code in capitals; Erasmus+'s EL is read as GR (Greece)."""
    code = code.upper()
    code = _ISO_BY_ERASMUS_CODE.get(code, code)
    if code not in countries:
        raise ValueError(f"{code} is not an ISO 3166-1 alpha-2 country code.")
    return code


#: Every value a country filter accepts, as the OpenAPI document lists them (an enum, so that
#: a generated client or test never sends a pair of letters that is no country, like "AA").
COUNTRY_VALUES = sorted(
    {value for country in countries for value in (country.code, country.code.lower())}
    | {value for code in _ISO_BY_ERASMUS_CODE for value in (code, code.lower())}
)

#: A country filter: ISO 3166-1 alpha-2, case-insensitive, EL accepted for Greece.
CountryCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z]{2}$"),
    AfterValidator(_iso_country),
    WithJsonSchema(
        {
            "type": "string",
            "enum": COUNTRY_VALUES,
            "description": "ISO 3166-1 alpha-2, either case; EL (Erasmus+) for Greece",
        }
    ),
]


class ErrorOut(Schema):
    """An error about the address or the method: unknown id or slug, method not allowed."""

    detail: str


class FieldError(Schema):
    """One invalid input value, as pydantic reports it (``loc`` names the parameter)."""

    type: str
    loc: list[str | int]
    msg: str


class ValidationErrorOut(Schema):
    """The input values that broke their rules (HTTP 422)."""

    detail: list[FieldError]


#: Error responses to declare on operations, so the OpenAPI document describes them too.
INVALID_INPUT = {422: ValidationErrorOut}
NOT_FOUND = {404: ErrorOut}


# --- schemas ------------------------------------------------------------------------------


class InstitutionRef(Schema):
    """An institution as other resources name it."""

    id: int
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2")
    city: str

    @staticmethod
    def resolve_country(institution: Institution) -> str:
        return institution.country.code


class UnitOut(Schema):
    """A faculty, department or school."""

    id: int
    name: str
    code: str


class InstitutionOut(Schema):
    """An institution with its city's WGS84 coordinates (degrees)."""

    id: int
    name: str = Field(description="In the requested language, English when not translated.")
    name_original: str
    country: str = Field(description="ISO 3166-1 alpha-2")
    country_name: str
    city: str
    latitude: float | None
    longitude: float | None
    geonames_id: int | None
    erasmus_code: str | None
    ewp_hei_id: str | None
    website: str
    is_home: bool

    @staticmethod
    def resolve_country(institution: Institution) -> str:
        return institution.country.code

    @staticmethod
    def resolve_country_name(institution: Institution) -> str:
        return str(institution.country.name)


class InstitutionDetail(InstitutionOut):
    """An institution with its faculties and departments."""

    units: list[UnitOut]


class AgreementOut(Schema):
    """An inter-institutional agreement, without signers, signed PDF or notes."""

    id: int
    partner: InstitutionRef
    first_academic_year: int
    last_academic_year: int
    years_label: str = Field(examples=["2026/2027 – 2028/2029"])
    status: AgreementStatus
    home_signed_on: date | None
    partner_signed_on: date | None
    terminated_on: date | None
    ewp_iia_id: str


class ConditionOut(Schema):
    """A cooperation condition: who goes where, in which subject area and level, how many."""

    id: int
    direction: Direction
    mobility_type: MobilityType
    mobility_type_label: str
    isced_code: str = Field(description="ISCED-F 2013 detailed field, four digits")
    subject_area: str
    eqf_levels: list[str]
    receiving_unit: UnitOut | None
    mobilities_per_year: int
    total_months_per_year: float | None = Field(description="Student mobility")
    total_days_per_year: int | None = Field(description="Staff mobility")
    language: str | None = Field(description="ISO 639-1 code of the recommended language")
    cefr_level: str | None

    @staticmethod
    def resolve_mobility_type_label(condition: MobilityCondition) -> str:
        return str(condition.get_mobility_type_display())

    @staticmethod
    def resolve_subject_area(condition: MobilityCondition) -> str:
        return condition.subject_area_label

    @staticmethod
    def resolve_eqf_levels(condition: MobilityCondition) -> list[str]:
        return condition.eqf_level_list

    @staticmethod
    def resolve_language(condition: MobilityCondition) -> str | None:
        return condition.language or None

    @staticmethod
    def resolve_cefr_level(condition: MobilityCondition) -> str | None:
        return condition.cefr_level or None


class AgreementDetail(AgreementOut):
    """An agreement with its cooperation conditions."""

    conditions: list[ConditionOut]


class CityOut(Schema):
    """A GeoNames city (cities of 15,000 inhabitants or more; CC BY 4.0)."""

    geonames_id: int
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2")
    latitude: float
    longitude: float
    population: int


# --- filters ------------------------------------------------------------------------------


class InstitutionFilters(Schema):
    country: CountryCode | None = None
    q: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        pattern=r"^[^\x00]+$",
        description="Part of the name, in any language or the original, case-insensitive.",
    )
    is_home: bool | None = None


class AgreementFilters(Schema):
    partner: int | None = Field(
        None, ge=1, le=2**63 - 1, description="Id of the partner institution"
    )
    status: AgreementStatus | None = None
    academic_year: AcademicYear | None = Field(
        None, description="Agreements covering this academic year (2026 for 2026/2027)."
    )
    isced: str | None = Field(
        None,
        pattern=r"^[0-9]{1,4}$",
        description="Subject area: ISCED-F 2013 code or its beginning (06 = ICTs).",
    )
    eqf_level: EqfLevel | None = None
    country: CountryCode | None = Field(None, description="The partner's country")


class CityQuery(Schema):
    q: Annotated[
        str,
        StringConstraints(
            strip_whitespace=True,
            min_length=2,
            max_length=100,
            # Two characters at least once blanks around are dropped; no NUL.
            pattern=r"^\s*[^\s\x00][^\x00]*[^\s\x00]\s*$",
        ),
    ] = Field(description="Start of the city's name (at least two characters).")
    country: CountryCode | None = None


# --- queries ------------------------------------------------------------------------------


def institutions_matching(filters: InstitutionFilters) -> QuerySet[Institution]:
    """Institutions by English name (then id, so that pages never overlap).

    The name search looks at every language's name and the original name.
    """
    institutions = Institution.objects.all()
    if filters.country:
        institutions = institutions.filter(country=filters.country)
    if filters.is_home is not None:
        institutions = institutions.filter(is_home=filters.is_home)
    if filters.q:
        institutions = institutions.filter(
            Q(name_en__icontains=filters.q)
            | Q(name_ru__icontains=filters.q)
            | Q(name_kk__icontains=filters.q)
            | Q(name_original__icontains=filters.q)
        )
    return institutions.order_by("name_en", "pk")


def agreements_matching(filters: AgreementFilters) -> QuerySet[Agreement]:
    """Agreements by partner, then newest first.

    Subject area (code prefix) and EQF level must hold for one and the same condition of
    the agreement, in either direction; the academic year must lie within the agreement's.
    """
    agreements = Agreement.objects.exclude(status=AgreementStatus.DRAFT).select_related("partner")
    if filters.partner is not None:
        agreements = agreements.filter(partner_id=filters.partner)
    if filters.status:
        agreements = agreements.filter(status=filters.status)
    if filters.academic_year is not None:
        agreements = agreements.filter(
            first_academic_year__lte=filters.academic_year,
            last_academic_year__gte=filters.academic_year,
        )
    if filters.country:
        agreements = agreements.filter(partner__country=filters.country)
    condition = Q()
    if filters.isced:
        condition &= Q(isced_code__startswith=filters.isced)
    if filters.eqf_level:
        # Stored as "6,7"; the level values are not substrings of one another.
        condition &= Q(eqf_levels__contains=filters.eqf_level)
    if condition:
        agreements = agreements.filter(
            Exists(MobilityCondition.objects.filter(condition, agreement=OuterRef("pk")))
        )
    return agreements.order_by("partner__name_en", "-first_academic_year", "pk")


# --- endpoints ----------------------------------------------------------------------------

router = Router(tags=["institutions"])


@router.get(
    "/institutions",
    response={200: list[InstitutionOut], **INVALID_INPUT},
    summary="List institutions",
)
@paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE)
def list_institutions(
    request: HttpRequest, filters: Query[InstitutionFilters], lang: Language = "en"
) -> QuerySet[Institution]:
    """The home university and its partners, by English name."""
    return institutions_matching(filters)


@router.get(
    "/institutions/{institution_id}",
    response={200: InstitutionDetail, **NOT_FOUND, **INVALID_INPUT},
    summary="One institution",
)
def get_institution(
    request: HttpRequest, institution_id: DatabaseId, lang: Language = "en"
) -> Institution:
    """An institution with its faculties and departments; 404 for an unknown id."""
    institution = Institution.objects.prefetch_related("units").filter(pk=institution_id).first()
    if institution is None:
        raise HttpError(
            404, _("There is no institution with the id %(id)s.") % {"id": institution_id}
        )
    return institution


@router.get(
    "/agreements",
    response={200: list[AgreementOut], **INVALID_INPUT},
    summary="List inter-institutional agreements",
)
@paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE)
def list_agreements(
    request: HttpRequest, filters: Query[AgreementFilters], lang: Language = "en"
) -> QuerySet[Agreement]:
    """Signed and terminated agreements, by partner then newest first (see the filters).

    Drafts are under negotiation and stay in the back office."""
    return agreements_matching(filters)


@router.get(
    "/agreements/{agreement_id}",
    response={200: AgreementDetail, **NOT_FOUND, **INVALID_INPUT},
    summary="One agreement with its conditions",
)
def get_agreement(
    request: HttpRequest, agreement_id: DatabaseId, lang: Language = "en"
) -> Agreement:
    """An agreement with its cooperation conditions; 404 for an unknown id."""
    agreement = (
        Agreement.objects.exclude(status=AgreementStatus.DRAFT)
        .select_related("partner")
        .prefetch_related("conditions__receiving_unit")
        .filter(pk=agreement_id)
        .first()
    )
    if agreement is None:
        raise HttpError(404, _("There is no agreement with the id %(id)s.") % {"id": agreement_id})
    return agreement


@router.get(
    "/cities",
    response={200: list[CityOut], **INVALID_INPUT},
    summary="Search the city gazetteer",
)
def search_cities(request: HttpRequest, query: Query[CityQuery]) -> list[gazetteer.City]:
    """Up to 10 cities whose name (or an alternate Latin or Cyrillic name) is or starts with
    ``q``, whole names first, then by population. ``q`` shorter than two characters is a 422;
    one of only punctuation and a letter finds nothing (an empty list)."""
    return gazetteer.search(query.q, country=query.country, limit=CITY_RESULTS)
