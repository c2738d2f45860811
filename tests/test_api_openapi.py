"""The API's OpenAPI document and its docs page."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from jsonschema import Draft202012Validator

from erasmusdesk.calls.models import Call
from erasmusdesk.institutions.models import Agreement, Institution
from tests import factories
from tests.openapi import (
    API,
    OFFICE_OPERATIONS,
    OPERATIONS,
    POST_OPERATIONS,
    check_against_document,
    openapi_document,
)

# --- the document --------------------------------------------------------------------------


def test_document_names_the_api_and_its_operations(client):
    document = openapi_document()
    assert document["info"]["title"] == "Erasmus Desk API"
    assert document["info"]["version"] == "1"
    assert sorted(document["paths"]) == sorted([*OPERATIONS, *POST_OPERATIONS])


def test_document_offers_get_and_post_only_for_checks_that_store_nothing(client):
    for template, item in openapi_document()["paths"].items():
        assert set(item) == ({"post"} if template in POST_OPERATIONS else {"get"}), template


def test_every_operation_documents_its_errors():
    for template, item in openapi_document()["paths"].items():
        (operation,) = item.values()
        responses = operation["responses"]
        assert "422" in responses, template
        if "{" in template:
            assert "404" in responses, template


def test_every_language_parameter_offers_the_site_languages(settings):
    codes = [code for code, _name in settings.LANGUAGES]
    for template, item in openapi_document()["paths"].items():
        if template in ("/api/v1/cities", "/api/v1/distance"):
            continue
        (operation,) = item.values()
        (lang,) = [p for p in operation["parameters"] if p["name"] == "lang"]
        assert lang["schema"]["enum"] == codes, template
        assert lang["schema"]["default"] == "en", template


def test_document_schemas_are_valid_json_schema():
    for schema in openapi_document()["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_document_exposes_no_personal_or_internal_field():
    fields = {
        name
        for schema in openapi_document()["components"]["schemas"].values()
        for name in schema.get("properties", {})
    }
    private = {"email", "phone", "contacts", "home_signer", "partner_signer", "signed_pdf", "notes"}
    assert fields & private == set()
    assert "partner_signed_on" in fields


# --- the docs page ----------------------------------------------------------------------


def _urls_in(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)


def test_docs_page_loads_nothing_from_another_host(client):
    response = client.get(f"{API}/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Erasmus Desk API" in html
    assert re.findall(r"https?://[^\s\"'<>]+", html) == []
    assert re.findall(r"""(?:src|href)\s*=\s*["']//""", html) == []


def test_docs_page_uses_the_static_files_shipped_with_ninja(client, settings):
    html = client.get(f"{API}/docs").content.decode()
    urls = _urls_in(html)
    assert any(url.endswith("swagger-ui-bundle.js") for url in urls)
    assert any(url.endswith("swagger-ui.css") for url in urls)
    for url in urls:
        assert urlsplit(url).netloc == ""
        assert url.startswith(settings.STATIC_URL), url
        assert finders.find(url.removeprefix(settings.STATIC_URL)) is not None, url


def test_docs_page_switches_off_the_online_validator(client):
    html = client.get(f"{API}/docs").content.decode()
    assert '"validatorUrl": null' in html
    assert f'"url": "{API}/openapi.json"' in html


# --- errors and methods --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", [f"{API}/nothing-here", f"{API}/", f"{API}/calls/a/b"])
def test_unknown_address_is_a_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "nothing at" in response.json()["detail"]


