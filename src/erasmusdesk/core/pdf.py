"""The pieces every PDF of the system shares: an A4 page in Roboto, wrapped text and facts.

fpdf2 with the Roboto fonts of the font-roboto package (Latin, Cyrillic with the Kazakh
letters ә ғ қ ң ө ұ ү һ і). Every text cell wraps (multi_cell) so that long names are never
cut.
"""

from functools import cache
from importlib import resources
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

FONT = "Roboto"
LINE = 5.5  # mm between lines of 10 pt text


@cache
def font_path(style: str) -> Path:
    """The Roboto file of ``style`` ("Regular", "Bold") shipped by font-roboto."""
    return Path(str(resources.files("font_roboto") / "files" / f"Roboto-{style}.ttf"))


def a4_document(title: str, language: str) -> FPDF:
    """A portrait A4 document with 15 mm margins, Roboto regular and bold, its title and
    language set, and its first page added."""
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font(FONT, "", str(font_path("Regular")))
    pdf.add_font(FONT, "B", str(font_path("Bold")))
    pdf.set_title(title)
    pdf.set_lang(language)
    pdf.add_page()
    return pdf


def write_text(pdf: FPDF, text: str, *, size: float = 10, bold: bool = False) -> None:
    """A paragraph across the page width, wrapped."""
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.multi_cell(0, LINE, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def write_fact(pdf: FPDF, label: str, value: str, *, label_width: float = 50) -> None:
    """One "label: value" row; both wrap within their columns."""
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(label_width, LINE, label, new_x=XPos.RIGHT, new_y=YPos.TOP)
    pdf.set_font(FONT, "", 10)
    pdf.multi_cell(0, LINE, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
