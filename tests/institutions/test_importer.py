"""Importing agreements from CSV and XLSX files: readable files, rows accepted or rejected."""

import csv
import io
import threading
import time
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from erasmusdesk.core.models import AuditEntry
from erasmusdesk.institutions import isced
from erasmusdesk.institutions.agreement_import import (
    ImportFileError,
    read_table,
    run_import,
    start_import,
)
from erasmusdesk.institutions.models import (
    Agreement,
    AgreementImport,
    AgreementStatus,
    Institution,
    MobilityCondition,
)
from erasmusdesk.institutions.models.import_job import ImportStatus
from erasmusdesk.institutions.services import save_agreement

pytestmark = pytest.mark.django_db

HEADER = [
    "partner_erasmus_code",
    "first_academic_year",
    "last_academic_year",
    "status",
    "direction",
    "mobility_type",
    "isced_code",
    "eqf_levels",
    "mobilities_per_year",
    "total_months_per_year",
    "total_days_per_year",
]


@pytest.fixture(autouse=True)
def _import_settings(settings, tmp_path):
    settings.ERASMUSDESK_TASKS_SYNC = True
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def warsaw(db) -> Institution:
    return _institution("University of Warsaw", "PL", "PL WARSZAW01", "uw.edu.pl")


@pytest.fixture
def prague(db) -> Institution:
    return _institution("Charles University", "CZ", "CZ PRAHA07", "cuni.cz")


def _institution(name: str, country: str, code: str, ewp_id: str, **extra) -> Institution:
    return Institution.objects.create(
        name=name,
        country=country,
        city="City",
        latitude=Decimal("50.0"),
        longitude=Decimal("20.0"),
        erasmus_code=code,
        ewp_hei_id=ewp_id,
        **extra,
    )


def _row(**values) -> dict[str, str]:
    """A valid student row for the University of Warsaw, 2026/2027 - 2028/2029."""
    row = {
        "partner_erasmus_code": "PL WARSZAW01",
        "first_academic_year": "2026",
        "last_academic_year": "2028",
        "status": "",
        "direction": "outgoing",
        "mobility_type": "student_studies",
        "isced_code": "0413",
        "eqf_levels": "6;7",
        "mobilities_per_year": "2",
        "total_months_per_year": "10",
        "total_days_per_year": "",
    }
    row.update(values)
    return row


def _staff_row(**values) -> dict[str, str]:
    return _row(
        **{
            "mobility_type": "staff_teaching",
            "eqf_levels": "",
            "total_months_per_year": "",
            "total_days_per_year": "5",
            **values,
        }
    )


def _csv(rows: list[dict], *, delimiter: str = ",", bom: bool = False) -> bytes:
    header = list(dict.fromkeys(name for row in rows for name in row)) if rows else HEADER
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def _import(content: bytes, name: str = "agreements.csv", by=None) -> AgreementImport:
    return start_import(SimpleUploadedFile(name, content), by=by)


def _messages(job: AgreementImport, row: int) -> list[str]:
    return next(entry["messages"] for entry in job.report if entry["row"] == row)


def _statuses(job: AgreementImport) -> list[str]:
    return [entry["status"] for entry in job.report]


# Accepted rows and agreements


def test_valid_rows_make_one_agreement_with_their_conditions(warsaw):
    job = _import(_csv([_row(), _staff_row(direction="incoming")]))

    assert job.status == ImportStatus.FINISHED
    assert (job.total_rows, job.processed_rows, job.accepted_rows, job.rejected_rows) == (
        2,
        2,
        2,
        0,
    )
    assert job.report == [
        {"row": 2, "partner": "University of Warsaw", "status": "accepted", "messages": []},
        {"row": 3, "partner": "University of Warsaw", "status": "accepted", "messages": []},
    ]
    agreement = Agreement.objects.get()
    assert (agreement.partner, agreement.years_label, agreement.status) == (
        warsaw,
        "2026/2027 – 2028/2029",
        AgreementStatus.DRAFT,
    )
    staff, student = agreement.conditions.order_by("mobility_type")
    assert (student.eqf_levels, student.total_months_per_year) == ("6,7", Decimal("10"))
    assert (staff.direction, staff.total_days_per_year, staff.eqf_levels) == ("incoming", 5, "")


