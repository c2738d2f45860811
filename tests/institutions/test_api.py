"""The API of institutions, agreements and the city gazetteer: lists, filters, details,
errors, and the personal data that must never appear."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from erasmusdesk.institutions.models import (
    Agreement,
    Institution,
    MobilityType,
    OrganisationalUnit,
)
from tests import factories
from tests.openapi import check_against_document, get_checked

pytestmark = pytest.mark.django_db

API = "/api/v1"
CONTACT_EMAIL = "anna.muster@univie.example"
CONTACT_PHONE = "+43 1 4277 0000"
CONTACT_NAME = "Anna Muster"
NOTES = "Renegotiate the quota after the audit."
PDF_FILE = ("univie-signed.pdf", b"%PDF-1.7\n% signed agreement")


# Vienna as the API tests know it, its coordinates typed in.
VIENNA = {
    "name": "University of Vienna",
    "name_original": "Universität Wien",
    "country": "AT",
    "city": "Vienna",
    "latitude": "48.208490",
    "longitude": "16.372080",
}


@pytest.fixture
def vienna() -> Institution:
    return factories.partner(**VIENNA)


@pytest.fixture
def world() -> dict[str, Institution]:
    """Four institutions in three countries, the home university among them.

    English names sort the same under every collation (SQLite's and PostgreSQL's)."""
    home = factories.partner(
        "Atyrau University",
        country="KZ",
        city="Atyrau",
        latitude="47.116670",
        longitude="51.883330",
        is_home=True,
        name_ru="Атырауский университет",
        name_original="Атырау университеті",
    )
    return {
        "home": home,
        "vienna": factories.partner(**VIENNA),
        "graz": factories.partner(
            "University of Graz",
            name_original="Universität Graz",
            city="Graz",
            latitude="47.07",
            longitude="15.44",
            country="AT",
        ),
        "athens": factories.partner(
            "University of Athens",
            name_original="Εθνικό και Καποδιστριακό Πανεπιστήμιο Αθηνών",
            country="GR",
            city="Athens",
            latitude="37.98",
            longitude="23.72",
        ),
    }


def _names(body: dict) -> list[str]:
    return [item["name"] for item in body["items"]]


# --- institutions ----------------------------------------------------------------------------


def test_institutions_list_by_english_name(client, world):
    body = get_checked(client, f"{API}/institutions")
    assert body["count"] == 4
    assert _names(body) == [
        "Atyrau University",
        "University of Athens",
        "University of Graz",
        "University of Vienna",
    ]
    vienna = body["items"][3]
    assert vienna["country"] == "AT"
    assert vienna["country_name"] == "Austria"
    assert vienna["latitude"] == 48.20849
    assert vienna["longitude"] == 16.37208
    assert vienna["is_home"] is False
    assert vienna["name_original"] == "Universität Wien"


def test_institutions_pages(client, world):
    first = get_checked(client, f"{API}/institutions", page_size=3)
    second = get_checked(client, f"{API}/institutions", page_size=3, page=2)
    beyond = get_checked(client, f"{API}/institutions", page_size=3, page=3)
    assert (first["count"], second["count"], beyond["count"]) == (4, 4, 4)
    assert len(first["items"]) == 3
    assert _names(second) == ["University of Vienna"]
    assert beyond["items"] == []


def test_institutions_by_country_any_case_and_erasmus_greece(client, world):
    assert _names(get_checked(client, f"{API}/institutions", country="at")) == [
        "University of Graz",
        "University of Vienna",
    ]
    assert _names(get_checked(client, f"{API}/institutions", country="EL")) == [
        "University of Athens"
    ]
    assert _names(get_checked(client, f"{API}/institutions", country="FR")) == []


def test_institutions_by_name_in_any_language(client, world):
    assert _names(get_checked(client, f"{API}/institutions", q="VIENNA")) == [
        "University of Vienna"
    ]
    assert _names(get_checked(client, f"{API}/institutions", q="Wien")) == ["University of Vienna"]
    assert _names(get_checked(client, f"{API}/institutions", q="Атырауский")) == [
        "Atyrau University"
    ]
    assert _names(get_checked(client, f"{API}/institutions", q="университеті")) == [
        "Atyrau University"
    ]
    assert _names(get_checked(client, f"{API}/institutions", q="Sorbonne")) == []


def test_institutions_home_or_partners(client, world):
    assert _names(get_checked(client, f"{API}/institutions", is_home="true")) == [
        "Atyrau University"
    ]
    assert get_checked(client, f"{API}/institutions", is_home="false")["count"] == 3


def test_institution_names_in_the_requested_language(client, world):
    body = get_checked(client, f"{API}/institutions", is_home="true", lang="ru")
    assert body["items"][0]["name"] == "Атырауский университет"
    assert body["items"][0]["country_name"] == "Казахстан"
    # Kazakh name not given: the English one.
    body = get_checked(client, f"{API}/institutions", is_home="true", lang="kk")
    assert body["items"][0]["name"] == "Atyrau University"


@pytest.mark.parametrize(
    "params",
    [
        {"country": "ZZ"},
        {"country": "Austria"},
        {"is_home": "maybe"},
        {"q": ""},
        {"page": "0"},
        {"page_size": "many"},
        {"lang": "de"},
    ],
)
def test_institutions_bad_filter_is_422(client, world, params):
    body = get_checked(client, f"{API}/institutions", 422, **params)
    assert [error["loc"][-1] for error in body["detail"]] == list(params)


def test_institution_detail_with_units(client, vienna):
    OrganisationalUnit.objects.create(
        institution=vienna,
        name="Faculty of Computer Science",
        name_en="Faculty of Computer Science",
        code="CS",
    )
    body = get_checked(client, f"{API}/institutions/{vienna.pk}")
    assert body["name"] == "University of Vienna"
    assert body["city"] == "Vienna"
    assert [(unit["name"], unit["code"]) for unit in body["units"]] == [
        ("Faculty of Computer Science", "CS")
    ]


def test_unknown_institution_is_404(client, vienna):
    body = get_checked(client, f"{API}/institutions/{vienna.pk + 1000}", 404)
    assert body == {"detail": f"There is no institution with the id {vienna.pk + 1000}."}


def test_institution_id_must_be_a_number(client):
    body = get_checked(client, f"{API}/institutions/abc", 422)
    assert body["detail"][0]["loc"] == ["path", "institution_id"]


def test_institution_shows_no_contact(client, vienna):
    factories.contact(vienna)
    for path in (f"{API}/institutions", f"{API}/institutions/{vienna.pk}"):
        text = _text(client, path)
        assert CONTACT_EMAIL not in text
        assert CONTACT_PHONE not in text
        assert CONTACT_NAME not in text


def test_home_institution_shows_no_office_contact(client, demo):
    home = Institution.objects.get(is_home=True)
    text = _text(client, f"{API}/institutions/{home.pk}")
    office = home.international_office
    assert office.email not in text
    assert office.phone not in text


# --- agreements ------------------------------------------------------------------------------


@pytest.fixture
def agreements(world) -> dict[str, Agreement]:
    """Agreements of every status, years and subject areas (ICT, economics, staff); the
    draft one must never show."""
    return {
        "vienna": factories.agreement(
            world["vienna"],
            first=2024,
            last=2026,
            conditions=[
                factories.condition(isced_code="0613", eqf_levels="6"),
                factories.condition(isced_code="0311", eqf_levels="7,8"),
            ],
        ),
        "graz": factories.agreement(
            world["graz"],
            first=2027,
            last=2029,
            conditions=[factories.condition(isced_code="0612", eqf_levels="7")],
        ),
        "athens_staff": factories.agreement(
            world["athens"],
            first=2026,
            last=2026,
            conditions=[factories.staff_condition(isced_code="0231")],
        ),
        "vienna_draft": factories.agreement(
            world["vienna"],
            first=2030,
            last=2030,
            status="draft",
            conditions=[factories.condition(isced_code="0613", eqf_levels="6")],
        ),
        "athens_old": factories.agreement(
            world["athens"],
            first=2019,
            last=2022,
            status="terminated",
            conditions=[factories.condition(isced_code="0231", eqf_levels="6")],
        ),
    }


def _ids(body: dict) -> list[int]:
    return [item["id"] for item in body["items"]]


def test_agreements_list_by_partner_then_newest(client, agreements):
    body = get_checked(client, f"{API}/agreements")
    assert body["count"] == 4
    assert _ids(body) == [
        agreements["athens_staff"].pk,
        agreements["athens_old"].pk,
        agreements["graz"].pk,
        agreements["vienna"].pk,
    ]
    vienna = body["items"][3]
    assert vienna["partner"]["name"] == "University of Vienna"
    assert vienna["partner"]["country"] == "AT"
    assert vienna["years_label"] == "2024/2025 – 2026/2027"
    assert vienna["status"] == "signed"
    assert vienna["partner_signed_on"] == "2024-03-02"
    assert "conditions" not in vienna


def test_agreements_pages(client, agreements):
    first = get_checked(client, f"{API}/agreements", page_size=2)
    second = get_checked(client, f"{API}/agreements", page_size=2, page=2)
    assert first["count"] == second["count"] == 4
    assert _ids(first) + _ids(second) == _ids(get_checked(client, f"{API}/agreements"))


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "signed"}, ["athens_staff", "graz", "vienna"]),
        ({"status": "draft"}, []),
        ({"status": "terminated"}, ["athens_old"]),
        ({"country": "gr"}, ["athens_staff", "athens_old"]),
        ({"academic_year": "2024"}, ["vienna"]),
        ({"academic_year": "2026"}, ["athens_staff", "vienna"]),
        ({"academic_year": "2027"}, ["graz"]),
        ({"academic_year": "2029"}, ["graz"]),
        ({"academic_year": "2030"}, []),
        ({"isced": "06"}, ["graz", "vienna"]),
        ({"isced": "061"}, ["graz", "vienna"]),
        ({"isced": "0613"}, ["vienna"]),
        ({"isced": "0311"}, ["vienna"]),
        ({"isced": "1"}, []),
        ({"eqf_level": "8"}, ["vienna"]),
        ({"eqf_level": "6"}, ["athens_old", "vienna"]),
        ({"eqf_level": "5"}, []),
        # Both must hold for one condition: Vienna's ICT place is EQF 6 only.
        ({"isced": "0613", "eqf_level": "7"}, []),
        ({"isced": "06", "eqf_level": "7"}, ["graz"]),
    ],
)
def test_agreements_filters(client, agreements, params, expected):
    body = get_checked(client, f"{API}/agreements", **params)
    assert _ids(body) == [agreements[name].pk for name in expected]
    assert body["count"] == len(expected)


def test_agreements_of_one_partner(client, agreements, world):
    body = get_checked(client, f"{API}/agreements", partner=world["athens"].pk)
    assert _ids(body) == [agreements["athens_staff"].pk, agreements["athens_old"].pk]
    assert get_checked(client, f"{API}/agreements", partner=99999)["items"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"status": "banana"},
        {"academic_year": "abc"},
        {"academic_year": "1999"},
        {"isced": "6a"},
        {"isced": "06131"},
        {"eqf_level": "4"},
        {"country": "XX"},
        {"partner": "vienna"},
        {"partner": "0"},
    ],
)
def test_agreements_bad_filter_is_422(client, agreements, params):
    body = get_checked(client, f"{API}/agreements", 422, **params)
    assert [error["loc"][-1] for error in body["detail"]] == list(params)


def test_agreement_detail_with_conditions(client, agreements):
    agreement = agreements["vienna"]
    body = get_checked(client, f"{API}/agreements/{agreement.pk}")
    assert body["partner"]["city"] == "Vienna"
    assert [(c["isced_code"], c["eqf_levels"], c["subject_area"]) for c in body["conditions"]] == [
        ("0311", ["7", "8"], "0311 Economics"),
        ("0613", ["6"], "0613 Software and applications development and analysis"),
    ]
    condition = body["conditions"][0]
    assert condition["direction"] == "outgoing"
    assert condition["mobility_type"] == "student_studies"
    assert condition["mobility_type_label"] == "student mobility for studies"
    assert condition["mobilities_per_year"] == 2
    assert condition["total_months_per_year"] == 10
    assert condition["total_days_per_year"] is None
    assert (condition["language"], condition["cefr_level"]) == ("en", "B2")
    assert condition["receiving_unit"] is None


def test_draft_agreements_stay_in_the_back_office(client, agreements):
    draft = agreements["vienna_draft"]
    assert draft.pk not in _ids(get_checked(client, f"{API}/agreements", page_size=100))
    get_checked(client, f"{API}/agreements/{draft.pk}", 404)


def test_staff_condition_counts_days(client, agreements):
    body = get_checked(client, f"{API}/agreements/{agreements['athens_staff'].pk}")
    (condition,) = body["conditions"]
    assert condition["mobility_type"] == "staff_teaching"
    assert condition["eqf_levels"] == []
    assert (condition["total_months_per_year"], condition["total_days_per_year"]) == (None, 5)


def test_labels_in_the_requested_language(client, agreements):
    body = get_checked(client, f"{API}/agreements/{agreements['vienna'].pk}", lang="ru")
    with translation.override("ru"):
        expected = str(MobilityType.STUDENT_STUDIES.label)
    assert body["conditions"][0]["mobility_type_label"] == expected
    assert body["partner"]["name"] == "University of Vienna"


def test_unknown_agreement_is_404(client, agreements):
    body = get_checked(client, f"{API}/agreements/987654", 404)
    assert body == {"detail": "There is no agreement with the id 987654."}


def test_agreements_show_no_personal_data(client, vienna):
    contact = factories.contact(vienna)
    unit = OrganisationalUnit.objects.create(
        institution=vienna, name="Faculty of Economics", name_en="Faculty of Economics"
    )
    agreement = factories.agreement(
        vienna,
        partner_signer=contact,
        notes=NOTES,
        signed_pdf=SimpleUploadedFile(*PDF_FILE),
        conditions=[factories.condition(isced_code="0613", receiving_unit=unit)],
    )
    for path in (f"{API}/agreements", f"{API}/agreements/{agreement.pk}"):
        text = _text(client, path)
        for private in (CONTACT_EMAIL, CONTACT_PHONE, CONTACT_NAME, NOTES, "univie-signed"):
            assert private not in text, (path, private)
    detail = get_checked(client, f"{API}/agreements/{agreement.pk}")
    assert detail["conditions"][0]["receiving_unit"]["name"] == "Faculty of Economics"


def _text(client, path: str) -> str:
    """The raw answer to GET ``path`` (validated against the OpenAPI document)."""
    response = client.get(path)
    assert response.status_code == 200
    check_against_document(response)
    return response.content.decode()


# --- query counts ----------------------------------------------------------------------------


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    check_against_document(response)
    return len(queries)


def test_lists_query_the_database_a_constant_number_of_times(client):
    partners = [factories.partner(f"University {n}", country="AT") for n in range(3)]
    factories.agreement(partners[0])
    one = (
        _queries(client, f"{API}/institutions?q=University 0"),
        _queries(client, f"{API}/agreements"),
    )
    for partner in partners[1:]:
        factories.agreement(partner)
    three = (_queries(client, f"{API}/institutions"), _queries(client, f"{API}/agreements"))
    assert one == three == (2, 2)


def test_agreement_detail_queries_do_not_grow_with_conditions(client, vienna):
    one = factories.agreement(vienna, first=2020, last=2021)
    three = factories.agreement(
        vienna,
        first=2024,
        last=2026,
        conditions=[factories.condition(isced_code=code) for code in ("0311", "0412", "0613")],
    )
    assert _queries(client, f"{API}/agreements/{one.pk}") == _queries(
        client, f"{API}/agreements/{three.pk}"
    )


# --- cities ----------------------------------------------------------------------------------


def test_cities_whole_name_first(client):
    body = get_checked(client, f"{API}/cities", q="Vienna")
    assert body[0] == {
        "geonames_id": 2761369,
        "name": "Vienna",
        "country": "AT",
        "latitude": body[0]["latitude"],
        "longitude": body[0]["longitude"],
        "population": body[0]["population"],
    }
    assert round(body[0]["latitude"]) == 48
    assert round(body[0]["longitude"]) == 16
    assert body[0]["population"] > 1_000_000


def test_cities_in_one_country(client):
    body = get_checked(client, f"{API}/cities", q="Lodz", country="pl")
    assert body[0]["name"] == "Łódź"
    assert {city["country"] for city in body} == {"PL"}


def test_cities_at_most_ten(client):
    assert len(get_checked(client, f"{API}/cities", q="San")) == 10


def test_cities_in_cyrillic(client):
    body = get_checked(client, f"{API}/cities", q="Атырау", country="KZ")
    assert body[0]["name"] == "Atyrau"


@pytest.mark.parametrize("params", [{}, {"q": "a"}, {"q": " a "}, {"q": "Vienna", "country": "ZZ"}])
def test_cities_short_query_or_bad_country_is_422(client, params):
    get_checked(client, f"{API}/cities", 422, **params)


def test_cities_query_of_punctuation_finds_nothing(client):
    assert get_checked(client, f"{API}/cities", q="'a") == []
