"""The pre-departure checklist's services: which steps apply (the call's checklist, else
every step), and ticking one off (the participant, or the office for them)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.mobility import audit_actions
from erasmusdesk.mobility.models import DepartureChecklist, DepartureStep, DepartureTick, Mobility


def steps_of(mobility: Mobility) -> list[str]:
    call_id = mobility.application.call_id if mobility.application_id else None
    found = DepartureChecklist.objects.filter(call_id=call_id).first() if call_id else None
    return found.step_list if found else list(DepartureStep.values)


def status(mobility: Mobility) -> list[tuple[str, str, object]]:
    """(step, label, when it was done or None) for each step that applies."""
    done = dict(mobility.ticks.values_list("step", "done_at"))
    labels = dict(DepartureStep.choices)
    return [(step, labels[step], done.get(step)) for step in steps_of(mobility)]


@transaction.atomic
def tick(mobility: Mobility, step: str, *, by) -> DepartureTick:
    """Mark ``step`` done (once; a second tick changes nothing)."""
    if step not in steps_of(mobility):
        raise DomainError(_("This step is not on the mobility's checklist."), field="step")
    existing = DepartureTick.objects.filter(mobility=mobility, step=step).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            found = DepartureTick.objects.create(
                mobility=mobility,
                step=step,
                done_at=clock.now(),
                by=by if getattr(by, "is_authenticated", False) else None,
            )
    except IntegrityError:
        return DepartureTick.objects.get(mobility=mobility, step=step)
    audit.record(audit_actions.STEP_DONE, mobility, by=by, step=step)
    return found


@transaction.atomic
def set_steps(call, steps: list[str], *, by) -> DepartureChecklist:
    """The steps ``call`` asks for."""
    unknown = set(steps) - set(DepartureStep.values)
    if unknown:
        raise DomainError(_("Unknown steps: %(steps)s.") % {"steps": ", ".join(sorted(unknown))})
    found, _created = DepartureChecklist.objects.update_or_create(
        call=call, defaults={"steps": ",".join(sorted(steps))}
    )
    audit.record(audit_actions.CHECKLIST_SET, found, by=by, steps=sorted(steps))
    return found
