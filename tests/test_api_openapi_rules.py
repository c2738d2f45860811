"""The OpenAPI document states the rules the API checks, so that generated clients and
schemathesis's positive tests agree with it (CI: .ci/api-fuzz, ``--checks all`` with positive
data): every integer parameter has its bounds, every free string parameter a pattern that
excludes NUL, the country filters list the codes that exist."""

import re

import pytest

from tests.openapi import openapi_document

NUL_PROBES = ["\x00", "a\x00", "ab\x00cd", "Berlin\x00, DE", "1\x00:2", "ab\x00-c"]


def _parameters():
    for path, item in openapi_document()["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                yield f"{method.upper()} {path} {parameter['name']}", parameter["schema"]


def _variants(schema: dict) -> list[dict]:
    return [variant for variant in schema.get("anyOf", [schema]) if variant.get("type") != "null"]


@pytest.mark.django_db
def test_every_integer_parameter_is_bounded_and_every_string_excludes_nul():
    problems = []
    for name, schema in _parameters():
        for variant in _variants(schema):
            if "$ref" in variant or "enum" in variant:
                continue
            if variant.get("type") == "integer" and not (
                "minimum" in variant and "maximum" in variant
            ):
                problems.append(f"{name}: integer without both bounds")
            if variant.get("type") == "string" and variant.get("format") not in ("date", "uuid"):
                pattern = variant.get("pattern")
                if not pattern:
                    problems.append(f"{name}: string without a pattern")
                    continue
                nul = [probe for probe in NUL_PROBES if re.search(pattern, probe)]
                if nul:
                    problems.append(f"{name}: {pattern!r} lets a NUL through: {nul[0]!r}")
    assert problems == []


@pytest.mark.django_db
def test_country_filters_list_the_codes_the_api_accepts(client):
    enums = {
        name: variant["enum"]
        for name, schema in _parameters()
        if name.endswith(" country")
        for variant in _variants(schema)
    }
    assert len(enums) == 3  # institutions, agreements, cities
    for values in enums.values():
        assert "AA" not in values and "aa" not in values
        assert {"KZ", "kz", "DE", "EL", "el", "GR"} <= set(values)
    assert client.get("/api/v1/institutions", {"country": "AA"}).status_code == 422
    for value in ["kz", "EL", "gr", "DE"]:
        assert client.get("/api/v1/institutions", {"country": value}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("q", "status"), [(" a\v", 422), ("ab", 200), ("  00  ", 200)])
def test_the_city_query_pattern_is_the_rule_the_api_checks(client, q, status):
    schema = next(schema for name, schema in _parameters() if name == "GET /api/v1/cities q")
    assert bool(re.search(schema["pattern"], q)) == (status == 200)
    assert client.get("/api/v1/cities", {"q": q}).status_code == status
