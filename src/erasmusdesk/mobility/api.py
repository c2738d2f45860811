"""The mobility in the API, for the office's own tools: mobilities, their learning
agreements and recognitions (read-only).

These hold participants' data, so they are for the office only, as the selection's are: a
signed-in session with the permission mobility.view_mobility. Without a session: 401; with
one but without the permission, or for an unknown mobility: 404. Mobilities are named by
their EWP ``omobility_id``; field names follow the EWP elements (OMobilities v3, OMobility
LAs v1.2).
"""

from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from erasmusdesk.core.access import is_office_user
from erasmusdesk.core.pagination import MAX_PAGE
from erasmusdesk.institutions.api import INVALID_INPUT, ErrorOut, Language
from erasmusdesk.mobility.access import VIEW_PERMISSION
from erasmusdesk.mobility.models import Mobility, Recognition
from erasmusdesk.mobility.states import MobilityState

router = Router(tags=["mobility"], auth=django_auth)
OFFICE_ONLY = {401: ErrorOut, 404: ErrorOut}
PAGE_SIZE = 50


class MobilityOut(Schema):
    omobility_id: UUID
    status: str = Field(description="EWP nomination status: pending, approved, rejected, cancelled")
    stage: str = Field(description="nominated, accepted, rejected, la_approved, arrived, ...")
    given_names: str
    family_name: str
    sending_hei: str = Field(description="EWP hei-id (schac) where known, else the name")
    receiving_hei: str
    iia_id: str
    activity_type: str
    activity_attributes: str
    receiving_academic_year_id: str
    planned_arrival_date: str
    planned_departure_date: str
    actual_arrival_date: str | None
    actual_departure_date: str | None
    isced_f_code: str
    eqf_level_studied_at_departure: str
    language: str
    cefr_level: str


class ComponentOut(Schema):
    table: str = Field(description="A (studied), B (recognized), C (virtual)")
    los_code: str
    title: str
    term_id: str
    credits: str = Field(description="ECTS, as text")
    status: str = Field(description="'', inserted or deleted")
    reason_code: str
    recognition_conditions: str


class SignatureOut(Schema):
    party: str
    signer_name: str
    signer_position: str
    signer_email: str
    timestamp: str
    approved: bool
    sha256: str


class LearningAgreementOut(Schema):
    number: int
    proposal_id: UUID
    status: str
    components: list[ComponentOut]
    signatures: list[SignatureOut]


class RecognizedComponentOut(Schema):
    component: str
    credits: str
    host_grade: str
    converted_grade: str
    method: str = Field(description="table (grading tables) or manual")
    explanation: str


class RecognitionOut(Schema):
    omobility_id: UUID
    decision: str
    reasons: str
    decided_at: str
    components: list[RecognizedComponentOut]


class MobilityQuery(Schema):
    lang: Language = "en"
    stage: str = Field("", pattern=r"^[a-z_]{0,40}$", description="Only mobilities at this stage")
    page: int = Field(1, ge=1, le=MAX_PAGE)


class LangQuery(Schema):
    lang: Language = "en"


def _hei(institution) -> str:
    return institution.ewp_hei_id or institution.name


def _mobility(row: Mobility) -> dict:
    return {
        "omobility_id": row.omobility_id,
        "status": row.nomination_status,
        "stage": row.state,
        "given_names": row.given_names,
        "family_name": row.family_name,
        "sending_hei": _hei(row.sending_hei),
        "receiving_hei": _hei(row.receiving_hei),
        "iia_id": row.agreement.ewp_iia_id if row.agreement_id and row.agreement else "",
        "activity_type": row.activity_type,
        "activity_attributes": row.activity_attributes,
        "receiving_academic_year_id": row.receiving_academic_year_id,
        "planned_arrival_date": row.planned_arrival_date.isoformat(),
        "planned_departure_date": row.planned_departure_date.isoformat(),
        "actual_arrival_date": row.actual_arrival_date.isoformat()
        if row.actual_arrival_date
        else None,
        "actual_departure_date": row.actual_departure_date.isoformat()
        if row.actual_departure_date
        else None,
        "isced_f_code": row.isced_f_code,
        "eqf_level_studied_at_departure": row.eqf_level_studied_at_departure,
        "language": row.language,
        "cefr_level": row.cefr_level,
    }


