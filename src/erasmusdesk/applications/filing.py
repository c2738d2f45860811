"""Uploading, replacing and removing an application's documents.

Rules (issue "Applicant portal", part 3): each document the call requires for the
applicant's category, the right number of each (two recommendation letters), in the allowed
types and under the size limit, checked by content (uploads.check_upload). A file goes into
the first free slot of its document; replacing names the file it replaces, so two windows
uploading at once never overwrite each other's files. Files may change only while the
application is editable (draft or returned) and the call accepts applications.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.applications.drafting import ensure_editable
from erasmusdesk.applications.models import Application, Document, Review
from erasmusdesk.applications.notifications import notify
from erasmusdesk.applications.states import State
from erasmusdesk.applications.transitions import lock
from erasmusdesk.applications.uploads import check_upload, document_storage, store
from erasmusdesk.calls.models import RequiredDocument
from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError

# The office checks files of applications it has received (not drafts, not withdrawn ones).
REVIEWABLE = {State.SUBMITTED, State.RETURNED, State.ELIGIBLE, State.INELIGIBLE}


def requirements_for(application: Application) -> list[RequiredDocument]:
    """The document rules of the application's call for its category, in list order.

    Read once per application object (a request's pages ask several times: the slots, the
    completeness panel, the upload's rule), again when its call or category changed."""
    key = (application.call_id, application.category)
    cached = getattr(application, "_requirements", None)
    if cached is None or cached[0] != key:
        rules = list(
            RequiredDocument.objects.filter(call_id=key[0], category=key[1])
            .select_related("document_type")
            .order_by("document_type__position", "document_type__code")
        )
        cached = (key, rules)
        application._requirements = cached
    return list(cached[1])


def requirement(application: Application, document_type_id: int) -> RequiredDocument:
    for rule in requirements_for(application):
        if rule.document_type_id == document_type_id:
            return rule
    raise DomainError(_("This call does not ask for this document."), field="file")


def _delete_later(name: str) -> None:
    transaction.on_commit(lambda: document_storage().delete(name))


def upload_document(
    application: Application,
    document_type_id: int,
    uploaded,
    *,
    by,
    replaces: int | None = None,
) -> Document:
    """Check ``uploaded`` against its rule, store it under a random name and record it in
    the first free slot (or in place of the document ``replaces``)."""
    rule = requirement(application, document_type_id)
    checked = check_upload(
        uploaded, allowed=rule.allowed_type_list, max_bytes=rule.max_size_mb * 1024 * 1024
    )
    stored = store(checked, uploaded)
    try:
        with transaction.atomic():
            application = lock(application)
            ensure_editable(application, clock.now())
            existing = {
                doc.slot: doc
                for doc in application.documents.filter(document_type_id=document_type_id)
            }
            if replaces is not None:
                old = next((d for d in existing.values() if d.pk == replaces), None)
                if old is None:
                    raise DomainError(
                        _("The file to replace is no longer there; upload it again."),
                        field="file",
                    )
                slot = old.slot
                old.delete()
                _delete_later(old.file.name)
            else:
                free = [n for n in range(1, rule.count + 1) if n not in existing]
                if not free:
                    raise DomainError(
                        _(
                            "All %(count)d files of “%(document)s” are uploaded: replace or "
                            "remove one first."
                        )
                        % {"count": rule.count, "document": rule.document_type.name},
                        field="file",
                    )
                slot = free[0]
            document = Document.objects.create(
                application=application,
                document_type_id=document_type_id,
                slot=slot,
                file=stored,
                display_name=checked.display_name,
                kind=checked.kind,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                uploaded_by=by,
            )
            audit.record(
                "erasmusdesk.document.uploaded",
                application,
                by=by,
                document=document.pk,
                sha256=checked.sha256,
                size=checked.size,
            )
    except BaseException:
        document_storage().delete(stored)
        raise
    return document


@transaction.atomic
def remove_document(document: Document, *, by) -> None:
    """Remove a file from an editable application; the stored file goes after commit."""
    application = lock(document.application)
    ensure_editable(application, clock.now())
    # Re-read under the lock: another tab may have removed or replaced it meanwhile, and
    # removing what is already gone is done (a no-op, not a crash).
    document = Document.objects.filter(pk=document.pk, application=application).first()
    if document is None:
        return
    document.delete()
    _delete_later(document.file.name)
    audit.record("erasmusdesk.document.removed", application, by=by, sha256=document.sha256)


@transaction.atomic
def review_document(document: Document, *, accepted: bool, reason: str = "", by) -> Document:
    """The office accepts or rejects one file; a rejection needs the reason the applicant
    will read (they replace the file once the application is returned for completion)."""
    reason = reason.strip()
    if not accepted and not reason:
        raise DomainError(_("Give the reason the file is rejected."), field="reason")
    # The application's row first, then the file's, in the order every other service takes
    # them: locking the file with its application in one statement deadlocked against the
    # applicant replacing or removing that file (which holds the application, then deletes
    # the file). Under the lock the file may turn out to be gone.
    application = lock(document.application)
    document = (
        Document.objects.select_for_update().filter(pk=document.pk, application=application).first()
    )
    if document is None:
        raise DomainError(_("This file was replaced or removed meanwhile; reload the page."))
    document.application = application
    if application.state not in REVIEWABLE:
        raise DomainError(
            _("Files are checked once the application is submitted; this one is %(state)s.")
            % {"state": document.application.state_label}
        )
    document.review = Review.ACCEPTED if accepted else Review.REJECTED
    document.review_reason = "" if accepted else reason
    document.reviewed_by = by
    document.reviewed_at = clock.now()
    document.save()
    audit.record(
        "erasmusdesk.document.reviewed",
        document.application,
        by=by,
        document=document.pk,
        review=document.review,
        reason=document.review_reason,
    )
    if not accepted:
        # The applicant learns at once which file to replace and why, before the office
        # returns the application for completion.
        notify(
            application,
            "document_rejected",
            document=document.display_name,
            reason=document.review_reason,
        )
    return document
