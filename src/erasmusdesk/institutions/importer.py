"""Import of inter-institutional agreements from CSV and XLSX files.

The file's first non-empty row holds the column names; each further row is one cooperation
condition. Column names are matched without regard to case, spaces or hyphens
("First academic year" is ``first_academic_year``); columns not listed here are ignored.

=====================  ==========  ==============================================================
column                 required    content
=====================  ==========  ==============================================================
partner_erasmus_code   one of the  the partner's Erasmus code, e.g. ``PL WARSZAW01``
partner_ewp_id         two         the partner's EWP HEI id (SCHAC code), e.g. ``uw.edu.pl``
first_academic_year    yes         first year of the first academic year: ``2026`` (or
                                   ``2026/2027``) for 2026/2027
last_academic_year     yes         the same for the last academic year covered
status                             ``draft`` (the default), ``signed`` or ``terminated``
home_signed_on                     YYYY-MM-DD; a signed agreement needs both dates
partner_signed_on                  YYYY-MM-DD
terminated_on                      YYYY-MM-DD; a terminated agreement needs it
direction              yes         ``outgoing`` (from us to the partner) or ``incoming``
mobility_type          yes         ``student_studies``, ``student_traineeship``,
                                   ``staff_teaching`` or ``staff_training``
isced_code             yes         ISCED-F 2013 detailed field, four digits, e.g. ``0413``
eqf_levels             students    EQF levels 5-8 separated by ``;`` or ``,``, e.g. ``6;7``
mobilities_per_year    yes         a whole number, 1-999
total_months_per_year  students    a number with at most one decimal (``4.5`` or ``4,5``)
total_days_per_year    staff       a whole number
language                           a two-letter code: ``en``, ``de``, ``fr``, ...
cefr_level                         ``A1`` ... ``C2``, given together with the language
other_terms                        free text
=====================  ==========  ==============================================================

Rules of an import (our own, after EWP IIA v7 ``cooperation-conditions``):

- A CSV file is UTF-8, with or without a byte order mark, its delimiter a comma or a semicolon
  (whichever the header row holds more of). An XLSX file is read from its first worksheet.
  Leading zeros that spreadsheets drop from ISCED codes are restored (``413`` -> ``0413``).
- Rows with the same partner and the same years belong to one agreement: the partner's
  agreement with exactly those years is extended (a terminated one only by rows whose status
  is terminated), else a new one is created from the first accepted row. The agreement's
  cells (status and dates) of later rows are left empty or repeat the agreement's values; a
  different value rejects the row.
- The import stops at MAX_FILE_SIZE (20 MB) or MAX_ROWS data rows.
- Each row is validated with the model rules and the duplicate rule of
  ``services.overlapping_conditions`` and saved in its own savepoint: accepted, or rejected
  with every reason, naming the column; a rejected row saves nothing.
"""

import csv
import io
import logging
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connections, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from erasmusdesk.core import audit
from erasmusdesk.institutions import isced
from erasmusdesk.institutions.codes import normalise_erasmus_code
from erasmusdesk.institutions.models import (
    Agreement,
    AgreementImport,
    AgreementStatus,
    CefrLevel,
    Direction,
    EqfLevel,
    Institution,
    MobilityCondition,
    MobilityType,
)
from erasmusdesk.institutions.models.agreement import LANGUAGES
from erasmusdesk.institutions.models.import_job import ImportStatus, RowStatus
from erasmusdesk.institutions.services import overlap_message

logger = logging.getLogger(__name__)

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


class _CellError(Exception):
    """A cell's text is not a value of its column; the message is translated."""


def _year(text: str) -> int:
    """ "2026" or "2026/2027" -> 2026."""
    match = re.fullmatch(r"([0-9]{4})(?:\s*[/-]\s*([0-9]{4}))?", text)
    if not match or (match[2] and int(match[2]) != int(match[1]) + 1):
        raise _CellError(
            _("%(value)s is not an academic year: write 2026 (or 2026/2027) for 2026/2027.")
            % {"value": text}
        )
    return int(match[1])


def _date(text: str) -> date:
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise _CellError(
            _("%(value)s is not a date written YYYY-MM-DD.") % {"value": text}
        ) from None


def _whole_number(text: str) -> int:
    if not re.fullmatch(r"-?[0-9]+", text):
        raise _CellError(_("%(value)s is not a whole number.") % {"value": text})
    return int(text)


