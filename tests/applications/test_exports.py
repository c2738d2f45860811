"""The office's exports of a call's applications: CSV, XLSX and a ZIP of every document."""

import csv
import hashlib
import io
import zipfile
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from erasmusdesk.applications import exports
from erasmusdesk.applications.completeness import completeness
from erasmusdesk.applications.models import Application, Document, Review
from erasmusdesk.core.models import AuditEntry
from tests.factories import applications as builders

pytestmark = pytest.mark.django_db
BASE = "/en/office/applications/icm-test-2026/"
HEADER = [
    "Reference",
    "State",
    "Round",
    "Submitted at (local time)",
    "Family name",
    "Given names",
    "E-mail",
    "Category",
    "Faculty",
    "Programme",
    "Year of study",
    "Grade average",
    "Grade scale",
    "Subject area",
    "Preference 1",
    "Preference 2",
    "Preference 3",
    "Documents uploaded",
    "Documents required",
    "Complete",
]


@pytest.fixture
def coordinator(client_as, people):
    builders.office_permissions()
    return client_as(people["coordinator"])


@pytest.fixture
def submitted(people, call):
    """The owner's submitted application (faculty written in Cyrillic), 10:30 in Almaty."""
    builders.applicant_profile(people["owner"], faculty="Экономический факультет")
    application = builders.application(people["owner"], call, state="submitted")
    Application.objects.filter(pk=application.pk).update(
        submitted_at=datetime(2026, 11, 2, 5, 30, tzinfo=UTC)
    )
    application.refresh_from_db()
    return application


def _person(username: str, **profile):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username, email=f"{username}@example.org")
    builders.applicant_profile(user, **profile)
    return user


def _csv(response) -> list[list[str]]:
    data = response.content
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


# CSV ---------------------------------------------------------------------------------------


def test_csv_is_utf8_with_bom_and_has_every_column(coordinator, people, submitted):
    response = coordinator.get(f"{BASE}applications.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'attachment; filename="icm-test-2026-applications.csv"' == (response["Content-Disposition"])
    )
    lines = _csv(response)
    assert lines[0] == HEADER
    assert lines[1] == [
        submitted.reference,
        "submitted",
        "normal round",
        "2026-11-02 10:30",
        "Kurmangazykyzy",
        "Asel",
        "applicant_a@example.org",
        "bachelor student",
        "Экономический факультет",
        "Economics (BSc)",
        "2",
        "3.67",
        "4.0",
        "0311 Economics",
        "Uniwersytet Testowy",
        "Universidade de Teste",
        "",
        "5",
        "5",
        "yes",
    ]


def test_csv_follows_the_filters(coordinator, people, call, submitted):
    other = builders.application(_person("bolat"), call, state="eligible", documents=False)
    lines = _csv(coordinator.get(f"{BASE}applications.csv?state=eligible"))
    assert [line[0] for line in lines[1:]] == [other.reference]
    assert lines[1][-3:] == ["0", "5", "no"]
    lines = _csv(coordinator.get(f"{BASE}applications.csv?sort=-reference"))
    assert [line[0] for line in lines[1:]] == [other.reference, submitted.reference]


def test_csv_cells_never_run_as_formulas(coordinator, people, call):
    builders.application(_person("formula", faculty='=HYPERLINK("http://x")'), call)
    lines = _csv(coordinator.get(f"{BASE}applications.csv"))
    assert lines[1][8] == '\'=HYPERLINK("http://x")'


def test_csv_quotes_every_field_and_defuses_formulas_after_a_separator(coordinator, call):
    builders.application(
        _person("splitter", faculty="Physics;=1+1;x", programme="Maths\t=2+2"), call
    )
    response = coordinator.get(f"{BASE}applications.csv")
    lines = _csv(response)
    assert lines[1][8] == "Physics;'=1+1;x"
    assert lines[1][9] == "Maths\t'=2+2"
    body = response.content.decode("utf-8-sig")
    for line in body.splitlines():
        assert line.startswith('"') and line.endswith('"'), line


# XLSX --------------------------------------------------------------------------------------


def test_xlsx_has_a_bold_frozen_header_widths_and_real_dates(coordinator, people, submitted):
    response = coordinator.get(f"{BASE}applications.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "icm-test-2026-applications.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]] == HEADER
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["A"].width == 12
    assert sheet.column_dimensions["I"].width == 28
    row = [cell.value for cell in sheet[2]]
    assert row[0] == submitted.reference
    assert row[3] == datetime(2026, 11, 2, 10, 30)
    assert sheet.cell(row=2, column=4).number_format == "yyyy-mm-dd hh:mm"
    assert row[8] == "Экономический факультет"
    assert row[10] == 2
    assert Decimal(str(row[11])) == Decimal("3.67")
    assert row[17:] == [5, 5, "yes"]


