"""Domain functions for calls: closing, the places they offer, the documents they require."""

from dataclasses import dataclass
from itertools import groupby

from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.calls.deadlines import CallStatus
from erasmusdesk.calls.models import ApplicantCategory, Call, RequiredDocument
from erasmusdesk.catalogue.models import Opportunity
from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.fields import split
from erasmusdesk.institutions.models import (
    AgreementStatus,
    Direction,
    MobilityCondition,
    MobilityType,
)
from erasmusdesk.institutions.models.agreement import academic_year_label

CALL_CREATED = "erasmusdesk.call.created"
CALL_CHANGED = "erasmusdesk.call.changed"

STUDENT_CATEGORIES = {
    ApplicantCategory.BACHELOR,
    ApplicantCategory.MASTER,
    ApplicantCategory.DOCTORAL,
}


@transaction.atomic
def close_call(call: Call, *, by, now=None) -> Call:
    """Close a call now, before its deadlines; applications are no longer accepted."""
    now = now or clock.now()
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.schedule.status(now) is CallStatus.CLOSED:
        raise DomainError(_("This call is already closed."))
    call.closed_at = now
    call.save(update_fields=["closed_at", "updated"])
    audit.record("erasmusdesk.call.closed", call, by=by, at=now.isoformat())
    return call


def agreements_outside(year: int | None, agreements) -> list:
    """The agreements that do not cover the academic year ``year`` (a call offers only the
    places of agreements valid in its year)."""
    return [agreement for agreement in agreements if year and not agreement.covers(year)]


def agreements_outside_message(year: int, outside: list) -> str:
    return _("These agreements do not cover %(year)s: %(names)s.") % {
        "year": academic_year_label(year),
        "names": "; ".join(str(agreement) for agreement in outside),
    }


@transaction.atomic
def save_call(
    call: Call,
    *,
    agreements=None,
    documents: list[RequiredDocument] | None = None,
    removed_documents: list[RequiredDocument] = (),
    by,
    **details,
) -> Call:
    """Validate and save a call with the agreements it offers and its required documents
    (``None``: left as they are; ``removed_documents`` are deleted), all or nothing, with
    one audit entry (CALL_CREATED or CALL_CHANGED; ``details`` added to it). The back
    office's edits come through here.

    Raises ValidationError (per field) or DomainError (an agreement that does not cover the
    call's year); then nothing is saved.
    """
    call.full_clean()
    if agreements is not None:
        agreements = list(agreements)
        outside = agreements_outside(call.academic_year, agreements)
        if outside:
            raise DomainError(
                agreements_outside_message(call.academic_year, outside), field="agreements"
            )
    for document in documents or []:
        document.call = call
        document.full_clean(exclude=["call"])
    created = call.pk is None
    call.save()
    if agreements is not None:
        call.agreements.set(agreements)
    removed = [document.pk for document in removed_documents if document.pk]
    RequiredDocument.objects.filter(call=call, pk__in=removed).delete()
    for document in documents or []:
        document.call = call
        document.save()
    audit.record(
        CALL_CREATED if created else CALL_CHANGED,
        call,
        by=by,
        **({"documents": len(documents)} if documents is not None else {}),
        **({"documents_removed": len(removed)} if removed else {}),
        **details,
    )
    return call


def mobility_types_for(categories: list[str]) -> set[str]:
    """Student categories go on student mobility; teachers and staff on staff mobility."""
    types: set[str] = set()
    if STUDENT_CATEGORIES & set(categories):
        types |= MobilityType.student_types()
    if {ApplicantCategory.TEACHER, ApplicantCategory.STAFF} & set(categories):
        types |= {MobilityType.STAFF_TEACHING, MobilityType.STAFF_TRAINING}
    return types


def call_places(call: Call) -> list[MobilityCondition]:
    """The outgoing places a call offers: conditions of its agreements, for its categories,
    in agreements that cover the call's academic year. One query."""
    return list(
        MobilityCondition.objects.filter(
            agreement__calls=call,
            agreement__status=AgreementStatus.SIGNED,
            agreement__first_academic_year__lte=call.academic_year,
            agreement__last_academic_year__gte=call.academic_year,
            direction=Direction.OUTGOING,
            mobility_type__in=mobility_types_for(call.category_list),
        )
        .select_related("agreement__partner")
        .order_by("agreement__partner__country", "agreement__partner__name", "isced_code")
    )


@dataclass(frozen=True)
class CategoryDocuments:
    category: str
    label: str
    documents: list[RequiredDocument]


def documents_by_category(call: Call) -> list[CategoryDocuments]:
    """The call's required documents grouped by applicant category, in category order."""
    order = [value for value, _label in ApplicantCategory.choices]
    labels = dict(ApplicantCategory.choices)
    rules = sorted(
        call.required_documents.select_related("document_type"),
        key=lambda rule: (order.index(rule.category), rule.document_type.position),
    )
    return [
        CategoryDocuments(category, labels[category], list(group))
        for category, group in groupby(rules, key=lambda rule: rule.category)
    ]


@dataclass(frozen=True)
class DocumentRow:
    """One document type across the applicant categories of a call."""

    document_type: object
    cells: list[RequiredDocument | None]
    allowed_types: list[str] | None
    max_size_mb: int | None
    must_be_in_english: bool | None


def _common(rules: list[RequiredDocument], attribute: str):
    """The attribute's value when every rule has the same, else None."""
    values = {str(getattr(rule, attribute)) for rule in rules}
    return getattr(rules[0], attribute) if len(values) == 1 else None


def documents_matrix(call: Call) -> tuple[list[str], list[DocumentRow]]:
    """The call's document rules as a table: categories as columns, documents as rows.

    File types, size limit and the English requirement are given per row when they are the
    same for every category that needs the document, else per cell (None in the row).
    """
    groups = documents_by_category(call)
    categories = [group.category for group in groups]
    by_type: dict[int, dict[str, RequiredDocument]] = {}
    types = {}
    for group in groups:
        for rule in group.documents:
            by_type.setdefault(rule.document_type_id, {})[group.category] = rule
            types[rule.document_type_id] = rule.document_type
    rows = []
    for type_id in sorted(types, key=lambda pk: (types[pk].position, types[pk].code)):
        rules = list(by_type[type_id].values())
        allowed = _common(rules, "allowed_types")
        rows.append(
            DocumentRow(
                document_type=types[type_id],
                cells=[by_type[type_id].get(category) for category in categories],
                allowed_types=split(allowed) if allowed is not None else None,
                max_size_mb=_common(rules, "max_size_mb"),
                must_be_in_english=_common(rules, "must_be_in_english"),
            )
        )
    labels = dict(ApplicantCategory.choices)
    return [labels[category] for category in categories], rows


def current_call(opportunity: Opportunity, *, now=None) -> Call | None:
    """The call of an opportunity to show on its page: one accepting applications now, else
    the next to open, else the most recent one."""
    now = now or clock.now()
    calls = Call.objects.published().filter(opportunity=opportunity)
    accepting = calls.accepting(now).order_by("deadline").first()
    if accepting:
        return accepting
    upcoming = calls.with_status(CallStatus.UPCOMING, now)
    return upcoming.order_by("opens_at").first() or calls.order_by("-deadline").first()
