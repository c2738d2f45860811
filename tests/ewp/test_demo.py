"""The demo's EWP node: on with a demo HEI id, a local catalogue made once from our own
manifest, offline."""

import pytest

from erasmusdesk.core.demo import load_demo
from erasmusdesk.ewp import catalogue, schemas
from erasmusdesk.ewp.demo import load_demo_ewp
from erasmusdesk.institutions.models import Institution

pytestmark = pytest.mark.django_db


def test_the_demo_turns_ewp_on_with_a_local_catalogue(settings, tmp_path):
    settings.ERASMUSDESK_EWP_HEI_ID = "demo.atyrau-university.example"
    settings.ERASMUSDESK_EWP_REGISTRY = str(tmp_path / "ewp" / "catalogue-v1.xml")
    settings.ERASMUSDESK_EWP_KEY_FILE = tmp_path / "ewp" / "key.pem"
    settings.ERASMUSDESK_EWP_ADMIN_EMAIL = "international@atyrau-university.example"
    load_demo()
    assert load_demo_ewp() is True
    assert load_demo_ewp() is False  # idempotent: the catalogue is kept
    xml = (tmp_path / "ewp" / "catalogue-v1.xml").read_bytes()
    assert schemas.errors(xml, *schemas.CATALOGUE) == []
    assert catalogue.current().hei_ids() == ["demo.atyrau-university.example"]
    assert Institution.objects.get(is_home=True).ewp_hei_id == "demo.atyrau-university.example"


def test_the_demo_leaves_ewp_off_without_a_hei_id(settings, tmp_path):
    settings.ERASMUSDESK_EWP_HEI_ID = ""
    settings.ERASMUSDESK_EWP_REGISTRY = str(tmp_path / "catalogue-v1.xml")
    load_demo()
    assert load_demo_ewp() is False
    assert not (tmp_path / "catalogue-v1.xml").exists()