def test_rows_with_other_years_or_partner_make_other_agreements(warsaw, prague):
    rows = [
        _row(),
        _row(isced_code="0613"),
        _row(first_academic_year="2029", last_academic_year="2030"),
        _row(partner_erasmus_code="CZ PRAHA07"),
    ]
    job = _import(_csv(rows))

    assert _statuses(job) == ["accepted"] * 4
    counts = {
        (a.partner.erasmus_code, a.first_academic_year): a.conditions.count()
        for a in Agreement.objects.all()
    }
    assert counts == {("PL WARSZAW01", 2026): 2, ("PL WARSZAW01", 2029): 1, ("CZ PRAHA07", 2026): 1}


def test_existing_agreement_with_the_same_years_is_extended(warsaw):
    existing = Agreement.objects.create(
        partner=warsaw, first_academic_year=2026, last_academic_year=2028
    )
    job = _import(_csv([_row(), _row(last_academic_year="2027", isced_code="0613")]))

    assert _statuses(job) == ["accepted", "accepted"]
    assert existing.conditions.count() == 1
    assert Agreement.objects.count() == 2
    assert AuditEntry.objects.filter(action="erasmusdesk.agreement.changed").count() == 1
    assert AuditEntry.objects.filter(action="erasmusdesk.agreement.created").count() == 1


def test_partner_is_found_by_ewp_id_or_by_both_identifiers(warsaw):
    rows = [
        _row(partner_erasmus_code="", partner_ewp_id="UW.edu.pl"),
        _row(partner_erasmus_code="pl warszaw01", partner_ewp_id="uw.edu.pl", isced_code="0613"),
    ]
    job = _import(_csv(rows))

    assert _statuses(job) == ["accepted", "accepted"]
    assert warsaw.agreements.get().conditions.count() == 2


def test_signed_agreement_keeps_its_dates(warsaw):
    row = _row(status="signed", home_signed_on="2026-03-02", partner_signed_on="2026-03-10")
    job = _import(_csv([row]))

    assert _statuses(job) == ["accepted"]
    agreement = Agreement.objects.get()
    assert (agreement.status, agreement.home_signed_on, agreement.partner_signed_on) == (
        "signed",
        date(2026, 3, 2),
        date(2026, 3, 10),
    )


def test_leading_zero_dropped_by_a_spreadsheet_is_restored(warsaw):
    job = _import(_csv([_row(isced_code="413")]))

    assert _statuses(job) == ["accepted"]
    assert MobilityCondition.objects.get().isced_code == "0413"


def test_start_and_finish_are_audited(warsaw, people):
    job = _import(_csv([_row(), _row(isced_code="9999")]), by=people["coordinator"])

    started = AuditEntry.objects.get(action="erasmusdesk.agreement_import.started")
    finished = AuditEntry.objects.get(action="erasmusdesk.agreement_import.finished")
    assert (started.actor, started.object_id, started.data["rows"]) == (
        people["coordinator"],
        str(job.pk),
        2,
    )
    assert finished.data == {"status": "finished", "accepted": 1, "rejected": 1}


# Rejected rows and their reasons


def test_unknown_partner_is_rejected(warsaw):
    job = _import(
        _csv(
            [
                _row(partner_erasmus_code="DE BERLIN01"),
                _row(partner_erasmus_code="", partner_ewp_id="nowhere.example"),
                _row(partner_erasmus_code="not a code"),
                _row(partner_erasmus_code=""),
            ]
        )
    )

    assert _statuses(job) == ["rejected"] * 4
    assert _messages(job, 2) == [
        "partner_erasmus_code: No institution has the Erasmus code DE BERLIN01."
    ]
    assert _messages(job, 3) == ["partner_ewp_id: No institution has the EWP id nowhere.example."]
    assert _messages(job, 4) == [
        "partner_erasmus_code: not a code is not an Erasmus code (e.g. PL WARSZAW01)."
    ]
    assert _messages(job, 5) == [
        "partner_erasmus_code: Give the partner's Erasmus code or its EWP id."
    ]
    assert job.report[0]["partner"] == "DE BERLIN01"
    assert not Agreement.objects.exists()