def _decimal(text: str) -> Decimal:
    try:
        if not re.fullmatch(r"-?[0-9]+(?:[.,][0-9]+)?", text):
            raise InvalidOperation
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise _CellError(_("%(value)s is not a number.") % {"value": text}) from None


def _choice(choices: type[models.TextChoices]):
    """A reader of one of the choices' values, case and spacing aside ("Student studies")."""
    values = {str(value).lower(): str(value) for value in choices.values}

    def read(text: str) -> str:
        key = re.sub(r"[\s-]+", "_", text.strip().lower())
        if key not in values:
            raise _CellError(
                _("%(value)s is not one of: %(allowed)s.")
                % {"value": text, "allowed": ", ".join(values.values())}
            )
        return values[key]

    return read


def _language(text: str) -> str:
    codes = [code for code, _label in LANGUAGES]
    if text.lower() not in codes:
        raise _CellError(
            _("%(value)s is not one of the language codes: %(allowed)s.")
            % {"value": text, "allowed": ", ".join(codes)}
        )
    return text.lower()


def _eqf_levels(text: str) -> str:
    """ "6;7" or "6, 7" -> "6,7" (the stored form), each level one of 5-8."""
    levels = [level for level in re.split(r"[;,\s]+", text) if level]
    unknown = [level for level in levels if level not in EqfLevel.values]
    if unknown:
        raise _CellError(
            _("%(values)s: the EQF levels of higher education are 5, 6, 7 and 8.")
            % {"values": ", ".join(unknown)}
        )
    return ",".join(sorted(set(levels)))


def _isced_code(text: str) -> str:
    """The code, with the leading zeros a spreadsheet dropped put back when that makes it valid."""
    if re.fullmatch(r"[0-9]{1,3}", text) and isced.is_valid(text.zfill(4)):
        return text.zfill(4)
    return text


READERS = {
    "first_academic_year": _year,
    "last_academic_year": _year,
    "status": _choice(AgreementStatus),
    "home_signed_on": _date,
    "partner_signed_on": _date,
    "terminated_on": _date,
    "direction": _choice(Direction),
    "mobility_type": _choice(MobilityType),
    "isced_code": _isced_code,
    "eqf_levels": _eqf_levels,
    "mobilities_per_year": _whole_number,
    "total_months_per_year": _decimal,
    "total_days_per_year": _whole_number,
    "language": _language,
    "cefr_level": _choice(CefrLevel),
    "other_terms": str,
}
REQUIRED_VALUES = set(REQUIRED_COLUMNS)


def read_cells(values: dict[str, str], errors: dict[str, list[str]]) -> dict[str, Any]:
    """The row's non-empty cells as values of their fields; unreadable cells go to errors."""
    fields: dict[str, Any] = {}
    for column, read in READERS.items():
        text = values.get(column, "")
        if not text:
            if column in REQUIRED_VALUES:
                errors.setdefault(column, []).append(_("This column needs a value in every row."))
            continue
        try:
            fields[column] = read(text)
        except _CellError as error:
            errors.setdefault(column, []).append(str(error))
    return fields


# Importing rows ---------------------------------------------------------------------------


def _add_model_errors(
    error: ValidationError, errors: dict[str, list[str]], columns: dict[str, str]
) -> None:
    """Merge a model's validation errors into the row's, keyed by column; a column whose cell
    was unreadable keeps only that reason."""
    unreadable = set(errors)
    for name, messages in error.message_dict.items():
        column = "" if name == NON_FIELD_ERRORS else columns.get(name, name)
        if column not in unreadable:
            errors.setdefault(column, []).extend(messages)


def _kind(condition: MobilityCondition) -> tuple[str, str, str]:
    return (condition.direction, condition.mobility_type, condition.isced_code)


def _levels_overlap(first: MobilityCondition, second: MobilityCondition) -> bool:
    """Both have no level (staff), or they share one: the rule of overlapping_conditions."""
    a, b = set(first.eqf_level_list), set(second.eqf_level_list)
    return (not a and not b) or bool(a & b)


def _years_overlap(first: Agreement, second: Agreement) -> bool:
    return (
        first.first_academic_year <= second.last_academic_year
        and second.first_academic_year <= first.last_academic_year
    )


AgreementKey = tuple[int, int, bool]


def _key(first: int, last: int, status: str) -> AgreementKey:
    """An agreement's years, and whether it is terminated."""
    return (first, last, status == AgreementStatus.TERMINATED)


