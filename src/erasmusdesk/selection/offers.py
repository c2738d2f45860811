"""A place freed after publication goes to the reserve list: offers, accepted or declined.

Rule (issue "Competitive selection", part 5, "when a selected applicant withdraws, the next
reserve is offered the place"): the seat is offered to the applicant on the reserve list
(state reserve) who chose that place and whom the partner ranks best in the published run
(their rank is kept with their result); under one ranking shared by all partners that is the
first of them on the reserve list. An applicant who declines stays on the reserve list for
their other choices and the seat goes to the next; one who accepts is selected. Applicants
already placed elsewhere are not moved (a re-run after appeals recomputes everything).
"""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from erasmusdesk.applications.models import Application
from erasmusdesk.applications.states import Actor, State
from erasmusdesk.applications.transitions import change_state, lock
from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.selection.models import Outcome, Result, Selection
from erasmusdesk.selection.signals import offer_accepted


def hold_selection(application: Application) -> None:
    """Lock the selection row of the application's call, if it has one (inside the
    caller's transaction, before the application's own lock: publishing takes them in the
    same order, so the two never wait on each other in turn)."""
    list(
        Selection.objects.select_for_update()
        .filter(call_id=application.call_id)
        .values_list("pk", flat=True)
    )


def current_result(application: Application) -> Result | None:
    """The application's result in the last run that ranked it (the current run while the
    application is live: every re-run ranks all live applications), or None."""
    return (
        Result.objects.filter(application=application)
        .select_related("run__selection", "place__agreement__partner")
        .defer("run__inputs")
        .order_by("-run__number")
        .first()
    )


def place_released(application: Application, previous: State, *, by, now=None) -> Result | None:
    """After ``application`` left ``previous`` (withdrawn), free the seat it held or was
    offered and offer it to the next reserve; returns the new offer's result, if any. Call it
    in the withdrawal's transaction, with the selection held (``hold_selection``)."""
    if previous not in (State.SELECTED, State.OFFERED):
        return None
    result = current_result(application)
    if result is None or result.seat is None:
        return None
    place_id, seat = result.place_id, result.seat
    result.seat = None
    result.offered_at = None
    result.save(update_fields=["seat", "offered_at"])
    audit.record(
        "erasmusdesk.selection.seat_released",
        result,
        by=by,
        application=application.reference,
        place=place_id,
        seat=seat,
    )
    return offer_seat(result.run_id, place_id, seat, by=by, now=now)


def offer_seat(run_id: int, place_id: int, seat: int, *, by, now=None) -> Result | None:
    """Offer seat ``seat`` of place ``place_id`` to the reserve the partner ranks best (see the
    module's rule); None when nobody on the reserve list chose that place."""
    best = None
    for result in Result.objects.filter(
        run_id=run_id,
        outcome=Outcome.RESERVE,
        application__state=State.RESERVE,
        seat__isnull=True,
    ).select_related("application"):
        if place_id in result.declined:
            continue
        for refusal in result.refusals:
            if refusal["place"] == place_id and refusal.get("own_rank") is not None:
                key = (refusal["own_rank"], result.position)
                if best is None or key < best[0]:
                    best = (key, result)
    if best is None:
        return None
    result = best[1]
    application = lock(result.application)
    now = now or clock.now()
    result.place_id, result.seat, result.offered_at = place_id, seat, now
    result.save(update_fields=["place", "seat", "offered_at"])
    result = Result.objects.select_related("place__agreement__partner", "application").get(
        pk=result.pk
    )
    with translation.override(application.language):
        reason = _("A place at %(partner)s became free and is offered to you.") % {
            "partner": result.place.agreement.partner.name
        }
    change_state(application, State.OFFERED, by=None, actor=Actor.OFFICE, reason=reason, now=now)
    audit.record(
        "erasmusdesk.selection.offered",
        result,
        by=by,
        application=application.reference,
        place=place_id,
        seat=seat,
    )
    from erasmusdesk.selection.mail import send_selection_mail

    transaction.on_commit(lambda: send_selection_mail.enqueue("offered", [result.pk]))
    return result


def _offered(application: Application) -> tuple[Application, Result]:
    result = current_result(application)
    application = lock(application)
    if application.state != State.OFFERED or result is None or result.seat is None:
        raise DomainError(_("No place is on offer to you now."))
    return application, result


@transaction.atomic
def accept_offer(application: Application, *, by) -> Application:
    """The applicant takes the place offered: selected for it."""
    hold_selection(application)
    application, result = _offered(application)
    change_state(application, State.SELECTED, by=by, actor=Actor.APPLICANT)
    audit.record("erasmusdesk.selection.offer_accepted", result, by=by, place=result.place_id)
    offer_accepted.send(sender=Result, result=result, application=application, by=by)
    return application


@transaction.atomic
def decline_offer(application: Application, *, by) -> Application:
    """The applicant turns the place offered down: back on the reserve list (for their other
    choices), and the seat is offered to the next."""
    hold_selection(application)
    application, result = _offered(application)
    place_id, seat = result.place_id, result.seat
    result.declined = [*result.declined, place_id]
    result.place, result.seat, result.offered_at = None, None, None
    result.save(update_fields=["declined", "place", "seat", "offered_at"])
    change_state(application, State.RESERVE, by=by, actor=Actor.APPLICANT)
    audit.record("erasmusdesk.selection.offer_declined", result, by=by, place=place_id)
    offer_seat(result.run_id, place_id, seat, by=by)
    return application
