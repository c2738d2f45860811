"""The documented CSV export of the mobilities: the page docs/mobility-export.md lists the
code's columns in order, and each column follows its rule (one case per column), for a
mobility through to its recognition and for one just nominated."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse

from erasmusdesk.mobility import exports, funding
from erasmusdesk.mobility.models import Mobility
from tests.factories import mobility as builders

DOC = Path(__file__).resolve().parents[2] / "docs" / "mobility-export.md"
NAMES = [name for name, _help in exports.COLUMNS]


def _csv(client, **filters) -> list[dict]:
    response = client.get(reverse("mobility_office:export", args=["csv"]), filters)
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == NAMES
    return [dict(zip(NAMES, line, strict=True)) for line in lines[1:]]


def test_the_documentation_lists_the_columns_in_order():
    documented = re.findall(r"^\| ([a-z_]+) \|", DOC.read_text(encoding="utf-8"), re.M)
    assert documented[0] == "column"  # the table's header
    assert documented[1:] == NAMES


@pytest.fixture
def exported(db, people, client_as):
    """The rows of a recognised mobility with its grant, and of a nominated one."""
    done = builders.selected_mobility(people["owner"])
    builders.approved_agreement(done)
    funding.issue_grant(Mobility.objects.get(pk=done.pk), payer="host", by=people["coordinator"])
    done = builders.moved_to(done, "recognised")
    fresh = builders.selected_mobility(people["other_applicant"], call=done.application.call)
    rows = {row["omobility_id"]: row for row in _csv(client_as(people["coordinator"]))}
    done = Mobility.objects.select_related("receiving_hei", "grant__grant_agreement").get(
        pk=done.pk
    )
    return rows[str(done.omobility_id)], done, rows[str(fresh.omobility_id)], fresh


def _grant(mobility) -> str:
    agreement = mobility.grant.grant_agreement
    due = agreement.final_total if agreement.final_total is not None else agreement.total
    return f"{due:.2f}"


RULES = {
    "omobility_id": (lambda m: str(m.omobility_id), lambda m: str(m.omobility_id)),
    "given_names": (lambda m: m.given_names, lambda m: m.given_names),
    "family_name": (lambda m: m.family_name, lambda m: m.family_name),
    "email": (lambda m: m.email, lambda m: m.email),
    "sending_hei": (
        lambda m: m.sending_hei.ewp_hei_id or m.sending_hei.name,
        lambda m: m.sending_hei.ewp_hei_id or m.sending_hei.name,
    ),
    "receiving_hei": (
        lambda m: m.receiving_hei.ewp_hei_id or m.receiving_hei.name,
        lambda m: m.receiving_hei.ewp_hei_id or m.receiving_hei.name,
    ),
    "activity_type": (lambda m: "student-studies", lambda m: "student-studies"),
    "activity_attributes": (lambda m: m.activity_attributes, lambda m: m.activity_attributes),
    "receiving_academic_year_id": (
        lambda m: m.receiving_academic_year_id,
        lambda m: m.receiving_academic_year_id,
    ),
    "planned_arrival_date": (
        lambda m: m.planned_arrival_date.isoformat(),
        lambda m: m.planned_arrival_date.isoformat(),
    ),
    "planned_departure_date": (
        lambda m: m.planned_departure_date.isoformat(),
        lambda m: m.planned_departure_date.isoformat(),
    ),
    "actual_arrival_date": (lambda m: m.actual_arrival_date.isoformat(), lambda m: ""),
    "actual_departure_date": (lambda m: m.actual_departure_date.isoformat(), lambda m: ""),
    "isced_f_code": (lambda m: m.isced_f_code, lambda m: m.isced_f_code),
    "eqf_level_studied_at_departure": (
        lambda m: m.eqf_level_studied_at_departure,
        lambda m: m.eqf_level_studied_at_departure,
    ),
    "stage": (lambda m: "recognised", lambda m: "nominated"),
    "ects_planned": (lambda m: "30.0", lambda m: ""),  # Table A: 6 + 8 + 8 + 8
    "ects_recognised": (lambda m: "30.0", lambda m: ""),
    "receiving_country": (lambda m: m.receiving_hei.country.code, lambda m: "PL"),
    "duration_days": (
        lambda m: str((m.actual_departure_date - m.actual_arrival_date).days + 1),
        lambda m: str((m.planned_departure_date - m.planned_arrival_date).days + 1),
    ),
    "grant_eur": (_grant, lambda m: ""),
    "grant_payer": (lambda m: "host", lambda m: ""),
}


def test_every_column_has_a_rule_here():
    assert list(RULES) == NAMES


@pytest.mark.parametrize("column", NAMES)
def test_each_column_follows_its_rule(exported, column):
    done_row, done, fresh_row, fresh = exported
    for_done, for_fresh = RULES[column]
    assert done_row[column] == for_done(done)
    assert fresh_row[column] == for_fresh(fresh)


def test_the_grant_is_the_final_one_once_recalculated(exported, people, client_as):
    from decimal import Decimal

    from erasmusdesk.grants.models import GrantAgreement

    done_row, done, _fresh_row, _fresh = exported
    agreement = done.grant.grant_agreement
    # 21 days abroad are too short to recalculate a long-term study: the grant as issued.
    assert agreement.final_total is None
    assert done_row["grant_eur"] == f"{agreement.total:.2f}"
    GrantAgreement.objects.filter(pk=agreement.pk).update(final_total=Decimal("1234.5"))
    rows = {row["omobility_id"]: row for row in _csv(client_as(people["coordinator"]))}
    assert rows[str(done.omobility_id)]["grant_eur"] == "1234.50"


def test_a_name_that_starts_a_formula_is_defused_in_the_export(exported, people, client_as):
    _done_row, done, _fresh_row, _fresh = exported
    Mobility.objects.filter(pk=done.pk).update(given_names="-2+3", family_name="@SUM(A1)")
    rows = {row["omobility_id"]: row for row in _csv(client_as(people["coordinator"]))}
    row = rows[str(done.omobility_id)]
    assert (row["given_names"], row["family_name"]) == ("'-2+3", "'@SUM(A1)")
