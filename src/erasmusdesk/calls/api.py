"""Public, read-only API of the published calls: list with filters, and one call in detail.

A call's status (upcoming, open, late round, closed) is derived from the current instant by
``deadlines.Schedule.status``, never stored. One request reads the clock once: the status
filter and every status in the answer use that same instant. Instants are written in ISO
8601 with their offset in the institution's zone (Asia/Almaty, +05:00), to the microsecond,
since a deadline is the last microsecond of its day.
"""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import PlainSerializer, WithJsonSchema

from erasmusdesk.calls.deadlines import CallStatus
from erasmusdesk.calls.models import STATUS_LABELS, ApplicantCategory, Call, FileType
from erasmusdesk.calls.services import call_places, documents_by_category
from erasmusdesk.core import clock
from erasmusdesk.core.pagination import BoundedPageNumberPagination
from erasmusdesk.institutions.api import (
    INVALID_INPUT,
    NOT_FOUND,
    PAGE_SIZE,
    AcademicYear,
    InstitutionRef,
    Language,
    Slug,
)
from erasmusdesk.institutions.models import MobilityCondition, MobilityType

# --- schemas ------------------------------------------------------------------------------


def _in_institution_zone(instant: datetime) -> str:
    """ISO 8601 in the institution's zone (settings.TIME_ZONE, Asia/Almaty) with its offset and
    every microsecond: 2027-01-15T23:59:59.999999+05:00 (ninja's encoder would cut the
    microseconds to milliseconds, a deadline's last instant included)."""
    return timezone.localtime(instant, timezone.get_default_timezone()).isoformat()


