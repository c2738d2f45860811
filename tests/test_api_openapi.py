"""The API's OpenAPI document, its docs page, and the checks every API test uses.

``get_checked`` validates a response body against the schema the OpenAPI document gives for
that path, method and status, so that the document and the answers cannot drift apart.
"""

import re
from functools import cache
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from erasmusdesk.calls.models import Call
from erasmusdesk.institutions.models import Agreement, Institution

API = "/api/v1"
DOCUMENT_URI = "urn:erasmusdesk:openapi"
OPERATIONS = [
    "/api/v1/calls",
    "/api/v1/calls/{slug}",
    "/api/v1/institutions",
    "/api/v1/institutions/{institution_id}",
    "/api/v1/agreements",
    "/api/v1/agreements/{agreement_id}",
    "/api/v1/cities",
    "/api/v1/distance",
    "/api/v1/grants/estimate",
    "/api/v1/selection/{slug}/ranking",
    "/api/v1/selection/{slug}/preview",
]
# The office's own operations (applicants' results): a signed-in session with the permission
# (selection/api.py); every other operation answers everyone alike.
OFFICE_OPERATIONS = {"/api/v1/selection/{slug}/ranking", "/api/v1/selection/{slug}/preview"}


@cache
def openapi_document() -> dict:
    """The document as the API serves it (it depends on no data, so it is read once)."""
    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    return response.json()


@cache
def _registry() -> Registry:
    return Registry().with_resource(DOCUMENT_URI, DRAFT202012.create_resource(openapi_document()))


def _escape(token: str) -> str:
    """A JSON-pointer token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def _template_of(path: str) -> str:
    """The document's path template that ``path`` matches (e.g. /api/v1/calls/{slug})."""
    templates = openapi_document()["paths"]
    if path in templates:
        return path
    for template in templates:
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path):
            return template
    raise AssertionError(f"{path} is not in the OpenAPI document")


def check_against_document(response) -> Any:
    """The response's JSON body, once validated against the OpenAPI document's schema for
    its path, method and status code (a status the document does not list fails)."""
    path = response.request["PATH_INFO"]
    method = response.request["REQUEST_METHOD"].lower()
    template = _template_of(path)
    responses = openapi_document()["paths"][template][method]["responses"]
    status = str(response.status_code)
    assert status in responses, f"{method.upper()} {template} does not document {status}"
    assert response["Content-Type"] == "application/json; charset=utf-8"
    pointer = "/".join(
        ["", "paths", _escape(template), method, "responses", status, "content"]
        + [_escape("application/json"), "schema"]
    )
    validator = Draft202012Validator(
        {"$ref": f"{DOCUMENT_URI}#{quote(pointer)}"},
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    body = response.json()
    validator.validate(body)
    return body


def get_checked(client, path: str, expect: int = 200, /, **params) -> Any:
    """GET ``path`` with query ``params``; assert the status code ``expect``; return the body
    validated against the OpenAPI document."""
    response = client.get(path, params)
    assert response.status_code == expect, response.content
    return check_against_document(response)


# --- the document --------------------------------------------------------------------------


def test_document_names_the_api_and_its_operations(client):
    document = openapi_document()
    assert document["info"]["title"] == "Erasmus Desk API"
    assert document["info"]["version"] == "1"
    assert sorted(document["paths"]) == sorted(OPERATIONS)


def test_document_offers_only_get(client):
    methods = {method for item in openapi_document()["paths"].values() for method in item}
    assert methods == {"get"}


def test_every_operation_documents_its_errors():
    for template, item in openapi_document()["paths"].items():
        responses = item["get"]["responses"]
        assert "422" in responses, template
        if "{" in template:
            assert "404" in responses, template


def test_every_language_parameter_offers_the_site_languages(settings):
    codes = [code for code, _name in settings.LANGUAGES]
    for template, item in openapi_document()["paths"].items():
        if template in ("/api/v1/cities", "/api/v1/distance"):
            continue
        (lang,) = [p for p in item["get"]["parameters"] if p["name"] == "lang"]
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
    # Imported here: those modules import this one for ``get_checked``.
    from erasmusdesk.selection.committee import set_up_selection
    from tests.calls.test_api import make_call
    from tests.institutions.test_api import make_agreement, make_partner

    partner = make_partner()
    agreement = make_agreement(partner)
    call = make_call(agreements=[agreement])
    set_up_selection(call, by=None)
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
        "/api/v1/selection/{slug}/ranking": f"{API}/selection/{call.slug}/ranking",
        "/api/v1/selection/{slug}/preview": f"{API}/selection/{call.slug}/preview",
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
    assert Institution.objects.count() == 1


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
