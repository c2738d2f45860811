"""The office's search finds a name in either script: "Нурлан" finds Nurlan, and back."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from erasmusdesk.core.transliteration import spellings, to_cyrillic, to_latin
from tests.factories import applications as builders


def test_cyrillic_names_are_spelled_as_in_passports():
    assert to_latin("Нурлан") == "nurlan"
    assert to_latin("Жанна Құрманғазықызы") == "zhanna kurmangazykyzy"
    assert to_latin("Юлия") == "iuliia"
    assert spellings("Юлия") == ["Юлия", "iuliia", "yuliya"]
    assert to_cyrillic("Nurlan") == "нурлан"
    assert spellings("A26-00001") == ["A26-00001", "а26-00001"]


@pytest.fixture
def office(client_as, people):
    builders.office_permissions()
    return client_as(people["coordinator"])


def test_a_cyrillic_search_finds_the_passport_spelling(db, office, people):
    call = builders.call_with_places()
    builders.applicant_profile(people["owner"], given_names="Nurlan", family_name="Abenov")
    found = builders.application(people["owner"], call, state="submitted")
    builders.applicant_profile(people["other_applicant"], given_names="Dana", family_name="Ospan")
    other = builders.application(people["other_applicant"], call, state="submitted")
    url = reverse("applications_office:call", kwargs={"slug": call.slug})
    html = office.get(url, {"q": "Нурлан"}).content.decode()
    assert f">{found.reference}</a>" in html
    assert f">{other.reference}</a>" not in html


def test_a_latin_search_finds_a_cyrillic_account_name(db, office):
    call = builders.call_with_places()
    person = get_user_model().objects.create_user(
        "nurlan", email="nurlan@example.org", first_name="Нурлан", last_name="Абенов"
    )
    found = builders.application(person, call, state="submitted")
    url = reverse("applications_office:call", kwargs={"slug": call.slug})
    html = office.get(url, {"q": "nurlan abenov"}).content.decode()
    # The e-mail matches "nurlan" anyway; "abenov" only matches in Cyrillic.
    assert f">{found.reference}</a>" in html