def test_identifiers_of_two_institutions_are_rejected(warsaw, prague):
    job = _import(_csv([_row(partner_ewp_id="cuni.cz")]))

    assert _messages(job, 2) == [
        "partner_ewp_id: The Erasmus code and the EWP id name two different institutions."
    ]


def test_home_institution_is_no_partner(db):
    _institution("Home", "KZ", "KZ ATYRAU01", "asu.edu.kz", is_home=True)
    job = _import(_csv([_row(partner_erasmus_code="KZ ATYRAU01")]))

    assert _messages(job, 2) == [
        "partner_erasmus_code: The partner cannot be the home institution itself."
    ]


def test_inverted_years_are_rejected(warsaw):
    job = _import(_csv([_row(first_academic_year="2028", last_academic_year="2026")]))

    assert _messages(job, 2) == [
        "last_academic_year: The last academic year (2026/2027) is before the first (2028/2029)."
    ]
    assert not Agreement.objects.exists()


def test_unknown_isced_code_is_rejected(warsaw):
    job = _import(_csv([_row(isced_code="9999"), _row(isced_code="061")]))

    assert _messages(job, 2) == [
        "isced_code: 9999 is not a four-digit code of the ISCED-F 2013 list."
    ]
    assert _messages(job, 3) == [
        "isced_code: 061 is not a four-digit code of the ISCED-F 2013 list."
    ]


def test_staff_row_with_months_is_rejected(warsaw):
    job = _import(_csv([_staff_row(total_months_per_year="2", total_days_per_year="")]))

    assert _messages(job, 2) == [
        "total_months_per_year: Months per year apply to student mobility only.",
        "total_days_per_year: Staff mobility needs the total days per year.",
    ]
    assert not MobilityCondition.objects.exists()


def test_student_row_without_levels_or_months_is_rejected(warsaw):
    job = _import(_csv([_row(eqf_levels="", total_months_per_year="", total_days_per_year="3")]))

    assert _messages(job, 2) == [
        "eqf_levels: Student mobility needs at least one EQF level.",
        "total_months_per_year: Student mobility needs the total months per year.",
        "total_days_per_year: Days per year apply to staff mobility only.",
    ]


def test_duplicate_condition_within_the_file_is_rejected(warsaw):
    rows = [_row(), _row(eqf_levels="7", mobilities_per_year="1"), _row(eqf_levels="8")]
    job = _import(_csv(rows))

    assert _statuses(job) == ["accepted", "rejected", "accepted"]
    assert _messages(job, 3) == [
        "direction, mobility_type, isced_code, eqf_levels: The condition student mobility for "
        "studies, 0413, from us to the partner duplicates row 2 of this file for an "
        "overlapping EQF level and academic year."
    ]
    assert MobilityCondition.objects.count() == 2


def test_duplicate_is_reported_with_the_other_reasons_of_the_row(warsaw):
    job = _import(_csv([_row(), _row(mobilities_per_year="many")]))

    assert _messages(job, 3) == [
        "mobilities_per_year: many is not a whole number.",
        "direction, mobility_type, isced_code, eqf_levels: The condition student mobility for "
        "studies, 0413, from us to the partner duplicates row 2 of this file for an "
        "overlapping EQF level and academic year.",
    ]


def test_duplicate_condition_of_the_database_is_rejected(warsaw):
    existing = Agreement(partner=warsaw, first_academic_year=2025, last_academic_year=2026)
    save_agreement(
        existing,
        [
            MobilityCondition(
                direction="outgoing",
                mobility_type="student_studies",
                isced_code="0413",
                eqf_levels="7",
                mobilities_per_year=1,
                total_months_per_year=Decimal("5"),
            )
        ],
    )
    job = _import(_csv([_row(), _row(direction="incoming")]))

    assert _statuses(job) == ["rejected", "accepted"]
    assert _messages(job, 2) == [
        "direction, mobility_type, isced_code, eqf_levels: The partner already has the "
        "condition student mobility for studies, 0413, from us to the partner for an "
        "overlapping EQF level in the agreement University of Warsaw · 2025/2026 – 2026/2027."
    ]


