"""The upload handler that refuses an oversized file while the request is read.

The views below live in this module (``urls`` marker): one per way of installing the limit,
each answering with what it saw as JSON.
"""

import os

import pytest
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from erasmusdesk.applications.upload_limits import (
    FORM_FIELDS_MARGIN,
    SizeLimitedUploadHandler,
    limit_upload_size,
    upload_limit,
    upload_refused_error,
)
from erasmusdesk.applications.uploads import MB
from tests.factories import samples

KB = 1024
CHUNK = SizeLimitedUploadHandler.chunk_size  # 64 KB: how far past the limit a file may get


def _seen(request) -> JsonResponse:
    handler = request.upload_handlers[0]
    error = upload_refused_error(request)
    return JsonResponse(
        {
            "files": {name: file.size for name, file in request.FILES.items()},
            "post": {key: value for key, value in request.POST.items()},
            "refused": getattr(request, "upload_refused", None),
            "error": error and {"message": str(error.message), "field": error.field},
            "received": handler.received,
            "total_received": handler.total_received,
            "limit": handler.max_bytes,
        }
    )


@upload_limit(lambda request, limit: limit * KB)
def limited(request, limit: int):
    return _seen(request)


@csrf_exempt
def limited_with_margin(request, limit: int):
    """A form declaring room for three files: the Content-Length check lets a 300 KB body
    through, so that the limit is met while streaming."""
    limit_upload_size(request, limit * KB, max_files=3)
    return _seen(request)


@login_required(login_url="/token/")
@upload_limit(lambda request: 100 * KB)
def signed_in_only(request):
    return _seen(request)


def token(request):
    return HttpResponse(get_token(request))


urlpatterns = [
    path("limited/<int:limit>/", limited),
    path("margin/<int:limit>/", limited_with_margin),
    path("signed-in/", signed_in_only),
    path("token/", token),
]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def temp_dir(settings, tmp_path):
    """Uploads above 1 KB spooled to a folder of their own, to see what is left in it."""
    folder = tmp_path / "upload-temp"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = KB
    return folder


@pytest.fixture
def browser():
    """A client that enforces CSRF as a browser meets it, with its token."""
    client = Client(enforce_csrf_checks=True)
    client.csrf = client.get("/token/").content.decode()
    return client


def _post(client, url: str, data: bytes, *, name: str = "scan.pdf", with_token: bool = True):
    form = {}
    if with_token:
        form["csrfmiddlewaretoken"] = client.csrf
    form["file"] = SimpleUploadedFile(name, data, "application/pdf")
    form["note"] = "a field after the file"
    return client.post(url, form)


def test_upload_under_the_limit_is_received_whole(browser, temp_dir):
    data = samples.pdf_bytes(size_kb=50)
    seen = _post(browser, "/limited/100/", data).json()
    assert seen["files"] == {"file": len(data)}
    assert seen["refused"] is None and seen["error"] is None
    assert seen["received"] == len(data)
    assert seen["post"]["note"] == "a field after the file"
    assert os.listdir(temp_dir) == []


def test_upload_at_the_limit_is_received(browser, temp_dir):
    data = b"%PDF-" + b"0" * (100 * KB - 5)
    seen = _post(browser, "/limited/100/", data).json()
    assert seen["files"] == {"file": 100 * KB}


def test_oversized_body_is_refused_with_413_before_any_byte_is_read(browser, temp_dir):
    # 2 MB declared by Content-Length, well over 100 KB + the margin: refused before reading.
    data = samples.pdf_bytes(size_kb=2048)
    response = _post(browser, "/limited/100/", data, name="Түйіндеме.pdf")
    assert response.status_code == 413
    assert not hasattr(response.wsgi_request, "_files")  # the body was never parsed
    assert os.listdir(temp_dir) == []


def test_the_handler_refuses_every_file_of_a_body_declared_too_large(temp_dir):
    """Behind the 413 (a caller without the middleware): the handler still refuses every
    file of a body that declares more than the form may carry, keeping the other fields."""
    data = samples.pdf_bytes(size_kb=2048)
    request = RequestFactory().post(
        "/", {"file": SimpleUploadedFile("Түйіндеме.pdf", data), "note": "after"}
    )
    limit_upload_size(request, 100 * KB)
    assert request.FILES == {}
    assert request.POST["note"] == "after"
    assert request.upload_refused == {
        "field": "file",
        "name": "Түйіндеме.pdf",
        "limit": 100 * KB,
        "received": 0,
    }
    assert str(upload_refused_error(request).message) == (
        "“Түйіндеме.pdf” is larger than 100 KB, the limit for this document; it was not received."
    )
    assert os.listdir(temp_dir) == []


def test_oversized_file_is_stopped_one_chunk_past_the_limit(client, temp_dir):
    data = samples.pdf_bytes(size_kb=300)  # under 3 × 100 KB + margin: met while streaming
    seen = client.post(
        "/margin/100/", {"file": SimpleUploadedFile("scan.pdf", data), "note": "after"}
    ).json()
    assert seen["files"] == {}
    assert 100 * KB < seen["received"] <= 100 * KB + CHUNK
    assert seen["total_received"] < len(data) - 100 * KB
    assert seen["refused"]["received"] == seen["received"]
    assert seen["post"] == {"note": "after"}
    assert os.listdir(temp_dir) == []  # the part written to a temporary file is gone


def test_limit_is_capped_by_the_site_wide_maximum(settings, browser):
    settings.ERASMUSDESK_UPLOAD_MAX_MB = 1
    seen = _post(browser, "/limited/10240/", samples.pdf_bytes()).json()
    assert seen["limit"] == MB


def test_csrf_is_still_checked(browser, temp_dir):
    response = _post(browser, "/limited/100/", samples.pdf_bytes(), with_token=False)
    assert response.status_code == 403
    assert os.listdir(temp_dir) == []


def test_access_decorator_outside_keeps_the_view_csrf_exempt(client, people):
    assert client.get("/signed-in/").status_code == 302  # to sign-in, before any limit
    client.force_login(people["owner"])
    seen = client.post("/signed-in/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-" * 10)}).json()
    assert seen["files"] == {"file": 50}


def test_limit_upload_size_after_the_body_was_read_is_an_error():
    request = RequestFactory().post("/", {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    request.POST  # noqa: B018 - the body is parsed here
    with pytest.raises(RuntimeError, match="before request.POST or request.FILES"):
        limit_upload_size(request, MB)


def test_limit_upload_size_puts_the_handler_first():
    request = RequestFactory().post("/", {"note": "x"})
    handler = limit_upload_size(request, 5 * MB)
    assert request.upload_handlers[0] is handler
    assert handler.max_bytes == 5 * MB
    assert handler.margin == FORM_FIELDS_MARGIN
    assert len(request.upload_handlers) == 3  # then Django's memory and temporary-file ones


def test_no_refusal_means_no_error():
    request = RequestFactory().get("/")
    assert upload_refused_error(request) is None
