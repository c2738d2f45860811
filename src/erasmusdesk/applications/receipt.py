"""The application receipt: a PDF the applicant keeps as proof of what was submitted, when.

fpdf2 with the Roboto fonts of font-roboto (Latin, Cyrillic with the Kazakh letters), as in
``grants/pdf.py``. The receipt lists every document with its size and full SHA-256, so that
the applicant and the office can later show which exact files were received. Every text
wraps (multi_cell, table cells): long names and titles are never cut; each fingerprint sits
on a line of its own, whole, so that it can be copied from the PDF.

The data comes in as a plain ``ReceiptData``: this module reads no model.
"""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from fpdf import FPDF
from fpdf.fonts import FontFace

from erasmusdesk.applications.uploads import size_text
from erasmusdesk.core.pdf import FONT, LINE, a4_document, write_fact, write_text

# Document, file name and fingerprint, size: the A4 text width. The middle column is wide
# enough for 64 hex digits at 9 pt (115 mm at worst), so that a fingerprint never wraps.
_COLUMNS = (38, 124, 18)


@dataclass(frozen=True)
class ReceiptDocument:
    """One received file: its document type, shown name, size in bytes and SHA-256 (hex)."""

    type_name: str
    display_name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class ReceiptData:
    """What the receipt shows. ``submitted_at`` is time-zone aware; ``round`` is "normal" or
    "late"; ``preferences`` are partner names in the applicant's order; ``language`` is
    "en", "ru" or "kk"."""

    reference: str
    applicant_name: str
    applicant_email: str
    call_title: str
    call_year_label: str
    submitted_at: datetime
    round: str
    preferences: list[str] = field(default_factory=list)
    documents: list[ReceiptDocument] = field(default_factory=list)
    language: str = "en"


def receipt_pdf(data: ReceiptData) -> bytes:
    """The receipt as an A4 PDF in ``data.language``: reference, submission instant in the
    institution's zone, round, applicant, call, preferences in order, and the table of
    documents with their sizes and SHA-256 fingerprints. No side effects."""
    if data.submitted_at.tzinfo is None:
        raise ValueError("submitted_at must be time-zone aware")
    with translation.override(data.language):
        pdf = _document(data)
        _heading(pdf, data)
        _facts(pdf, data)
        _preferences(pdf, data)
        _documents(pdf, data)
        return bytes(pdf.output())


def local_instant(instant: datetime) -> str:
    """An instant in the institution's zone (settings.TIME_ZONE) with the zone named, in the
    active language: "3 December 2026, 17:05 (Asia/Almaty, UTC+05:00)"."""
    zone_name = settings.TIME_ZONE
    local = instant.astimezone(ZoneInfo(zone_name))
    offset = local.utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    utc = f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return f"{formats.date_format(local, 'j E Y, H:i')} ({zone_name}, {utc})"


def _document(data: ReceiptData) -> FPDF:
    return a4_document(f"{_('Application receipt')} {data.reference}", data.language)


def _heading(pdf: FPDF, data: ReceiptData) -> None:
    write_text(pdf, _("Application receipt"), size=16, bold=True)
    write_text(pdf, _("Reference: %(reference)s") % {"reference": data.reference}, size=12)
    pdf.ln(3)


def _round_label(value: str) -> str:
    labels = {
        "normal": pgettext("application round", "normal round"),
        "late": pgettext("application round", "late round"),
    }
    return labels[value]


def _facts(pdf: FPDF, data: ReceiptData) -> None:
    write_fact(pdf, _("Submitted"), local_instant(data.submitted_at))
    write_fact(pdf, _("Round"), _round_label(data.round))
    write_fact(pdf, _("Applicant"), f"{data.applicant_name} <{data.applicant_email}>")
    write_fact(
        pdf,
        pgettext("call for applications", "Call"),
        f"{data.call_title} ({data.call_year_label})",
    )
    pdf.ln(2)


def _preferences(pdf: FPDF, data: ReceiptData) -> None:
    write_text(pdf, _("Preferred partner universities, in order"), size=12, bold=True)
    if not data.preferences:
        write_text(pdf, _("None."))
    for number, partner in enumerate(data.preferences, start=1):
        write_text(pdf, f"{number}. {partner}")
    pdf.ln(3)


def _documents(pdf: FPDF, data: ReceiptData) -> None:
    write_text(pdf, _("Documents received"), size=12, bold=True)
    write_text(
        pdf,
        _(
            "The SHA-256 fingerprint under each file name identifies the exact file received: "
            "any change to a file, however small, gives a different fingerprint."
        ),
        size=9,
    )
    pdf.ln(1)
    if not data.documents:
        write_text(pdf, _("None."))
        return
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=_COLUMNS,
        text_align=("LEFT", "LEFT", "RIGHT"),
        line_height=LINE - 1,
        headings_style=FontFace(family=FONT, emphasis="BOLD"),
        first_row_as_headings=True,
    ) as table:
        table.row([_("Document"), _("File and SHA-256 fingerprint"), _("Size")])
        for document in data.documents:
            table.row(
                [
                    document.type_name,
                    f"{document.display_name}\n{document.sha256}",
                    size_text(document.size),
                ]
            )
