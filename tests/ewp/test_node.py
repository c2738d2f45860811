"""Our EWP node: off by default, its manifest, its APIs' answers (valid against the official
schemas), the specification's refusals, and signed answers."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from lxml import etree

from erasmusdesk.core import clock
from erasmusdesk.ewp import catalogue, client, httpsig, iia_hash, keys, schemas
from erasmusdesk.ewp.models import Exchange
from tests import factories

pytestmark = pytest.mark.django_db

XSLT_KIT = schemas.ROOT / "erasmus-without-paper/ewp-specs-api-iias/stable-v7/resources/xsltKit"


def test_every_ewp_address_is_404_while_ewp_is_off(settings):
    settings.ERASMUSDESK_EWP_HEI_ID = ""
    for path in ("/ewp/manifest.xml", "/ewp/echo", "/ewp/iias/index"):
        assert Client().get(path).status_code == 404


def test_the_manifest_is_valid_and_declares_http_signatures_only(nodes):
    a, _ = nodes
    with a.active():
        response = Client().get("/ewp/manifest.xml", secure=True, headers={"host": a.host})
    assert schemas.errors(response.content, *schemas.MANIFEST) == []
    root = etree.fromstring(response.content)
    text = response.content.decode()
    assert 'id="a.example"' in text
    assert "ewp-specs-sec-cliauth-tlscert" not in text
    entries = {etree.QName(e).localname: e.get("version") for e in root.iter() if e.get("version")}
    assert entries == {
        "discovery": "6.0.0",
        "echo": "2.0.1",
        "institutions": "2.2.0",
        "organizational-units": "2.1.1",
        "factsheet": "1.2.0",
        "iias": "7.0.0",
        "iia-cnr": "3.0.0",
        "iias-approval": "2.0.0",
        "file": "1.0.0",
        "omobilities": "3.0.0",
        "imobilities": "2.0.0",
        "iia-approval-cnr": "2.0.0",
        "omobility-las": "1.2.0",
        "imobility-tors": "3.0.0",
        "omobility-cnr": "2.0.0",
        "omobility-la-cnr": "1.1.0",
        "imobility-tor-cnr": "2.0.0",
    }
    assert "https://a.example/ewp/iias/get" in text


def test_the_catalogue_made_from_the_manifests_is_valid(nodes, settings):
    xml = open(settings.ERASMUSDESK_EWP_REGISTRY, "rb").read()
    assert schemas.errors(xml, *schemas.CATALOGUE) == []
    registry = catalogue.current()
    assert registry.hei_ids() == ["a.example", "b.example"]
    a, _ = nodes
    with a.active():
        assert registry.heis_of_client_key(keys.our_key_id()) == ["a.example"]
    assert (
        registry.api("b.example", "iias", 7).child("index-url")
        == "https://b.example/ewp/iias/index"
    )


def test_the_key_pair_is_generated_once_with_2048_bits(nodes):
    a, _ = nodes
    with a.active():
        first = keys.our_key_id()
        assert keys.private_key().key_size == 2048
        assert oct(a.key_file.stat().st_mode)[-3:] == "600"
        assert keys.our_key_id() == first


def test_echo_answers_the_callers_hei_signed(nodes):
    a, b = nodes
    with a.active():
        answer = client.call(
            hei_id="b.example",
            api="echo",
            url="https://b.example/ewp/echo",
            params=[("echo", "hello"), ("echo", "world")],
        )
    assert [e.text for e in answer] == ["a.example", "hello", "world"]
    assert schemas.errors(etree.tostring(answer), *schemas.ECHO) == []
    logged = Exchange.objects.filter(api="echo")
    assert {(x.direction, x.status) for x in logged} == {("out", 200), ("in", 200)}
    assert logged.get(direction="in").partner_hei_id == "a.example"


def _raw(b, headers, body=b"echo=x", path="/ewp/echo"):
    with b.active():
        return Client().generic(
            "POST",
            path,
            data=body,
            secure=True,
            content_type="application/x-www-form-urlencoded",
            headers={"host": b.host, **headers},
        )


def _signed_headers(key, body=b"echo=x", now=None, path="/ewp/echo"):
    return httpsig.sign_request(
        method="POST",
        target=path,
        host="b.example",
        body=body,
        private_key=key,
        now=now or clock.now(),
    )


def test_an_unsigned_request_gets_401_with_www_authenticate(nodes):
    _, b = nodes
    response = _raw(b, {})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Signature realm="EWP"'
    assert schemas.errors(response.content, *schemas.ERROR) == []


def test_an_unknown_key_gets_403(nodes):
    _, b = nodes
    stranger = httpsig.generate_private_key()
    assert _raw(b, _signed_headers(stranger)).status_code == 403


def test_a_stale_date_gets_400(nodes):
    a, b = nodes
    with a.active():
        headers = _signed_headers(keys.private_key(), now=clock.now() - timedelta(minutes=6))
    response = _raw(b, headers)
    assert response.status_code == 400
    assert b"5 minutes" in response.content


def test_a_tampered_body_gets_400(nodes):
    a, b = nodes
    with a.active():
        headers = _signed_headers(keys.private_key())
    response = _raw(b, headers, body=b"echo=y")
    assert response.status_code == 400
    assert b"Digest" in response.content


def test_a_refusal_is_signed_and_logged(nodes):
    _, b = nodes
    response = _raw(b, {"Accept-Signature": "rsa-sha256"})
    assert "Signature" in response
    assert Exchange.objects.get(direction="in").status == 401


def test_institutions_and_ounits_answers_are_valid(nodes):
    a, b = nodes
    with b.active():
        heis = client.call(
            hei_id="a.example",
            api="institutions",
            url="https://a.example/ewp/institutions",
            params=[("hei_id", "a.example")],
        )
    assert schemas.errors(etree.tostring(heis), *schemas.INSTITUTIONS) == []
    text = etree.tostring(heis).decode()
    assert "Atyrau University" in text
    unit_id = [e.text for e in heis.iter() if etree.QName(e).localname == "ounit-id"][0]
    with b.active():
        units = client.call(
            hei_id="a.example",
            api="organizational-units",
            url="https://a.example/ewp/ounits",
            params=[("hei_id", "a.example"), ("ounit_id", unit_id)],
        )
    assert schemas.errors(etree.tostring(units), *schemas.OUNITS) == []
    assert "Faculty of Economics" in etree.tostring(units).decode()


def test_the_iia_hash_matches_the_published_vector():
    xml = (XSLT_KIT / "get-response-v7.xml").read_bytes()
    assert iia_hash.hashes(xml) == {
        "0f7a5682-faf7-49a7-9cc7-ec486c49a281": (
            "87b33170d7a6c6d894215641f39e7b7de36501265479e5ab3922f32d5b225033"
        )
    }


def test_the_v6_snapshot_hashes_to_the_same_vector_through_the_v6_stylesheet():
    xml = (XSLT_KIT / "get-response-v6.xml").read_bytes()
    assert iia_hash.hashes(xml, iia_hash.STYLESHEET_V6) == {
        "0f7a5682-faf7-49a7-9cc7-ec486c49a281": (
            "87b33170d7a6c6d894215641f39e7b7de36501265479e5ab3922f32d5b225033"
        )
    }


def test_iias_are_served_to_their_partner_only_and_valid(nodes):
    a, b = nodes
    partner_b = factories.Institution.objects.get(ewp_hei_id="b.example")
    other = factories.partner("Other University", erasmus_code=None, ewp_hei_id="c.example")
    served = factories.agreement(
        partner_b,
        conditions=[
            factories.condition(),
            factories.staff_condition(direction="incoming"),
        ],
    )
    factories.agreement(other)
    with b.active():
        index = client.call(
            hei_id="a.example", api="iias", url="https://a.example/ewp/iias/index", params=[]
        )
        assert schemas.errors(etree.tostring(index), *schemas.IIAS_INDEX) == []
        assert [e.text for e in index] == [str(served.pk)]
        got = client.call(
            hei_id="a.example",
            api="iias",
            url="https://a.example/ewp/iias/get",
            params=[("iia_id", str(served.pk))],
        )
    xml = etree.tostring(got)
    assert schemas.errors(xml, *schemas.IIAS_GET) == []
    served_hash = got.findtext(".//{*}iia-hash")
    assert iia_hash.hashes(xml) == {str(served.pk): served_hash}
    assert b"<sending-hei-id>a.example</sending-hei-id>" in xml
    assert b"<sending-hei-id>b.example</sending-hei-id>" in xml


def test_modified_since_limits_the_index(nodes, frozen):
    a, b = nodes
    partner_b = factories.Institution.objects.get(ewp_hei_id="b.example")
    factories.agreement(partner_b)
    later = clock.now() + timedelta(days=1)
    with b.active():
        index = client.call(
            hei_id="a.example",
            api="iias",
            url="https://a.example/ewp/iias/index",
            params=[("modified_since", later.isoformat())],
        )
    assert list(index) == []


@override_settings(ERASMUSDESK_EWP_REGISTRY="")
def test_without_a_catalogue_every_caller_is_unknown(nodes):
    a, b = nodes
    with a.active():
        headers = _signed_headers(keys.private_key())
    assert _raw(b, headers).status_code == 403


def test_the_signed_pdf_is_served_to_the_partner_named_in_the_iia(nodes, settings):
    from django.core.files.base import ContentFile

    a, b = nodes
    partner_b = factories.Institution.objects.get(ewp_hei_id="b.example")
    agreement = factories.agreement(partner_b)
    agreement.signed_pdf.save("signed.pdf", ContentFile(b"%PDF-1.4 signed agreement"))
    with b.active():
        got = client.call(
            hei_id="a.example",
            api="iias",
            url="https://a.example/ewp/iias/get",
            params=[("iia_id", str(agreement.pk))],
        )
        file_id = got.findtext(".//{*}pdf-file")
        pdf = client.call(
            hei_id="a.example",
            api="file",
            url="https://a.example/ewp/file",
            params=[("file_id", file_id)],
            raw=True,
        )
    assert pdf == b"%PDF-1.4 signed agreement"
    with b.active():
        with pytest.raises(client.ExchangeError) as refusal:
            client.call(
                hei_id="a.example",
                api="file",
                url="https://a.example/ewp/file",
                params=[("file_id", f"iia-{agreement.pk + 1}-pdf")],
                raw=True,
            )
    assert "404" in str(refusal.value)


def test_the_index_keeps_the_agreements_valid_in_a_given_academic_year(nodes):
    a, b = nodes
    partner_b = factories.Institution.objects.get(ewp_hei_id="b.example")
    old = factories.agreement(partner_b, first=2018, last=2020, ewp_iia_id="old")
    current = factories.agreement(partner_b, ewp_iia_id="current")
    year = clock.academic_year()
    with b.active():
        index = client.call(
            hei_id="a.example",
            api="iias",
            url="https://a.example/ewp/iias/index",
            params=[("receiving_academic_year_id", f"{year}/{year + 1}")],
        )
        assert [e.text for e in index] == [current.ewp_iia_id]
        both = client.call(
            hei_id="a.example",
            api="iias",
            url="https://a.example/ewp/iias/index",
            params=[
                ("receiving_academic_year_id", "2019/2020"),
                ("receiving_academic_year_id", f"{year}/{year + 1}"),
            ],
        )
        assert sorted(e.text for e in both) == sorted([old.ewp_iia_id, current.ewp_iia_id])
        with pytest.raises(client.ExchangeError) as refusal:
            client.call(
                hei_id="a.example",
                api="iias",
                url="https://a.example/ewp/iias/index",
                params=[("receiving_academic_year_id", "2019")],
            )
    assert "400" in str(refusal.value)


def test_the_factsheet_is_served_once_the_office_filled_it_in(nodes):
    from erasmusdesk.ewp.models import Factsheet
    from erasmusdesk.ewp.services import save_factsheet

    a, b = nodes
    with b.active():
        empty = client.call(
            hei_id="a.example",
            api="factsheet",
            url="https://a.example/ewp/factsheet",
            params=[("hei_id", "a.example")],
        )
    assert list(empty) == []
    save_factsheet(
        Factsheet(
            nominations_autumn="05-15",
            nominations_spring="11-15",
            applications_autumn="06-01",
            applications_spring="12-01",
            decision_weeks=4,
            email="international@atyrau.example",
            phone="+77122275577",
            application_url="https://atyrau.example/incoming",
            housing_url="https://atyrau.example/housing",
            visa_url="https://atyrau.example/visa",
            insurance_url="https://atyrau.example/insurance",
        ),
        by=None,
    )
    with b.active():
        sheet = client.call(
            hei_id="a.example",
            api="factsheet",
            url="https://a.example/ewp/factsheet",
            params=[("hei_id", "a.example")],
        )
    xml = etree.tostring(sheet)
    assert schemas.errors(xml, *schemas.FACTSHEET) == []
    assert b"<autumn-term>--05-15</autumn-term>" in xml
    assert b"<tor-weeks-limit>5</tor-weeks-limit>" in xml


@pytest.mark.parametrize(("field", "value"), [("nominations_autumn", "02-30"), ("phone", "8 7122")])
def test_a_factsheet_with_an_impossible_date_or_phone_is_refused(db, field, value):
    from django.core.exceptions import ValidationError

    from erasmusdesk.ewp.models import Factsheet
    from erasmusdesk.ewp.services import save_factsheet

    values = dict(
        nominations_autumn="05-15",
        nominations_spring="11-15",
        applications_autumn="06-01",
        applications_spring="02-29",
        decision_weeks=4,
        email="international@atyrau.example",
        phone="+77122275577",
        application_url="https://atyrau.example/incoming",
        housing_url="https://atyrau.example/housing",
        visa_url="https://atyrau.example/visa",
        insurance_url="https://atyrau.example/insurance",
    )
    values[field] = value
    with pytest.raises(ValidationError) as refusal:
        save_factsheet(Factsheet(**values), by=None)
    assert list(refusal.value.message_dict) == [field]
    assert not Factsheet.objects.exists()


def test_a_signed_get_with_a_query_string_is_answered(nodes):
    a, b = nodes
    with a.active():
        answer = client.call(
            hei_id="b.example",
            api="echo",
            url="https://b.example/ewp/echo",
            params=[("echo", "a b&c")],
            method="GET",
        )
    assert [e.text for e in answer] == ["a.example", "a b&c"]


def test_a_request_to_another_host_name_gets_400(nodes, settings):
    a, b = nodes
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "b-alias.example"]
    with a.active():
        headers = httpsig.sign_request(
            method="POST",
            target="/ewp/echo",
            host="b-alias.example",
            body=b"echo=x",
            private_key=keys.private_key(),
            now=clock.now(),
        )
    with b.active():
        response = Client().generic(
            "POST",
            "/ewp/echo",
            data=b"echo=x",
            secure=True,
            content_type="application/x-www-form-urlencoded",
            headers=headers,
        )
    assert response.status_code == 400
    assert b"The Host header must be b.example." in response.content


def test_two_servers_starting_together_keep_one_key(settings, tmp_path):
    settings.ERASMUSDESK_EWP_KEY_FILE = tmp_path / "ewp" / "key.pem"
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        ids = set(pool.map(lambda _: keys.our_key_id(), range(4)))
    assert len(ids) == 1
    assert [p.name for p in (tmp_path / "ewp").iterdir()] == ["key.pem"]
