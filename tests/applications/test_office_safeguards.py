"""The office's safeguards on an application: no eligibility with a required document missing
or rejected; a rejected file is mailed to the applicant at once; an optional document left out
is not counted as done."""

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from erasmusdesk.applications import decisions, filing
from erasmusdesk.applications.completeness import completeness
from erasmusdesk.applications.models import Application
from erasmusdesk.calls.models import DocumentType, RequiredDocument
from erasmusdesk.core.errors import DomainError
from tests.factories import applications as builders


@pytest.fixture
def submitted(db, people):
    builders.office_permissions()
    call = builders.call_with_places()
    return builders.application(people["owner"], call, state="submitted")


def test_an_application_with_a_rejected_document_cannot_be_marked_eligible(submitted, people):
    transcript = submitted.documents.get(document_type__code="transcript")
    filing.review_document(
        transcript, accepted=False, reason="Not signed by the dean", by=people["coordinator"]
    )
    with pytest.raises(DomainError, match="cannot be marked eligible") as refusal:
        decisions.decide_eligibility(submitted, eligible=True, by=people["coordinator"])
    assert "Not signed by the dean" in str(refusal.value)
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_an_application_with_a_missing_document_cannot_be_marked_eligible(submitted, people):
    submitted.documents.filter(document_type__code="passport_copy").delete()
    with pytest.raises(DomainError, match="cannot be marked eligible"):
        decisions.decide_eligibility(submitted, eligible=True, by=people["coordinator"])
    # Ineligible stays possible: the office may refuse it for that very reason.
    decisions.decide_eligibility(
        submitted, eligible=False, reason="No passport", by=people["coordinator"]
    )
    assert Application.objects.get(pk=submitted.pk).state == "ineligible"


def test_the_office_page_says_why_and_offers_to_return(submitted, client_as, people):
    submitted.documents.filter(document_type__code="passport_copy").delete()
    client = client_as(people["coordinator"])
    detail = reverse("applications_office:detail", kwargs={"reference": submitted.reference})
    page = client.post(
        reverse("applications_office:eligible", kwargs={"reference": submitted.reference}),
        {"seen_state": "submitted"},
        follow=True,
    )
    html = page.content.decode()
    assert page.redirect_chain[-1][0] == detail
    assert "cannot be marked eligible while a required document is missing" in html
    assert "Return for completion" in html


def test_rejecting_a_document_mails_the_applicant_what_to_replace(submitted, people):
    transcript = submitted.documents.get(document_type__code="transcript")
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        filing.review_document(
            transcript, accepted=False, reason="Not signed by the dean", by=people["coordinator"]
        )
    assert [message.to for message in mail.outbox] == [[people["owner"].email]]
    body = mail.outbox[0].body
    assert f"rejected the file “{transcript.display_name}”" in body
    assert "Not signed by the dean" in body
    assert submitted.reference in mail.outbox[0].subject


def test_an_optional_document_left_out_is_not_done(submitted):
    optional = DocumentType.objects.exclude(
        code__in=RequiredDocument.objects.filter(call=submitted.call).values("document_type__code")
    ).first()
    RequiredDocument.objects.create(
        call=submitted.call,
        category=submitted.category,
        document_type=optional,
        count=1,
        allowed_types="pdf",
        max_size_mb=5,
        is_required=False,
    )
    state = completeness(submitted)
    item = next(i for i in state.items if i.key == f"document-{optional.pk}")
    assert item.optional and not item.done
    # The factory's applicant has no profile: that alone is missing, not the optional file.
    assert [i.key for i in state.missing] == ["profile"]
    assert state.total == len(state.items) - 1
    assert state.done_count == state.total - 1
