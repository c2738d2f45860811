"""The office's decisions on a submitted application: return it for completion, or find
it eligible or ineligible (issue "Applicant portal", parts 5 and 6)."""

from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.applications.models import Application
from erasmusdesk.applications.notifications import notify
from erasmusdesk.applications.states import Actor, State
from erasmusdesk.applications.transitions import change_state, lock
from erasmusdesk.core.errors import DomainError


def _still_as_seen(application: Application, seen_state: str | None) -> None:
    """A decision taken on a page that showed ``seen_state`` applies only if the application
    is still in it: two coordinators deciding at once cannot both win with opposite
    decisions (the second is asked to look again)."""
    if seen_state and application.state != seen_state:
        raise DomainError(
            _(
                "This application changed meanwhile: it is now %(state)s. Check the page "
                "and decide again."
            )
            % {"state": application.state_label}
        )


def _refuse_without_documents(application: Application) -> None:
    """Rule (the call's required documents): an application with a required document missing
    or rejected by the office cannot be found eligible; the office returns it for completion
    instead, with what to replace."""
    from erasmusdesk.applications.completeness import completeness

    lacking = [
        item for item in completeness(application).missing if item.key.startswith("document-")
    ]
    if lacking:
        raise DomainError(
            _(
                "This application cannot be marked eligible while a required document is "
                "missing or rejected: %(documents)s. Return it for completion instead."
            )
            % {"documents": "; ".join(f"{item.label} ({item.detail})" for item in lacking)}
        )


@transaction.atomic
def return_for_completion(
    application: Application, *, note: str, by, seen_state: str | None = None
) -> Application:
    """Send a submitted application back with the office's note; the applicant fixes it and
    submits again before the deadline."""
    application = lock(application)
    _still_as_seen(application, seen_state)
    change_state(application, State.RETURNED, by=by, actor=Actor.OFFICE, reason=note)
    application.office_note = note.strip()
    application.save(update_fields=["office_note", "updated"])
    notify(application, "returned")
    return application


@transaction.atomic
def decide_eligibility(
    application: Application,
    *,
    eligible: bool,
    reason: str = "",
    by,
    seen_state: str | None = None,
) -> Application:
    """Mark an application eligible or ineligible (the latter with its reason). The same
    decision twice changes nothing."""
    application = lock(application)
    target = State.ELIGIBLE if eligible else State.INELIGIBLE
    if application.state == target:
        return application
    _still_as_seen(application, seen_state)
    if eligible:
        _refuse_without_documents(application)
    change_state(application, target, by=by, actor=Actor.OFFICE, reason=reason)
    application.office_note = "" if eligible else reason.strip()
    application.save(update_fields=["office_note", "updated"])
    notify(application, "eligible" if eligible else "ineligible")
    return application
