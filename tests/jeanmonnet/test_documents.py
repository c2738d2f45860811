"""The files a teacher attaches to a Jean Monnet proposal: checked as the applicants'
documents are, stored under random names, served as attachments to the owner and the
office only, listed in the summary PDF."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from erasmusdesk.applications.uploads import sha256_of_stored
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.jeanmonnet import services
from erasmusdesk.jeanmonnet.models import ProposalDocument
from tests.factories import jeanmonnet as builders
from tests.factories.samples import pdf_bytes


@pytest.fixture
def owner(people):
    return people["owner"]


def _upload(client, proposal, code="cvs", upload=None):
    return client.post(
        f"/en/jean-monnet/proposals/{proposal.pk}/documents/",
        {"code": code, "file": upload or builders.pdf_upload()},
    )


def test_an_attached_pdf_is_stored_under_a_random_name_with_its_fingerprint(client_as, owner):
    proposal = builders.proposal(owner)
    content = pdf_bytes()
    upload = SimpleUploadedFile("CV Sadykova.pdf", content, content_type="application/pdf")
    response = _upload(client_as(owner), proposal, upload=upload)
    assert response.status_code == 302
    document = ProposalDocument.objects.get(proposal=proposal)
    assert document.display_name == "CV Sadykova.pdf"
    assert document.file.name.startswith("jean-monnet/")
    assert "Sadykova" not in document.file.name
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert sha256_of_stored(document.file.name) == document.sha256
    entry = AuditEntry.objects.get(action=services.DOCUMENT_ATTACHED)
    assert entry.data["sha256"] == document.sha256


def test_a_file_that_is_not_a_pdf_or_image_is_refused_on_the_file_field(client_as, owner):
    proposal = builders.proposal(owner)
    fake = SimpleUploadedFile("cv.pdf", b"MZ\x90\x00 a program", content_type="application/pdf")
    response = _upload(client_as(owner), proposal, upload=fake)
    assert response.status_code == 400
    page = response.content.decode()
    assert "“cv.pdf” is not a PDF, JPEG or PNG file: its content is a program." in page
    assert 'aria-invalid="true"' in page
    assert not ProposalDocument.objects.exists()
    assert not AuditEntry.objects.filter(action=services.DOCUMENT_ATTACHED).exists()


def test_a_document_the_call_does_not_ask_for_is_refused(client_as, owner):
    proposal = builders.proposal(owner)
    response = _upload(client_as(owner), proposal, code="budget_sheet")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not ProposalDocument.objects.exists()


def test_the_uploaded_document_counts_as_ready_for_the_rules(owner):
    proposal = builders.proposal(owner, documents_ready=("declaration_on_honour",))
    _rules, problems = services.check_saved_proposal(proposal)
    assert [p.field for p in problems] == ["documents"]
    services.attach_document(proposal, "cvs", builders.pdf_upload(), by=owner)
    _rules, problems = services.check_saved_proposal(proposal)
    assert problems == []


def test_no_file_can_be_attached_or_removed_once_the_proposal_is_with_the_office(owner):
    proposal = builders.proposal(owner, state="in_review", documents=("cvs",))
    with pytest.raises(services.DomainError) as refusal:
        services.attach_document(proposal, "cvs", builders.pdf_upload(), by=owner)
    assert refusal.value.field == "file"
    with pytest.raises(services.DomainError):
        services.remove_document(proposal.files.get(), by=owner)
    assert proposal.files.count() == 1


def test_removing_a_file_deletes_it_after_the_commit(
    client_as, owner, django_capture_on_commit_callbacks
):
    proposal = builders.proposal(owner, documents=("cvs",))
    document = proposal.files.get()
    storage = document.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(owner).post(
            f"/en/jean-monnet/proposals/{proposal.pk}/documents/{document.pk}/remove/"
        )
    assert response.status_code == 302
    assert not ProposalDocument.objects.exists()
    assert not storage.exists(document.file.name)


def test_the_owner_downloads_the_file_as_an_attachment_with_nosniff(client_as, owner):
    proposal = builders.proposal(owner, documents=("cvs",))
    document = proposal.files.get()
    stored = document.file.open("rb").read()
    response = client_as(owner).get(
        f"/en/jean-monnet/proposals/{proposal.pk}/documents/{document.pk}/"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="cvs.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == stored


def test_the_offices_reading_of_a_file_is_recorded(client_as, people, owner):
    proposal = builders.proposal(owner, state="in_review", documents=("cvs",))
    document = proposal.files.get()
    response = client_as(people["coordinator"]).get(
        f"/en/office/jean-monnet/{proposal.pk}/documents/{document.pk}/"
    )
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    entry = AuditEntry.objects.get(action=services.DOCUMENT_VIEWED)
    assert (entry.actor, entry.data["document"]) == (people["coordinator"], document.pk)


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
def test_the_teachers_file_url_is_only_the_owners(people, client_as, owner, role, status):
    proposal = builders.proposal(owner, documents=("cvs",))
    document = proposal.files.get()
    path = f"/en/jean-monnet/proposals/{proposal.pk}/documents/{document.pk}/"
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
def test_the_offices_file_url_is_only_the_offices(people, client_as, owner, role, status):
    proposal = builders.proposal(owner, state="in_review", documents=("cvs",))
    document = proposal.files.get()
    path = f"/en/office/jean-monnet/{proposal.pk}/documents/{document.pk}/"
    assert client_as(people[role]).get(path).status_code == status


@pytest.mark.parametrize("role", ["other_applicant", "evaluator", "coordinator", "partner_contact"])
def test_nobody_else_attaches_or_removes_a_file(people, client_as, owner, role):
    proposal = builders.proposal(owner, documents=("cvs",))
    document = proposal.files.get()
    client = client_as(people[role])
    assert _upload(client, proposal).status_code == 404
    remove = f"/en/jean-monnet/proposals/{proposal.pk}/documents/{document.pk}/remove/"
    assert client.post(remove).status_code == 404
    assert proposal.files.count() == 1


def test_a_draft_file_stays_hidden_from_the_office(client_as, people, owner):
    proposal = builders.proposal(owner, documents=("cvs",))
    document = proposal.files.get()
    path = f"/en/office/jean-monnet/{proposal.pk}/documents/{document.pk}/"
    assert client_as(people["coordinator"]).get(path).status_code == 404


def test_the_pages_list_the_files_and_the_summary_pdf_names_them(client_as, people, owner):
    proposal = builders.proposal(owner, state="in_review", documents=("cvs",))
    teacher_page = client_as(owner).get(f"/en/jean-monnet/proposals/{proposal.pk}/")
    assert "CVs of the team" in teacher_page.content.decode()
    assert "cvs.pdf" in teacher_page.content.decode()
    office = client_as(people["coordinator"])
    assert "cvs.pdf" in office.get(f"/en/office/jean-monnet/{proposal.pk}/").content.decode()
    pdf = office.get(f"/en/office/jean-monnet/{proposal.pk}/summary.pdf")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Documents attached" in text
    assert "CVs of the team: cvs.pdf" in text


def test_the_teachers_files_are_in_the_personal_data_download_and_survive_an_erasure(people, owner):
    from erasmusdesk.accounts.erasure import erase_personal_data
    from erasmusdesk.accounts.personal_data import collect

    proposal = builders.proposal(owner, documents=("cvs",))
    data, _files = collect(owner)
    assert [(d["document"], d["file_name"]) for d in data["jean_monnet_documents"]] == [
        ("cvs", "cvs.pdf")
    ]
    erase_personal_data(owner, by=people["coordinator"])
    assert proposal.files.count() == 1


def test_a_file_over_the_limit_is_refused_while_it_is_read(client_as, owner, monkeypatch):
    monkeypatch.setattr(services, "DOCUMENT_MAX_BYTES", 2048)
    proposal = builders.proposal(owner)
    big = SimpleUploadedFile("cv.pdf", pdf_bytes(size_kb=8), content_type="application/pdf")
    response = _upload(client_as(owner), proposal, upload=big)
    assert response.status_code == 400
    page = response.content.decode()
    assert "“cv.pdf” is larger than 2 KB, the limit for this document; it was not received." in page
    assert "This field is required" not in page
    assert not ProposalDocument.objects.exists()
