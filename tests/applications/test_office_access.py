"""Who may open the office's application pages and files: coordinators only; everyone else
signed in gets 404, an anonymous visitor goes to sign-in, and a guessed document id of
another application is a 404 too."""

import pytest

from erasmusdesk.applications.models import Application, Document, Review
from erasmusdesk.core.models import AuditEntry
from tests.factories import applications as builders

pytestmark = pytest.mark.django_db
ROLES = ["owner", "other_applicant", "evaluator", "partner_contact"]


@pytest.fixture
def office(people, call):
    """A submitted application of the owner to ``call`` with every document, and another
    person's application to another call."""
    builders.office_permissions()
    builders.applicant_profile(people["owner"])
    mine = builders.application(people["owner"], call, state="submitted")
    other_call = builders.another_call(call)
    theirs = builders.application(people["other_applicant"], other_call, state="submitted")
    return {"application": mine, "call": call, "other": theirs, "other_call": other_call}


def _pages(office) -> list[str]:
    application = office["application"]
    document = application.documents.first()
    base = f"/en/office/applications/a/{application.reference}"
    slug = office["call"].slug
    return [
        "/en/office/applications/",
        f"/en/office/applications/{slug}/",
        f"/en/office/applications/{slug}/?state=submitted&q=A26",
        f"{base}/",
        f"{base}/documents/{document.pk}/",
        f"{base}/documents/{document.pk}/preview/",
        f"/en/office/applications/{slug}/applications.csv",
        f"/en/office/applications/{slug}/applications.xlsx",
        f"/en/office/applications/{slug}/documents.zip",
    ]


def _posts(office) -> list[tuple[str, dict]]:
    application = office["application"]
    document = application.documents.first()
    base = f"/en/office/applications/a/{application.reference}"
    return [
        (f"{base}/documents/{document.pk}/review/", {f"document-{document.pk}-decision": "accept"}),
        (f"{base}/return/", {"return-note": "Add the transcript."}),
        (f"{base}/eligible/", {"eligible-reason": ""}),
        (f"{base}/ineligible/", {"ineligible-reason": "Too late."}),
    ]


def test_coordinator_opens_every_page_and_file(client_as, people, office):
    client = client_as(people["coordinator"])
    for url in _pages(office):
        response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("role", ROLES)
def test_others_get_404_on_every_page_file_and_form(client_as, people, office, role):
    client = client_as(people[role])
    for url in _pages(office):
        assert client.get(url).status_code == 404, url
    for url, data in _posts(office):
        assert client.post(url, data).status_code == 404, url
    application = Application.objects.get(pk=office["application"].pk)
    assert application.state == "submitted"
    assert not application.documents.exclude(review=Review.PENDING).exists()
    assert not AuditEntry.objects.filter(action="erasmusdesk.document.viewed").exists()


def test_anonymous_goes_to_sign_in_and_sees_no_data(client_as, people, office):
    client = client_as(None)
    reference = office["application"].reference
    for url in _pages(office):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/en/admin/login/"), url
        assert reference.encode() not in response.content
        assert b"%PDF" not in response.content
    for url, data in _posts(office):
        response = client.post(url, data)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    assert Application.objects.get(pk=office["application"].pk).state == "submitted"


def test_staff_without_the_permission_gets_404(client_as, people, office):
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.create_user("clerk", password="x" * 20, is_staff=True)
    client = client_as(staff)
    for url in _pages(office):
        assert client.get(url).status_code == 404, url


def test_viewer_sees_pages_but_may_not_decide(client_as, people, office):
    client = client_as(builders.office_viewer())
    for url in _pages(office):
        assert client.get(url).status_code == 200, url
    detail = client.get(f"/en/office/applications/a/{office['application'].reference}/")
    content = detail.content.decode()
    assert "Mark eligible" not in content
    assert "Accept the file" not in content
    assert "You may view applications but not decide on them." in content
    for url, data in _posts(office):
        assert client.post(url, data).status_code == 404, url
    assert Application.objects.get(pk=office["application"].pk).state == "submitted"


def test_another_applications_document_id_is_404(client_as, people, office):
    """Guessing the id of a document of another application (of another call) under this
    application's reference shows nothing and changes nothing."""
    client = client_as(people["coordinator"])
    reference = office["application"].reference
    foreign = office["other"].documents.first()
    base = f"/en/office/applications/a/{reference}/documents/{foreign.pk}"
    assert client.get(f"{base}/").status_code == 404
    assert client.get(f"{base}/preview/").status_code == 404
    response = client.post(f"{base}/review/", {f"document-{foreign.pk}-decision": "accept"})
    assert response.status_code == 404
    assert Document.objects.get(pk=foreign.pk).review == Review.PENDING
    assert not AuditEntry.objects.filter(action="erasmusdesk.document.viewed").exists()


def test_same_call_other_application_document_is_404(client_as, people, office, call):
    client = client_as(people["coordinator"])
    neighbour = builders.application(people["other_applicant"], call, state="submitted")
    document = neighbour.documents.first()
    url = f"/en/office/applications/a/{office['application'].reference}/documents/{document.pk}/"
    assert client.get(url).status_code == 404
    assert client.get(url + "preview/").status_code == 404


def test_unknown_reference_call_and_document_are_404(client_as, people, office):
    client = client_as(people["coordinator"])
    reference = office["application"].reference
    assert client.get("/en/office/applications/a/A26-99999/").status_code == 404
    assert client.get("/en/office/applications/no-such-call/").status_code == 404
    assert client.get("/en/office/applications/no-such-call/applications.csv").status_code == 404
    assert client.get(f"/en/office/applications/a/{reference}/documents/999999/").status_code == 404


def test_forms_need_post(client_as, people, office):
    client = client_as(people["coordinator"])
    for url, _data in _posts(office):
        assert client.get(url).status_code == 405, url


def test_forms_carry_and_need_the_csrf_token(people, office):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people["coordinator"])
    content = client.get(f"/en/office/applications/a/{office['application'].reference}/")
    html = content.content.decode()
    assert html.count('method="post"') == html.count('name="csrfmiddlewaretoken"')
    assert html.count('method="post" action="/en/office/applications/a/') == 5 + 3
    for url, data in _posts(office):
        assert client.post(url, data).status_code == 403, url
    assert Application.objects.get(pk=office["application"].pk).state == "submitted"
