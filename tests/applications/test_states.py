"""The table of states: who may make which move."""

from erasmusdesk.applications.states import EDITABLE, TRANSITIONS, Actor, State, move, targets


def test_the_applicant_submits_and_withdraws_the_office_decides():
    assert targets(State.DRAFT, Actor.APPLICANT) == [State.SUBMITTED, State.WITHDRAWN]
    assert targets(State.DRAFT, Actor.OFFICE) == []
    assert targets(State.SUBMITTED, Actor.OFFICE) == [
        State.RETURNED,
        State.ELIGIBLE,
        State.INELIGIBLE,
    ]
    assert targets(State.RETURNED, Actor.APPLICANT) == [State.SUBMITTED, State.WITHDRAWN]


def test_return_and_ineligibility_need_a_reason_eligibility_does_not():
    assert move(State.SUBMITTED, State.RETURNED) == (Actor.OFFICE, True)
    assert move(State.SUBMITTED, State.INELIGIBLE) == (Actor.OFFICE, True)
    assert move(State.SUBMITTED, State.ELIGIBLE) == (Actor.OFFICE, False)


def test_withdrawn_and_ineligible_are_ends_for_the_applicant():
    assert targets(State.WITHDRAWN, Actor.APPLICANT) == []
    assert targets(State.WITHDRAWN, Actor.OFFICE) == []
    assert targets(State.INELIGIBLE, Actor.APPLICANT) == []
    assert move(State.WITHDRAWN, State.DRAFT) is None


def test_only_drafts_and_returned_applications_can_be_edited():
    assert EDITABLE == {State.DRAFT, State.RETURNED}
    assert all(frm != to for frm, to in TRANSITIONS)
