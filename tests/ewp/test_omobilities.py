"""Outgoing Mobilities v3 served from the mobility app: a nomination of A, read by B and
approved or rejected through the update endpoint; the answers valid against the XSDs."""

from datetime import date

import pytest
from lxml import etree

from erasmusdesk.ewp import client, omobilities, schemas
from erasmusdesk.mobility import services as mobility_services
from erasmusdesk.mobility.models import Mobility
from tests import factories

pytestmark = pytest.mark.django_db

UPDATE = omobilities.UPDATE_REQUEST


def _nomination(**fields) -> Mobility:
    home = factories.Institution.objects.get(ewp_hei_id="a.example")
    host = factories.Institution.objects.get(ewp_hei_id="b.example")
    values = dict(
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
    )
    values.update(fields)
    return mobility_services.create_mobility(mobility_services.NewMobility(**values), by=None)


def _call(endpoint, params, **options):
    return client.call(
        hei_id="a.example",
        api="omobilities",
        url=f"https://a.example/ewp/omobilities/{endpoint}",
        params=params,
        **options,
    )


def _update(action: str, omobility_id: str, proposal: str, comment: str = "") -> bytes:
    root = etree.Element(f"{{{UPDATE}}}omobilities-update-request", nsmap={None: UPDATE})
    element = etree.SubElement(root, f"{{{UPDATE}}}{action}")
    etree.SubElement(element, f"{{{UPDATE}}}omobility-id").text = omobility_id
    etree.SubElement(element, f"{{{UPDATE}}}proposal-id").text = proposal
    if comment:
        etree.SubElement(element, f"{{{UPDATE}}}comment").text = comment
    return etree.tostring(root)


def test_the_receiving_hei_reads_the_nomination(nodes):
    a, b = nodes
    mobility = _nomination()
    _nomination(activity_type="staff-teaching", eqf_level_studied_at_departure="")
    with b.active():
        index = _call("index", [("sending_hei_id", "a.example")])
        assert schemas.errors(etree.tostring(index), *schemas.OMOBILITIES_INDEX) == []
        assert [e.text for e in index] == [str(mobility.omobility_id)]
        got = _call(
            "get", [("sending_hei_id", "a.example"), ("omobility_id", str(mobility.omobility_id))]
        )
    xml = etree.tostring(got)
    assert schemas.errors(xml, *schemas.OMOBILITIES_GET) == []
    assert b"<given-names>Asel</given-names>" in xml
    assert b"<status>pending</status>" in xml
    assert got.find(".//{*}nomination").get("proposal-id") == omobilities.proposal_id(mobility)


def test_another_hei_sees_nothing(nodes, settings, tmp_path):
    a, b = nodes
    _nomination()
    with b.active():
        # B asks about mobilities to another HEI: none is its business.
        index = _call("index", [("sending_hei_id", "a.example"), ("receiving_hei_id", "c.example")])
    assert list(index) == []


def test_the_host_approves_with_the_current_proposal_and_a_stale_one_gets_409(nodes):
    a, b = nodes
    mobility = _nomination()
    with b.active():
        with pytest.raises(client.ExchangeError) as stale:
            _call(
                "update",
                [],
                xml_body=_update(
                    "approve-proposal-v1", str(mobility.omobility_id), "not-the-current-one"
                ),
            )
        assert "409" in str(stale.value)
        answer = _call(
            "update",
            [],
            xml_body=_update(
                "approve-proposal-v1", str(mobility.omobility_id), omobilities.proposal_id(mobility)
            ),
        )
    assert schemas.errors(etree.tostring(answer), *schemas.OMOBILITIES_UPDATE) == []
    mobility.refresh_from_db()
    assert mobility.nomination_status == "approved"
    with b.active():
        with pytest.raises(client.ExchangeError) as again:
            _call(
                "update",
                [],
                xml_body=_update(
                    "approve-proposal-v1",
                    str(mobility.omobility_id),
                    omobilities.proposal_id(mobility),
                ),
            )
    assert "409" in str(again.value)


def test_the_host_rejects_with_its_reason(nodes):
    a, b = nodes
    mobility = _nomination()
    with b.active():
        _call(
            "update",
            [],
            xml_body=_update(
                "reject-proposal-v1",
                str(mobility.omobility_id),
                omobilities.proposal_id(mobility),
                "No places left in Economics this term.",
            ),
        )
    mobility.refresh_from_db()
    assert mobility.nomination_status == "rejected"
    assert mobility.host_comment == "No places left in Economics this term."


def test_an_update_that_is_not_valid_gets_400(nodes):
    a, b = nodes
    with b.active(), pytest.raises(client.ExchangeError) as refusal:
        _call("update", [], xml_body=b"<omobilities-update-request/>")
    assert "400" in str(refusal.value)


def test_the_host_serves_the_dates_it_confirmed_to_the_sending_hei(nodes, frozen):
    from tests.factories.mobility import moved_to

    frozen(factories.local(2027, 2, 10, 12))
    a, b = nodes
    mobility = moved_to(_nomination(), "departed")
    with a.active():
        answer = client.call(
            hei_id="b.example",
            api="imobilities",
            url="https://b.example/ewp/imobilities/get",
            params=[
                ("receiving_hei_id", "b.example"),
                ("omobility_id", str(mobility.omobility_id)),
            ],
        )
    xml = etree.tostring(answer)
    assert schemas.errors(xml, *schemas.IMOBILITIES_GET) == []
    arrival = mobility.actual_arrival_date.isoformat().encode()
    assert b"<actual-arrival-date>" + arrival + b"</actual-arrival-date>" in xml
    assert b"<actual-departure-date>2027-02-10</actual-departure-date>" in xml
