"""The one function that changes an application's state (ARCHITECTURE: every change of an
application's state goes through one service function and leaves a state-change row)."""

from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.applications import clock
from erasmusdesk.applications.models import STATE_LABELS, Application, StateChange
from erasmusdesk.applications.states import Actor, State, move
from erasmusdesk.core import audit
from erasmusdesk.core.errors import DomainError


def lock(application: Application) -> Application:
    """The application re-read under a row lock (call inside a transaction): two people
    acting at once are serialised, the second sees the first one's result."""
    return Application.objects.select_for_update().get(pk=application.pk)


def change_state(
    application: Application, to: State, *, by, actor: Actor, reason: str = "", now=None
) -> Application:
    """Move ``application`` to ``to`` if the table of states allows ``actor`` to, recording
    who, when, from, to and why. Raises DomainError when the move is not allowed or a
    required reason is missing. Call inside a transaction, on a locked application."""
    assert transaction.get_connection().in_atomic_block, "change_state needs a transaction"
    current = State(application.state)
    allowed = move(current, to)
    if allowed is None or allowed[0] != actor:
        raise DomainError(
            _("An application that is %(current)s cannot become %(target)s.")
            % {"current": STATE_LABELS[current], "target": STATE_LABELS[State(to)]}
        )
    reason = reason.strip()
    if allowed[1] and not reason:
        raise DomainError(_("Give the reason: the applicant will read it."), field="reason")
    at = now or clock.now()
    application.state = to
    application.save(update_fields=["state", "updated"])
    StateChange.objects.create(
        application=application, from_state=current, to_state=to, by=by, at=at, reason=reason
    )
    audit.record(
        "erasmusdesk.application.state",
        application,
        by=by,
        from_state=current.value,
        to_state=State(to).value,
        reason=reason,
    )
    return application
