"""The office's list of a call's applications as rows, and its exports: CSV, XLSX and a ZIP
of every document (issue "Applicant portal", part 6 "Office").

The same rows feed the list page and the exports, so that what the office sees is what it
downloads. Rows are built with a constant number of queries whatever the number of
applications (``office_queryset`` prefetches; ``rows`` reads the document rules once), so
that a call of a thousand applications exports as fast as a call of ten.

Rules of the files:
- CSV is written by ``core.csvfile`` (UTF-8 with a byte order mark, every field quoted, no
  formula start left anywhere in a cell: CSV injection).
- XLSX has a bold, frozen header row, set column widths, and instants as real date-times in
  the institution's zone (spreadsheets have no time zones).
- The ZIP has a folder per reference, files named "<document code>-<slot>-<display name>"
  and a manifest.csv; it is written to a temporary file on disk, never whole in memory, and
  PDFs and images are stored without compression (they are compressed already).
"""

import shutil
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath

from django.core.exceptions import SuspiciousFileOperation
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from erasmusdesk.accounts.services import profile_of
from erasmusdesk.applications.completeness import completeness
from erasmusdesk.applications.models import Application, Document, Preference
from erasmusdesk.calls.models import ApplicantCategory, RequiredDocument
from erasmusdesk.core import clock
from erasmusdesk.core.csvfile import csv_bytes, spreadsheet_safe
from erasmusdesk.institutions import isced

STORED_KINDS = frozenset({"pdf", "jpg", "png"})
ZIP_NAME_LENGTH = 100
COPY_CHUNK = 1024 * 1024


def office_queryset() -> QuerySet:
    """Applications with everything a row needs, in a constant number of queries."""
    return Application.objects.select_related("applicant__profile", "call").prefetch_related(
        Prefetch(
            "preferences",
            queryset=Preference.objects.select_related("place__agreement__partner"),
        ),
        Prefetch(
            "documents",
            queryset=Document.objects.select_related("document_type", "reviewed_by"),
        ),
    )


def latin_name(user) -> str:
    """ "FAMILY Given" from the profile (as in the passport), else the account's name."""
    profile = profile_of(user)
    if profile is not None and (profile.family_name or profile.given_names):
        return f"{profile.family_name.upper()} {profile.given_names}".strip()
    return user.get_full_name() or user.get_username()


@dataclass(frozen=True)
class Row:
    """One application as the office's list and exports show it."""

    application: Application
    profile: object | None
    name: str
    done: int
    total: int
    uploaded: int
    required: int
    partners: list[str]

    @property
    def is_complete(self) -> bool:
        return self.done == self.total


def _rules_by_call_and_category(
    applications: list[Application],
) -> dict[tuple[int, str], list[RequiredDocument]]:
    call_ids = {application.call_id for application in applications}
    rules = defaultdict(list)
    if call_ids:
        for rule in (
            RequiredDocument.objects.filter(call_id__in=call_ids)
            .select_related("document_type")
            .order_by("document_type__position", "document_type__code")
        ):
            rules[(rule.call_id, rule.category)].append(rule)
    return rules


def _row(application: Application, rules: list[RequiredDocument]) -> Row:
    """The completeness counts of ``application`` (completeness.completeness on the
    prefetched preferences, documents and profile) and its files uploaded and required."""
    state = completeness(application, rules=rules)
    preferences = list(application.preferences.all())
    documents = list(application.documents.all())
    uploaded = sum(
        min(sum(1 for d in documents if d.document_type_id == rule.document_type_id), rule.count)
        for rule in rules
    )
    required = sum(rule.count for rule in rules if rule.is_required)
    return Row(
        application=application,
        profile=profile_of(application.applicant),
        name=latin_name(application.applicant),
        done=state.done_count,
        total=state.total,
        uploaded=uploaded,
        required=required,
        partners=[p.place.agreement.partner.name for p in preferences],
    )


def rows(applications: Iterable[Application]) -> list[Row]:
    """The rows of ``applications`` (from ``office_queryset``): one more query in all."""
    applications = list(applications)
    rules = _rules_by_call_and_category(applications)
    return [_row(a, rules.get((a.call_id, a.category), [])) for a in applications]


# Exports -----------------------------------------------------------------------------------


def _columns() -> list[tuple[str, int]]:
    """(header, width in characters) of the exported list, in the current language."""
    return [
        (_("Reference"), 12),
        (_("State"), 22),
        (_("Round"), 14),
        (_("Submitted at (local time)"), 20),
        (_("Family name"), 20),
        (_("Given names"), 22),
        (_("E-mail"), 30),
        (_("Category"), 18),
        (_("Faculty"), 28),
        (_("Programme"), 28),
        (_("Year of study"), 8),
        (_("Grade average"), 10),
        (_("Grade scale"), 10),
        (_("Subject area"), 36),
        (_("Preference 1"), 32),
        (_("Preference 2"), 32),
        (_("Preference 3"), 32),
        (_("Documents uploaded"), 10),
        (_("Documents required"), 10),
        (_("Complete"), 10),
    ]


def _local(instant: datetime | None) -> datetime | None:
    """An instant in the institution's zone, without the zone (spreadsheets have none)."""
    if instant is None:
        return None
    return timezone.localtime(instant).replace(tzinfo=None, microsecond=0)


