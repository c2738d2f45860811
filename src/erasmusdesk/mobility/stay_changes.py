"""Changes of the stay while it runs: an extension (the stay ends later) or an interruption
(it ends earlier), proposed by the participant with a reason and approved by the receiving
and the sending institution. Once both approved, the planned departure moves and the grant
is estimated again on the new planned period.

Rules: Programme Guide 2026, part B (student and staff mobility): an extension is agreed by
the sending and the receiving organisation before the planned end, and the grant follows the
duration of the period abroad (the final grant is still recalculated on the confirmed actual
dates, ``funding.recalculate``); the EWP OMobilities API carries the new planned dates.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.mobility import audit_actions
from erasmusdesk.mobility.funding import ACTIVITY
from erasmusdesk.mobility.models import (
    Mobility,
    MobilityGrant,
    StayChange,
    StayChangeKind,
    StayChangeStatus,
)
from erasmusdesk.mobility.services import _check_version, _name_of, home_institution, lock
from erasmusdesk.mobility.states import MobilityState

# From the learning agreement's approval to the departure: the stay is planned or running.
OPEN_STAGES = (MobilityState.LA_APPROVED, MobilityState.ARRIVED)
RECEIVING, SENDING = "receiving", "sending"


@dataclass(frozen=True)
class GrantEffect:
    """The grant estimated on the planned period before and after a change, or why not."""

    before: Decimal | None
    after: Decimal | None
    note: str = ""


def grant_effect(mobility: Mobility, start: date, old_end: date, new_end: date) -> GrantEffect:
    """The grant for ``start``–``old_end`` and for ``start``–``new_end`` with the call year's
    rate table and the options of the issued grant agreement (if any); a period the rules
    do not fund (e.g. beyond the longest duration) gives the rule's message instead."""
    from erasmusdesk.grants.services import estimate_grant, place_of_institution

    link = MobilityGrant.objects.filter(mobility=mobility).select_related("grant_agreement").first()
    agreement = link.grant_agreement if link else None
    options = {
        "green": agreement.green_travel if agreement else False,
        "travel_days": agreement.travel_days if agreement else 0,
        "fewer_opportunities": agreement.fewer_opportunities if agreement else False,
    }
    try:
        origin = place_of_institution(home_institution(), field="home_institution")
        destination = place_of_institution(mobility.receiving_hei, field="host_institution")
        totals = [
            estimate_grant(
                year=int(mobility.receiving_academic_year_id[:4]),
                activity=ACTIVITY[mobility.activity_type],
                origin=origin,
                destination=destination,
                start=start,
                end=end,
                **options,
            ).breakdown.total
            for end in (old_end, new_end)
        ]
    except DomainError as error:
        return GrantEffect(None, None, str(error.message))
    return GrantEffect(totals[0], totals[1])


def _start(mobility: Mobility) -> date:
    return mobility.actual_arrival_date or mobility.planned_arrival_date


