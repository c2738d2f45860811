"""The grant agreement as a PDF, in the participant's language.

fpdf2 with the Roboto fonts of the font-roboto package (Latin, Cyrillic with the Kazakh
letters ә ғ қ ң ө ұ ү һ і). Every text cell wraps (multi_cell, table rows) so that long
names and explanations are never cut.
"""

from datetime import date
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from erasmusdesk.core.pdf import FONT, LINE, a4_document, write_fact, write_text
from erasmusdesk.grants.models import ActivityChoice, GrantAgreement
from erasmusdesk.grants.services import money

_COLUMNS = (42, 104, 34)  # label, explanation, amount: the A4 text width of 180 mm


def grant_agreement_pdf(agreement: GrantAgreement) -> bytes:
    """The agreement as printed for signature: parties, mobility, the frozen breakdown with
    each line's rule, the total, the payment schedule and the signature lines."""
    with translation.override(agreement.participant_language):
        pdf = _document(agreement)
        _heading(pdf, agreement)
        _parties(pdf, agreement)
        _breakdown(pdf, agreement)
        _schedule(pdf, agreement)
        _signatures(pdf, agreement)
        return bytes(pdf.output())


def _fact(pdf: FPDF, label: str, value: str) -> None:
    write_fact(pdf, label, value, label_width=55)


def _document(agreement: GrantAgreement) -> FPDF:
    return a4_document(
        f"{_('Grant agreement')} {agreement.reference}", agreement.participant_language
    )


def _day(value: date) -> str:
    """ISO 8601 (2026-09-01): read the same way in English, Russian and Kazakh."""
    return value.isoformat()


def _eur(amount: Decimal | str | None) -> str:
    return f"{money(Decimal(amount))} EUR" if amount is not None else ""


def _heading(pdf: FPDF, agreement: GrantAgreement) -> None:
    write_text(pdf, _("Erasmus+ grant agreement"), size=16, bold=True)
    write_text(pdf, _("Reference: %(reference)s") % {"reference": agreement.reference}, size=11)
    pdf.ln(3)


def _parties(pdf: FPDF, agreement: GrantAgreement) -> None:
    _fact(pdf, _("Participant"), agreement.participant_name)
    _fact(pdf, _("Sending institution"), _institution(agreement.home_institution))
    _fact(pdf, _("Receiving institution"), _institution(agreement.host_institution))
    _fact(pdf, _("Activity"), str(ActivityChoice(agreement.activity).label))
    _fact(
        pdf,
        _("Dates"),
        _("from %(start)s to %(end)s")
        % {"start": _day(agreement.start), "end": _day(agreement.end)},
    )
    if agreement.departure_city:
        _fact(
            pdf,
            _("Departure from"),
            f"{agreement.departure_city} ({agreement.departure_reason})",
        )
    _fact(pdf, _("Rate table"), agreement.rate_table_name)
    pdf.ln(2)


def _institution(institution) -> str:
    """The name in the active language (modeltranslation), then the city and country."""
    return f"{institution.name}, {institution.city} ({institution.country.name})"


def _breakdown(pdf: FPDF, agreement: GrantAgreement) -> None:
    """The frozen lines as stored at issue: label, rule with its numbers, amount."""
    write_text(pdf, _("How the grant is calculated"), size=12, bold=True)
    pdf.ln(1)
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=_COLUMNS,
        text_align=("LEFT", "LEFT", "RIGHT"),
        line_height=LINE - 1,
        headings_style=_headings_style(),
        first_row_as_headings=True,
    ) as table:
        table.row([_("Line"), _("How it is calculated"), _("EUR")])
        for line in agreement.breakdown.get("lines", []):
            if line["key"] == "total":
                continue
            explanation = line["rule"] + (f"\n{line['numbers']}" if line["numbers"] else "")
            table.row([line["label"], explanation, line["amount"] or ""])
    pdf.ln(2)
    write_text(pdf, _("Grant: %(total)s") % {"total": _eur(agreement.total)}, size=12, bold=True)
    pdf.ln(2)


def _headings_style() -> FontFace:
    return FontFace(family=FONT, emphasis="BOLD")


def _schedule(pdf: FPDF, agreement: GrantAgreement) -> None:
    """Rule: pre-financing (default 80 %) on arrival, the balance after the final report."""
    write_text(pdf, _("Payments"), size=12, bold=True)
    write_text(
        pdf,
        _("Pre-financing (%(percent)s %%), paid on arrival: %(amount)s")
        % {"percent": agreement.prefinancing_percent, "amount": _eur(agreement.prefinancing)},
    )
    write_text(
        pdf,
        _("Balance, paid after the final report: %(amount)s")
        % {"amount": _eur(agreement.total - agreement.prefinancing)},
    )
    write_text(
        pdf,
        _(
            "The final grant is recalculated on the dates of the certificate of attendance; "
            "a shorter stay reduces it and the difference is recovered."
        ),
        size=9,
    )
    pdf.ln(6)


def _signatures(pdf: FPDF, agreement: GrantAgreement) -> None:
    if pdf.will_page_break(40):
        pdf.add_page()
    width = (pdf.epw - 10) / 2
    top = pdf.get_y()
    for column, title in enumerate((_("For the sending institution"), _("The participant"))):
        pdf.set_xy(pdf.l_margin + column * (width + 10), top)
        pdf.set_font(FONT, "B", 10)
        pdf.multi_cell(width, LINE, title, new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.ln(14)
        pdf.set_x(pdf.l_margin + column * (width + 10))
        pdf.set_font(FONT, "", 9)
        pdf.multi_cell(
            width,
            LINE,
            "______________________________\n" + _("Signature, date"),
            new_x=XPos.LEFT,
            new_y=YPos.NEXT,
        )
    pdf.set_xy(pdf.l_margin + width + 10, pdf.get_y())
    pdf.set_font(FONT, "", 9)
    pdf.multi_cell(width, LINE, agreement.participant_name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
