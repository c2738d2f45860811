"""The log of staff access to applicants' documents (issue "Production readiness", part 5).

Every way staff get an uploaded document's bytes writes one audit entry per document:
action ``erasmusdesk.document.viewed`` on the application, with ``document`` (its id) and how
it was obtained — ``inline`` true (preview in the office's page) or false (download), or
``via`` "export" (in a ZIP of a call's documents). Administrators read them on the office's
document access page (accounts/office_views.py).
"""

from collections.abc import Iterable

from django.db import models

from erasmusdesk.core.models import AuditEntry

ACTION = "erasmusdesk.document.viewed"
VIA_EXPORT = "export"


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
    return AuditEntry.objects.filter(action=ACTION).select_related("actor")
