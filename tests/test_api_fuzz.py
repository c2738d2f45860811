"""Fuzzing the JSON API with schemathesis, in-process through the WSGI application.

Every operation of the OpenAPI document (/api/v1/openapi.json) gets requests generated from
its parameters' schemas, valid ones and deliberately invalid ones (wrong types, out-of-range
numbers, unknown languages, odd strings), on the demo data, as an anonymous visitor (the
operations that need a signed-in user answer 401 then). Rules (issue 7, part 6):

* no answer is a server error (5xx);
* every answer with a 4xx status has a JSON body (``{"detail": ...}``), never an HTML page;
* every answer is one the document lists for that operation, with its content type and, for a
  documented status, a body that validates against the document's schema.

The number of examples per operation is bounded (``MAX_EXAMPLES``) so that the test stays
well under a minute; Hypothesis's example database is off, so runs do not depend on earlier
ones.

What it found: ``?page=`` had no upper bound, and a page like 10**20 asked the database for an
OFFSET past 64-bit integers, a 500 on every list (core/pagination.py now bounds it).
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from erasmusdesk.core.pagination import MAX_PAGE
from erasmusdesk.wsgi import application

MAX_EXAMPLES = 25


@pytest.fixture
def keep_connection(db):
    """Django closes the database connection when a request finishes; inside the test's
    transaction that would break the test, so, as Django's own test client does, the
    connection is left open between the requests of this test."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


def json_body_on_client_errors(ctx, response, case):
    """Every 4xx answer is JSON with a ``detail``."""
    if 400 <= response.status_code < 500:
        content_type = response.headers.get("content-type", [""])[0]
        assert content_type.startswith("application/json"), (
            f"{response.status_code} answered with {content_type!r}: {response.text[:200]!r}"
        )
        assert "detail" in json.loads(response.text), response.text[:200]


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    json_body_on_client_errors,
]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_every_request_without_a_server_error(case, keep_connection, demo):
    case.call_and_validate(checks=CHECKS)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/calls", "/api/v1/institutions", "/api/v1/agreements"])
def test_a_page_number_past_the_bound_is_an_invalid_parameter(client, path):
    huge = client.get(path, {"page": 10**20})
    last = client.get(path, {"page": MAX_PAGE})
    assert huge.status_code == 422
    assert huge.json()["detail"][0]["loc"] == ["query", "page"]
    assert last.status_code == 200
    assert last.json()["items"] == []