def test_condition_of_a_terminated_agreement_is_no_duplicate(warsaw):
    terminated = Agreement.objects.create(
        partner=warsaw,
        first_academic_year=2026,
        last_academic_year=2028,
        status=AgreementStatus.TERMINATED,
        terminated_on=date(2026, 1, 1),
    )
    MobilityCondition.objects.create(
        agreement=terminated,
        mobility_type="student_studies",
        isced_code="0413",
        eqf_levels="6",
        mobilities_per_year=1,
        total_months_per_year=5,
    )
    job = _import(_csv([_row()]))

    assert _statuses(job) == ["accepted"]
    assert terminated.conditions.count() == 1
    assert Agreement.objects.count() == 2


def test_bad_dates_are_rejected(warsaw):
    row = _row(status="signed", home_signed_on="2026-02-30", partner_signed_on="10.03.2026")
    job = _import(_csv([row]))

    assert _messages(job, 2) == [
        "status: A signed agreement needs the dates on which both sides signed it.",
        "home_signed_on: 2026-02-30 is not a date written YYYY-MM-DD.",
        "partner_signed_on: 10.03.2026 is not a date written YYYY-MM-DD.",
    ]


def test_signed_agreement_needs_both_dates(warsaw):
    job = _import(_csv([_row(status="signed", home_signed_on="2026-03-02")]))

    assert _messages(job, 2) == [
        "status: A signed agreement needs the dates on which both sides signed it."
    ]


def test_bad_numbers_are_rejected(warsaw):
    job = _import(
        _csv(
            [
                _row(mobilities_per_year="two", total_months_per_year="4.5.5"),
                _row(mobilities_per_year="0", total_months_per_year="4.55"),
                _staff_row(total_days_per_year="-3"),
            ]
        )
    )

    assert _messages(job, 2) == [
        "mobilities_per_year: two is not a whole number.",
        "total_months_per_year: 4.5.5 is not a number.",
    ]
    assert _messages(job, 3) == [
        "mobilities_per_year: Ensure this value is greater than or equal to 1.",
        "total_months_per_year: Ensure that there are no more than 1 decimal place.",
    ]
    assert _messages(job, 4) == [
        "total_days_per_year: Ensure this value is greater than or equal to 0."
    ]
    assert not MobilityCondition.objects.exists()


def test_every_reason_of_a_row_is_reported(warsaw):
    row = _row(
        first_academic_year="2026/2028",
        direction="sideways",
        isced_code="9999",
        eqf_levels="6;9",
        language="xx",
    )
    job = _import(_csv([row]))

    assert _messages(job, 2) == [
        "first_academic_year: 2026/2028 is not an academic year: write 2026 (or 2026/2027) "
        "for 2026/2027.",
        "direction: sideways is not one of: outgoing, incoming.",
        "isced_code: 9999 is not a four-digit code of the ISCED-F 2013 list.",
        "eqf_levels: 9: the EQF levels of higher education are 5, 6, 7 and 8.",
        "language: xx is not one of the language codes: en, de, fr, es, it, pt, pl, cs, nl, "
        "sv, fi, et, lv, lt, hu, ro, bg, el, hr, sl, sk, tr, da, no, ru, kk.",
    ]


def test_empty_required_cells_are_named(warsaw):
    job = _import(_csv([_row(direction="", mobilities_per_year="")]))

    assert _messages(job, 2) == [
        "direction: This column needs a value in every row.",
        "mobilities_per_year: This column needs a value in every row.",
    ]


def test_row_contradicting_its_agreement_is_rejected(warsaw):
    rows = [_row(), _row(isced_code="0613", status="signed")]
    job = _import(_csv(rows))

    assert _statuses(job) == ["accepted", "rejected"]
    assert _messages(job, 3)[0].startswith(
        "status: The agreement University of Warsaw · 2026/2027 – 2028/2029 has draft here"
    )


