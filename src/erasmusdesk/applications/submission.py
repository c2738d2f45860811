"""Submitting, withdrawing, and the receipt of a submission.

Rules (issue "Applicant portal", part 4): submit only when complete and while the call
accepts applications; the application records the round (normal or late) it came in; a
second submit of a submitted application changes nothing; after the deadline nothing can be
submitted or changed; the receipt gives the reference, the submission instant in local time
and each document's name and SHA-256; withdrawing is possible until a decision.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.accounts.services import profile_of
from erasmusdesk.applications.completeness import completeness
from erasmusdesk.applications.drafting import ensure_call_accepting
from erasmusdesk.applications.models import Application, Round
from erasmusdesk.applications.notifications import notify
from erasmusdesk.applications.places import place_label
from erasmusdesk.applications.receipt import ReceiptData, ReceiptDocument, receipt_pdf
from erasmusdesk.applications.signals import application_withdrawn, withdrawal_starting
from erasmusdesk.applications.states import Actor, State
from erasmusdesk.applications.transitions import change_state, lock
from erasmusdesk.calls.deadlines import CallStatus
from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError


@transaction.atomic
def submit(application: Application, *, by) -> Application:
    """Submit a complete draft (or a returned application) before the deadline."""
    now = clock.now()
    application = lock(application)
    if application.state == State.SUBMITTED:
        return application
    if application.state not in (State.DRAFT, State.RETURNED):
        raise DomainError(
            _("This application is %(state)s: it cannot be submitted.")
            % {"state": application.state_label}
        )
    ensure_call_accepting(application.call, now)
    missing = completeness(application).missing
    if missing:
        raise DomainError(
            _("The application is not complete yet: %(missing)s.")
            % {"missing": ", ".join(item.label for item in missing)}
        )
    late = application.call.schedule.status(now) is CallStatus.LATE
    application.round = Round.LATE if late else Round.NORMAL
    application.submitted_at = now
    application.office_note = ""
    application.save(update_fields=["round", "submitted_at", "office_note", "updated"])
    change_state(application, State.SUBMITTED, by=by, actor=Actor.APPLICANT, now=now)
    notify(application, "submitted")
    return application


@transaction.atomic
def withdraw(application: Application, *, by, reason: str = "") -> Application:
    """The applicant withdraws, at any step (a place they held goes to the next reserve).

    The selection's row is locked first, as publishing does, so that a withdrawal and a
    publication of results never interleave (nor wait on each other's locks in turn); a
    selected applicant's place is then offered to the next applicant on the reserve list.
    Both are the selection's work, asked for through signals (``applications.signals``:
    ``withdrawal_starting`` before the lock, ``application_withdrawn`` after the move)."""
    withdrawal_starting.send(sender=Application, application=application)
    application = lock(application)
    if application.state == State.WITHDRAWN:
        return application
    previous = State(application.state)
    change_state(application, State.WITHDRAWN, by=by, actor=Actor.APPLICANT, reason=reason)
    application_withdrawn.send(
        sender=Application, application=application, previous=previous, by=by
    )
    return application


def receipt_data(application: Application) -> ReceiptData:
    """The receipt of a submitted application, from what is stored."""
    applicant = application.applicant
    profile = profile_of(applicant)
    name = (
        f"{profile.given_names} {profile.family_name}".strip()
        if profile
        else applicant.get_full_name()
    ) or applicant.email
    return ReceiptData(
        reference=application.reference,
        applicant_name=name,
        applicant_email=applicant.email,
        call_title=application.call.title,
        call_year_label=application.call.academic_year_label,
        submitted_at=application.submitted_at,
        round=application.round,
        preferences=[
            place_label(p.place)
            for p in application.preferences.select_related("place__agreement__partner")
        ],
        documents=[
            ReceiptDocument(d.document_type.name, d.display_name, d.size, d.sha256)
            for d in application.documents.select_related("document_type")
        ],
        language=application.language,
    )


def application_receipt_pdf(application: Application) -> bytes:
    if application.submitted_at is None:
        raise DomainError(_("This application has not been submitted."))
    return receipt_pdf(receipt_data(application))
