"""The grant agreement PDF: the participant's name, the amounts, the participant's language."""

import io
from datetime import date

import pytest
from pypdf import PdfReader

from erasmusdesk.grants import grant_services
from erasmusdesk.grants.pdf import grant_agreement_pdf
from erasmusdesk.institutions.models import Institution

pytestmark = pytest.mark.django_db


def _agreement(people, language: str, name: str = "Әсел Құрманғазықызы"):
    return grant_services.issue_grant_agreement(
        participant_name=name,
        participant_language=language,
        host_institution=Institution.objects.get(erasmus_code="A  WIEN01"),
        activity="study",
        call_year=2022,
        start=date(2022, 9, 1),
        end=date(2023, 1, 31),
        by=people["coordinator"],
    )


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_in_kazakh_has_the_name_the_amounts_and_kazakh_labels(demo, people):
    data = grant_agreement_pdf(_agreement(people, "kk"))
    text = _text(data)
    assert data.startswith(b"%PDF")
    assert "Әсел Құрманғазықызы" in text
    assert "GA-2022-0001" in text
    for amount in ["4610.00", "3688.00", "922.00", "4250.00", "360.00"]:
        assert amount in text
    assert "Жеке қолдау" in text  # "Individual support", from the frozen breakdown
    assert "Х. Досмұхамедов атындағы Атырау университеті" in text
    assert "Individual support" not in text


def test_pdf_in_english(demo, people):
    text = _text(grant_agreement_pdf(_agreement(people, "en", name="Asel Kurmangazykyzy")))
    assert "Asel Kurmangazykyzy" in text
    assert "Individual support" in text
    assert "Erasmus+ grant agreement" in text
    assert "Pre-financing (80 %)" in text


def test_long_name_is_wrapped_not_cut(demo, people):
    name = " ".join(["Құрманғазықызы"] * 12)
    text = _text(grant_agreement_pdf(_agreement(people, "kk", name=name)))
    assert text.count("Құрманғазықызы") >= 24  # the facts and the signature line, in full
