"""Hostile parameters get a JSON 4xx, never a 500: integers past what databases store
(SQLite overflows), NUL characters (PostgreSQL refuses them), on every kind of parameter; and
every form of the site refuses a NUL in its text fields."""

import inspect

import pytest
from django import forms
from django.core.validators import ProhibitNullCharactersValidator

import erasmusdesk
from tests.factories import applications as builders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/agreements?partner=99999999999999999999",
        "/api/v1/agreements/99999999999999999999",
        "/api/v1/institutions/99999999999999999999",
        "/api/v1/grants/estimate?year=2022&activity=study&start=2022-09-01&end=2023-01-31"
        "&from_institution=99999999999999999999&to_city=Berlin,%20DE",
        "/api/v1/institutions?q=a%00b",
        "/api/v1/calls?opportunity=%00",
        "/api/v1/calls/%00",
        "/api/v1/cities?q=ab%00",
        "/api/v1/distance?from_city=Atyrau%00,%20KZ&to_city=Berlin,%20DE",
        "/api/v1/calls?lang=en&%00=1",
    ],
)
def test_hostile_parameters_are_a_json_422(client, path):
    response = client.get(path)
    assert response.status_code == 422, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"][0]["loc"][0] in {"query", "path"}


def test_the_offices_operations_refuse_hostile_parameters_too(client_as, people):
    call = builders.call_with_places()
    client = client_as(people["coordinator"])
    for path in [
        "/api/v1/selection/%00/ranking",
        f"/api/v1/selection/{call.slug}/preview?places=99999999999999999999:1",
    ]:
        response = client.get(path)
        assert response.status_code == 422, path
        assert response["Content-Type"].startswith("application/json")


def _our_forms():
    """Every form class defined in the project's modules."""
    import importlib
    import pkgutil

    found = set()
    for module_info in pkgutil.walk_packages(erasmusdesk.__path__, "erasmusdesk."):
        if ".migrations" in module_info.name or module_info.name.endswith("__main__"):
            continue
        module = importlib.import_module(module_info.name)
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
                and hasattr(value, "base_fields")
            ):
                found.add(value)
    return sorted(found, key=lambda form: f"{form.__module__}.{form.__name__}")


def test_every_text_field_of_every_form_refuses_a_nul():
    checked = 0
    for form in _our_forms():
        for name, field in form.base_fields.items():
            if isinstance(field, forms.CharField):
                checked += 1
                assert any(
                    isinstance(validator, ProhibitNullCharactersValidator)
                    for validator in field.validators
                ), f"{form.__module__}.{form.__name__}.{name}"
    assert checked > 20


def test_a_nul_in_a_form_is_a_field_error_not_a_crash(client, demo):
    response = client.post(
        "/en/account/login/", {"login": "dana\x00@example.org", "password": "x\x00y"}
    )
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