@dataclass
class _PartnerState:
    """A partner's agreements by key (the first of each key), their conditions by kind, and
    ``rows``: the file row of each condition this job imported."""

    agreements: dict[AgreementKey, Agreement]
    conditions: dict[tuple[str, str, str], list[MobilityCondition]]
    rows: dict[int, int] = field(default_factory=dict)


class RowImporter:
    """Validates and saves rows one by one, caching partners and their existing conditions.

    The caches make a row cost no query but its own writes; they are filled per partner on
    the partner's first row and extended with each accepted row.
    """

    def __init__(self, *, by=None, job_id: int | None = None):
        self.by = by
        self.job_id = job_id
        self._institutions: dict[tuple[str, str], Institution | None] = {}
        self._partners: dict[int, _PartnerState] = {}
        self._changed: set[int] = set()

    def import_row(self, number: int, values: dict[str, str]) -> dict[str, Any]:
        """Validate one row and save it if valid; the report entry of the row."""
        errors: dict[str, list[str]] = {}
        partner, partner_column = self._partner(values, errors)
        fields = read_cells(values, errors)
        agreement = self._agreement(partner, partner_column, fields, errors)
        condition = self._condition(fields, errors)
        if partner is not None and not KIND_COLUMNS & set(errors):
            self._check_duplicate(partner, agreement, condition, errors)
        entry = {
            "row": number,
            "partner": partner.name if partner else _partner_text(values),
        }
        if errors:
            return {**entry, "status": RowStatus.REJECTED.value, "messages": _messages(errors)}
        self._save(partner, agreement, condition, number)
        return {**entry, "status": RowStatus.ACCEPTED.value, "messages": []}

    # -- the partner

    def _partner(
        self, values: dict[str, str], errors: dict[str, list[str]]
    ) -> tuple[Institution | None, str]:
        """The institution the row names by Erasmus code or EWP id (both must agree)."""
        found: list[Institution] = []
        for column in PARTNER_COLUMNS:
            text = values.get(column, "")
            if not text:
                continue
            try:
                found.append(self._institution(column, text))
            except _CellError as error:
                errors.setdefault(column, []).append(str(error))
        given = [column for column in PARTNER_COLUMNS if values.get(column)]
        if not given:
            errors.setdefault(PARTNER_COLUMNS[0], []).append(
                _("Give the partner's Erasmus code or its EWP id.")
            )
        elif len(found) == 2 and found[0].pk != found[1].pk:
            errors.setdefault(PARTNER_COLUMNS[1], []).append(
                _("The Erasmus code and the EWP id name two different institutions.")
            )
        partner = found[0] if found and len(found) == len(given) else None
        return partner, given[0] if given else PARTNER_COLUMNS[0]

    def _institution(self, column: str, text: str) -> Institution:
        key = (column, text)
        if key not in self._institutions:
            self._institutions[key] = _find_institution(column, text)
        institution = self._institutions[key]
        if institution is None:
            if column == "partner_erasmus_code":
                message = _("No institution has the Erasmus code %(code)s.")
            else:
                message = _("No institution has the EWP id %(code)s.")
            raise _CellError(message % {"code": text})
        return institution

    def _state(self, partner: Institution) -> _PartnerState:
        """The partner's agreements and conditions, read once per import."""
        if partner.pk not in self._partners:
            agreements: dict[AgreementKey, Agreement] = {}
            by_pk: dict[int, Agreement] = {}
            for agreement in Agreement.objects.filter(partner=partner).order_by("pk"):
                agreement.partner = partner
                by_pk[agreement.pk] = agreement
                agreements.setdefault(_agreement_key(agreement), agreement)
            conditions: dict[tuple[str, str, str], list[MobilityCondition]] = defaultdict(list)
            for condition in MobilityCondition.objects.filter(agreement_id__in=list(by_pk)):
                condition.agreement = by_pk[condition.agreement_id]
                conditions[_kind(condition)].append(condition)
            self._partners[partner.pk] = _PartnerState(agreements, conditions)
        return self._partners[partner.pk]

    # -- the agreement and the condition

    def _agreement(
        self,
        partner: Institution | None,
        partner_column: str,
        fields: dict[str, Any],
        errors: dict[str, list[str]],
    ) -> Agreement:
        """The partner's agreement with the row's years (a terminated one only for a row whose
        status is terminated), or a new one validated by the model's rules."""
        years = (fields.get("first_academic_year"), fields.get("last_academic_year"))
        if partner is not None and None not in years:
            key = _key(*years, fields.get("status", ""))
            existing = self._state(partner).agreements.get(key)
            if existing is not None:
                _check_agreement_cells(existing, fields, errors)
                return existing
        agreement = Agreement(
            partner=partner,
            first_academic_year=years[0],
            last_academic_year=years[1],
            status=fields.get("status", AgreementStatus.DRAFT),
            home_signed_on=fields.get("home_signed_on"),
            partner_signed_on=fields.get("partner_signed_on"),
            terminated_on=fields.get("terminated_on"),
        )
        try:
            # The partner was looked up above; clean() still refuses the home institution.
            agreement.full_clean(exclude={"partner", *errors})
        except ValidationError as error:
            _add_model_errors(error, errors, {"partner": partner_column})
        return agreement

    def _condition(self, fields: dict[str, Any], errors: dict[str, list[str]]) -> MobilityCondition:
        """The row's condition, validated by the model's rules."""
        condition = MobilityCondition(
            **{name: fields[name] for name in CONDITION_CELLS if name in fields}
        )
        try:
            condition.full_clean(exclude={"agreement", *errors})
        except ValidationError as error:
            _add_model_errors(error, errors, {})
        return condition

    def _check_duplicate(
        self,
        partner: Institution,
        agreement: Agreement,
        condition: MobilityCondition,
        errors: dict[str, list[str]],
    ) -> None:
        """The rule of services.overlapping_conditions, against the partner's cached
        conditions: no second condition of the same kind and level in the same agreement, nor
        in another agreement of overlapping years that is not terminated."""
        state = self._state(partner)
        for other in state.conditions.get(_kind(condition), []):
            if agreement.pk is None or other.agreement.pk != agreement.pk:
                if other.agreement.status == AgreementStatus.TERMINATED:
                    continue
                if not _years_overlap(agreement, other.agreement):
                    continue
            if not _levels_overlap(condition, other):
                continue
            if other.pk in state.rows:
                message = _(
                    "The condition %(type)s, %(code)s, %(direction)s duplicates row %(row)s of "
                    "this file for an overlapping EQF level and academic year."
                ) % {
                    "type": condition.get_mobility_type_display(),
                    "code": condition.isced_code,
                    "direction": condition.get_direction_display(),
                    "row": state.rows[other.pk],
                }
            else:
                message = overlap_message(condition, other)
            errors.setdefault(DUPLICATE_LABEL, []).append(message)
            return

    def _save(
        self,
        partner: Institution,
        agreement: Agreement,
        condition: MobilityCondition,
        number: int,
    ) -> None:
        """Save the row in its own savepoint, with an audit entry per agreement and import."""
        with transaction.atomic():
            if agreement.pk is None:
                agreement.save()
                audit.record(
                    "erasmusdesk.agreement.created",
                    agreement,
                    by=self.by,
                    agreement_import=self.job_id,
                )
            elif agreement.pk not in self._changed:
                agreement.save(update_fields=["updated"])
                audit.record(
                    "erasmusdesk.agreement.changed",
                    agreement,
                    by=self.by,
                    agreement_import=self.job_id,
                )
            condition.agreement = agreement
            condition.save()
        self._changed.add(agreement.pk)
        state = self._state(partner)
        state.agreements.setdefault(_agreement_key(agreement), agreement)
        state.conditions[_kind(condition)].append(condition)
        state.rows[condition.pk] = number


