"""Outgoing Mobility Learning Agreements v1.2 served from the mobility app's learning
agreement: A (sending) serves it, B (receiving) reads it, comments or approves the proposal;
every answer valid against the XSDs; a stale proposal id gets 409."""

from datetime import date

import pytest
from lxml import etree

from erasmusdesk.core.errors import DomainError
from erasmusdesk.ewp import client, las, schemas
from erasmusdesk.ewp.models import PartnerLaState, PartnerLearningAgreement
from erasmusdesk.mobility import learning
from erasmusdesk.mobility import services as mobility_services
from erasmusdesk.mobility.models import LearningAgreementStatus, Mobility
from tests import factories
from tests.factories.mobility import learning_agreement

pytestmark = pytest.mark.django_db


def _mobility() -> Mobility:
    home = factories.Institution.objects.get(ewp_hei_id="a.example")
    host = factories.Institution.objects.get(ewp_hei_id="b.example")
    factories.contact(host, name="Anna Muster", email="anna.muster@b.example")
    mobility = mobility_services.create_mobility(
        mobility_services.NewMobility(
            given_names="Asel",
            family_name="Kurmangazykyzy",
            email="asel@student.example",
            sending_hei=home,
            receiving_hei=host,
            activity_type="student-studies",
            planned_arrival_date=date(2026, 9, 1),
            planned_departure_date=date(2027, 1, 31),
            isced_f_code="0311",
            birth_date=date(2004, 5, 17),
            eqf_level_studied_at_departure="6",
            language="en",
            cefr_level="B2",
        ),
        by=None,
    )
    return mobility


def proposed(mobility: Mobility):
    """The first version signed by the participant and approved by A's coordinator."""
    agreement = learning.current(mobility) or learning_agreement(mobility)
    learning.submit(agreement, by=None, digest=learning.content_digest(agreement))
    learning.sign(
        agreement,
        party="sending",
        approve=True,
        signer_name="Gulnara Sadykova",
        signer_email="gulnara@a.example",
        by=None,
        digest=learning.content_digest(agreement),
    )
    agreement.refresh_from_db()
    return agreement


def _call(endpoint, params, **options):
    return client.call(
        hei_id="a.example",
        api="omobility-las",
        url=f"https://a.example/ewp/las/{endpoint}",
        params=params,
        **options,
    )


def test_a_draft_is_not_served_and_a_proposal_is_valid(nodes):
    a, b = nodes
    mobility = _mobility()
    learning_agreement(mobility)
    with b.active():
        index = _call("index", [("sending_hei_id", "a.example")])
    assert schemas.errors(etree.tostring(index), *schemas.LAS_INDEX) == []
    assert list(index) == []
    agreement = proposed(mobility)
    with b.active():
        index = _call("index", [("sending_hei_id", "a.example")])
        got = _call(
            "get", [("sending_hei_id", "a.example"), ("omobility_id", str(mobility.omobility_id))]
        )
    assert [e.text for e in index] == [str(mobility.omobility_id)]
    xml = etree.tostring(got)
    assert schemas.errors(xml, *schemas.LAS_GET) == []
    proposal = got.find(".//{*}changes-proposal")
    assert proposal.get("id") == las.proposal_id(agreement)
    assert got.find(".//{*}first-version") is None
    titles = [e.text for e in proposal.iterfind("{*}components-studied/{*}component/{*}title")]
    assert titles == ["Microeconomics", "Econometrics", "Public finance", "Polish for foreigners"]
    assert proposal.findtext("{*}components-recognized/{*}component/{*}credit/{*}value") == "30"
    assert proposal.findtext("{*}sending-hei-signature/{*}signer-name") == "Gulnara Sadykova"
    assert proposal.find("{*}receiving-hei-signature") is None
    assert got.findtext(".//{*}receiving-hei/{*}contact-person/{*}email") == "anna.muster@b.example"
    term = proposal.find("{*}components-studied/{*}component/{*}term-id")
    assert [t.text for t in term] == ["1", "2"]


def test_another_hei_reads_nothing(nodes):
    a, b = nodes
    proposed(_mobility())
    with a.active():
        index = _call("index", [("sending_hei_id", "a.example")])
    assert list(index) == []