@transaction.atomic
def propose_stay_change(
    mobility: Mobility,
    *,
    kind: str,
    new_departure: date | None,
    reason: str,
    by,
    version: int | None = None,
) -> StayChange:
    """The participant proposes to end the stay later (extension) or earlier (interruption),
    with the reason; the host's contacts are mailed to decide. Refused outside the stay
    (before the learning agreement's approval, after the departure), while another change
    waits, and with a date that does not extend (or shorten) the stay; nothing is saved."""
    mobility = lock(mobility)
    _check_version(mobility, version)
    if mobility.state not in OPEN_STAGES:
        raise DomainError(
            _(
                "The stay's dates change between the approval of the learning agreement "
                "and the departure."
            )
        )
    if mobility.stay_changes.filter(status=StayChangeStatus.PROPOSED).exists():
        raise DomainError(_("A change of the stay already waits for the institutions."))
    if kind not in StayChangeKind.values:
        raise DomainError(_("Choose an extension or an interruption."), field="kind")
    if new_departure is None:
        raise DomainError(_("Give the new day of departure."), field="new_departure")
    old = mobility.planned_departure_date
    start = _start(mobility)
    if kind == StayChangeKind.EXTENSION and new_departure <= old:
        raise DomainError(
            _("An extension ends after the planned departure (%(day)s).") % {"day": old},
            field="new_departure",
        )
    if kind == StayChangeKind.INTERRUPTION and not (start <= new_departure < old):
        raise DomainError(
            _(
                "An interruption ends before the planned departure (%(day)s) and not before "
                "the first day (%(start)s)."
            )
            % {"day": old, "start": start},
            field="new_departure",
        )
    if not reason.strip():
        raise DomainError(_("Give the reason of the change."), field="reason")
    effect = grant_effect(mobility, start, old, new_departure)
    change = StayChange.objects.create(
        mobility=mobility,
        kind=kind,
        reason=reason.strip(),
        start=start,
        old_departure=old,
        new_departure=new_departure,
        grant_before=effect.before,
        grant_after=effect.after,
        grant_note=effect.note,
        proposed_by=by if getattr(by, "is_authenticated", False) else None,
        proposed_at=clock.now(),
    )
    audit.record(
        audit_actions.STAY_CHANGE_PROPOSED,
        mobility,
        by=by,
        kind=kind,
        new_departure=new_departure.isoformat(),
    )
    from erasmusdesk.mobility.mail import notify_host

    notify_host(mobility, "stay_change")
    return change


@transaction.atomic
def decide_stay_change(
    change: StayChange,
    *,
    party: str,
    approve: bool,
    comment: str = "",
    by,
    by_name: str = "",
) -> StayChange:
    """The receiving (host) or the sending institution (office) approves the change or
    refuses it with a comment. A refusal closes it; the second approval applies it: the
    planned departure moves (the mobility's version too, so that pages showing the old
    dates are refused) and the grant estimate is taken again."""
    assert party in (RECEIVING, SENDING)
    mobility = lock(change.mobility)
    change = StayChange.objects.select_for_update().get(pk=change.pk)
    if change.status != StayChangeStatus.PROPOSED:
        raise DomainError(_("This change of the stay is already decided."))
    if getattr(change, f"{party}_decision"):
        raise DomainError(_("Your institution has already decided on this change."))
    if not approve and not comment.strip():
        raise DomainError(
            _("Say why the change is refused: the participant reads it."), field="comment"
        )
    name = by_name or _name_of(by)
    setattr(change, f"{party}_decision", "approved" if approve else "refused")
    setattr(change, f"{party}_by_name", name)
    setattr(change, f"{party}_at", clock.now())
    if comment.strip():
        change.comment = "\n".join(filter(None, [change.comment, comment.strip()]))
    if not approve:
        change.status = StayChangeStatus.REFUSED
    elif change.receiving_decision == change.sending_decision == "approved":
        change.status = StayChangeStatus.APPROVED
        effect = grant_effect(mobility, change.start, change.old_departure, change.new_departure)
        change.grant_before, change.grant_after, change.grant_note = (
            effect.before,
            effect.after,
            effect.note,
        )
        mobility.planned_departure_date = change.new_departure
        mobility.version += 1
        mobility.save(update_fields=["planned_departure_date", "version", "updated"])
        audit.record(
            audit_actions.STAY_CHANGE_APPROVED,
            mobility,
            by=by,
            planned_departure=change.new_departure.isoformat(),
            grant_after=str(effect.after) if effect.after is not None else "",
        )
    change.save()
    audit.record(
        audit_actions.STAY_CHANGE_DECIDED,
        change,
        by=by,
        party=party,
        approved=approve,
        by_name=name,
    )
    return change


def open_change(mobility: Mobility) -> StayChange | None:
    return mobility.stay_changes.filter(status=StayChangeStatus.PROPOSED).first()
