"""Reading the cells of one row: years, dates, numbers and codes, with translated errors."""

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from erasmusdesk.institutions import isced
from erasmusdesk.institutions.agreement_import.reading import REQUIRED_COLUMNS
from erasmusdesk.institutions.models import (
    AgreementStatus,
    CefrLevel,
    Direction,
    EqfLevel,
    MobilityType,
)
from erasmusdesk.institutions.models.agreement import LANGUAGES


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