def _agreement_key(agreement: Agreement) -> AgreementKey:
    return _key(agreement.first_academic_year, agreement.last_academic_year, agreement.status)


def _find_institution(column: str, text: str) -> Institution | None:
    """The institution with that Erasmus code or EWP id; _CellError if the code is malformed."""
    if column == "partner_erasmus_code":
        code = normalise_erasmus_code(text)
        if code is None:
            raise _CellError(
                _("%(code)s is not an Erasmus code (e.g. PL WARSZAW01).") % {"code": text}
            )
        return Institution.objects.filter(erasmus_code=code).first()
    return Institution.objects.filter(ewp_hei_id=text.strip().lower()).first()


def _check_agreement_cells(
    agreement: Agreement, fields: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    """A row of an existing agreement leaves its cells empty or repeats the agreement's values."""
    for column in AGREEMENT_CELLS:
        if column not in fields or fields[column] == getattr(agreement, column):
            continue
        current = getattr(agreement, column)
        if column == "status":
            current = agreement.get_status_display()
        errors.setdefault(column, []).append(
            _(
                "The agreement %(agreement)s has %(value)s here: leave the cell empty or repeat "
                "that value."
            )
            % {"agreement": agreement, "value": current or _("nothing")}
        )


def _partner_text(values: dict[str, str]) -> str:
    return next((values[column] for column in PARTNER_COLUMNS if values.get(column)), "")


def _messages(errors: dict[str, list[str]]) -> list[str]:
    """ "column: reason" for every reason, in the order of the columns."""
    order = {column: index for index, column in enumerate(COLUMNS)}
    result = []
    for column in sorted(errors, key=lambda name: order.get(name, len(order))):
        for message in errors[column]:
            result.append(f"{column}: {message}" if column else str(message))
    return result


# The job ----------------------------------------------------------------------------------


def start_import(upload, *, by) -> AgreementImport:
    """Check that the file is readable, store it as a queued job, audit it, and run it.

    Raises ImportFileError (nothing saved) for a file that cannot be read. The job runs in a
    background thread after commit, or right away when ERASMUSDESK_TASKS_SYNC is set.
    """
    table = read_table(upload, upload.name)
    upload.seek(0)
    with transaction.atomic():
        job = AgreementImport.objects.create(
            file=upload,
            original_name=upload.name[:255],
            started_by=by,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            total_rows=len(table.rows),
            ignored_columns=table.ignored_columns,
        )
        audit.record(
            "erasmusdesk.agreement_import.started",
            job,
            by=by,
            file=job.original_name,
            rows=job.total_rows,
            ignored_columns=table.ignored_columns,
        )
        if not tasks_run_synchronously():
            job_id = job.pk
            transaction.on_commit(lambda: _start_thread(job_id))
    if tasks_run_synchronously():
        run_import(job.pk)
        job.refresh_from_db()
    return job


def _start_thread(job_id: int) -> None:
    threading.Thread(
        target=_run_in_thread, args=(job_id,), name=f"agreement-import-{job_id}", daemon=True
    ).start()


def _run_in_thread(job_id: int) -> None:
    try:
        run_import(job_id)
    finally:
        connections.close_all()


def run_import(job_id: int) -> None:
    """Process a queued job's rows, committing every PROGRESS_EVERY rows with the counts and
    the report so far; mark it finished, or failed with the reason. Never raises.
    """
    claimed = AgreementImport.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING
    )
    if not claimed:
        return
    job = AgreementImport.objects.select_related("started_by").get(pk=job_id)
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            with job.file.open("rb") as file:
                table = read_table(file, job.original_name)
            _process(job, table)
        except ImportFileError as error:
            _fail(job_id, error.message)
        except Exception as error:
            logger.exception("Agreement import %s failed", job_id)
            _fail(
                job_id, _("The import stopped at an unexpected error: %(error)s") % {"error": error}
            )
        else:
            _finish(job)


