"""Serving stored documents: attachment, sanitised name, and the headers that keep a hostile
file harmless."""

import hashlib

import pytest
from django.core.files.storage import FileSystemStorage
from django.http import Http404
from django.urls import path

from erasmusdesk.applications.serving import document_response
from erasmusdesk.applications.uploads import MB, accept_upload
from tests.factories import samples

ALL = ("pdf", "jpg", "png")


def _stored(name: str, data: bytes, storage=None):
    checked, stored = accept_upload(
        samples.uploaded(name, data), allowed=ALL, max_bytes=MB, storage=storage
    )
    return checked, stored


def _close(response) -> None:
    """Close the streamed file (response.close() would also send request_finished, which
    touches the database)."""
    response.file_to_stream.close()


def _body(response) -> bytes:
    try:
        return b"".join(response.streaming_content)
    finally:
        _close(response)


def test_document_response_streams_the_file_as_an_attachment():
    data = samples.pdf_bytes(pages=2)
    checked, stored = _stored("CV Aliya.pdf", data)
    response = document_response(stored, checked.display_name, checked.content_type)
    assert response["Content-Disposition"] == 'attachment; filename="CV Aliya.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(data))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["Cache-Control"] == "private, no-store"
    assert hashlib.sha256(_body(response)).hexdigest() == checked.sha256


def test_document_response_names_a_non_ascii_file_with_rfc_5987():
    checked, stored = _stored("Түйіндеме.pdf", samples.pdf_bytes())
    response = document_response(stored, checked.display_name, checked.content_type)
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%D0%A2%D2%AF%D0%B9%D1%96%D0%BD%D0%B4%D0%B5%D0%BC%D0%B5.pdf"
    )
    _close(response)


def test_document_response_sanitises_the_display_name_again():
    # A name stored before the rules, or edited by hand: no header injection, no path.
    checked, stored = _stored("cv.pdf", samples.pdf_bytes())
    response = document_response(stored, '../x\r\nSet-Cookie: a=b"\u202e.pdf', "application/pdf")
    assert response["Content-Disposition"] == 'attachment; filename="xSet-Cookie_ a=b_.pdf"'
    assert "Set-Cookie" not in response.headers
    _close(response)


def test_document_response_inline_preview_is_still_sandboxed():
    checked, stored = _stored("photo.png", samples.png_bytes())
    response = document_response(stored, "photo.png", "image/png", inline=True)
    assert response["Content-Disposition"] == 'inline; filename="photo.png"'
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    _close(response)


def test_an_inline_pdf_preview_blocks_every_fetch_and_foreign_framing_without_a_sandbox():
    # Chromium does not render a PDF in a sandboxed document (chromium bug 413851).
    checked, stored = _stored("cv.pdf", samples.pdf_bytes())
    response = document_response(stored, "cv.pdf", "application/pdf", inline=True)
    assert response["Content-Disposition"] == 'inline; filename="cv.pdf"'
    assert response["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'self'"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    _close(response)
    attachment = document_response(stored, "cv.pdf", "application/pdf")
    assert attachment["Content-Security-Policy"] == "sandbox; default-src 'none'"
    _close(attachment)


def test_document_response_unknown_type_is_an_octet_stream_attachment_even_inline():
    checked, stored = _stored("cv.pdf", samples.pdf_bytes())
    response = document_response(stored, "page.html", "text/html", inline=True)
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="page.html.bin"'
    _close(response)


def test_document_response_missing_file_is_404():
    with pytest.raises(Http404):
        document_response("applications/2026/12/" + "0" * 32 + ".pdf", "cv.pdf", "application/pdf")


def test_document_response_name_outside_the_storage_is_404():
    with pytest.raises(Http404):
        document_response("../../../etc/passwd", "cv.pdf", "application/pdf")


def test_document_response_reads_from_a_given_storage(tmp_path):
    storage = FileSystemStorage(location=tmp_path / "private")
    checked, stored = _stored("scan.jpg", samples.jpeg_bytes(), storage=storage)
    response = document_response(stored, "scan.jpg", "image/jpeg", storage=storage)
    assert hashlib.sha256(_body(response)).hexdigest() == checked.sha256
    with pytest.raises(Http404):
        document_response(stored, "scan.jpg", "image/jpeg")  # not in the default storage


# --- through the middleware stack -------------------------------------------------------------


def _serve(request, inline: str, name: str):
    return document_response(name, "cv.pdf", "application/pdf", inline=inline == "inline")


urlpatterns = [path("doc/<str:inline>/<path:name>", _serve)]


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_through_the_middleware_the_headers_stay_and_only_the_preview_may_be_framed(client):
    _checked, stored = _stored("cv.pdf", samples.pdf_bytes())
    attachment = client.get(f"/doc/attachment/{stored}")
    preview = client.get(f"/doc/inline/{stored}")
    for response in (attachment, preview):
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'none'" in response["Content-Security-Policy"]
        assert response["Cache-Control"] == "private, no-store"
    assert attachment["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert preview["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'self'"
    assert attachment["X-Frame-Options"] == "DENY"
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
