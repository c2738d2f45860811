"""Bodies are refused (413) before they are read when they declare more than their view
accepts: a signed-in upload above its document's limit, any anonymous body above a small form
(so that nothing an unknown sender sends reaches a temporary file), any form that is not an
upload. The input stream of these requests explodes when read: a pass proves nothing was."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve

from erasmusdesk.core.middleware import RequestBodyLimitMiddleware
from tests.factories import applications as builders

MB = 1024 * 1024


class Unread:
    """A WSGI input that fails the test if anyone reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def _declare(client, path: str, length: int):
    return client.post(
        path,
        content_type="multipart/form-data; boundary=BoUnDaRy",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": Unread()},
    )


@pytest.fixture
def draft(db, people):
    application = builders.application(people["owner"], builders.call_with_places())
    rule = application.call.required_documents.filter(category="bachelor").first()
    return application, rule


def test_an_upload_declaring_more_than_its_document_allows_is_413_unread(client_as, people, draft):
    application, rule = draft
    assert rule.max_size_mb == 5
    path = f"/en/applications/{application.reference}/documents/upload/{rule.document_type_id}/"
    response = _declare(client_as(people["owner"]), path, 120 * MB)
    assert response.status_code == 413
    html = response.content.decode()
    assert "<h1>Too much data sent</h1>" in html
    assert "5.2 MB at most" in html  # the document's 5 MB and the form's margin
    assert response["Cache-Control"] == "private, no-store"


def test_an_anonymous_body_above_a_small_form_is_413_unread(client, draft):
    application, rule = draft
    client.cookies["csrftoken"] = "x" * 32
    for path in [
        f"/en/applications/{application.reference}/documents/upload/{rule.document_type_id}/",
        "/en/account/login/",
        "/en/office/agreements/import/",
    ]:
        response = _declare(client, path, 200 * MB)
        assert response.status_code == 413, path
        assert "Files are accepted from signed-in people only" in response.content.decode()


def test_a_form_that_is_no_upload_takes_no_more_than_a_small_body(client_as, people, draft):
    application, _rule = draft
    client = client_as(people["owner"])
    response = _declare(client, f"/en/applications/{application.reference}/edit/", 2 * MB)
    assert response.status_code == 413
    assert "1 MB at most" in response.content.decode()


def test_what_each_sender_may_send(people, draft, settings):
    """The limits themselves: a small form for anonymous senders and plain forms, the
    document's limit for its upload, the import's 20 MB, the upload cap in the back office
    for staff only."""
    application, rule = draft
    middleware = RequestBodyLimitMiddleware(lambda request: None)

    def limit(path, user):
        request = RequestFactory().post(path)
        request.user = user
        match = resolve(path)
        request.resolver_match = match
        return middleware.limit(request, match.func, match.args, match.kwargs)

    upload = f"/en/applications/{application.reference}/documents/upload/{rule.document_type_id}/"
    small = settings.ERASMUSDESK_FORM_MAX_BYTES
    margin = 256 * 1024
    assert small == 1 * MB
    assert limit(upload, AnonymousUser()) == small
    assert limit(upload, people["owner"]) == 5 * MB + margin
    assert limit(upload, people["other_applicant"]) == 50 * MB + margin  # then 404
    assert limit("/en/account/profile/", people["owner"]) == small
    assert limit("/en/office/agreements/import/", people["coordinator"]) == 20 * MB + margin
    assert limit("/en/admin/institutions/agreement/add/", people["coordinator"]) == 50 * MB + margin
    assert limit("/en/admin/institutions/agreement/add/", people["owner"]) == small