def _process(job: AgreementImport, table: Table) -> None:
    importer = RowImporter(by=job.started_by, job_id=job.pk)
    job.total_rows = len(table.rows)
    job.report = []
    for start in range(0, len(table.rows), PROGRESS_EVERY):
        with transaction.atomic():
            for number, values in table.rows[start : start + PROGRESS_EVERY]:
                entry = importer.import_row(number, values)
                job.report.append(entry)
                if entry["status"] == RowStatus.ACCEPTED:
                    job.accepted_rows += 1
                else:
                    job.rejected_rows += 1
            job.processed_rows = len(job.report)
            job.save(
                update_fields=[
                    "total_rows",
                    "processed_rows",
                    "accepted_rows",
                    "rejected_rows",
                    "report",
                ]
            )


@transaction.atomic
def _finish(job: AgreementImport) -> None:
    job.status = ImportStatus.FINISHED
    job.finished = timezone.now()
    job.save(update_fields=["status", "finished"])
    audit.record(
        "erasmusdesk.agreement_import.finished",
        job,
        by=job.started_by,
        status=job.status,
        accepted=job.accepted_rows,
        rejected=job.rejected_rows,
    )


@transaction.atomic
def _fail(job_id: int, message: str) -> None:
    job = AgreementImport.objects.select_related("started_by").get(pk=job_id)
    job.status = ImportStatus.FAILED
    job.finished = timezone.now()
    job.error = message
    job.save(update_fields=["status", "finished", "error"])
    audit.record(
        "erasmusdesk.agreement_import.finished",
        job,
        by=job.started_by,
        status=job.status,
        error=message,
    )
