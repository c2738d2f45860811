"""Malformed files posted to the applicant's upload page: a 400 with a message, nothing stored.

``test_uploads.py`` fuzzes the checks themselves; here the same kinds of damaged PDFs and
images go through the whole road a browser takes (multipart parsing, the size limit, CSRF,
the form, ``upload_document``, the page), so a crash anywhere on it would show as a 500.
"""

import hashlib
from pathlib import Path

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from erasmusdesk.applications.drafting import start_application
from erasmusdesk.applications.models import Document
from erasmusdesk.applications.uploads import document_storage
from erasmusdesk.calls.models import DocumentType
from tests.factories import applications as builders
from tests.factories import samples
from tests.factories.samples import MALFORMED

pytestmark = pytest.mark.django_db

# The passport copy takes PDF, JPEG and PNG (builders.RULES), so every kind reaches its check.
CODE = "passport_copy"


@pytest.fixture
def owner(client_as, people):
    builders.complete_profile(people["owner"])
    return client_as(people["owner"])


@pytest.fixture
def draft(people, call):
    return start_application(call, by=people["owner"], category="bachelor")


def _stored(settings) -> set[Path]:
    return {path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()}


def _post(client, application, name: str, data: bytes, content_type: str):
    type_id = DocumentType.objects.get(code=CODE).pk
    return client.post(
        f"/en/applications/{application.reference}/documents/upload/{type_id}/",
        {"file": samples.uploaded(name, data, content_type)},
    )


def _assert_refused(response, settings, before: set[Path], name: str) -> None:
    assert response.status_code == 400
    content = response.content.decode()
    assert "The file was not saved:" in content
    # The reason names the file (an empty file is no file to the form).
    assert f"“{name}”" in content or "Choose a file to upload." in content
    assert not Document.objects.exists()
    assert _stored(settings) == before


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("cv.pdf", samples.truncated_pdf_bytes(), "application/pdf"),
        ("cv.pdf", b"GIF89a" + samples.pdf_bytes(), "application/pdf"),
        ("cv.pdf", samples.encrypted_pdf_bytes(), "application/pdf"),
        ("scan.png", samples.png_bytes()[:-20], "image/png"),
        ("photo.jpg", samples.jpeg_bytes()[:100], "image/jpeg"),
        ("bomb.png", samples.png_header_bytes(60_000, 60_000), "image/png"),
        ("setup.pdf", samples.exe_bytes(), "application/pdf"),
        ("empty.pdf", b"", "application/pdf"),
    ],
    ids=[
        "truncated-pdf",
        "junk-header",
        "encrypted",
        "cut-png",
        "cut-jpeg",
        "bomb",
        "exe",
        "empty",
    ],
)
def test_a_malformed_file_is_refused_with_a_message_and_nothing_stored(
    owner, draft, settings, name, data, content_type
):
    before = _stored(settings)
    response = _post(owner, draft, name, data, content_type)
    _assert_refused(response, settings, before, name)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=MALFORMED, name=st.sampled_from(["cv.pdf", "scan.png", "photo.jpg"]))
def test_a_damaged_file_through_the_page_is_refused_or_kept_whole_never_a_crash(
    owner, draft, settings, data, name
):
    """Either a 400 with the message and nothing kept, or (the damage left a valid file) the
    usual redirect with exactly one document whose stored bytes are the ones sent."""
    before = _stored(settings)
    with transaction.atomic():
        response = _post(owner, draft, name, data, "application/octet-stream")
        if response.status_code == 400:
            _assert_refused(response, settings, before, name)
        else:
            assert response.status_code == 302, response.status_code
            document = Document.objects.get()
            assert document.sha256 == hashlib.sha256(data).hexdigest()
            with document_storage().open(document.file.name, "rb") as stored:
                assert stored.read() == data
            document_storage().delete(document.file.name)
        transaction.set_rollback(True)
    assert _stored(settings) == before
