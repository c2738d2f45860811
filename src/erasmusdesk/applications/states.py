"""The application's states and which moves between them are allowed: pure data, no I/O.

Rule (issue "Applicant portal", part 5): an application is a draft until the applicant
submits it; the office may return it for completion (with a note; the applicant fixes it and
submits again before the deadline) or decide that it is eligible or ineligible (with a
reason); the applicant may withdraw it until a decision of the selection.

The selection (issue "Competitive selection", part 5) adds its states: publishing the results
moves each eligible application to selected (with a place), reserve (with a position) or not
selected, and a re-run after appeals moves between them; when a selected applicant withdraws,
the freed place is offered to the next reserve, who accepts it (selected) or declines it (back
on the reserve). An applicant may withdraw at any of these steps.
"""

from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    WITHDRAWN = "withdrawn"
    SELECTED = "selected"
    RESERVE = "reserve"
    NOT_SELECTED = "not_selected"
    OFFERED = "offered"


class Actor(StrEnum):
    """Who may make a move: the applicant who owns the application, or the office."""

    APPLICANT = "applicant"
    OFFICE = "office"


# (from, to) -> who may make the move, and whether a reason must be given.
TRANSITIONS: dict[tuple[State, State], tuple[Actor, bool]] = {
    (State.DRAFT, State.SUBMITTED): (Actor.APPLICANT, False),
    (State.RETURNED, State.SUBMITTED): (Actor.APPLICANT, False),
    (State.SUBMITTED, State.RETURNED): (Actor.OFFICE, True),
    (State.SUBMITTED, State.ELIGIBLE): (Actor.OFFICE, False),
    (State.SUBMITTED, State.INELIGIBLE): (Actor.OFFICE, True),
    (State.ELIGIBLE, State.INELIGIBLE): (Actor.OFFICE, True),
    (State.INELIGIBLE, State.ELIGIBLE): (Actor.OFFICE, True),
    (State.DRAFT, State.WITHDRAWN): (Actor.APPLICANT, False),
    (State.SUBMITTED, State.WITHDRAWN): (Actor.APPLICANT, False),
    (State.RETURNED, State.WITHDRAWN): (Actor.APPLICANT, False),
    (State.ELIGIBLE, State.WITHDRAWN): (Actor.APPLICANT, False),
    # The selection: publishing (from eligible) and re-running after appeals (between results;
    # not while a place is on offer, which only the applicant answers).
    (State.ELIGIBLE, State.SELECTED): (Actor.OFFICE, False),
    (State.ELIGIBLE, State.RESERVE): (Actor.OFFICE, False),
    (State.ELIGIBLE, State.NOT_SELECTED): (Actor.OFFICE, False),
    (State.SELECTED, State.RESERVE): (Actor.OFFICE, False),
    (State.SELECTED, State.NOT_SELECTED): (Actor.OFFICE, False),
    (State.RESERVE, State.SELECTED): (Actor.OFFICE, False),
    (State.RESERVE, State.NOT_SELECTED): (Actor.OFFICE, False),
    (State.NOT_SELECTED, State.SELECTED): (Actor.OFFICE, False),
    (State.NOT_SELECTED, State.RESERVE): (Actor.OFFICE, False),
    # A place freed by a withdrawal is offered to the next reserve, who accepts or declines.
    (State.RESERVE, State.OFFERED): (Actor.OFFICE, False),
    (State.OFFERED, State.SELECTED): (Actor.APPLICANT, False),
    (State.OFFERED, State.RESERVE): (Actor.APPLICANT, False),
    (State.SELECTED, State.WITHDRAWN): (Actor.APPLICANT, False),
    (State.RESERVE, State.WITHDRAWN): (Actor.APPLICANT, False),
    (State.OFFERED, State.WITHDRAWN): (Actor.APPLICANT, False),
    (State.NOT_SELECTED, State.WITHDRAWN): (Actor.APPLICANT, False),
}

# The applicant may change the content (form, places, documents) only in these states.
EDITABLE = frozenset({State.DRAFT, State.RETURNED})


def move(current: State, target: State) -> tuple[Actor, bool] | None:
    """Who may move an application from ``current`` to ``target`` and whether a reason is
    required; None when the move is not allowed at all."""
    return TRANSITIONS.get((State(current), State(target)))


def targets(current: State, actor: Actor) -> list[State]:
    """The states ``actor`` may move an application in ``current`` to, in table order."""
    return [to for (frm, to), (who, _) in TRANSITIONS.items() if frm == current and who == actor]
