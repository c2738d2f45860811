"""No English field or country name on a Russian or Kazakh page: ISCED-F names come from
isced_names.py, Kazakh country names from the CLDR catalogue (core/country_names.py)."""

import re

import pytest
from django.utils import translation

from erasmusdesk.core.country_names import CATALOGUE, english_names
from erasmusdesk.institutions import isced
from tests.factories import applications as builders

LANGUAGES = ("ru", "kk")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# English names that are also Russian or Kazakh words or shared spellings are not telling.
NOT_TELLING = {"Chad", "Mali", "Oman", "Peru", "Iran", "Cuba", "Togo", "Niger", "Fiji"}


def english_shown(html: str) -> set[str]:
    """The English ISCED-F detailed field names and country names that ``html`` shows."""
    found = {name for name in isced.DETAILED_FIELDS.values() if f" {name}<" in html}
    for names in english_names().values():
        for name in names:
            if name not in NOT_TELLING and re.search(rf">\s*{re.escape(name)}\s*<", html):
                found.add(name)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_isced_field_has_a_name_in_the_language(language):
    with translation.override(language):
        for code in isced.DETAILED_FIELDS:
            name = isced.field_name(code)
            assert name != isced.DETAILED_FIELDS[code], code
            assert CYRILLIC.search(name), (code, name)


def test_the_kazakh_country_catalogue_covers_every_country():
    import polib

    catalogue = {entry.msgid: entry.msgstr for entry in polib.pofile(str(CATALOGUE))}
    for code, names in english_names().items():
        assert catalogue.get(names[0]), code
    with translation.override("kk"):
        from django_countries import countries

        assert countries.name("PL") == "Польша"
        assert countries.name("KZ") == "Қазақстан"
        assert countries.name("TR") == "Түркия"


def test_the_catalogue_is_what_the_cldr_says():
    import polib

    from erasmusdesk.core.country_names import build_catalogue

    stored = {entry.msgid: entry.msgstr for entry in polib.pofile(str(CATALOGUE))}
    assert stored == {entry.msgid: entry.msgstr for entry in build_catalogue()}


@pytest.fixture
def call(db):
    return builders.call_with_places()


@pytest.mark.parametrize("language", LANGUAGES)
def test_partner_pages_show_no_english_names(client, call, language):
    listing = client.get(f"/{language}/partners/").content.decode()
    assert english_shown(listing) == set()
    assert ("Польша" if language == "ru" else "Польша") in listing
    partner = call.agreements.first().partner
    page = client.get(f"/{language}/partners/{partner.pk}/").content.decode()
    assert english_shown(page) == set()
    with translation.override(language):
        assert isced.field_name("0311") in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_call_page_shows_no_english_names(client, call, language):
    page = client.get(f"/{language}/calls/{call.slug}/").content.decode()
    assert english_shown(page) == set()
    assert "Economics" not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_application_form_shows_no_english_field_names(client_as, people, call, language):
    application = builders.application(people["owner"], call)
    client = client_as(people["owner"])
    page = client.get(f"/{language}/applications/{application.reference}/edit/").content.decode()
    assert page.count("<option") > 100
    assert english_shown(page) == set()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_profile_citizenship_list_shows_no_english_country(client_as, people, language):
    page = client_as(people["owner"]).get(f"/{language}/account/profile/").content.decode()
    assert "<option" in page
    assert english_shown(page) == set()


def test_the_check_sees_english_names_on_an_english_page(client_as, people, call):
    application = builders.application(people["owner"], call)
    page = (
        client_as(people["owner"])
        .get(f"/en/applications/{application.reference}/edit/")
        .content.decode()
    )
    assert "Economics" in english_shown(page)
    listing = client_as(people["owner"]).get("/en/partners/").content.decode()
    assert "Poland" in english_shown(listing)
