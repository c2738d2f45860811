"""Institution, agreement and condition rules, and duplicate conditions."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from erasmusdesk.core.errors import DomainError
from erasmusdesk.institutions.codes import erasmus_country_code, normalise_erasmus_code
from erasmusdesk.institutions.models import Agreement, Institution, MobilityCondition
from erasmusdesk.institutions.services import terminate_agreement
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("PL WARSZAW01", "PL WARSZAW01"),
        ("d berlin13", "D  BERLIN13"),
        ("SF HELSINK01", "SF HELSINK01"),
        ("P  LISBOA109", "P  LISBOA109"),
        ("warsaw", None),
        ("PL 1234", None),
    ],
)
def test_erasmus_codes_are_normalised_or_refused(typed, stored):
    assert normalise_erasmus_code(typed) == stored


def test_greece_is_el_in_erasmus_codes():
    assert (erasmus_country_code("GR"), erasmus_country_code("PL")) == ("EL", "PL")


def test_institution_takes_coordinates_from_the_gazetteer():
    university = Institution(
        name="Charles University",
        country="CZ",
        city="Prague",
        erasmus_code="cz praha07",
        ewp_hei_id="CUNI.CZ",
    )
    university.full_clean()
    assert (university.erasmus_code, university.ewp_hei_id) == ("CZ PRAHA07", "cuni.cz")
    assert round(university.latitude, 1) == Decimal("50.1")
    assert round(university.longitude, 1) == Decimal("14.4")
    assert university.geonames_id is not None


def test_unknown_city_asks_for_coordinates_by_hand():
    university = Institution(name="Small College", country="PL", city="Nowhereville")
    with pytest.raises(ValidationError) as error:
        university.full_clean()
    assert error.value.message_dict["city"] == [
        "This city is not in the gazetteer for this country: type its latitude and longitude "
        "by hand."
    ]


def test_unknown_country_is_refused():
    university = Institution(name="X", country="XX", city="Y", latitude=1, longitude=1)
    with pytest.raises(ValidationError) as error:
        university.full_clean()
    assert "country" in error.value.message_dict


def test_bad_codes_are_refused_with_the_rule():
    university = Institution(
        name="X", country="PL", city="Warsaw", erasmus_code="Warsaw", ewp_hei_id="not a domain"
    )
    with pytest.raises(ValidationError) as error:
        university.full_clean()
    assert error.value.message_dict["erasmus_code"] == [
        "An Erasmus code is a country prefix, the city and a number, e.g. PL WARSZAW01."
    ]
    assert error.value.message_dict["ewp_hei_id"] == [
        "An EWP HEI id is the institution's domain name, e.g. uw.edu.pl."
    ]


def test_inverted_years_are_refused_naming_the_field():
    item = Agreement(partner=factories.partner(), first_academic_year=2028, last_academic_year=2024)
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert error.value.message_dict["last_academic_year"] == [
        "The last academic year (2024/2025) is before the first (2028/2029)."
    ]
    assert Agreement.objects.count() == 0


def test_signed_agreement_needs_both_signing_dates():
    item = Agreement(
        partner=factories.partner(),
        first_academic_year=2024,
        last_academic_year=2028,
        status="signed",
        home_signed_on=date(2024, 3, 1),
    )
    with pytest.raises(ValidationError) as error:
        item.full_clean()
    assert error.value.message_dict["status"] == [
        "A signed agreement needs the dates on which both sides signed it."
    ]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"isced_code": "9999"},
            "isced_code",
            "9999 is not a four-digit code of the ISCED-F 2013 list.",
        ),
        ({"eqf_levels": ""}, "eqf_levels", "Student mobility needs at least one EQF level."),
        (
            {"total_days_per_year": 10},
            "total_days_per_year",
            "Days per year apply to staff mobility only.",
        ),
        (
            {"mobility_type": "staff_training", "eqf_levels": ""},
            "total_days_per_year",
            "Staff mobility needs the total days per year.",
        ),
        ({"cefr_level": ""}, "cefr_level", "Give the language and its CEFR level together."),
        ({"eqf_levels": "6,9"}, "eqf_levels", "Unknown value(s): 9."),
    ],
)
def test_condition_rules_name_the_field(fields, field, message):
    item = factories.condition(**fields)
    with pytest.raises(ValidationError) as error:
        item.full_clean(exclude=["agreement"])
    assert message in error.value.message_dict[field]


def test_duplicate_condition_across_overlapping_agreements_is_refused_and_nothing_saved():
    university = factories.partner()
    factories.agreement(university, first=2024, last=2028)
    with pytest.raises(DomainError) as error:
        factories.agreement(
            university, first=2027, last=2029, conditions=[factories.condition(eqf_levels="7")]
        )
    assert "already has the condition student mobility for studies, 0311" in error.value.message
    assert Agreement.objects.count() == 1
    assert MobilityCondition.objects.count() == 1


def test_same_condition_in_years_that_do_not_overlap_is_allowed():
    university = factories.partner()
    factories.agreement(university, first=2021, last=2023)
    factories.agreement(university, first=2024, last=2028)
    assert Agreement.objects.count() == 2


def test_same_subject_at_another_level_is_not_a_duplicate():
    university = factories.partner()
    factories.agreement(
        university,
        conditions=[
            factories.condition(eqf_levels="6"),
            factories.condition(eqf_levels="7"),
        ],
    )
    assert MobilityCondition.objects.count() == 2


def test_duplicate_within_one_agreement_is_refused():
    with pytest.raises(DomainError, match="appears twice"):
        factories.agreement(
            factories.partner(),
            conditions=[
                factories.condition(eqf_levels="6,7"),
                factories.condition(eqf_levels="7"),
            ],
        )
    assert Agreement.objects.count() == 0


def test_terminated_agreement_frees_its_conditions(people):
    university = factories.partner()
    first = factories.agreement(university)
    terminate_agreement(first, on=date(2025, 6, 30), by=people["coordinator"])
    factories.agreement(university, first=2025, last=2029)
    assert Agreement.objects.filter(status="signed").count() == 1


def test_signed_agreement_file_must_really_be_a_pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from erasmusdesk.institutions.models.agreement import validate_pdf_signature

    with pytest.raises(ValidationError, match="This file is not a PDF document."):
        validate_pdf_signature(SimpleUploadedFile("agreement.pdf", b"MZ\x90\x00 executable"))
    validate_pdf_signature(SimpleUploadedFile("agreement.pdf", b"%PDF-1.7\n%..."))