def test_rejected_row_saves_nothing(warsaw):
    job = _import(_csv([_row(isced_code="9999"), _row(first_academic_year="2030")]))

    assert _statuses(job) == ["rejected", "rejected"]
    assert not Agreement.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="erasmusdesk.agreement.").exists()


# File formats


def test_semicolon_csv_with_decimal_comma(warsaw):
    content = _csv([_row(total_months_per_year="4,5", eqf_levels="6,7")], delimiter=";")
    job = _import(content)

    assert _statuses(job) == ["accepted"]
    condition = MobilityCondition.objects.get()
    assert (condition.total_months_per_year, condition.eqf_levels) == (Decimal("4.5"), "6,7")


def test_csv_with_byte_order_mark_and_spreadsheet_headers(warsaw):
    rows = [{key.replace("_", " ").title(): value for key, value in _row().items()}]
    job = _import(_csv(rows, bom=True))

    assert _statuses(job) == ["accepted"]


def test_xlsx_with_numbers_and_dates(warsaw):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([*HEADER, "home_signed_on", "partner_signed_on", "Notes"])
    sheet.append(
        [
            "PL WARSZAW01",
            2026,
            2028,
            "signed",
            "outgoing",
            "student_studies",
            413,
            "6;7",
            2,
            4.5,
            None,
            date(2026, 3, 2),
            date(2026, 3, 10),
            "ignored",
        ]
    )
    sheet.append([])
    sheet.append(
        [
            "PL WARSZAW01",
            2026,
            2028,
            None,
            "incoming",
            "staff_training",
            "0413",
            None,
            1.0,
            None,
            10,
        ]
    )
    workbook.create_sheet("Second")["A1"] = "not read"
    buffer = io.BytesIO()
    workbook.save(buffer)

    job = _import(buffer.getvalue(), name="Agreements.XLSX")

    assert [entry["row"] for entry in job.report] == [2, 4]
    assert _statuses(job) == ["accepted", "accepted"]
    agreement = Agreement.objects.get()
    assert (agreement.status, agreement.home_signed_on) == ("signed", date(2026, 3, 2))
    assert list(
        agreement.conditions.order_by("mobility_type").values_list(
            "mobility_type", "isced_code", "total_months_per_year", "total_days_per_year"
        )
    ) == [("staff_training", "0413", None, 10), ("student_studies", "0413", Decimal("4.5"), None)]


def test_ignored_columns_are_listed():
    content = _csv([{**_row(), "Partner name": "Warsaw", "Notes": ""}])

    assert read_table(io.BytesIO(content), "a.csv").ignored_columns == ["Partner name", "Notes"]


def _png() -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("agreements.xlsx", bytes(range(256)) * 4, "The file is not a valid XLSX workbook."),
        ("agreements.xlsx", b"PK\x03\x04" + bytes(200), "The file is not a valid XLSX workbook."),
        ("photo.png", _png(), "Only CSV and XLSX files can be imported."),
        ("photo.csv", _png(), "The file is not a CSV text file."),
        ("agreements.csv", b"", "The file is empty."),
        (
            "agreements.csv",
            ",".join(HEADER).encode("utf-16"),
            "The file is UTF-16 text: save it as CSV UTF-8 and upload it again.",
        ),
        ("agreements.csv", b"\r\n;;\r\n", "The file is empty."),
        (
            "agreements.csv",
            b"partner_erasmus_code,isced_code\r\nPL WARSZAW01,0413\r\n",
            "Missing column(s): first_academic_year, last_academic_year, direction, "
            "mobility_type, mobilities_per_year. The first row must hold the column names.",
        ),
        (
            "agreements.csv",
            ",".join(HEADER[1:]).encode(),
            "Missing column(s): partner_erasmus_code / partner_ewp_id. The first row must hold "
            "the column names.",
        ),
        (
            "agreements.csv",
            ",".join(HEADER).encode(),
            "The file has column names but no rows to import.",
        ),
        (
            "agreements.csv",
            ",".join([*HEADER, "ISCED code"]).encode(),
            "The column isced_code appears twice.",
        ),
        (
            "agreements.csv",
            (",".join(HEADER) + "\r\nKraków,2026").encode("cp1250"),
            "The file is not UTF-8 text",
        ),
    ],
)
def test_unreadable_file_is_refused_with_a_clear_message(db, name, content, message):
    with pytest.raises(ImportFileError) as raised:
        _import(content, name=name)

    assert raised.value.message.startswith(message)
    assert not AgreementImport.objects.exists()
    assert not AuditEntry.objects.exists()


