"""The log of staff access to applicants' documents (issue "Production readiness", part 5).

Every way staff get an uploaded document's bytes writes one audit entry per document:
action ``erasmusdesk.document.viewed`` on the application, with ``document`` (its id) and how
it was obtained — ``inline`` true (preview in the office's page) or false (download), or
``via`` "export" (in a ZIP of a call's documents); an evaluator's reading is the selection's
own entry (``EVALUATOR_ACTION``). Administrators read them on the office's
document access page (accounts/office_views.py).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from erasmusdesk.core.models import AuditEntry

ACTION = "erasmusdesk.document.viewed"
VIA_EXPORT = "export"
# The selection committee's reading of a document (selection/views.py) is written in its own
# shape: on the document, with the application's reference.
EVALUATOR_ACTION = "erasmusdesk.selection.document_viewed"
ACTIONS = (ACTION, EVALUATOR_ACTION)


@dataclass(frozen=True)
class Access:
    """One access, whichever shape its entry has: the application (its id, or its
    reference), the document's id, and how: "download", "preview", "export" or
    "evaluation"."""

    application_id: int | None
    reference: str
    document_id: int | None
    how: str


def describe(entry: AuditEntry) -> Access:
    data = entry.data if isinstance(entry.data, dict) else {}
    if entry.action == EVALUATOR_ACTION:
        document = int(entry.object_id) if entry.object_id.isdigit() else None
        return Access(None, str(data.get("application", "")), document, "evaluation")
    application = int(entry.object_id) if entry.object_id.isdigit() else None
    document = data.get("document")
    if data.get("via") == VIA_EXPORT:
        how = "export"
    else:
        how = "preview" if data.get("inline") else "download"
    return Access(application, "", document if isinstance(document, int) else None, how)


def of_application(application_id: int, reference: str) -> models.Q:
    """The condition on access entries about one application."""
    return models.Q(action=ACTION, object_id=str(application_id)) | models.Q(
        action=EVALUATOR_ACTION, data__application=reference
    )


def of_document(document_id: int) -> models.Q:
    """The condition on access entries about one document."""
    return models.Q(action=ACTION, data__document=document_id) | models.Q(
        action=EVALUATOR_ACTION, object_id=str(document_id)
    )


def record_exported(documents: Iterable[tuple[int, int]], *, by, call_slug: str) -> int:
    """Write one access entry per (application id, document id) that went into an export of
    the call ``call_slug`` by ``by``; one query per 500 entries. Returns how many."""
    actor = by if getattr(by, "is_authenticated", False) else None
    entries = [
        AuditEntry(
            action=ACTION,
            actor=actor,
            object_type="applications.application",
            object_id=str(application_id),
            data={"document": document_id, "via": VIA_EXPORT, "call": call_slug},
        )
        for application_id, document_id in documents
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def access_entries() -> models.QuerySet:
    """Every document access entry, newest first, with the staff member who made it."""
    return AuditEntry.objects.filter(action__in=ACTIONS).select_related("actor")
