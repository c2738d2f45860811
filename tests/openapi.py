"""The checks every API test uses: the OpenAPI document as served, and responses validated
against it.

``get_checked`` validates a response body against the schema the OpenAPI document gives for
that path, method and status, so that the document and the answers cannot drift apart.
"""

import re
from functools import cache
from typing import Any
from urllib.parse import quote

from django.test import Client
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

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
    "/api/v1/advisor",
    "/api/v1/erasmus-mundus/scholarship",
    "/api/v1/selection/{slug}/ranking",
    "/api/v1/selection/{slug}/preview",
    "/api/v1/mobilities",
    "/api/v1/mobilities/{omobility_id}",
    "/api/v1/mobilities/{omobility_id}/learning-agreements",
    "/api/v1/mobilities/{omobility_id}/recognition",
]
# Operations that take a JSON body by POST and store nothing (a rule check).
POST_OPERATIONS = ["/api/v1/jean-monnet/check"]
# The office's own operations (applicants' results): a signed-in session with the permission
# (selection/api.py); every other operation answers everyone alike.
OFFICE_OPERATIONS = {
    "/api/v1/selection/{slug}/ranking",
    "/api/v1/selection/{slug}/preview",
    "/api/v1/mobilities",
    "/api/v1/mobilities/{omobility_id}",
    "/api/v1/mobilities/{omobility_id}/learning-agreements",
    "/api/v1/mobilities/{omobility_id}/recognition",
}


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
