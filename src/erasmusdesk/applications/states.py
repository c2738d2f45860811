"""The application's states and which moves between them are allowed: pure data, no I/O.

Rule (issue "Applicant portal", part 5): an application is a draft until the applicant
submits it; the office may return it for completion (with a note; the applicant fixes it and
submits again before the deadline) or decide that it is eligible or ineligible (with a
reason); the applicant may withdraw it until a decision of the selection. The selection adds
its own later states (selected, reserve, not selected) to this table.
"""

from enum import StrEnum


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    WITHDRAWN = "withdrawn"


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
