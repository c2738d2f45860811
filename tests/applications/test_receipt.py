"""The application receipt PDF: what was received, when, and the fingerprints, readable as
text in English, Russian and Kazakh."""

import hashlib
import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from erasmusdesk.applications.receipt import ReceiptData, ReceiptDocument, receipt_pdf

# 12:05 UTC is 17:05 in Almaty (UTC+5 since March 2024).
SUBMITTED = datetime(2026, 12, 3, 12, 5, tzinfo=UTC)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _documents(count: int = 3) -> list[ReceiptDocument]:
    names = ["Түйіндеме Әлия.pdf", "transcript.pdf", "passport.jpg"]
    types = ["Application form or CV", "Transcript of records", "Passport copy"]
    return [
        ReceiptDocument(
            type_name=types[i % 3],
            display_name=f"{i + 1:02d} {names[i % 3]}",
            size=1_234_567 + i,
            sha256=_sha(f"file {i}"),
        )
        for i in range(count)
    ]


def _data(**changes) -> ReceiptData:
    values = {
        "reference": "APP-2026-0042",
        "applicant_name": "Әлия Нұрланқызы",
        "applicant_email": "aliya@example.org",
        "call_title": "Erasmus+ ICM study mobility",
        "call_year_label": "2026/2027",
        "submitted_at": SUBMITTED,
        "round": "normal",
        "preferences": ["Universität Wien", "Università di Bologna"],
        "documents": _documents(),
        "language": "en",
    }
    return ReceiptData(**{**values, **changes})


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _text(data: bytes) -> str:
    return "\n".join(_pages(data))


def test_receipt_in_english_has_reference_local_time_round_and_every_full_sha256():
    data = _data()
    pdf = receipt_pdf(data)
    text = _text(pdf)
    assert pdf.startswith(b"%PDF")
    assert "Application receipt" in text
    assert "APP-2026-0042" in text
    assert "3 December 2026, 17:05 (Asia/Almaty, UTC+05:00)" in text
    assert "normal round" in text
    assert "Әлия Нұрланқызы <aliya@example.org>" in text
    assert "Erasmus+ ICM study mobility (2026/2027)" in text
    for document in data.documents:
        assert document.sha256 in text  # whole, on one line
        assert document.display_name in text
    assert "1.2 MB" in text
    assert "identifies the exact file received" in text


def test_receipt_preferences_keep_their_order():
    text = _text(receipt_pdf(_data(preferences=["Universität Wien", "Università di Bologna"])))
    assert text.index("1. Universität Wien") < text.index("2. Università di Bologna")


def test_receipt_late_round_is_named():
    assert "late round" in _text(receipt_pdf(_data(round="late")))


def test_receipt_in_russian_shows_cyrillic_and_the_local_date():
    text = _text(receipt_pdf(_data(language="ru", applicant_name="Алия Нурлановна")))
    assert "3 декабря 2026, 17:05 (Asia/Almaty, UTC+05:00)" in text
    assert "Алия Нурлановна" in text
    assert "APP-2026-0042" in text


def test_receipt_in_kazakh_shows_every_kazakh_letter():
    data = _data(
        language="kk",
        call_title="Ғылыми тағылымдама: Шоқан Уәлиханов атындағы Көкшетау университеті",
        preferences=["Шаһар университеті", "Шаңырақ колледжі"],
        documents=[ReceiptDocument("Түйіндеме", "Ұсыныс хаты.pdf", 2048, _sha("kk"))],
    )
    text = _text(receipt_pdf(data))
    assert "3 желтоқсан 2026, 17:05 (Asia/Almaty, UTC+05:00)" in text
    assert "Әлия Нұрланқызы" in text
    assert "Ұсыныс хаты.pdf" in text
    for letter in "әғқңөұүһі":
        assert letter in text, letter
    assert _sha("kk") in text


def test_receipt_local_time_follows_the_institution_zone(settings):
    settings.TIME_ZONE = "Europe/Vienna"
    text = _text(receipt_pdf(_data()))
    assert "3 December 2026, 13:05 (Europe/Vienna, UTC+01:00)" in text


def test_receipt_instant_just_before_local_midnight_keeps_its_local_day():
    # 18:59:59 UTC on 3 December is 23:59 on 3 December in Almaty; 19:00 is 4 December.
    before = _text(receipt_pdf(_data(submitted_at=datetime(2026, 12, 3, 18, 59, 59, tzinfo=UTC))))
    after = _text(receipt_pdf(_data(submitted_at=datetime(2026, 12, 3, 19, 0, tzinfo=UTC))))
    assert "3 December 2026, 23:59" in before
    assert "4 December 2026, 00:00" in after


def test_receipt_with_40_documents_paginates_and_keeps_every_hash():
    documents = _documents(40)
    pdf = receipt_pdf(_data(documents=documents))
    pages = _pages(pdf)
    assert len(pages) >= 2
    text = "\n".join(pages)
    for document in documents:
        assert document.sha256 in text
        assert document.display_name in text
    assert "File and SHA-256 fingerprint" in pages[-1]  # the table's headings repeat


def test_receipt_long_names_wrap_and_are_never_cut():
    title = " ".join(["Халықаралық"] * 25)
    long_name = " ".join(["Recommendation"] * 6) + ".pdf"
    document = ReceiptDocument("Letter of recommendation", long_name, 900, _sha("long"))
    text = _text(receipt_pdf(_data(call_title=title, documents=[document], language="kk")))
    assert text.count("Халықаралық") == 25
    assert text.count("Recommendation") == 6
    assert _sha("long") in text


def test_receipt_without_documents_or_preferences_says_none():
    text = _text(receipt_pdf(_data(documents=[], preferences=[])))
    assert text.count("None.") == 2


def test_receipt_refuses_a_naive_instant():
    with pytest.raises(ValueError):
        receipt_pdf(_data(submitted_at=datetime(2026, 12, 3, 17, 5)))
