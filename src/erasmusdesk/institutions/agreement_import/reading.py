"""Reading agreement files: CSV (UTF-8, comma or semicolon) or XLSX, into a table."""

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

MAX_FILE_SIZE = 20 * 1024 * 1024
MAX_ROWS = 100_000
PROGRESS_EVERY = 200

COLUMNS = [
    "partner_erasmus_code",
    "partner_ewp_id",
    "first_academic_year",
    "last_academic_year",
    "status",
    "home_signed_on",
    "partner_signed_on",
    "terminated_on",
    "direction",
    "mobility_type",
    "isced_code",
    "eqf_levels",
    "mobilities_per_year",
    "total_months_per_year",
    "total_days_per_year",
    "language",
    "cefr_level",
    "other_terms",
]
PARTNER_COLUMNS = ("partner_erasmus_code", "partner_ewp_id")
REQUIRED_COLUMNS = (
    "first_academic_year",
    "last_academic_year",
    "direction",
    "mobility_type",
    "isced_code",
    "mobilities_per_year",
)
AGREEMENT_CELLS = ("status", "home_signed_on", "partner_signed_on", "terminated_on")
CONDITION_CELLS = (
    "direction",
    "mobility_type",
    "isced_code",
    "eqf_levels",
    "mobilities_per_year",
    "total_months_per_year",
    "total_days_per_year",
    "language",
    "cefr_level",
    "other_terms",
)
DUPLICATE_LABEL = "direction, mobility_type, isced_code, eqf_levels"
# The cells a duplicate check needs readable and valid.
KIND_COLUMNS = {
    "first_academic_year",
    "last_academic_year",
    "direction",
    "mobility_type",
    "isced_code",
    "eqf_levels",
}

TEMPLATE_ROWS = [
    {
        "partner_erasmus_code": "PL WARSZAW01",
        "first_academic_year": "2026",
        "last_academic_year": "2028",
        "status": "signed",
        "home_signed_on": "2026-03-02",
        "partner_signed_on": "2026-03-10",
        "direction": "outgoing",
        "mobility_type": "student_studies",
        "isced_code": "0413",
        "eqf_levels": "6;7",
        "mobilities_per_year": "2",
        "total_months_per_year": "10",
        "language": "en",
        "cefr_level": "B2",
        "other_terms": "Courses taught in English",
    },
    {
        "partner_ewp_id": "uw.edu.pl",
        "first_academic_year": "2026",
        "last_academic_year": "2028",
        "direction": "incoming",
        "mobility_type": "staff_teaching",
        "isced_code": "0413",
        "mobilities_per_year": "1",
        "total_days_per_year": "5",
        "language": "en",
        "cefr_level": "B2",
    },
]


def tasks_run_synchronously() -> bool:
    """True when background tasks run in the caller (tests, one-off commands)."""
    return getattr(settings, "ERASMUSDESK_TASKS_SYNC", False)


# Reading the file -------------------------------------------------------------------------


class ImportFileError(Exception):
    """The file as a whole cannot be imported; ``message`` is translated and names why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Table:
    """The data rows of a file as (row number, {column: text}), and the columns ignored."""

    rows: list[tuple[int, dict[str, str]]]
    ignored_columns: list[str] = field(default_factory=list)


def normalise_header(text: str) -> str:
    """ "First academic-year " -> "first_academic_year"."""
    return re.sub(r"[^0-9a-z]+", "_", text.strip().lower()).strip("_")


def read_table(file: IO[bytes], name: str) -> Table:
    """Read an uploaded CSV or XLSX file into its data rows; raise ImportFileError if unreadable.

    The format is told by the content (an XLSX workbook is a ZIP archive), the name only
    has to end in .csv or .xlsx.
    """
    if not name.lower().endswith((".csv", ".xlsx")):
        raise ImportFileError(_("Only CSV and XLSX files can be imported."))
    data = file.read(MAX_FILE_SIZE + 1)
    if len(data) > MAX_FILE_SIZE:
        raise ImportFileError(_("The file is larger than 20 MB."))
    if not data:
        raise ImportFileError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        records = _xlsx_records(data)
    elif name.lower().endswith(".xlsx"):
        raise ImportFileError(_("The file is not a valid XLSX workbook."))
    else:
        records = _csv_records(data)
    return _table(records)


def _csv_records(data: bytes) -> Iterator[list[str]]:
    """The records of UTF-8 CSV text, the delimiter being the header's commoner of , and ;."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(
            _("The file is UTF-16 text: save it as CSV UTF-8 and upload it again.")
        )
    if b"\x00" in data:
        raise ImportFileError(_("The file is not a CSV text file."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _(
                "The file is not UTF-8 text (byte %(position)s): save it as CSV UTF-8 "
                "and upload it again."
            )
            % {"position": error.start + 1}
        ) from error
    header = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as error:
        raise ImportFileError(
            _("The CSV file cannot be read: %(error)s.") % {"error": error}
        ) from error


def _xlsx_records(data: bytes) -> Iterator[list[str]]:
    """The rows of the workbook's first worksheet as text."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises anything from BadZipFile to KeyError
        raise ImportFileError(_("The file is not a valid XLSX workbook.")) from error
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The workbook has no worksheet."))
        try:
            for values in workbook.worksheets[0].iter_rows(values_only=True):
                yield [_cell_text(value) for value in values]
        except ImportFileError:
            raise
        except Exception as error:
            raise ImportFileError(_("The file is not a valid XLSX workbook.")) from error
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a CSV file would hold (2026.0 -> "2026", dates ISO)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _table(records: Iterable[list[str]]) -> Table:
    """Check the header of the records and key the data rows by column name."""
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    ignored: list[str] = []
    for number, record in enumerate(records, start=1):
        cells = [cell.strip() for cell in record]
        if not any(cells):
            continue
        if header is None:
            header, ignored = _header(cells)
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(count)s rows; split it.") % {"count": MAX_ROWS}
            )
        values = dict.fromkeys(COLUMNS, "")
        for column, cell in zip(header, cells, strict=False):
            if column in values:
                values[column] = cell
        rows.append((number, values))
    if header is None:
        raise ImportFileError(_("The file is empty."))
    if not rows:
        raise ImportFileError(_("The file has column names but no rows to import."))
    return Table(rows, ignored)


def _header(cells: list[str]) -> tuple[list[str], list[str]]:
    """The normalised column names, and those that are not columns of an import."""
    names = [normalise_header(cell) for cell in cells]
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise ImportFileError(_("The column %(column)s appears twice.") % {"column": name})
        seen.add(name)
    missing = [column for column in REQUIRED_COLUMNS if column not in seen]
    if not seen & set(PARTNER_COLUMNS):
        missing.insert(0, " / ".join(PARTNER_COLUMNS))
    if missing:
        raise ImportFileError(
            _("Missing column(s): %(columns)s. The first row must hold the column names.")
            % {"columns": ", ".join(missing)}
        )
    ignored = [
        cell for cell, name in zip(cells, names, strict=True) if cell and name not in COLUMNS
    ]
    return names, ignored


def template_rows() -> list[list[str]]:
    """The header and the two example rows of the downloadable template."""
    return [COLUMNS] + [[row.get(column, "") for column in COLUMNS] for row in TEMPLATE_ROWS]


# Reading one row's cells ------------------------------------------------------------------
