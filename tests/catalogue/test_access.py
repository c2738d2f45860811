"""Who sees what: public catalogue pages are public; the back office is the coordinators'."""

import pytest

from erasmusdesk.catalogue.models import Enquiry, Opportunity

pytestmark = pytest.mark.django_db

ROLES = ["owner", "other_applicant", "evaluator", "coordinator", "partner_contact", "anonymous"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    "path",
    [
        "/en/",
        "/ru/opportunities/",
        "/kk/opportunities/international-credit-mobility/",
        "/en/opportunities/jean-monnet-chairs/",
        "/en/contact/",
    ],
)
def test_public_pages_are_open_to_everyone(client_as, people, demo, role, path):
    assert client_as(people[role]).get(path).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_unpublished_page_is_hidden_from_everyone_on_the_site(client_as, people, demo, role):
    Opportunity.objects.filter(slug="jean-monnet-projects").update(is_published=False)
    response = client_as(people[role]).get("/en/opportunities/jean-monnet-projects/")
    assert response.status_code == 404


@pytest.mark.parametrize(("role", "allowed"), [(role, role == "coordinator") for role in ROLES])
def test_back_office_pages_are_for_coordinators_only(client_as, people, demo, role, allowed):
    client = client_as(people[role])
    opportunity = Opportunity.objects.get(slug="international-credit-mobility")
    client.post(
        "/en/contact/",
        {"name": "A", "email": "a@example.org", "message": "A question long enough."},
    )
    enquiry = Enquiry.objects.get()
    for path in [
        "/en/admin/catalogue/opportunity/",
        f"/en/admin/catalogue/opportunity/{opportunity.pk}/change/",
        "/en/admin/catalogue/enquiry/",
        f"/en/admin/catalogue/enquiry/{enquiry.pk}/change/",
    ]:
        response = client.get(path)
        if allowed:
            assert response.status_code == 200, path
        else:
            assert response.status_code == 302, path
            assert response["Location"].startswith("/en/admin/login/"), path
