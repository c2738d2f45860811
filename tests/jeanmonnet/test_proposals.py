"""The teachers' workspace and the office's review of Jean Monnet proposals: pages, services,
access for every role."""

from decimal import Decimal

import pytest

from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.jeanmonnet import services
from erasmusdesk.jeanmonnet.models import Proposal, ProposalState
from tests.factories import jeanmonnet as builders

FORM = {
    "title": "EU energy law",
    "action": "module",
    "call_year": "2025",
    "holder_position": "lecturer",
    "duration_months": "36",
    "requested_eur": "35000",
    "team": "Aigerim Sadykova; holder",
    "teaching": "1; EU energy law; 40\n2; EU energy law; 40\n3; EU energy law; 40",
    "partners": "",
    "work_plan": "Teach.",
    "commission_deadline": "",
    "internal_days_before": "14",
    "documents_ready": ["declaration_on_honour", "cvs"],
}


@pytest.fixture
def owner(people):
    return people["owner"]


def test_a_draft_that_breaks_two_rules_shows_both_with_field_and_source(client_as, owner):
    client = client_as(owner)
    data = {
        **FORM,
        "teaching": "1; EU law; 39\n2; EU law; 40\n3; EU law; 40",
        "requested_eur": "35001",
    }
    response = client.post("/en/jean-monnet/proposals/new/", data)
    proposal = Proposal.objects.get(owner=owner)
    page = client.get(response["Location"]).content.decode()
    assert "Rules broken: 2" in page
    assert "Academic year 1 has 39 teaching hours" in page
    assert (
        "35\u00a0001.00 EUR is more than the maximum EU grant of 35\u00a0000.00 EUR in the "
        "2025 call" in page
    )
    assert "euro-access.eu" in page
    assert proposal.hours_per_year() == (39, 40, 40)


def test_fixing_the_rules_clears_the_problems_and_allows_review(client_as, owner):
    proposal = builders.proposal(owner, requested_eur=Decimal("35001"))
    client = client_as(owner)
    client.post(f"/en/jean-monnet/proposals/{proposal.pk}/", FORM)
    page = client.get(f"/en/jean-monnet/proposals/{proposal.pk}/").content.decode()
    assert "Every rule of the action is met" in page
    client.post(f"/en/jean-monnet/proposals/{proposal.pk}/submit/")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.IN_REVIEW


def test_submission_is_refused_while_a_rule_is_broken_naming_the_field(owner):
    proposal = builders.proposal(owner, teaching=((1, "EU law", 40), (2, "EU law", 40)))
    with pytest.raises(DomainError) as refusal:
        services.submit_for_review(proposal, by=owner)
    assert refusal.value.field == "hours_per_year"
    assert "Teaching plan" in str(refusal.value.message)
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.DRAFT


def test_a_malformed_teaching_line_names_its_line(client_as, owner):
    response = client_as(owner).post(
        "/en/jean-monnet/proposals/new/", {**FORM, "teaching": "1; EU law; forty"}
    )
    assert response.status_code == 200
    assert "Line 1: write" in response.content.decode()
    assert not Proposal.objects.exists()


def test_greece_written_gr_is_refused_with_the_erasmus_code(client_as, owner):
    response = client_as(owner).post(
        "/en/jean-monnet/proposals/new/", {**FORM, "partners": "University of Athens; GR"}
    )
    assert "Greece is written EL" in response.content.decode()


def test_the_internal_deadline_is_the_chosen_days_before_the_commissions(owner):
    proposal = builders.proposal(owner, internal_days_before=10)
    assert (proposal.commission_deadline - proposal.internal_deadline).days == 10


def test_office_returns_then_signs_off_and_records_the_award_with_audit(people, client_as):
    proposal = builders.proposal(people["owner"])
    services.submit_for_review(proposal, by=people["owner"])
    office = client_as(people["coordinator"])
    office.post(f"/en/office/jean-monnet/{proposal.pk}/return/", {"text": "Add a textbook."})
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.RETURNED
    assert proposal.comments.get().text == "Add a textbook."
    services.submit_for_review(proposal, by=people["owner"])
    office.post(f"/en/office/jean-monnet/{proposal.pk}/sign_off/")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SIGNED_OFF
    office.post(f"/en/office/jean-monnet/{proposal.pk}/awarded/")
    office.post(
        f"/en/office/jean-monnet/{proposal.pk}/deliverable/",
        {"title": "Interim report", "due": "2030-01-31"},
    )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.AWARDED
    assert list(proposal.deliverables.values_list("title", flat=True)) == ["Interim report"]
    actions = list(
        AuditEntry.objects.filter(object_id=str(proposal.pk)).values_list("action", flat=True)
    )
    assert services.PROPOSAL_SIGNED_OFF in actions
    assert services.PROPOSAL_RETURNED in actions


