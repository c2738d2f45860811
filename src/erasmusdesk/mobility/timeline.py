"""The participant's timeline: each stage of the mobility, done, current or to come, and
what comes next (pure, no I/O)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from erasmusdesk.mobility.states import STAGES, MobilityState

NEXT_STEP = {
    MobilityState.NOMINATED: _("The host university reads your nomination and answers."),
    MobilityState.ACCEPTED: _(
        "Draft your learning agreement; the home and host coordinators approve it."
    ),
    MobilityState.LA_APPROVED: _("Prepare your departure; the host confirms your arrival."),
    MobilityState.ARRIVED: _("Study at the host; the host confirms the day you leave."),
    MobilityState.DEPARTED: _("The host sends your Transcript of Records."),
    MobilityState.TRANSCRIPT_RECEIVED: _("The home coordinator recognises your credits."),
    MobilityState.RECOGNISED: _("The office closes your file."),
    MobilityState.REJECTED: _(
        "The host rejected the nomination: the office tells you what happens next."
    ),
}


@dataclass(frozen=True)
class Step:
    state: MobilityState
    label: str
    status: str  # "done", "current" or "todo"
    at: object = None


def steps(state: str, labels: dict, reached: dict) -> list[Step]:
    """The stages in order, each done, current or to do; ``reached`` maps a state to the
    instant the mobility reached it last."""
    current = MobilityState(state)
    if current in (MobilityState.CANCELLED, MobilityState.REJECTED):
        position = STAGES.index(MobilityState.NOMINATED)
    else:
        position = STAGES.index(current)
    found = []
    for index, stage in enumerate(STAGES):
        status = "done" if index < position else "current" if index == position else "todo"
        found.append(Step(stage, labels[stage], status, reached.get(stage)))
    return found


def deadline(mobility, rules):
    """What the participant's next step must be done by, as (words, date), or None. The
    learning agreement before the planned arrival; changes within
    ``change_weeks_after_start`` weeks of the arrival; the transcript within
    ``transcript_weeks_after_end`` weeks of the departure (``MobilityRules``)."""
    from datetime import timedelta

    state = MobilityState(mobility.state)
    if state == MobilityState.ACCEPTED:
        return _("The learning agreement approved before the arrival"), (
            mobility.planned_arrival_date
        )
    if state == MobilityState.ARRIVED and mobility.actual_arrival_date:
        return _("Changes to the learning agreement proposed by"), (
            mobility.actual_arrival_date + timedelta(weeks=rules.change_weeks_after_start)
        )
    if state == MobilityState.DEPARTED and mobility.actual_departure_date:
        return _("The transcript of records sent by the host by"), (
            mobility.actual_departure_date + timedelta(weeks=rules.transcript_weeks_after_end)
        )
    return None