#: An instant as the API writes it (see ``_in_institution_zone``).
Instant = Annotated[
    datetime,
    PlainSerializer(_in_institution_zone, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class OpportunityRef(Schema):
    """The catalogue opportunity a call belongs to."""

    slug: str
    title: str


class CallOut(Schema):
    """A call with its instants and its status at the moment of the request."""

    slug: str
    title: str = Field(description="In the requested language, English when not translated.")
    opportunity: OpportunityRef
    academic_year: int = Field(description="First year of the academic year: 2026 for 2026/2027")
    academic_year_label: str = Field(examples=["2026/2027"])
    opens_at: Instant
    deadline: Instant = Field(description="Last instant of the normal round (inclusive)")
    late_deadline: Instant | None = Field(description="Last instant of the late round")
    closed_at: Instant | None = Field(description="When the office closed the call early")
    status: CallStatus
    status_label: str
    next_deadline: Instant | None = Field(
        description="The deadline still ahead (normal, else late); null once closed."
    )
    status_changes_at: Instant | None = Field(
        description="The next opening or deadline at which the status changes; null if none."
    )


class CategoryOut(Schema):
    code: ApplicantCategory
    label: str


class DocumentRuleOut(Schema):
    """A document one category of applicants uploads, with its file rules."""

    code: str
    name: str
    description: str
    count: int
    required: bool
    allowed_types: list[FileType]
    max_size_mb: int
    must_be_in_english: bool


class CategoryDocumentsOut(Schema):
    category: ApplicantCategory
    label: str
    documents: list[DocumentRuleOut]


class PlaceOut(Schema):
    """An outgoing place a call offers: one cooperation condition of a partner agreement."""

    agreement_id: int
    partner: InstitutionRef
    country: str = Field(description="The partner's country, ISO 3166-1 alpha-2")
    mobility_type: MobilityType
    isced_code: str = Field(description="ISCED-F 2013 detailed field, four digits")
    subject_area: str
    eqf_levels: list[str]
    mobilities_per_year: int
    total_months_per_year: float | None = Field(description="Student mobility")
    total_days_per_year: int | None = Field(description="Staff mobility")
    language: str | None = Field(description="ISO 639-1 code of the recommended language")
    cefr_level: str | None


class CallDetail(CallOut):
    """A call with who may apply, the documents each category uploads and the places."""

    description: str
    eligible_categories: list[CategoryOut]
    required_documents: list[CategoryDocumentsOut]
    places: list[PlaceOut]


class CallFilters(Schema):
    opportunity: str | None = Field(
        None,
        min_length=1,
        max_length=80,
        pattern=r"^[-a-zA-Z0-9_]+$",
        description="Opportunity slug",
    )
    academic_year: AcademicYear | None = Field(
        None, description="First year of the academic year: 2026 for 2026/2027"
    )
    status: CallStatus | None = Field(None, description="Status at the moment of the request")


# --- queries ------------------------------------------------------------------------------


def with_status(calls: QuerySet[Call], status: CallStatus, now: datetime) -> QuerySet[Call]:
    """The calls whose ``Schedule.status(now)`` is ``status``, filtered in the database
    (the rule is ``calls.models.status_condition``)."""
    return calls.with_status(status, now)


def calls_matching(filters: CallFilters, now: datetime) -> QuerySet[Call]:
    """Published calls, newest academic year first, then by opening (then slug, so that
    pages never overlap)."""
    calls = Call.objects.published().select_related("opportunity")
    if filters.opportunity:
        calls = calls.filter(opportunity__slug=filters.opportunity)
    if filters.academic_year is not None:
        calls = calls.filter(academic_year=filters.academic_year)
    if filters.status:
        calls = with_status(calls, filters.status, now)
    return calls.order_by("-academic_year", "opens_at", "slug")


# --- conversion ---------------------------------------------------------------------------


def _next_deadline(call: Call, now: datetime) -> datetime | None:
    """The deadline by which an application still can be submitted: the normal one until it
    passes, then the late one; none once the call is closed."""
    status = call.schedule.status(now)
    if status is CallStatus.CLOSED:
        return None
    if status is CallStatus.LATE:
        return call.late_deadline
    return call.deadline


def call_summary(call: Call, now: datetime) -> dict[str, Any]:
    """The fields of ``CallOut`` for ``call`` at the instant ``now``, in the active language."""
    status = call.schedule.status(now)
    return {
        "slug": call.slug,
        "title": call.title,
        "opportunity": {"slug": call.opportunity.slug, "title": call.opportunity.title},
        "academic_year": call.academic_year,
        "academic_year_label": call.academic_year_label,
        "opens_at": call.opens_at,
        "deadline": call.deadline,
        "late_deadline": call.late_deadline,
        "closed_at": call.closed_at,
        "status": status,
        "status_label": str(STATUS_LABELS[status]),
        "next_deadline": _next_deadline(call, now),
        "status_changes_at": call.schedule.next_moment(now),
    }


def _place(condition: MobilityCondition) -> dict[str, Any]:
    partner = condition.agreement.partner
    return {
        "agreement_id": condition.agreement_id,
        "partner": partner,
        "country": partner.country.code,
        "mobility_type": condition.mobility_type,
        "isced_code": condition.isced_code,
        "subject_area": condition.subject_area_label,
        "eqf_levels": condition.eqf_level_list,
        "mobilities_per_year": condition.mobilities_per_year,
        "total_months_per_year": condition.total_months_per_year,
        "total_days_per_year": condition.total_days_per_year,
        "language": condition.language or None,
        "cefr_level": condition.cefr_level or None,
    }


def call_detail(call: Call, now: datetime) -> dict[str, Any]:
    """The fields of ``CallDetail``: documents and places come from the calls services."""
    labels = dict(ApplicantCategory.choices)
    return {
        **call_summary(call, now),
        "description": call.description,
        "eligible_categories": [
            {"code": code, "label": str(labels[code])} for code in call.category_list
        ],
        "required_documents": [
            {
                "category": group.category,
                "label": str(group.label),
                "documents": [
                    {
                        "code": rule.document_type.code,
                        "name": rule.document_type.name,
                        "description": rule.document_type.description,
                        "count": rule.count,
                        "required": rule.is_required,
                        "allowed_types": rule.allowed_type_list,
                        "max_size_mb": rule.max_size_mb,
                        "must_be_in_english": rule.must_be_in_english,
                    }
                    for rule in group.documents
                ],
            }
            for group in documents_by_category(call)
        ],
        "places": [_place(condition) for condition in call_places(call)],
    }


class _Converted(Sequence[dict[str, Any]]):
    """A queryset seen through a conversion, for ninja's pagination: slicing fetches one page
    from the database and converts it; ``len()`` counts in the database. (Converting in the
    view rather than in response schemas lets every item share the request's one instant.)"""

    def __init__(self, queryset: QuerySet, convert: Callable[[Any], dict[str, Any]]) -> None:
        self._queryset = queryset
        self._convert = convert

    def __len__(self) -> int:
        return self._queryset.count()

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice):
            return [self._convert(item) for item in self._queryset[index]]
        return self._convert(self._queryset[index])


# --- endpoints ----------------------------------------------------------------------------

router = Router(tags=["calls"])


@router.get("/calls", response={200: list[CallOut], **INVALID_INPUT}, summary="List calls")
@paginate(BoundedPageNumberPagination, page_size=PAGE_SIZE)
def list_calls(
    request: HttpRequest, filters: Query[CallFilters], lang: Language = "en"
) -> Sequence[dict[str, Any]]:
    """Published calls, newest academic year first; ``status`` is the status right now."""
    now = clock.now()
    return _Converted(calls_matching(filters, now), lambda call: call_summary(call, now))


@router.get(
    "/calls/{slug}",
    response={200: CallDetail, **NOT_FOUND, **INVALID_INPUT},
    summary="One call in detail",
)
def get_call(request: HttpRequest, slug: Slug, lang: Language = "en") -> dict[str, Any]:
    """A published call with its documents and places; 404 for an unknown or unpublished one."""
    call = Call.objects.published().select_related("opportunity").filter(slug=slug).first()
    if call is None:
        raise HttpError(
            404, _("There is no published call at the address %(slug)s.") % {"slug": slug}
        )
    return call_detail(call, clock.now())