def subject_area_label(code: str) -> str:
    if not code:
        return ""
    return isced.label(code) if isced.is_valid(code) else code


def _values(row: Row) -> list:
    """One exported line: text, numbers and naive local date-times."""
    application, profile = row.application, row.profile
    partners = (row.partners + ["", "", ""])[:3]
    return [
        application.reference,
        str(application.state_label),
        str(application.get_round_display()) if application.round else "",
        _local(application.submitted_at),
        profile.family_name if profile else application.applicant.last_name,
        profile.given_names if profile else application.applicant.first_name,
        application.applicant.email,
        str(ApplicantCategory(application.category).label) if application.category else "",
        getattr(profile, "faculty", "") or "",
        getattr(profile, "programme", "") or "",
        getattr(profile, "year_of_study", None),
        getattr(profile, "grade_average", None),
        getattr(profile, "grade_scale", "") or "",
        subject_area_label(application.subject_area),
        *partners,
        row.uploaded,
        row.required,
        _("yes") if row.is_complete else _("no"),
    ]


def list_csv(export_rows: list[Row]) -> bytes:
    """The list as CSV (``core.csvfile``: UTF-8 with a byte order mark, CRLF line ends)."""
    header = [header for header, _width in _columns()]
    return csv_bytes([header, *(_values(row) for row in export_rows)])


def _xlsx_cell(value):
    if isinstance(value, str):
        # openpyxl would store "=..." as a formula; a spreadsheet must never run one.
        return spreadsheet_safe(value) if value[:1] == "=" else value
    return value


def list_xlsx(export_rows: list[Row], file) -> None:
    """Write the list as an XLSX workbook to the binary ``file``."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Applications")[:31]
    columns = _columns()
    sheet.append([header for header, _width in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for index, (_header, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    submitted_column = 4
    for row in export_rows:
        sheet.append([_xlsx_cell(value) for value in _values(row)])
        cell = sheet.cell(row=sheet.max_row, column=submitted_column)
        if cell.value is not None:
            cell.number_format = "yyyy-mm-dd hh:mm"
    workbook.save(file)


def zip_entry_name(document: Document) -> str:
    """ "<document code>-<slot>-<display name>", safe as a file name in any archive tool:
    the last part of a path only, no characters a file system refuses, at most
    ZIP_NAME_LENGTH characters keeping the extension."""
    last = PurePosixPath(document.display_name.replace("\\", "/")).name
    try:
        cleaned = get_valid_filename(last).lstrip("._")
    except SuspiciousFileOperation:
        cleaned = ""
    cleaned = cleaned or "file"
    if len(cleaned) > ZIP_NAME_LENGTH:
        stem, dot, extension = cleaned.rpartition(".")
        keep = ZIP_NAME_LENGTH - len(extension) - 1 if dot and len(extension) <= 5 else 0
        cleaned = f"{stem[:keep]}.{extension}" if keep > 0 else cleaned[:ZIP_NAME_LENGTH]
    return f"{document.document_type.code}-{document.slot}-{cleaned}"


@dataclass(frozen=True)
class ZipSummary:
    files: int
    missing: int
    size: int
    # (application id, document id) of every file written, for the document access log.
    included: tuple[tuple[int, int], ...] = ()


def documents_zip(applications: Iterable[Application], file, *, storage) -> ZipSummary:
    """Write every document of ``applications`` (from ``office_queryset``) into the binary
    ``file`` as a ZIP: a folder per reference and manifest.csv (reference, document, file,
    size, sha256, note). Each file is copied from ``storage`` in chunks; a file the storage
    no longer has is listed in the manifest with a note instead of stopping the export."""
    manifest = [["reference", "document", "file", "size", "sha256", "note"]]
    files = missing = total = 0
    included = []
    with zipfile.ZipFile(file, "w", allowZip64=True) as archive:
        for application in applications:
            for document in application.documents.all():
                name = f"{application.reference}/{zip_entry_name(document)}"
                info = zipfile.ZipInfo(name, date_time=_zip_time(document.uploaded_at))
                info.compress_type = (
                    zipfile.ZIP_STORED if document.kind in STORED_KINDS else zipfile.ZIP_DEFLATED
                )
                try:
                    source = storage.open(document.file.name, "rb")
                except (FileNotFoundError, OSError):
                    missing += 1
                    manifest.append(
                        [
                            application.reference,
                            document.document_type.code,
                            "",
                            document.size,
                            document.sha256,
                            _("missing from storage"),
                        ]
                    )
                    continue
                with source, archive.open(info, "w", force_zip64=True) as target:
                    shutil.copyfileobj(source, target, COPY_CHUNK)
                files += 1
                total += document.size
                included.append((application.pk, document.pk))
                manifest.append(
                    [
                        application.reference,
                        document.document_type.code,
                        name,
                        document.size,
                        document.sha256,
                        "",
                    ]
                )
        info = zipfile.ZipInfo("manifest.csv", date_time=_zip_time(clock.now()))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, csv_bytes(manifest))
    return ZipSummary(files=files, missing=missing, size=total, included=tuple(included))


def _zip_time(instant: datetime | None) -> tuple[int, int, int, int, int, int]:
    local = _local(instant or clock.now())
    return (max(local.year, 1980), local.month, local.day, local.hour, local.minute, local.second)


def temporary_file():
    """A temporary file on disk (deleted when closed) for an export being written."""
    return tempfile.TemporaryFile()
