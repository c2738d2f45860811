"""Importing grading tables from CSV or XLSX, with a report per row."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from erasmusdesk.mobility.grading_import import import_grading_tables
from erasmusdesk.mobility.models import GradingTable
from tests.factories import mobility as builders

HEADER = "institution,isced_f_code,eqf_level,grading_scheme,years,grade,percentage\n"


def test_valid_tables_are_saved_and_a_wrong_one_is_reported_row_by_row(db):
    builders.home()
    text = HEADER + (
        ",0311,6,A-F,2023-2025,A,10\n,0311,6,A-F,2023-2025,B,90\n"
        ",0413,6,A-F,2023-2025,A,10\n,0413,6,A-F,2023-2025,B,80\n"
        ",9999,6,A-F,2023-2025,A,100\n"
    )
    report = import_grading_tables("tables.csv", text.encode(), by=None)
    assert report.tables == 1
    assert [(r.line, r.status) for r in report.rows] == [
        (2, "accepted"),
        (3, "accepted"),
        (4, "rejected"),
        (5, "rejected"),
        (6, "rejected"),
    ]
    assert "add up to 90, not 100" in report.rows[2].message
    assert "9999 is not a four-digit code" in report.rows[4].message
    table = GradingTable.objects.get()
    assert [(r.grade, r.percentage) for r in table.rows.all()] == [("A", 10), ("B", 90)]


def test_an_xlsx_file_is_read_and_the_page_shows_the_report(db, people, client_as):
    builders.home()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["", "0311", "6", "A-F", "2023-2025", "A", 40])
    sheet.append(["", "0311", "6", "A-F", "2023-2025", "B", 60])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client_as(people["coordinator"]).post(
        reverse("mobility_office:grading_tables"),
        {"file": SimpleUploadedFile("tables.xlsx", buffer.getvalue())},
    )
    page = response.content.decode()
    assert "1 table saved." in page and "accepted" in page
    assert GradingTable.objects.count() == 1


@pytest.mark.parametrize("role", ["owner", "partner_contact", "evaluator"])
def test_only_the_office_imports(db, people, client_as, role):
    assert client_as(people[role]).get(reverse("mobility_office:grading_tables")).status_code == 404


def test_a_file_without_the_columns_is_refused(db):
    with pytest.raises(ValueError, match="Columns missing"):
        import_grading_tables("t.csv", b"grade,percentage\nA,100\n", by=None)
