"""Who may see each page and file of an application: only its owner. Everyone else who is
signed in gets 404 (guessing references or ids reveals nothing); anonymous visitors are sent
to sign in."""

import pytest

from tests.factories import applications as builders

pytestmark = pytest.mark.django_db

PAGES = [
    ("get", "detail"),
    ("get", "edit"),
    ("get", "documents"),
    ("get", "receipt"),
    ("get", "withdraw"),
    ("post", "withdraw"),
    ("post", "submit"),
]
FILE_PAGES = [("get", "download"), ("post", "remove")]


@pytest.fixture
def owned(people, call):
    application = builders.application(people["owner"], call, state="submitted")
    return application, application.documents.first()


def url(name, application, document=None):
    from django.urls import reverse

    kwargs = {"reference": application.reference}
    if document is not None:
        kwargs["document_id"] = document.pk
    return reverse(f"applications:{name}", kwargs=kwargs)


def all_urls(application, document):
    return [(m, url(n, application)) for m, n in PAGES] + [
        (m, url(n, application, document)) for m, n in FILE_PAGES
    ]


@pytest.mark.parametrize("who", ["other_applicant", "evaluator", "coordinator", "partner_contact"])
def test_nobody_but_the_owner_sees_or_changes_an_application(client_as, people, owned, who):
    application, document = owned
    client = client_as(people[who])
    for method, address in all_urls(application, document):
        response = getattr(client, method)(address)
        assert response.status_code == 404, (who, method, address)
    application.refresh_from_db()
    assert (application.state, application.documents.count()) == ("submitted", 5)


def test_anonymous_visitors_are_sent_to_sign_in(client_as, owned):
    application, document = owned
    client = client_as(None)
    for method, address in all_urls(application, document):
        response = getattr(client, method)(address)
        assert response.status_code == 302, address
        assert "/account/login/" in response["Location"]


def test_the_owner_sees_their_pages_and_files(client_as, people, owned):
    application, document = owned
    client = client_as(people["owner"])
    for name in ("detail", "documents", "receipt", "withdraw"):
        assert client.get(url(name, application)).status_code == 200, name
    download = client.get(url("download", application, document))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_guessing_a_document_of_another_application_gives_404(client_as, people, call, owned):
    application, _ = owned
    other = builders.application(people["other_applicant"], call, state="draft")
    foreign = other.documents.first()
    client = client_as(people["owner"])
    assert client.get(url("download", application, foreign)).status_code == 404
    assert client.post(url("remove", application, foreign)).status_code == 404
    assert other.documents.filter(pk=foreign.pk).exists()


def test_an_unknown_reference_gives_404(client_as, people, owned):
    client = client_as(people["owner"])
    assert client.get("/en/applications/A26-99999/").status_code == 404


def test_my_applications_lists_only_mine(client_as, people, call, owned):
    application, _ = owned
    other = builders.application(people["other_applicant"], call)
    page = client_as(people["owner"]).get("/en/applications/").content.decode()
    assert application.reference in page
    assert other.reference not in page
