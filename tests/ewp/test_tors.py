"""Incoming Mobility ToRs v3 (ELMO 2.1.1) served from the mobility app's transcripts: B (the
host) serves the transcript of A's student to A only, valid against the XSDs; A enters it
into the mobility's transcript. One database plays both sides here (the pull into a
separate database is proven by test_two_installations.py)."""

from datetime import date
from decimal import Decimal

import pytest
from lxml import etree

from erasmusdesk.ewp import client, schemas, tors
from erasmusdesk.mobility import records
from erasmusdesk.mobility import services as mobility_services
from erasmusdesk.mobility.models import Mobility
from tests import factories
from tests.factories.mobility import moved_to

pytestmark = pytest.mark.django_db


def _departed() -> Mobility:
    mobility = mobility_services.create_mobility(
        mobility_services.NewMobility(
            given_names="Asel",
            family_name="Kurmangazykyzy",
            email="asel@student.example",
            sending_hei=factories.Institution.objects.get(ewp_hei_id="a.example"),
            receiving_hei=factories.Institution.objects.get(ewp_hei_id="b.example"),
            activity_type="student-studies",
            planned_arrival_date=date(2026, 9, 1),
            planned_departure_date=date(2027, 1, 31),
            isced_f_code="0311",
            birth_date=date(2004, 5, 17),
            eqf_level_studied_at_departure="6",
        ),
        by=None,
    )
    return moved_to(mobility, "departed")


def _enter(mobility: Mobility):
    return records.enter_transcript(
        mobility,
        issue_date=factories.clock.localdate(),
        grading_scheme="1 (sehr gut) to 5 (nicht genügend)",
        results=[
            records.ResultLine("ECO101", "Microeconomics", Decimal("6"), "2", True),
            records.ResultLine("ECO202", "Econometrics", Decimal("7.5"), "5", False),
        ],
        by=None,
        party="host",
    )


def _get(mobility: Mobility, node):
    with node.active():
        return client.call(
            hei_id="b.example",
            api="imobility-tors",
            url="https://b.example/ewp/tors/get",
            params=[
                ("receiving_hei_id", "b.example"),
                ("omobility_id", str(mobility.omobility_id)),
            ],
        )


def test_the_host_serves_the_transcript_to_the_sending_hei_valid_with_elmo(nodes):
    a, b = nodes
    mobility = _departed()
    host = factories.Institution.objects.get(ewp_hei_id="b.example")
    records.save_grading_table(
        host,
        isced_f_code="0311",
        eqf_level="6",
        grading_scheme="1-5",
        years="2023-2025",
        shares=[
            ("1", Decimal("20")),
            ("2", Decimal("30")),
            ("3", Decimal("30")),
            ("4", Decimal("20")),
        ],
        by=None,
    )
    with a.active():
        index = client.call(
            hei_id="b.example",
            api="imobility-tors",
            url="https://b.example/ewp/tors/index",
            params=[("receiving_hei_id", "b.example")],
        )
    assert schemas.errors(etree.tostring(index), *schemas.TORS_INDEX) == []
    assert list(index) == []
    _enter(mobility)
    answer = _get(mobility, a)
    xml = etree.tostring(answer)
    assert schemas.errors(xml, *schemas.TORS_GET) == []
    specs = answer.findall(".//{*}learningOpportunitySpecification")
    assert [s.findtext("{*}title") for s in specs] == ["Microeconomics", "Econometrics"]
    assert [s.findtext(".//{*}status") for s in specs] == ["passed", "failed"]
    assert [s.findtext(".//{*}credit/{*}value") for s in specs] == ["6", "7.5"]
    assert answer.findtext(".//{*}issuer/{*}identifier") == "b.example"
    frequencies = answer.findall(".//{*}gradeConversionTable/{*}iscedTable/{*}gradeFrequency")
    assert [(f.get("label"), f.get("percentage")) for f in frequencies][0] == ("1", "20.00")


def test_another_hei_gets_no_transcript(nodes):
    a, b = nodes
    mobility = _departed()
    _enter(mobility)
    assert list(_get(mobility, b)) == []


def test_the_sending_hei_enters_the_hosts_transcript(nodes):
    a, b = nodes
    mobility = _departed()
    with a.active():
        assert tors.pull_transcript(mobility) is None  # none issued yet
    _enter(mobility)
    with a.active():
        transcript = tors.pull_transcript(Mobility.objects.get(pk=mobility.pk))
    assert transcript.grading_scheme == "1 (sehr gut) to 5 (nicht genügend)"
    assert [
        (r.los_code, r.title, r.credits, r.grade, r.passed) for r in transcript.results.all()
    ] == [
        ("ECO101", "Microeconomics", Decimal("6.0"), "2", True),
        ("ECO202", "Econometrics", Decimal("7.5"), "5", False),
    ]
    assert Mobility.objects.get(pk=mobility.pk).state == "transcript_received"
