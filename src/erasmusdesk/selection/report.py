"""The committee's report: the ranked list with the points per criterion and the criteria
themselves, as an XLSX workbook and as a PDF with a signature line for each member
(peers: the committee signs the ranked list and its criteria, itu.edu.tr).

The PDF uses fpdf2 with the Roboto fonts (Latin and Cyrillic with the Kazakh letters), as the
grant agreement does; every cell wraps.
"""

import tempfile
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from erasmusdesk.applications.exports import spreadsheet_safe
from erasmusdesk.selection.explain import rule_label
from erasmusdesk.selection.listing import Listing
from erasmusdesk.selection.models import CriterionSource, Member

FONT = "Roboto"
_LINE = 5


@cache
def _font_path(style: str) -> Path:
    return Path(str(resources.files("font_roboto") / "files" / f"Roboto-{style}.ttf"))


def temporary_file():
    """A temporary file on disk (deleted when closed) for a report being written."""
    return tempfile.TemporaryFile()


def _status(result: Listing) -> str:
    if result.run is None:
        return _("Dry run, not published")
    published = timezone.localtime(result.run.published_at)
    return _("Run %(run)d, published on %(date)s") % {
        "run": result.run.number,
        "date": published.strftime("%Y-%m-%d %H:%M"),
    }


def _tie_rules(result: Listing) -> str:
    names = {c.code: c.name for c in result.criteria}
    rules = [rule_label(rule.field, names) for rule in result.computation.inputs.tie_rules]
    rules.append(rule_label("reference", names))
    return "; ".join(f"{index}. {rule}" for index, rule in enumerate(rules, start=1))


def _number(value: Decimal) -> str:
    return f"{value:.2f}"


def ranking_xlsx(result: Listing, file) -> None:
    """Two sheets: the ranked list, and the criteria with the tie rules."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Ranking")[:31]
    criteria = list(result.criteria)
    headers = [
        (_("Rank"), 7),
        (_("Reference"), 14),
        (_("Applicant"), 30),
        (_("Total"), 9),
        *[(str(c.name), 14) for c in criteria],
        (_("Result"), 16),
        (_("Place"), 40),
        (_("Reserve position"), 10),
        (_("Notes"), 40),
    ]
    sheet.append([header for header, _width in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, (_header, width) in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for line in result.lines():
        sheet.append(
            [
                line.position,
                line.reference,
                spreadsheet_safe(line.name),
                float(line.total),
                *[float(points) for points in line.points],
                line.outcome_label,
                spreadsheet_safe(line.place),
                line.reserve_position,
                "; ".join(line.flags),
            ]
        )
    rules = workbook.create_sheet(_("Criteria")[:31])
    rules.append([_("Code"), _("Criterion"), _("Source"), _("Weight"), _("Maximum points")])
    for cell in rules[1]:
        cell.font = Font(bold=True)
    for criterion in criteria:
        rules.append(
            [
                criterion.code,
                str(criterion.name),
                str(CriterionSource(criterion.source).label),
                float(criterion.weight),
                float(criterion.max_points),
            ]
        )
    rules.append([])
    rules.append([_("Ties are decided by"), _tie_rules(result)])
    rules.append([_("Status"), _status(result)])
    for column, width in zip("ABCDE", (18, 36, 30, 10, 14), strict=True):
        rules.column_dimensions[column].width = width
    workbook.save(file)


def ranking_pdf(result: Listing) -> bytes:
    """The report for the committee's signatures (A4 landscape)."""
    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(auto=True, margin=14)
    pdf.add_font(FONT, "", str(_font_path("Regular")))
    pdf.add_font(FONT, "B", str(_font_path("Bold")))
    call = result.selection.call
    pdf.set_title(_("Selection report: %(call)s") % {"call": call.title})
    pdf.add_page()
    _text(pdf, _("Selection report"), size=15, bold=True)
    _text(pdf, f"{call.title} · {call.academic_year_label}", size=11)
    _text(pdf, _status(result), size=10)
    pdf.ln(2)

    criteria = list(result.criteria)
    _text(pdf, _("Criteria"), size=12, bold=True)
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=(60, 90, 30, 30),
        width=210,
        align="LEFT",
        line_height=_LINE,
        headings_style=FontFace(family=FONT, emphasis="BOLD"),
    ) as table:
        table.row([_("Criterion"), _("Source"), _("Weight"), _("Maximum points")])
        for criterion in criteria:
            table.row(
                [
                    str(criterion.name),
                    str(CriterionSource(criterion.source).label),
                    _number(criterion.weight),
                    _number(criterion.max_points),
                ]
            )
    _text(pdf, _("Total = 100 × Σ(weight × points / maximum) / Σ weights."), size=9)
    _text(pdf, _("Ties are decided by: %(rules)s") % {"rules": _tie_rules(result)}, size=9)
    pdf.ln(2)

    _text(pdf, _("Ranked list"), size=12, bold=True)
    pdf.set_font(FONT, "", 8)
    widths = [10, 22, 45, 14, *([16] * len(criteria)), 22, 60]
    widths[-1] = max(30, pdf.epw - sum(widths[:-1]))
    with pdf.table(
        col_widths=tuple(widths),
        width=sum(widths),
        align="LEFT",
        line_height=4,
        headings_style=FontFace(family=FONT, emphasis="BOLD"),
        repeat_headings=1,
    ) as table:
        table.row(
            [
                _("Rank"),
                _("Reference"),
                _("Applicant"),
                _("Total"),
                *[str(c.name) for c in criteria],
                _("Result"),
                _("Place or reserve position"),
            ]
        )
        for line in result.lines():
            where = line.place
            if line.reserve_position:
                where = _("reserve no. %(position)d") % {"position": line.reserve_position}
            table.row(
                [
                    str(line.position),
                    line.reference,
                    line.name,
                    _number(line.total),
                    *[_number(points) for points in line.points],
                    line.outcome_label,
                    where,
                ]
            )
    _signatures(pdf, result)
    return bytes(pdf.output())


def _text(pdf: FPDF, text: str, *, size: float = 10, bold: bool = False) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(0, _LINE + 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _signatures(pdf: FPDF, result: Listing) -> None:
    members = [
        member.user.get_full_name() or member.user.get_username()
        for member in Member.objects.filter(selection=result.selection)
        .select_related("user")
        .order_by("pk")
    ]
    pdf.ln(4)
    if pdf.will_page_break(20 + 12 * len(members)):
        pdf.add_page()
    _text(pdf, _("The selection committee"), size=12, bold=True)
    pdf.ln(2)
    for name in members:
        pdf.set_font(FONT, "", 10)
        pdf.cell(90, 10, name)
        pdf.cell(0, 10, "______________________________  " + _("Signature, date"))
        pdf.ln(12)
