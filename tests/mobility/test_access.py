"""Who sees which mobility page: the owner, another applicant, an evaluator, the
coordinator, the partner contact of the host and of another institution, anonymous."""

import zipfile
from datetime import timedelta
from io import BytesIO

import pytest
from django.urls import reverse

from erasmusdesk.mobility.links import make_token
from tests import factories
from tests.factories import mobility as builders
from tests.factories.selection import user

SIGN_IN = "/en/account/login/"
BACK_OFFICE_SIGN_IN = "/en/admin/login/"


@pytest.fixture
def setting(db, people):
    mobility = builders.selected_mobility(people["owner"])
    builders.host_contact(people["partner_contact"], mobility.receiving_hei)
    builders.learning_agreement(mobility)
    mobility.refresh_from_db()
    elsewhere = user("other_host", group="partner_contacts")
    builders.host_contact(elsewhere, factories.partner("Other Uni", erasmus_code="D OTHER01"))
    everyone = {**people, "other_host": elsewhere}
    return mobility, everyone


ROLES = [
    "owner",
    "other_applicant",
    "evaluator",
    "coordinator",
    "partner_contact",
    "other_host",
    "anonymous",
]
OWNER_ONLY = {
    "owner": 200,
    "other_applicant": 404,
    "evaluator": 404,
    "coordinator": 404,
    "partner_contact": 404,
    "other_host": 404,
    "anonymous": 302,
}
HOST_ONLY = {**OWNER_ONLY, "owner": 404, "partner_contact": 200}
OFFICE_ONLY = {**OWNER_ONLY, "owner": 404, "coordinator": 200}
# page -> role -> expected status (302: sent to sign in)
EXPECTED = {
    "mobility:la": OWNER_ONLY,
    "mobility:host_la": HOST_ONLY,
    "mobility_office:la": OFFICE_ONLY,
    "mobility:host_transcript": HOST_ONLY,
    "mobility:la_pdf": OWNER_ONLY,
    "mobility:host_la_pdf": HOST_ONLY,
    "mobility_office:la_pdf": OFFICE_ONLY,
    "mobility_office:transcript": OFFICE_ONLY,
    "mobility_office:recognition": OFFICE_ONLY,
    "mobility:detail": {
        "owner": 200,
        "other_applicant": 404,
        "evaluator": 404,
        "coordinator": 404,
        "partner_contact": 404,
        "other_host": 404,
        "anonymous": 302,
    },
    "mobility:host_detail": {
        "owner": 404,
        "other_applicant": 404,
        "evaluator": 404,
        "coordinator": 404,
        "partner_contact": 200,
        "other_host": 404,
        "anonymous": 302,
    },
    "mobility:host_package": {
        "owner": 404,
        "other_applicant": 404,
        "evaluator": 404,
        "coordinator": 404,
        "partner_contact": 200,
        "other_host": 404,
        "anonymous": 302,
    },
    "mobility_office:detail": {
        "owner": 404,
        "other_applicant": 404,
        "evaluator": 404,
        "coordinator": 200,
        "partner_contact": 404,
        "other_host": 404,
        "anonymous": 302,
    },
    "mobility_office:nomination": {
        "owner": 404,
        "other_applicant": 404,
        "evaluator": 404,
        "coordinator": 200,
        "partner_contact": 404,
        "other_host": 404,
        "anonymous": 302,
    },
}


# Pages that show the participant's name.
NAMED = {"mobility:detail", "mobility:host_detail", "mobility_office:detail"}


@pytest.mark.parametrize("page", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_each_mobility_page_is_seen_only_by_whom_it_concerns(setting, client_as, page, role):
    mobility, everyone = setting
    url = reverse(page, args=[mobility.omobility_id])
    response = client_as(everyone[role]).get(url)
    assert response.status_code == EXPECTED[page][role]
    if response.status_code == 302:
        sign_in = BACK_OFFICE_SIGN_IN if page.startswith("mobility_office") else SIGN_IN
        assert response["Location"].startswith(sign_in)
    if response.status_code == 200 and page in NAMED:
        assert mobility.family_name in response.content.decode()


@pytest.mark.parametrize(
    "role, status, listed",
    [
        ("partner_contact", 200, True),
        ("other_host", 200, False),
        ("owner", 404, False),
        ("coordinator", 404, False),
        ("evaluator", 404, False),
    ],
)
def test_a_host_contact_lists_only_the_nominations_to_their_institution(
    setting, client_as, role, status, listed
):
    mobility, everyone = setting
    response = client_as(everyone[role]).get(reverse("mobility:host_list"))
    assert response.status_code == status
    assert (mobility.family_name in response.content.decode()) is listed


@pytest.mark.parametrize(
    "role, listed", [("owner", True), ("other_applicant", False), ("partner_contact", False)]
)
def test_my_mobilities_lists_only_mine(setting, client_as, role, listed):
    mobility, everyone = setting
    response = client_as(everyone[role]).get(reverse("mobility:mine"))
    assert response.status_code == 200
    assert (mobility.receiving_hei.name in response.content.decode()) is listed


@pytest.mark.parametrize(
    "role, status", [("coordinator", 200), ("owner", 404), ("partner_contact", 404)]
)
def test_the_office_list_is_the_offices(setting, client_as, role, status):
    mobility, everyone = setting
    response = client_as(everyone[role]).get(reverse("mobility_office:index"))
    assert response.status_code == status


def test_the_package_holds_the_data_and_the_documents(setting, client_as):
    mobility, everyone = setting
    response = client_as(everyone["partner_contact"]).get(
        reverse("mobility:host_package", args=[mobility.omobility_id])
    )
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(BytesIO(response.content)).namelist()
    assert names[0] == "nomination.txt"
    assert any(name.startswith("documents/transcript-1-") for name in names)
    data = zipfile.ZipFile(BytesIO(response.content)).read("nomination.txt").decode()
    assert str(mobility.omobility_id) in data and "Kurmangazykyzy" in data


def test_a_signed_link_opens_the_nomination_without_an_account(setting, client, frozen):
    mobility, _everyone = setting
    builders.contact_on_file(mobility.receiving_hei, "noaccount@partner.example")
    token = make_token(mobility, "noaccount@partner.example")
    assert client.get(reverse("mobility:link", args=[token])).status_code == 200
    assert client.get(reverse("mobility:link_package", args=[token])).status_code == 200
    # Tampered, or for someone who is not the host's contact: not found.
    assert client.get(reverse("mobility:link", args=[token[:-2] + "xx"])).status_code == 404
    stranger = make_token(mobility, "stranger@example.org")
    assert client.get(reverse("mobility:link", args=[stranger])).status_code == 404


def test_a_signed_link_expires_after_its_days(setting, client, frozen, settings):
    mobility, _everyone = setting
    settings.ERASMUSDESK_NOMINATION_LINK_DAYS = 30
    builders.contact_on_file(mobility.receiving_hei, "noaccount@partner.example")
    token = make_token(mobility, "noaccount@partner.example")
    start = factories.local(2027, 2, 1, 12)
    frozen(start + timedelta(days=30) - timedelta(seconds=1))
    assert client.get(reverse("mobility:link", args=[token])).status_code == 200
    frozen(start + timedelta(days=30, seconds=1))
    assert client.get(reverse("mobility:link", args=[token])).status_code == 404