def test_b_comments_then_approves_the_revised_proposal(nodes):
    a, b = nodes
    mobility = _mobility()
    first = proposed(mobility)
    with b.active():
        (copy,) = las.pull_partner_la("a.example", [str(mobility.omobility_id)])
        assert copy.state == PartnerLaState.WAITING
        las.answer_partner_la(
            copy,
            approve=False,
            comment="Econometrics is taught in the spring only.",
            signer_name="Anna Muster",
            signer_email="anna.muster@b.example",
            by=None,
        )
    first.refresh_from_db()
    assert first.status == LearningAgreementStatus.DRAFT
    assert first.comment == "Econometrics is taught in the spring only."
    stale = PartnerLearningAgreement.objects.get().proposal_id

    # The student revises the draft; A's coordinator approves it again; B reads the new one.
    econometrics = first.components.get(title="Econometrics")
    learning.remove_component(econometrics, by=None)
    learning.add_component(
        first, table="A", title="Labour economics", term_id="2026/2027 autumn", credits=8, by=None
    )
    revised = proposed(mobility)
    assert las.proposal_id(revised) != stale
    with b.active():
        (copy,) = las.pull_partner_la("a.example", [str(mobility.omobility_id)])
        assert copy.state == PartnerLaState.WAITING
        las.answer_partner_la(
            copy,
            approve=True,
            signer_name="Anna Muster",
            signer_position="Erasmus coordinator",
            signer_email="anna.muster@b.example",
            by=None,
        )
        (copy,) = las.pull_partner_la("a.example", [str(mobility.omobility_id)])
    revised.refresh_from_db()
    assert revised.status == LearningAgreementStatus.APPROVED
    assert Mobility.objects.get(pk=mobility.pk).state == "la_approved"
    first_version = etree.fromstring(copy.xml.encode()).find(".//{*}first-version")
    assert first_version.findtext("{*}receiving-hei-signature/{*}signer-name") == "Anna Muster"
    assert copy.state == PartnerLaState.SETTLED and copy.proposal_id == ""


def test_an_answer_to_a_stale_proposal_gets_409_and_changes_nothing(nodes):
    a, b = nodes
    mobility = _mobility()
    agreement = proposed(mobility)
    with b.active():
        (copy,) = las.pull_partner_la("a.example", [str(mobility.omobility_id)])
    copy.proposal_id = f"{agreement.proposal_id}.0000000000000000"
    with b.active(), pytest.raises(client.ExchangeError) as refusal:
        las.answer_partner_la(
            copy,
            approve=True,
            signer_name="Anna Muster",
            signer_email="anna.muster@b.example",
            by=None,
        )
    assert "HTTP 409" in str(refusal.value)
    agreement.refresh_from_db()
    assert agreement.status == LearningAgreementStatus.PROPOSED
    assert PartnerLearningAgreement.objects.get().state == PartnerLaState.WAITING


def test_a_comment_needs_its_text(nodes):
    a, b = nodes
    mobility = _mobility()
    proposed(mobility)
    with b.active():
        (copy,) = las.pull_partner_la("a.example", [str(mobility.omobility_id)])
        with pytest.raises(DomainError) as refusal:
            las.answer_partner_la(
                copy, approve=False, signer_name="Anna", signer_email="a@b.example", by=None
            )
    assert refusal.value.field == "comment"


def test_an_update_that_is_not_valid_gets_400(nodes):
    a, b = nodes
    with b.active(), pytest.raises(client.ExchangeError) as refusal:
        _call("update", [], xml_body=b"<omobility-las-update-request/>")
    assert "HTTP 400" in str(refusal.value)


def test_stats_count_the_agreements_by_state(nodes):
    a, b = nodes
    proposed(_mobility())
    with b.active():
        answer = _call("stats", [])
    assert schemas.errors(etree.tostring(answer), *schemas.LAS_STATS) == []
    (year,) = answer
    assert year.findtext("{*}la-outgoing-total") == "1"
    assert year.findtext("{*}la-outgoing-latest-version-awaiting") == "1"
