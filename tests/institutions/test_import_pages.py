"""The office's import pages: who may see them, the upload form, progress, report, template."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from erasmusdesk.institutions.agreement_import import COLUMNS, MAX_FILE_SIZE
from erasmusdesk.institutions.models import Agreement, AgreementImport, Institution
from erasmusdesk.institutions.models.import_job import ImportStatus
from erasmusdesk.institutions.office_views import ImportForm

pytestmark = pytest.mark.django_db

ROLES = ["owner", "other_applicant", "evaluator", "coordinator", "partner_contact", "anonymous"]
UPLOAD = "/en/office/agreements/import/"
TEMPLATE = "/en/office/agreements/import/template.csv"

CSV_HEADER = (
    "partner_erasmus_code,first_academic_year,last_academic_year,direction,mobility_type,"
    "isced_code,eqf_levels,mobilities_per_year,total_months_per_year\r\n"
)


@pytest.fixture(autouse=True)
def _import_settings(settings, tmp_path):
    settings.ERASMUSDESK_TASKS_SYNC = True
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def warsaw(db) -> Institution:
    return Institution.objects.create(
        name="University of Warsaw",
        country="PL",
        city="Warsaw",
        latitude=Decimal("52.23"),
        longitude=Decimal("21.01"),
        erasmus_code="PL WARSZAW01",
        ewp_hei_id="uw.edu.pl",
    )


@pytest.fixture
def job(people) -> AgreementImport:
    """A finished job of the coordinator: row 2 accepted, row 3 rejected."""
    return AgreementImport.objects.create(
        file=ContentFile(b"x", name="agreements.csv"),
        original_name="agreements.csv",
        started_by=people["coordinator"],
        status=ImportStatus.FINISHED,
        total_rows=2,
        processed_rows=2,
        accepted_rows=1,
        rejected_rows=1,
        report=[
            {"row": 2, "status": "accepted", "partner": "University of Warsaw", "messages": []},
            {
                "row": 3,
                "status": "rejected",
                "partner": "=HYPERLINK(1)",
                "messages": ["isced_code: 9999 is not a four-digit code.", "language: x;=1+1"],
            },
        ],
    )


def _upload(client, name: str, content: bytes):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})


def _pages(job: AgreementImport) -> list[str]:
    return [
        UPLOAD,
        TEMPLATE,
        f"/en/office/agreements/import/{job.pk}/",
        f"/en/office/agreements/import/{job.pk}/report.csv",
    ]


# Who may see the pages


@pytest.mark.parametrize("role", ROLES)
def test_pages_are_for_coordinators_only(client_as, people, job, role):
    client = client_as(people[role])
    for path in _pages(job):
        response = client.get(path)
        if role == "coordinator":
            assert response.status_code == 200, path
        elif role == "anonymous":
            assert response.status_code == 302, path
            assert response["Location"] == f"/en/admin/login/?next={path}", path
        else:
            assert response.status_code == 404, path


def test_another_coordinator_sees_the_jobs_of_the_office(client_as, people, job):
    colleague = get_user_model().objects.create_user("colleague", is_staff=True)
    colleague.groups.add(Group.objects.get(name="coordinators"))
    client = client_as(colleague)

    assert [client.get(path).status_code for path in _pages(job)] == [200] * 4


def test_staff_without_the_agreement_permission_gets_404(client_as, job):
    clerk = get_user_model().objects.create_user("clerk", is_staff=True)
    client = client_as(clerk)

    assert [client.get(path).status_code for path in _pages(job)] == [404] * 4


def test_anonymous_upload_is_refused_and_saves_nothing(client, warsaw):
    response = _upload(client, "a.csv", CSV_HEADER.encode() + b"PL WARSZAW01,2026,2027\r\n")

    assert response.status_code == 302
    assert not AgreementImport.objects.exists()


def test_unknown_job_is_404(client_as, people):
    assert client_as(people["coordinator"]).get(f"{UPLOAD}999/").status_code == 404


# Upload


def test_upload_form_accepts_csv_and_xlsx(client_as, people):
    html = client_as(people["coordinator"]).get(UPLOAD).content.decode()

    assert 'accept=".csv,.xlsx"' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'href="/en/office/agreements/import/template.csv"' in html


def test_upload_runs_the_import_and_shows_the_rows_rejected_first(client_as, people, warsaw):
    content = CSV_HEADER + (
        "PL WARSZAW01,2026,2027,outgoing,student_studies,0413,6,1,5\r\n"
        "PL WARSZAW01,2026,2027,outgoing,student_studies,9999,6,1,5\r\n"
    )
    client = client_as(people["coordinator"])

    response = _upload(client, "agreements.csv", content.encode())

    job = AgreementImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/office/agreements/import/{job.pk}/"
    html = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in html
    assert "<progress" not in html
    assert f'href="/en/office/agreements/import/{job.pk}/report.csv"' in html
    rejected_at = html.index("isced_code: 9999 is not a four-digit code of the ISCED-F 2013 list.")
    assert html.index('class="import-row-rejected"') < html.index('class="import-row-accepted"')
    assert rejected_at < html.index('class="import-row-accepted"')
    assert Agreement.objects.get().conditions.count() == 1
    assert job.started_by == people["coordinator"]


def test_job_page_names_the_ignored_columns(client_as, people, warsaw):
    content = CSV_HEADER.replace("\r\n", ",Notes\r\n") + (
        "PL WARSZAW01,2026,2027,outgoing,student_studies,0413,6,1,5,call Anna\r\n"
    )
    client = client_as(people["coordinator"])

    response = client.get(_upload(client, "agreements.csv", content.encode())["Location"])

    assert "Columns ignored (not columns of an import): <code>Notes</code>" in (
        response.content.decode()
    )
    assert AgreementImport.objects.get().accepted_rows == 1


def test_post_without_a_file_shows_the_field_error(client_as, people):
    response = client_as(people["coordinator"]).post(UPLOAD)

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "Only CSV and XLSX files can be imported."),
        ("agreements.xlsx", b"\x00\x01garbage", "The file is not a valid XLSX workbook."),
        ("agreements.csv", b"", "The file is empty: choose the file again."),
        ("agreements.csv", b"name,city\r\nWarsaw,Warsaw\r\n", "Missing column(s): "),
    ],
)
def test_unreadable_upload_shows_the_reason_and_saves_nothing(
    client_as, people, name, content, message
):
    response = _upload(client_as(people["coordinator"]), name, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not AgreementImport.objects.exists()


def test_file_over_20_mb_is_refused_by_its_size_before_it_is_read():
    upload = SimpleUploadedFile("agreements.csv", b"")
    upload.size = MAX_FILE_SIZE + 1

    form = ImportForm(files={"file": upload})

    assert not form.is_valid()
    assert form.errors["file"] == ["The file is 20.0 MB; the limit is 20 MB."]


def test_file_of_exactly_20_mb_passes_the_size_check():
    upload = SimpleUploadedFile("agreements.csv", b"x")
    upload.size = MAX_FILE_SIZE

    assert ImportForm(files={"file": upload}).is_valid()


# Progress


def test_running_job_shows_progress_and_refreshes_itself(client_as, people, job):
    job.status = ImportStatus.RUNNING
    job.total_rows, job.processed_rows = 1000, 400
    job.save()

    html = client_as(people["coordinator"]).get(f"{UPLOAD}{job.pk}/").content.decode()

    assert '<meta http-equiv="refresh" content="2">' in html
    assert '<progress id="import-progress" value="400" max="1000">' in html
    assert "400 of 1000 rows processed (40 %)" in html
    assert "import-row-" not in html


def test_failed_job_shows_its_error(client_as, people, job):
    job.status = ImportStatus.FAILED
    job.error = "The file is not a valid XLSX workbook."
    job.save()

    html = client_as(people["coordinator"]).get(f"{UPLOAD}{job.pk}/").content.decode()

    assert "The import failed: The file is not a valid XLSX workbook." in html
    assert "http-equiv" not in html


# Downloads


def test_report_csv_lists_rejected_rows_first_and_defuses_formulas(client_as, people, job):
    response = client_as(people["coordinator"]).get(f"{UPLOAD}{job.pk}/report.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="agreement-import-{job.pk}-report.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [
        ["row", "status", "partner", "reasons"],
        [
            "3",
            "rejected",
            "'=HYPERLINK(1)",
            "isced_code: 9999 is not a four-digit code. | language: x;'=1+1",
        ],
        ["2", "accepted", "University of Warsaw", ""],
    ]
    assert text.splitlines()[1] == '"3","rejected","\'=HYPERLINK(1)",' + (
        '"isced_code: 9999 is not a four-digit code. | language: x;\'=1+1"'
    )


def test_template_has_the_columns_and_two_examples_that_import(client_as, people, warsaw):
    client = client_as(people["coordinator"])
    response = client.get(TEMPLATE)

    assert 'filename="agreement-import-template.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == COLUMNS
    assert all(line.startswith('"') and line.endswith('"') for line in text.splitlines())
    assert len(rows) == 3

    _upload(client, "template.csv", response.content)

    job = AgreementImport.objects.get()
    assert (job.accepted_rows, job.rejected_rows) == (2, 0)
    agreement = Agreement.objects.get()
    assert (agreement.status, agreement.conditions.count()) == ("signed", 2)
