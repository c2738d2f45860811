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

from erasmusdesk.institutions.agreement_import.jobs import run_import, start_import
from erasmusdesk.institutions.agreement_import.reading import (
    COLUMNS,
    MAX_FILE_SIZE,
    MAX_ROWS,
    ImportFileError,
    read_table,
    template_rows,
)

__all__ = [
    "COLUMNS",
    "MAX_FILE_SIZE",
    "MAX_ROWS",
    "ImportFileError",
    "read_table",
    "run_import",
    "start_import",
    "template_rows",
]
