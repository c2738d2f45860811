"""The office's exports of mobilities: XLSX, and a documented CSV.

The Commission's Beneficiary Module has an import format for mobilities, but its column
list is published only inside the Module (no public, citable specification could be sourced
for this project), so this export does not claim to follow it. The CSV has the columns of
``COLUMNS`` (EWP names where there is one), documented with their rules in
``docs/mobility-export.md`` (a test keeps the two the same); mapping them to the Module's
template is left to the office. Every cell goes through ``core.csvfile`` (no formula start
left in a cell: OWASP "CSV Injection").

Queries: one, whatever the number of mobilities (the rows with their institutions, the
approved learning agreements' Table A credits and the credits recognised summed in
subqueries).
"""

import io
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery, Sum
from openpyxl import Workbook
from openpyxl.styles import Font

from erasmusdesk.core import csvfile
from erasmusdesk.mobility.models import (
    Component,
    LearningAgreementStatus,
    Mobility,
    MobilityGrant,
    RecognizedComponent,
)

# (header, what it holds)
COLUMNS = [
    ("omobility_id", "EWP omobility-id (UUID)"),
    ("given_names", "the participant's given names"),
    ("family_name", "the participant's family name"),
    ("email", "the participant's e-mail"),
    ("sending_hei", "the sending institution (EWP hei-id where known)"),
    ("receiving_hei", "the receiving institution (EWP hei-id where known)"),
    ("activity_type", "student-studies, student-traineeship, staff-teaching, staff-training"),
    ("activity_attributes", "long-term, short-term-blended, short-term-doctoral"),
    ("receiving_academic_year_id", "e.g. 2026/2027"),
    ("planned_arrival_date", "ISO date"),
    ("planned_departure_date", "ISO date"),
    ("actual_arrival_date", "ISO date, once confirmed"),
    ("actual_departure_date", "ISO date, once confirmed"),
    ("isced_f_code", "ISCED-F 2013 subject area"),
    ("eqf_level_studied_at_departure", "EQF level 5-8"),
    ("stage", "the mobility's stage"),
    ("ects_planned", "ECTS of Table A of the approved learning agreement"),
    ("ects_recognised", "ECTS recognised at home"),
    ("receiving_country", "ISO 3166-1 alpha-2 country of the receiving institution"),
    ("duration_days", "days of the stay, both ends included: actual once both are confirmed"),
    ("grant_eur", "the grant in EUR: final once recalculated, else as issued; empty without"),
    ("grant_payer", "who pays the grant: host or home; empty without a grant agreement"),
]


def _sum(queryset, key: str):
    return Subquery(queryset.values(key).annotate(total=Sum("credits")).values("total")[:1])


def export_queryset(found: QuerySet) -> QuerySet:
    """The rows with their institutions and two sums (the approved learning agreement's
    Table A credits, the credits recognised), in one query."""
    planned = Component.objects.filter(
        learning_agreement__mobility=OuterRef("pk"),
        learning_agreement__status=LearningAgreementStatus.APPROVED,
        table="A",
    ).exclude(status="deleted")
    recognised = RecognizedComponent.objects.filter(recognition__mobility=OuterRef("pk"))
    return found.select_related("sending_hei", "receiving_hei", "grant__grant_agreement").annotate(
        ects_planned=_sum(planned, "learning_agreement__mobility"),
        ects_recognised=_sum(recognised, "recognition__mobility"),
    )


def _hei(institution) -> str:
    return institution.ewp_hei_id or institution.name


def _text(value) -> str:
    return "" if value is None else str(Decimal(value).quantize(Decimal("0.1")))


def _days(mobility: Mobility) -> int:
    if mobility.actual_arrival_date and mobility.actual_departure_date:
        first, last = mobility.actual_arrival_date, mobility.actual_departure_date
    else:
        first, last = mobility.planned_arrival_date, mobility.planned_departure_date
    return (last - first).days + 1


def _grant(mobility: Mobility) -> tuple[str, str]:
    try:
        link = mobility.grant
    except MobilityGrant.DoesNotExist:
        return "", ""
    agreement = link.grant_agreement
    due = agreement.final_total if agreement.final_total is not None else agreement.total
    return f"{Decimal(due).quantize(Decimal('0.01'))}", link.payer


def _row(mobility: Mobility) -> list:
    return [
        str(mobility.omobility_id),
        mobility.given_names,
        mobility.family_name,
        mobility.email,
        _hei(mobility.sending_hei),
        _hei(mobility.receiving_hei),
        mobility.activity_type,
        mobility.activity_attributes,
        mobility.receiving_academic_year_id,
        mobility.planned_arrival_date.isoformat(),
        mobility.planned_departure_date.isoformat(),
        mobility.actual_arrival_date.isoformat() if mobility.actual_arrival_date else "",
        mobility.actual_departure_date.isoformat() if mobility.actual_departure_date else "",
        mobility.isced_f_code,
        mobility.eqf_level_studied_at_departure,
        mobility.state,
        _text(mobility.ects_planned),
        _text(mobility.ects_recognised),
        mobility.receiving_hei.country.code or "",
        _days(mobility),
        *_grant(mobility),
    ]


def rows(found: QuerySet) -> list[list]:
    return [_row(mobility) for mobility in export_queryset(found)]


def xlsx(found: QuerySet) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "mobilities"
    sheet.append([name for name, _help in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(found):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(found: QuerySet) -> str:
    """The list as CSV, written by the one CSV writer (``core.csvfile``: byte order mark,
    every field quoted, no formula start left in a cell)."""
    return csvfile.csv_text([[name for name, _help in COLUMNS], *rows(found)])