def _office(request: HttpRequest) -> bool:
    return is_office_user(request.user, VIEW_PERMISSION)


def _found(request: HttpRequest, omobility_id: UUID) -> Mobility | None:
    if not _office(request):
        return None
    return (
        Mobility.objects.select_related("sending_hei", "receiving_hei", "agreement")
        .filter(omobility_id=omobility_id)
        .first()
    )


def _not_found():
    return Status(404, {"detail": _("There is no such mobility.")})


class MobilityPageOut(Schema):
    count: int
    page: int
    items: list[MobilityOut]


@router.get(
    "/mobilities",
    response={200: MobilityPageOut, **OFFICE_ONLY, **INVALID_INPUT},
    summary="Mobilities (EWP OMobilities fields), 50 a page",
)
def mobilities(request: HttpRequest, query: Query[MobilityQuery]):
    """Every mobility, newest first; ``stage`` filters by stage."""
    if not _office(request):
        return Status(404, {"detail": _("There is no such mobility.")})
    found = Mobility.objects.select_related("sending_hei", "receiving_hei", "agreement")
    if query.stage in {s.value for s in MobilityState}:
        found = found.filter(state=query.stage)
    start = (query.page - 1) * PAGE_SIZE
    rows = found.order_by("-created", "-pk")[start : start + PAGE_SIZE]
    return {"count": found.count(), "page": query.page, "items": [_mobility(r) for r in rows]}


@router.get(
    "/mobilities/{omobility_id}",
    response={200: MobilityOut, **OFFICE_ONLY, **INVALID_INPUT},
    summary="One mobility",
)
def mobility(request: HttpRequest, omobility_id: UUID, query: Query[LangQuery]):
    row = _found(request, omobility_id)
    return _mobility(row) if row else _not_found()


@router.get(
    "/mobilities/{omobility_id}/learning-agreements",
    response={200: list[LearningAgreementOut], **OFFICE_ONLY, **INVALID_INPUT},
    summary="A mobility's learning agreement versions (EWP OMobility LAs fields)",
)
def learning_agreements(request: HttpRequest, omobility_id: UUID, query: Query[LangQuery]):
    row = _found(request, omobility_id)
    if row is None:
        return _not_found()
    return [
        {
            "number": la.number,
            "proposal_id": la.proposal_id,
            "status": la.status,
            "components": [
                {
                    "table": c.table,
                    "los_code": c.los_code,
                    "title": c.title,
                    "term_id": c.term_id,
                    "credits": str(c.credits),
                    "status": c.status,
                    "reason_code": c.reason_code,
                    "recognition_conditions": c.recognition_conditions,
                }
                for c in la.components.all()
            ],
            "signatures": [
                {
                    "party": s.party,
                    "signer_name": s.signer_name,
                    "signer_position": s.signer_position,
                    "signer_email": s.signer_email,
                    "timestamp": s.timestamp.isoformat(),
                    "approved": s.approved,
                    "sha256": s.sha256,
                }
                for s in la.signatures.all()
            ],
        }
        for la in row.learning_agreements.prefetch_related("components", "signatures").order_by(
            "number"
        )
    ]


@router.get(
    "/mobilities/{omobility_id}/recognition",
    response={200: RecognitionOut, **OFFICE_ONLY, **INVALID_INPUT},
    summary="A mobility's recognition decision, each component explained",
)
def recognition(request: HttpRequest, omobility_id: UUID, query: Query[LangQuery]):
    row = _found(request, omobility_id)
    found = Recognition.objects.filter(mobility=row).first() if row else None
    if found is None:
        return _not_found()
    return {
        "omobility_id": row.omobility_id,
        "decision": found.decision,
        "reasons": found.reasons,
        "decided_at": found.decided_at.isoformat(),
        "components": [
            {
                "component": item.component.title,
                "credits": str(item.credits),
                "host_grade": item.host_grade,
                "converted_grade": item.converted_grade,
                "method": item.method,
                "explanation": item.explanation,
            }
            for item in found.items.select_related("component")
        ],
    }