def test_job_whose_file_is_gone_fails_with_the_reason(warsaw, settings):
    settings.ERASMUSDESK_TASKS_SYNC = False
    job = _import(_csv([_row()]))
    job.file.storage.delete(job.file.name)

    run_import(job.pk)

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.error.startswith("The import stopped at an unexpected error:")
    assert job.finished is not None
    assert (
        AuditEntry.objects.get(action="erasmusdesk.agreement_import.finished").data["status"]
        == "failed"
    )


def test_progress_is_committed_every_200_rows(warsaw):
    rows = [
        _row(isced_code=code, direction=direction)
        for code in list(isced.DETAILED_FIELDS)[:75]
        for direction in ("outgoing", "incoming")
    ]
    rows += [_row(isced_code="9999")] * 300

    with CaptureQueriesContext(connection) as queries:
        job = _import(_csv(rows))

    progress = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('UPDATE "institutions_agreementimport"')
        and '"processed_rows"' in query["sql"]
    ]
    assert len(progress) == 3
    assert (job.processed_rows, job.accepted_rows, job.rejected_rows) == (450, 150, 300)


@pytest.mark.django_db(transaction=True)
def test_job_runs_in_a_background_thread_after_commit(settings, warsaw):
    settings.ERASMUSDESK_TASKS_SYNC = False

    job = _import(_csv([_row()]))

    for thread in threading.enumerate():
        if thread.name == f"task-import_agreements-{job.pk}":
            thread.join(timeout=30)
    job.refresh_from_db()
    assert (job.status, job.accepted_rows) == (ImportStatus.FINISHED, 1)


def test_job_runs_once(warsaw):
    job = _import(_csv([_row()]))

    run_import(job.pk)

    assert MobilityCondition.objects.count() == 1


# A large file


def test_ten_thousand_rows_are_processed_to_the_end(db):
    """200 partners x 50 rows; every 101st row has an unknown ISCED code (99 rows), and the
    501st row of every 1,000 repeats the row before it (10 rows)."""
    partners = [
        _institution(f"University {n}", "PL", f"PL CITY{n:03d}", f"u{n}.example.org")
        for n in range(200)
    ]
    codes = list(isced.DETAILED_FIELDS)[:25]
    rows = []
    for index in range(10_000):
        partner = partners[index % 200]
        serial = index // 200
        row = _row(
            partner_erasmus_code=partner.erasmus_code,
            direction="outgoing" if serial % 2 else "incoming",
            isced_code=codes[serial // 2],
        )
        if index % 101 == 100:
            row["isced_code"] = "9999"
        if index % 1000 == 500:
            row = dict(rows[-1])
        rows.append(row)

    started = time.monotonic()
    job = _import(_csv(rows))
    seconds = time.monotonic() - started

    print(f"10,000 rows imported in {seconds:.1f} s")
    assert seconds < 60
    assert job.status == ImportStatus.FINISHED
    assert (job.total_rows, job.processed_rows) == (10_000, 10_000)
    assert [entry["row"] for entry in job.report] == list(range(2, 10_002))
    assert (job.accepted_rows, job.rejected_rows) == (9_891, 109)
    assert MobilityCondition.objects.count() == 9_891
    assert Agreement.objects.count() == 200
    assert job.report[100]["messages"] == [
        "isced_code: 9999 is not a four-digit code of the ISCED-F 2013 list."
    ]
    assert job.report[500]["messages"][0].endswith(
        "duplicates row 501 of this file for an overlapping EQF level and academic year."
    )