def test_xlsx_stores_a_formula_as_text(coordinator, people, call):
    builders.application(_person("formula", faculty="=1+2"), call)
    response = coordinator.get(f"{BASE}applications.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet["I2"].value == "'=1+2"
    assert sheet["I2"].data_type == "s"


# ZIP ---------------------------------------------------------------------------------------


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_zip_has_a_folder_per_reference_and_each_files_exact_bytes(
    coordinator, people, call, submitted
):
    builders.add_image(submitted, name="Паспорт скан.png")
    other = builders.application(_person("bolat"), call, state="eligible")
    response = coordinator.get(f"{BASE}documents.zip")
    assert 'filename="icm-test-2026-documents.zip"' in response["Content-Disposition"]
    archive = _zip(response)
    assert archive.testzip() is None
    manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig"))))
    documents = Document.objects.filter(application__call=call)
    assert len(manifest) == documents.count() == 10
    for line in manifest:
        data = archive.read(line["file"])
        assert hashlib.sha256(data).hexdigest() == line["sha256"]
        assert int(line["size"]) == len(data)
        reference = line["reference"]
        assert line["file"].startswith(f"{reference}/{line['document']}-")
        assert documents.filter(application__reference=reference, sha256=line["sha256"]).exists()
    names = archive.namelist()
    assert f"{submitted.reference}/recommendation_letter-2-recommendation_letter-2.pdf" in names
    assert f"{submitted.reference}/passport_copy-1-Паспорт_скан.png" in names
    assert f"{other.reference}/transcript-1-transcript-1.pdf" in names
    for info in archive.infolist():
        if info.filename.endswith((".pdf", ".png")):
            assert info.compress_type == zipfile.ZIP_STORED


def test_zip_manifest_is_written_by_the_safe_csv_writer(coordinator, people, submitted):
    archive = _zip(coordinator.get(f"{BASE}documents.zip"))
    text = archive.read("manifest.csv").decode("utf-8")
    assert text.startswith('\ufeff"reference","document","file","size","sha256","note"\r\n')
    for line in text[1:].splitlines():
        assert line.startswith('"') and line.endswith('"'), line


def test_zip_follows_the_filters(coordinator, people, call, submitted):
    builders.application(_person("bolat"), call, state="eligible")
    archive = _zip(coordinator.get(f"{BASE}documents.zip?state=submitted"))
    folders = {name.split("/")[0] for name in archive.namelist() if "/" in name}
    assert folders == {submitted.reference}


def test_zip_lists_a_file_missing_from_storage(coordinator, people, submitted):
    lost = submitted.documents.get(document_type__code="transcript")
    default_storage.delete(lost.file.name)
    archive = _zip(coordinator.get(f"{BASE}documents.zip"))
    manifest = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig"))))
    missing = [line for line in manifest if line["note"]]
    assert [(line["document"], line["file"], line["sha256"]) for line in missing] == [
        ("transcript", "", lost.sha256)
    ]
    assert len(archive.namelist()) == 1 + 4


def test_zip_entry_names_are_safe(people, submitted):
    document = submitted.documents.first()
    document.display_name = "../../etc/pass wd?.pdf"
    assert exports.zip_entry_name(document) == "application_form-1-pass_wd.pdf"
    document.display_name = "..\\..\\boot.ini"
    assert exports.zip_entry_name(document) == "application_form-1-boot.ini"
    document.display_name = "x" * 150 + ".pdf"
    name = exports.zip_entry_name(document)
    assert name.endswith("x.pdf")
    assert len(name) == len("application_form-1-") + exports.ZIP_NAME_LENGTH
    document.display_name = "..."
    assert exports.zip_entry_name(document) == "application_form-1-file"


# Audit and queries -------------------------------------------------------------------------


def test_every_export_is_audited(coordinator, people, call, submitted):
    coordinator.get(f"{BASE}applications.csv?state=submitted")
    coordinator.get(f"{BASE}applications.xlsx")
    coordinator.get(f"{BASE}documents.zip")
    entries = AuditEntry.objects.filter(action="erasmusdesk.applications.exported").order_by("id")
    assert [entry.data["format"] for entry in entries] == ["csv", "xlsx", "zip"]
    assert all(entry.actor == people["coordinator"] for entry in entries)
    assert all(entry.object_id == str(call.pk) for entry in entries)
    assert entries[0].data["filters"] == "state=submitted"
    assert entries[0].data["count"] == 1
    assert entries[2].data["files"] == 5


@pytest.mark.parametrize("name", ["applications.csv", "applications.xlsx", "documents.zip"])
def test_export_queries_do_not_grow_with_applications(
    coordinator, people, call, submitted, name, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as one:
        response = coordinator.get(f"{BASE}{name}")
        _body(response)
    for username in ("second", "third"):
        builders.application(_person(username), call, state="submitted")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = coordinator.get(f"{BASE}{name}")
        _body(response)


def test_rows_count_what_completeness_counts(people, call, submitted):
    """The list's counts (from prefetched data) agree with completeness.completeness."""
    short = builders.application(_person("short"), call, motivation="too short")
    no_profile = builders.application(people["other_applicant"], call, documents=False)
    rejected = builders.application(_person("rejected"), call, state="returned")
    Document.objects.filter(application=rejected, document_type__code="transcript").update(
        review=Review.REJECTED, review_reason="Unsigned."
    )
    teacher = builders.application(
        _person("teacher", category="teacher", year_of_study=None, grade_average=None),
        call,
        category="teacher",
        period="",
    )
    applications = [submitted, short, no_profile, rejected, teacher]
    queryset = exports.office_queryset().filter(pk__in=[a.pk for a in applications])
    for row in exports.rows(queryset):
        expected = completeness(Application.objects.get(pk=row.application.pk))
        assert (row.done, row.total) == (expected.done_count, len(expected.items)), (
            row.application.reference
        )
        assert row.is_complete == expected.is_complete