def test_a_returned_proposal_can_be_edited_again_but_one_in_review_cannot(owner):
    proposal = builders.proposal(owner, state=ProposalState.IN_REVIEW)
    with pytest.raises(DomainError):
        services.save_proposal(proposal, builders.draft(title="Changed"), by=owner)
    Proposal.objects.filter(pk=proposal.pk).update(state=ProposalState.RETURNED)
    saved = services.save_proposal(proposal, builders.draft(title="Changed"), by=owner)
    assert saved.title == "Changed"


def test_second_centre_in_review_blocks_another_centre_of_the_same_call(people):
    centre = {"action": "centre", "requested_eur": Decimal("100000"), "teaching": ()}
    builders.proposal(people["other_applicant"], state=ProposalState.IN_REVIEW, **centre)
    mine = builders.proposal(people["owner"], **centre)
    _rules, problems = services.check_saved_proposal(mine)
    assert [p.rule for p in problems] == ["one_per_institution"]


def test_the_summary_pdf_is_a_pdf(client_as, owner):
    proposal = builders.proposal(owner)
    response = client_as(owner).get(f"/kk/jean-monnet/proposals/{proposal.pk}/summary.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("owner", 200),
        ("other_applicant", 404),
        ("evaluator", 404),
        ("coordinator", 404),
        ("partner_contact", 404),
        ("anonymous", 302),
    ],
)
def test_the_teachers_proposal_page_is_only_the_owners(people, client_as, role, status):
    proposal = builders.proposal(people["owner"])
    for path in (
        f"/en/jean-monnet/proposals/{proposal.pk}/",
        f"/en/jean-monnet/proposals/{proposal.pk}/summary.pdf",
    ):
        assert client_as(people[role]).get(path).status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("owner", 404),
        ("other_applicant", 404),
        ("evaluator", 404),
        ("coordinator", 200),
        ("partner_contact", 404),
        ("anonymous", 302),
    ],
)
def test_the_office_review_page_is_only_the_offices(people, client_as, role, status):
    proposal = builders.proposal(people["owner"], state=ProposalState.IN_REVIEW)
    for path in ("/en/office/jean-monnet/", f"/en/office/jean-monnet/{proposal.pk}/"):
        assert client_as(people[role]).get(path).status_code == status


def test_the_office_does_not_see_drafts(people, client_as):
    proposal = builders.proposal(people["owner"])
    office = client_as(people["coordinator"])
    assert office.get(f"/en/office/jean-monnet/{proposal.pk}/").status_code == 404
    assert proposal.title not in office.get("/en/office/jean-monnet/").content.decode()


def test_another_teacher_cannot_submit_or_comment(people, client_as):
    proposal = builders.proposal(people["owner"])
    other = client_as(people["other_applicant"])
    assert other.post(f"/en/jean-monnet/proposals/{proposal.pk}/submit/").status_code == 404
    assert (
        other.post(f"/en/jean-monnet/proposals/{proposal.pk}/comment/", {"text": "x"}).status_code
        == 404
    )


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_workspace_and_the_checker_are_translated(people, client_as, language):
    proposal = builders.proposal(people["owner"], requested_eur=Decimal("40000"))
    page = client_as(people["owner"]).get(f"/{language}/jean-monnet/proposals/{proposal.pk}/")
    text = page.content.decode()
    for english in ("Rules broken", "is more than the maximum", "Save and check", "Teaching plan"):
        assert english not in text
    checker = client_as(None).get(f"/{language}/jean-monnet/check/").content.decode()
    assert "Jean Monnet rule checker" not in checker


def test_a_proposal_in_review_shows_its_facts_to_the_teacher_without_the_form(client_as, owner):
    proposal = builders.proposal(owner, state=ProposalState.IN_REVIEW)
    page = client_as(owner).get(f"/en/jean-monnet/proposals/{proposal.pk}/").content.decode()
    assert "Save and check" not in page
    assert "1: EU energy law, 40" in page
