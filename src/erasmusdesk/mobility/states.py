"""A mobility's states and the moves between them: pure data, no I/O.

The path of a credit mobility (Erasmus+ Programme Guide 2026, part B, "Mobility projects for
higher education students and staff"; EWP OMobilities v3 and IMobilities v2): the sending
institution nominates the participant, the host accepts or rejects the nomination, the three
parties approve the learning agreement, the host confirms the arrival and the departure, the
host sends the Transcript of Records, the sending institution recognises the credits, and the
file is closed. A mobility can be cancelled (with a reason) at any step before it is closed.
"""

from enum import StrEnum


class MobilityState(StrEnum):
    NOMINATED = "nominated"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    LA_APPROVED = "la_approved"
    ARRIVED = "arrived"
    DEPARTED = "departed"
    TRANSCRIPT_RECEIVED = "transcript_received"
    RECOGNISED = "recognised"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class Party(StrEnum):
    """Who may make a move: the sending office, the host (its partner contact), the system
    (a signal from the selection, a confirmed document)."""

    OFFICE = "office"
    HOST = "host"


BOTH = frozenset({Party.HOST, Party.OFFICE})
OFFICE = frozenset({Party.OFFICE})

# (from, to) -> who may make it, and whether a reason must be given.
TRANSITIONS: dict[tuple[MobilityState, MobilityState], tuple[frozenset[Party], bool]] = {
    (MobilityState.NOMINATED, MobilityState.ACCEPTED): (
        BOTH,
        False,
    ),
    (MobilityState.NOMINATED, MobilityState.REJECTED): (
        BOTH,
        True,
    ),
    # A nomination changed after the host's answer goes back to pending (EWP: "pending").
    (MobilityState.ACCEPTED, MobilityState.NOMINATED): (OFFICE, True),
    (MobilityState.REJECTED, MobilityState.NOMINATED): (OFFICE, True),
    (MobilityState.ACCEPTED, MobilityState.LA_APPROVED): (OFFICE, False),
    (MobilityState.LA_APPROVED, MobilityState.ARRIVED): (
        BOTH,
        False,
    ),
    (MobilityState.ARRIVED, MobilityState.DEPARTED): (BOTH, False),
    (MobilityState.DEPARTED, MobilityState.TRANSCRIPT_RECEIVED): (
        BOTH,
        False,
    ),
    (MobilityState.TRANSCRIPT_RECEIVED, MobilityState.RECOGNISED): (
        OFFICE,
        False,
    ),
    (MobilityState.RECOGNISED, MobilityState.CLOSED): (OFFICE, False),
}
CANCELLABLE = frozenset(
    {
        MobilityState.NOMINATED,
        MobilityState.ACCEPTED,
        MobilityState.REJECTED,
        MobilityState.LA_APPROVED,
        MobilityState.ARRIVED,
    }
)
for _state in CANCELLABLE:
    TRANSITIONS[(_state, MobilityState.CANCELLED)] = (OFFICE, True)

# The order of the stages on the timeline (cancelled and rejected stand aside).
STAGES = (
    MobilityState.NOMINATED,
    MobilityState.ACCEPTED,
    MobilityState.LA_APPROVED,
    MobilityState.ARRIVED,
    MobilityState.DEPARTED,
    MobilityState.TRANSCRIPT_RECEIVED,
    MobilityState.RECOGNISED,
    MobilityState.CLOSED,
)
# States in which the mobility uses up its place of the agreement.
LIVE = frozenset(STAGES)

# EWP OMobilities v3 ``MobilityStatus`` of each state (the nomination's status).
EWP_STATUS = {
    MobilityState.NOMINATED: "pending",
    MobilityState.REJECTED: "rejected",
    MobilityState.CANCELLED: "cancelled",
}


def move(current: str, target: str) -> tuple[frozenset[Party], bool] | None:
    """Who may move a mobility from ``current`` to ``target`` and whether a reason is
    required; None when the move is not allowed."""
    return TRANSITIONS.get((MobilityState(current), MobilityState(target)))


def targets(current: str, party: Party) -> list[MobilityState]:
    """The states ``party`` may move a mobility in ``current`` to, in table order."""
    return [
        to for (frm, to), (who, _reason) in TRANSITIONS.items() if frm == current and party in who
    ]


def ewp_status(state: str) -> str:
    """The nomination's status in EWP terms: pending, rejected, cancelled, else approved."""
    return EWP_STATUS.get(MobilityState(state), "approved")
