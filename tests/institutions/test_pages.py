"""The public partner list with its filters, and a partner's page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from erasmusdesk.calls.demo import open_call_slug
from erasmusdesk.calls.models import Call
from erasmusdesk.core import clock
from erasmusdesk.institutions.models import Institution
from tests import factories

pytestmark = pytest.mark.django_db
ROLES = ["owner", "other_applicant", "evaluator", "coordinator", "partner_contact", "anonymous"]


def _names(response) -> list[str]:
    return [partner.name for partner in response.context["partners"]]


def test_filter_by_country(client, demo):
    response = client.get("/en/partners/?country=PL")
    assert _names(response) == ["AGH University of Krakow", "University of Warsaw"]
    assert "2 partner universities" in response.content.decode()


def test_filter_by_subject_area_and_level(client):
    economics = factories.partner("Economics University")
    factories.agreement(
        economics, conditions=[factories.condition(isced_code="0311", eqf_levels="7")]
    )
    chemistry = factories.partner("Chemistry University", country="CZ", city="Prague")
    factories.agreement(
        chemistry, conditions=[factories.condition(isced_code="0531", eqf_levels="6")]
    )
    assert _names(client.get("/en/partners/?area=03")) == ["Economics University"]
    assert _names(client.get("/en/partners/?area=05&level=6")) == ["Chemistry University"]
    assert _names(client.get("/en/partners/?area=05&level=7")) == []


def test_draft_and_incoming_only_agreements_do_not_list_a_partner(client):
    factories.agreement(factories.partner("Draft University"), status="draft")
    factories.agreement(
        factories.partner("Incoming University"),
        conditions=[factories.condition(direction="incoming")],
    )
    assert _names(client.get("/en/partners/")) == []


def test_unknown_filter_value_is_a_400_naming_the_field(client, demo):
    response = client.get("/en/partners/?country=XX")
    assert response.status_code == 400
    assert "Country: Select a valid choice. XX is not one of the available choices." in (
        response.content.decode()
    )


def test_partner_page_shows_conditions_and_calls(client, demo):
    warsaw = Institution.objects.get(erasmus_code="PL WARSZAW01")
    content = client.get(f"/en/partners/{warsaw.pk}/").content.decode()
    assert "University of Warsaw" in content
    assert "0311 Economics" in content
    open_call = Call.objects.get(slug=open_call_slug(clock.localdate()))
    assert open_call.title in content  # "Erasmus+ credit mobility 2026/2027" in 2026/2027


def test_greek_partner_shows_el_as_its_erasmus_country_code(client, demo):
    thessaloniki = Institution.objects.get(country="GR")
    content = client.get(f"/en/partners/{thessaloniki.pk}/").content.decode()
    assert "<dd>EL</dd>" in content


def test_home_institution_and_unknown_ids_are_404(client, demo):
    home = Institution.objects.get(is_home=True)
    assert client.get(f"/en/partners/{home.pk}/").status_code == 404
    assert client.get("/en/partners/999999/").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_partner_pages_are_public_for_every_role(client_as, people, demo, role):
    warsaw = Institution.objects.get(erasmus_code="PL WARSZAW01")
    client = client_as(people[role])
    assert client.get("/kk/partners/").status_code == 200
    assert client.get(f"/ru/partners/{warsaw.pk}/").status_code == 200


def test_partner_list_queries_are_constant(client):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            client.get("/en/partners/")
        return len(queries)

    factories.agreement(factories.partner("One"))
    at_one = count()
    for index in range(4):
        factories.agreement(factories.partner(f"More {index}"))
    assert count() == at_one
