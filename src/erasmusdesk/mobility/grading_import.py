"""Importing grading tables from a CSV or XLSX file, with a report per row.

The file has one row per grade, the grades of a table from the best, with the columns
``institution`` (Erasmus code; empty for the home university), ``isced_f_code``,
``eqf_level``, ``grading_scheme``, ``years``, ``grade`` and ``percentage``. Rows of the same
institution, field and cycle make one table (ECTS Users' Guide 2015, 4.3.1: the share of
each passing grade given over two or three years); a table is saved only when all its rows
are valid and its percentages add up to 100 (within 0.5), else each of its rows says why.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.institutions import isced
from erasmusdesk.institutions.models import EqfLevel, Institution
from erasmusdesk.mobility import grade_conversion, records

COLUMNS = (
    "institution",
    "isced_f_code",
    "eqf_level",
    "grading_scheme",
    "years",
    "grade",
    "percentage",
)


@dataclass
class RowReport:
    line: int
    status: str  # "accepted" or "rejected"
    message: str = ""


@dataclass
class ImportReport:
    rows: list[RowReport] = field(default_factory=list)
    tables: int = 0


def read_rows(name: str, data: bytes) -> list[dict]:
    """The file's rows as dicts of COLUMNS (CSV in UTF-8, or the first sheet of an XLSX)."""
    if name.lower().endswith(".xlsx"):
        import openpyxl

        try:
            sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception as error:  # openpyxl raises anything from BadZipFile to KeyError
            raise ValueError(_("The file is not a readable XLSX workbook.")) from error
        values = [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValueError(_("The CSV file is not in UTF-8.")) from error
        values = list(csv.reader(io.StringIO(text)))
    if not values:
        raise ValueError(_("The file is empty."))
    header = [cell.strip().lower() for cell in values[0]]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise ValueError(_("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})
    return [
        {column: (row[header.index(column)].strip() if header.index(column) < len(row) else "")
         for column in COLUMNS}
        for row in values[1:]
        if any(cell.strip() for cell in row)
    ]  # fmt: skip


@transaction.atomic
def import_grading_tables(name: str, data: bytes, *, by) -> ImportReport:
    """Save every valid table of the file; report on every row."""
    report = ImportReport()
    rows = read_rows(name, data)
    home = Institution.objects.filter(is_home=True).first()
    groups: dict[tuple, list[tuple[int, dict]]] = {}
    for line, row in enumerate(rows, start=2):
        key = (row["institution"], row["isced_f_code"], row["eqf_level"])
        groups.setdefault(key, []).append((line, row))
    for (code, field_code, level), members in groups.items():
        problems: dict[int, str] = {}
        institution = Institution.objects.filter(erasmus_code=code).first() if code else home
        shares = []
        for line, row in members:
            if institution is None:
                problems[line] = _("No institution has the Erasmus code %(code)s.") % {
                    "code": code or "—"
                }
            elif not isced.is_valid(field_code):
                problems[line] = _(
                    "%(code)s is not a four-digit code of the ISCED-F 2013 list."
                ) % {"code": field_code}
            elif level not in EqfLevel.values:
                problems[line] = _("The EQF level is 5, 6, 7 or 8.")
            elif not row["grade"]:
                problems[line] = _("The grade is missing.")
            try:
                shares.append((row["grade"], Decimal(row["percentage"].replace(",", "."))))
            except InvalidOperation:
                problems[line] = _("The percentage is not a number.")
        if not problems:
            try:
                grade_conversion.bands(shares)
            except grade_conversion.TableError:
                total = sum((p for _g, p in shares), Decimal(0))
                message = _("The percentages of this table add up to %(total)s, not 100.") % {
                    "total": total
                }
                problems = {line: message for line, _row in members}
        if problems:
            for line, _row in members:
                report.rows.append(
                    RowReport(
                        line,
                        "rejected",
                        problems.get(line, _("Another row of the same table is wrong.")),
                    )
                )
            continue
        first = members[0][1]
        records.save_grading_table(
            institution,
            isced_f_code=field_code,
            eqf_level=level,
            grading_scheme=first["grading_scheme"],
            years=first["years"],
            shares=shares,
            source=name,
            by=by,
        )
        report.tables += 1
        report.rows.extend(RowReport(line, "accepted") for line, _row in members)
    report.rows.sort(key=lambda row: row.line)
    return report