@pytest.fixture
def one_of_each(db) -> dict[str, str]:
    """An address of every operation, with an existing object behind each detail."""
    from erasmusdesk.selection.committee import set_up_selection

    partner = factories.partner("University of Vienna", country="AT", city="Vienna")
    agreement = factories.agreement(partner)
    call = factories.call(agreements=[agreement])
    set_up_selection(call, by=None)
    from datetime import date

    from erasmusdesk.mobility import services as mobility_services
    from tests.factories import mobility as mobility_builders

    mobility = mobility_services.create_mobility(
        mobility_services.NewMobility(
            given_names="Dana",
            family_name="Teacher",
            email="dana@example.org",
            sending_hei=mobility_builders.home(),
            receiving_hei=partner,
            activity_type="staff-teaching",
            planned_arrival_date=date(2027, 3, 1),
            planned_departure_date=date(2027, 3, 7),
            isced_f_code="0311",
        ),
        by=None,
    )
    uuid = mobility.omobility_id
    return {
        "/api/v1/calls": f"{API}/calls",
        "/api/v1/calls/{slug}": f"{API}/calls/{call.slug}",
        "/api/v1/institutions": f"{API}/institutions",
        "/api/v1/institutions/{institution_id}": f"{API}/institutions/{partner.pk}",
        "/api/v1/agreements": f"{API}/agreements",
        "/api/v1/agreements/{agreement_id}": f"{API}/agreements/{agreement.pk}",
        "/api/v1/cities": f"{API}/cities?q=Vienna",
        "/api/v1/distance": f"{API}/distance?from_city=Atyrau, KZ&to_city=Vienna, AT",
        "/api/v1/grants/estimate": (
            f"{API}/grants/estimate?year=2022&activity=study&start=2022-09-01"
            "&end=2023-01-31&from_city=Atyrau, KZ&to_city=Vienna, AT"
        ),
        "/api/v1/advisor": f"{API}/advisor?role=student&level=bachelor&year=2",
        "/api/v1/erasmus-mundus/scholarship": (
            f"{API}/erasmus-mundus/scholarship?ects=90&call_year=2026"
        ),
        "/api/v1/selection/{slug}/ranking": f"{API}/selection/{call.slug}/ranking",
        "/api/v1/selection/{slug}/preview": f"{API}/selection/{call.slug}/preview",
        "/api/v1/mobilities": f"{API}/mobilities",
        "/api/v1/mobilities/{omobility_id}": f"{API}/mobilities/{uuid}",
        "/api/v1/mobilities/{omobility_id}/learning-agreements": (
            f"{API}/mobilities/{uuid}/learning-agreements"
        ),
        "/api/v1/mobilities/{omobility_id}/recognition": f"{API}/mobilities/{uuid}/recognition",
    }


def test_fixture_covers_every_operation(one_of_each):
    assert sorted(one_of_each) == sorted(OPERATIONS)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_methods_are_405_in_json(client_as, people, one_of_each, method):
    for user in (None, people["coordinator"]):
        client = client_as(user)
        for address in one_of_each.values():
            response = getattr(client, method)(address, {}, content_type="application/json")
            assert response.status_code == 405, address
            assert response["Allow"] == "GET", address
            assert response.json()["detail"].startswith(f"The method {method.upper()}")
    assert Call.objects.count() == 1
    assert Agreement.objects.count() == 1
    assert Institution.objects.count() == 2  # the partner and the home university


def test_everyone_gets_the_same_answers(client_as, people, one_of_each):
    public = [address for name, address in one_of_each.items() if name not in OFFICE_OPERATIONS]

    def answers(user) -> list[bytes]:
        client = client_as(user)
        responses = [client.get(address) for address in public]
        for response in responses:
            assert response.status_code == 200
            check_against_document(response)
        return [response.content for response in responses]

    anonymous = answers(None)
    for role, user in people.items():
        assert answers(user) == anonymous, role


def test_answers_do_not_follow_the_browser_language(client, one_of_each):
    address = one_of_each["/api/v1/calls/{slug}"]
    in_english = check_against_document(client.get(address))
    assert check_against_document(client.get(address, HTTP_ACCEPT_LANGUAGE="ru")) == in_english
    client.cookies["django_language"] = "kk"
    assert check_against_document(client.get(address)) == in_english
