"""The one function that changes an application's state (ARCHITECTURE: every change of an
application's state goes through one service function and leaves a state-change row)."""

from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.applications.models import STATE_LABELS, Application, StateChange
from erasmusdesk.applications.states import Actor, State, move
from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.models import AuditEntry


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


def change_states(
    moves: dict[int, tuple[State, State]],
    *,
    by,
    actor: Actor,
    reasons: dict[int, str] | None = None,
    now=None,
    audit_action: str = "erasmusdesk.application.state",
) -> int:
    """``change_state`` for many applications at once, in a constant number of queries: for
    publishing a selection's results (issue "Competitive selection": every applicant's state
    changes, not one query per applicant).

    ``moves`` maps an application id to (its current state, its target state); the caller
    has locked those rows (``select_for_update``) and read their states inside the same
    transaction. Each move is checked against the same table as ``change_state`` (a refused
    move refuses them all, nothing is written); each leaves a state-change row and an audit
    entry, as ``change_state`` does. Returns the number of applications moved.
    """
    assert transaction.get_connection().in_atomic_block, "change_states needs a transaction"
    reasons = reasons or {}
    for current, to in moves.values():
        allowed = move(current, to)
        if allowed is None or allowed[0] != actor:
            raise DomainError(
                _("An application that is %(current)s cannot become %(target)s.")
                % {"current": STATE_LABELS[State(current)], "target": STATE_LABELS[State(to)]}
            )
        if allowed[1]:
            raise DomainError(_("Give the reason: the applicant will read it."), field="reason")
    at = now or clock.now()
    by_target: dict[State, list[int]] = {}
    for pk, (_current, to) in moves.items():
        by_target.setdefault(State(to), []).append(pk)
    for to, ids in by_target.items():
        Application.objects.filter(pk__in=ids).update(state=to, updated=at)
    StateChange.objects.bulk_create(
        StateChange(
            application_id=pk,
            from_state=current,
            to_state=to,
            by=by,
            at=at,
            reason=reasons.get(pk, ""),
        )
        for pk, (current, to) in moves.items()
    )
    actor_user = by if getattr(by, "is_authenticated", False) else None
    AuditEntry.objects.bulk_create(
        AuditEntry(
            action=audit_action,
            actor=actor_user,
            object_type=Application._meta.label_lower,
            object_id=str(pk),
            data={
                "from_state": State(current).value,
                "to_state": State(to).value,
                "reason": reasons.get(pk, ""),
            },
        )
        for pk, (current, to) in moves.items()
    )
    return len(moves)
