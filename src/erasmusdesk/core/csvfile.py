"""The one CSV writer of every file we export (lists, manifests, import reports, templates).

Rules (OWASP "CSV Injection"; our own for the list separators):
- UTF-8 with a byte order mark, so that spreadsheets read Cyrillic names correctly, and CRLF
  line ends (RFC 4180);
- every field in double quotes;
- no text a spreadsheet would run as a formula: a cell of text gets an apostrophe before any
  ``=``, ``+``, ``-``, ``@`` (or their full-width forms) that starts it, and before any that
  follows a separator inside it (``,``, ``;``, TAB, ``|`` or a line break, with blanks or
  quotes between), because a spreadsheet that splits on ``;`` (the list separator of the
  ru and kk locales) or on TAB makes a cell of each piece; a cell that starts with TAB or
  CR gets one too. Numbers and dates are written as they are.
"""

import csv
import io
import re
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

# A formula start: at the beginning of the text or after a separator, blanks or quotes between.
_FORMULA = re.compile(r"(^|[,;\t|\r\n])([\s\"']*)([=+\-@\uff1d\uff0b\uff0d\uff20])")


def spreadsheet_safe(value) -> str:
    """``value`` as text that no spreadsheet runs as a formula, however it splits the cell:
    ``"=1+1"`` -> ``"'=1+1"``, ``"Physics;=1+1;x"`` -> ``"Physics;'=1+1;x"``."""
    text = _FORMULA.sub(r"\1\2'\3", str(value))
    return f"'{text}" if text[:1] in ("\t", "\r") else text


def csv_cell(value) -> str:
    """One field: empty for None, dates as ISO 8601 (minutes for instants), numbers as they
    are, any other value as safe text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return spreadsheet_safe(value)
    if isinstance(value, int | float | Decimal):
        return str(value)
    return spreadsheet_safe(value)


def csv_text(rows: Iterable[Iterable]) -> str:
    """The rows as CSV text (byte order mark first), every field quoted and made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([csv_cell(value) for value in row])
    return "\ufeff" + buffer.getvalue()


def csv_bytes(rows: Iterable[Iterable]) -> bytes:
    """``csv_text`` encoded as UTF-8."""
    return csv_text(rows).encode("utf-8")
