"""Previewing and publishing a call's results, and what a re-run after appeals changes.

Rules (issue "Competitive selection", part 5): the coordinator previews a dry run (with "what
if" numbers of places); publishing moves every ranked application to selected, reserve or not
selected through the state machine, in one transaction, and mails each applicant; a re-run
after the appeals are decided publishes a new run, moving only the applications whose result
changed. Two coordinators publishing at once: the selection's row is locked and the run
number checked (and unique in the database), so the second one is refused, nothing is done
twice; a seat of a place is held by one result only (a unique constraint).

Queries: a constant number per phase, whatever the number of applications (reading the inputs
about a dozen, writing a few bulk statements). On SQLite, Django splits a bulk insert into
batches of 999 parameters (about one statement per 60-90 rows); PostgreSQL takes each in one.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from erasmusdesk.applications.models import Application
from erasmusdesk.applications.states import Actor, State
from erasmusdesk.applications.transitions import change_states
from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.selection.committee import locked, short_of_evaluators
from erasmusdesk.selection.inputs import LIVE_STATES, Inputs, load_inputs
from erasmusdesk.selection.models import (
    Appeal,
    AppealStatus,
    Assignment,
    Outcome,
    Result,
    Run,
    Selection,
)
from erasmusdesk.selection.outcomes import Computation, Row, compute
from erasmusdesk.selection.signals import results_published

STATE_OF_OUTCOME = {
    Outcome.SELECTED: State.SELECTED,
    Outcome.RESERVE: State.RESERVE,
    Outcome.NOT_SELECTED: State.NOT_SELECTED,
}
LISTED = 10


def preview(selection: Selection, *, places: dict[int, int] | None = None) -> Computation:
    """A dry run of the allocation with the stored inputs (and ``places`` changed)."""
    return compute(load_inputs(selection, places=places))


def incomplete_assignments(selection: Selection) -> int:
    return (
        Assignment.objects.filter(
            selection=selection,
            conflict=False,
            completed_at__isnull=True,
            application__state__in=LIVE_STATES,
        )
        .exclude(evaluator__applications__call_id=selection.call_id)
        .count()
    )


def _listed(references: list[str]) -> str:
    shown = ", ".join(references[:LISTED])
    return shown + (" …" if len(references) > LISTED else "")


def snapshot(inputs: Inputs) -> dict:
    """What a run is computed from, as JSON: enough to compute it again (``reproduce``)."""
    return {
        "criteria": [[c.code, c.source, str(c.weight), str(c.max_points)] for c in inputs.criteria],
        "tie_rules": [[rule.field, rule.direction.value] for rule in inputs.tie_rules],
        "max_spread": str(inputs.selection.max_spread),
        "min_total": str(inputs.selection.min_total),
        "places": {str(pk): number for pk, number in inputs.places.items()},
        "partner_rules": {
            str(pk): {
                "min_cefr": str(rule.requirement.min_cefr) if rule.requirement.min_cefr else "",
                "subject_areas": list(rule.requirement.subject_areas),
                "weights": (
                    {c.code: str(c.weight) for c in rule.criteria} if rule.criteria else {}
                ),
            }
            for pk, rule in inputs.partner_rules.items()
        },
        "entries": {
            reference: {
                "scores": {code: str(points) for code, points in entry.scores.items()},
                "grade": str(entry.grade_normalised)
                if entry.grade_normalised is not None
                else None,
                "cefr": str(entry.cefr) if entry.cefr else None,
                "submitted_at": entry.submitted_at.isoformat() if entry.submitted_at else None,
                "year": entry.year_of_study,
                "subject_area": entry.subject_area,
                "preferences": list(inputs.preferences[reference]),
                "flags": list(inputs.flags.get(reference, ())),
            }
            for reference, entry in inputs.entries.items()
            if reference not in inputs.missing
        },
    }


def _check_ready(selection: Selection, inputs: Inputs, *, now) -> None:
    call = selection.call
    if call.schedule.accepts_applications(now):
        last = call.late_deadline or call.deadline
        raise DomainError(
            _(
                "The call still accepts applications (until %(deadline)s): results can be "
                "published once its last deadline has passed."
            )
            % {"deadline": date_format(localtime(last), "DATETIME_FORMAT")}
        )
    short = short_of_evaluators(selection)
    if short:
        references = sorted(
            Application.objects.filter(pk__in=short).values_list("reference", flat=True)
        )
        raise DomainError(
            ngettext(
                "%(count)d application has fewer evaluators than the %(wanted)d required, "
                "after conflicts of interest: %(references)s. Add a member to the committee "
                "and assign again.",
                "%(count)d applications have fewer evaluators than the %(wanted)d required, "
                "after conflicts of interest: %(references)s. Add a member to the committee "
                "and assign again.",
                len(references),
            )
            % {
                "count": len(references),
                "wanted": selection.evaluators_per_application,
                "references": _listed(references),
            }
        )
    incomplete = incomplete_assignments(selection)
    if incomplete:
        raise DomainError(
            ngettext(
                "Scoring is not finished: %(count)d assignment is not scored yet.",
                "Scoring is not finished: %(count)d assignments are not scored yet.",
                incomplete,
            )
            % {"count": incomplete}
        )
    if inputs.missing:
        references = sorted(inputs.missing)
        raise DomainError(
            ngettext(
                "%(count)d application has no evaluators' scores yet: %(references)s.",
                "%(count)d applications have no evaluators' scores yet: %(references)s.",
                len(references),
            )
            % {"count": len(references), "references": _listed(references)}
        )
    if not inputs.entries:
        raise DomainError(_("There is no eligible application to rank."))


def _check_rerun(selection: Selection) -> None:
    pending = Appeal.objects.filter(
        result__run__selection=selection,
        result__run__number=selection.run,
        status=AppealStatus.PENDING,
    ).count()
    if pending:
        raise DomainError(
            ngettext(
                "Decide the %(count)d appeal waiting first.",
                "Decide the %(count)d appeals waiting first.",
                pending,
            )
            % {"count": pending}
        )
    offered = Application.objects.filter(call_id=selection.call_id, state=State.OFFERED).count()
    if offered:
        raise DomainError(
            ngettext(
                "%(count)d applicant has not answered the offer of a place yet: wait for the "
                "answer before a re-run.",
                "%(count)d applicants have not answered the offer of a place yet: wait for "
                "their answers before a re-run.",
                offered,
            )
            % {"count": offered}
        )


def _result(run: Run, row: Row) -> Result:
    return Result(
        run=run,
        application_id=row.application_id,
        position=row.position,
        total=row.total,
        points={code: str(points) for code, points in row.points.items()},
        flags=list(row.flags),
        decided_by=row.decided_by or "",
        outcome=row.outcome,
        preference=row.preference,
        partner_rank=row.partner_rank,
        reserve_position=row.reserve_position,
        refusals=list(row.refusals),
        place_id=row.place_id,
        seat=row.seat,
    )


@transaction.atomic
def publish_results(
    selection: Selection,
    *,
    by,
    expected_run: int,
    appeal_deadline,
    places: dict[int, int] | None = None,
    now=None,
) -> Run:
    """Publish run ``expected_run + 1`` of the call's results (the first, or a re-run after
    appeals): each ranked application gets its result and its state, and a mail.

    ``expected_run`` is the run the coordinator looked at: if another coordinator published
    meanwhile, this one is refused (and changes nothing). Refused too while scoring is not
    finished, before a re-run while appeals wait for a decision or offers for an answer, and
    with an appeal deadline not in the future.
    """
    from erasmusdesk.selection.mail import send_results

    now = now or clock.now()
    selection = locked(selection)
    if selection.run != expected_run:
        raise DomainError(
            _(
                "Another coordinator published these results meanwhile (run %(run)d): "
                "look at them before publishing again."
            )
            % {"run": selection.run}
        )
    if appeal_deadline is None or appeal_deadline <= now:
        raise DomainError(_("The appeal deadline must be in the future."), field="appeal_deadline")
    if selection.is_published:
        _check_rerun(selection)
    current = dict(
        Application.objects.select_for_update()
        .filter(call_id=selection.call_id, state__in=LIVE_STATES)
        .values_list("pk", "state")
    )
    inputs = load_inputs(selection, places=places)
    _check_ready(selection, inputs, now=now)
    computation = compute(inputs)

    previous = {}
    if selection.is_published:
        previous = {
            result.application_id: result
            for result in Result.objects.filter(run__selection=selection, run__number=selection.run)
        }
    run = Run.objects.create(
        selection=selection,
        number=expected_run + 1,
        published_at=now,
        published_by=by,
        appeal_deadline=appeal_deadline,
        inputs=snapshot(inputs),
    )
    Result.objects.bulk_create(_result(run, row) for row in computation.rows)
    moves = {}
    for row in computation.rows:
        target = STATE_OF_OUTCOME[row.outcome]
        if State(current[row.application_id]) != target:
            moves[row.application_id] = (State(current[row.application_id]), target)
    change_states(
        moves, by=by, actor=Actor.OFFICE, now=now, audit_action="erasmusdesk.selection.result"
    )
    selection.run = run.number
    selection.published_at = now
    selection.save(update_fields=["run", "published_at", "updated"])
    counts = {outcome.value: computation.count(outcome) for outcome in Outcome}
    audit.record(
        "erasmusdesk.selection.published",
        selection,
        by=by,
        run=run.number,
        places={str(pk): number for pk, number in (places or {}).items()},
        **counts,
    )
    told = [
        row.application_id
        for row in computation.rows
        if row.application_id not in previous or _differs(previous[row.application_id], row)
    ]
    transaction.on_commit(lambda: send_results.enqueue(run.pk, told))
    newly_selected = [pk for pk, (_before, to) in moves.items() if to == State.SELECTED]
    results_published.send(
        sender=Run,
        run=run,
        selected=list(
            Result.objects.filter(run=run, application_id__in=newly_selected).values_list(
                "pk", flat=True
            )
        ),
        deselected=[pk for pk, (before, _to) in moves.items() if before == State.SELECTED],
        by=by,
    )
    return run


def _differs(before: Result, after: Row) -> bool:
    return (before.outcome, before.place_id, before.reserve_position, before.position) != (
        after.outcome,
        after.place_id,
        after.reserve_position,
        after.position,
    )


@dataclass(frozen=True)
class Change:
    """How a re-run changes one application's result (``before`` None: newly ranked)."""

    reference: str
    before: Result | None
    after: Row | None


def changes(selection: Selection, computation: Computation) -> list[Change]:
    """The applications whose result (outcome, place, reserve position or rank) a re-run
    would change, in the new ranking's order, then those it no longer ranks."""
    last = Run.objects.filter(selection=selection).order_by("-number").first()
    previous = {
        result.application.reference: result
        for result in Result.objects.filter(run=last).select_related(
            "application", "place__agreement__partner"
        )
    }
    found = []
    for row in computation.rows:
        before = previous.pop(row.reference, None)
        if before is None or _differs(before, row):
            found.append(Change(row.reference, before, row))
    found.extend(Change(reference, before, None) for reference, before in sorted(previous.items()))
    return found
