"""The registry catalogue read from a URL (kept 15 minutes, ETag, stale fallback), and the
commands that print our key and build a catalogue from manifests."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from erasmusdesk.ewp import catalogue, schemas
from tests.factories import ewp as builders


@pytest.fixture
def registry_server(nodes, settings):
    """A loopback HTTP server serving the catalogue made from A's and B's manifests."""
    body = open(settings.ERASMUSDESK_EWP_REGISTRY, "rb").read()
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.headers.get("If-None-Match"))
            if self.server.down:
                self.send_response(503)
                self.end_headers()
            elif self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
            else:
                self.send_response(200)
                self.send_header("ETag", '"v1"')
                self.end_headers()
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.down = False
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.ERASMUSDESK_EWP_REGISTRY = f"http://127.0.0.1:{server.server_port}/catalogue-v1.xml"
    catalogue._cache.clear()
    yield server, seen
    server.shutdown()
    catalogue._cache.clear()


def test_the_catalogue_is_kept_then_revalidated_with_its_etag(registry_server, settings):
    server, seen = registry_server
    assert catalogue.current().hei_ids() == ["a.example", "b.example"]
    assert catalogue.current() is catalogue.current()
    assert seen == [None]
    settings.ERASMUSDESK_EWP_REGISTRY_CACHE_SECONDS = 0
    assert catalogue.current().hei_ids() == ["a.example", "b.example"]
    assert seen == [None, '"v1"']


def test_the_last_catalogue_serves_while_the_registry_is_down(registry_server, settings):
    server, seen = registry_server
    first = catalogue.current()
    settings.ERASMUSDESK_EWP_REGISTRY_CACHE_SECONDS = 0
    server.down = True
    assert catalogue.current() is first


def test_ewp_keys_prints_the_key_id_and_the_public_key(nodes):
    a, _ = nodes
    out = StringIO()
    with a.active():
        call_command("ewp_keys", stdout=out)
        from erasmusdesk.ewp import keys

        assert f"keyId: {keys.our_key_id()}" in out.getvalue()
        assert keys.public_key_base64() in out.getvalue()


def test_ewp_catalogue_builds_a_valid_catalogue_from_manifest_files(nodes, tmp_path):
    a, b = nodes
    paths = []
    for node in (a, b):
        path = tmp_path / f"{node.hei_id}.xml"
        path.write_bytes(builders.manifest_of(node))
        paths.append(str(path))
    output = tmp_path / "built.xml"
    call_command("ewp_catalogue", *paths, output=str(output))
    xml = output.read_bytes()
    assert schemas.errors(xml, *schemas.CATALOGUE) == []
    assert catalogue.Catalogue(xml).hei_ids() == ["a.example", "b.example"]


def test_ewp_sync_pulls_agreements_and_prunes_the_old_log(nodes, settings, frozen):
    from datetime import timedelta

    from erasmusdesk.core import clock
    from erasmusdesk.ewp.models import Exchange, PartnerIia
    from tests import factories

    a, b = nodes
    now = frozen(factories.local(2026, 12, 4, 3))
    partner_b = factories.Institution.objects.get(ewp_hei_id="b.example")
    factories.agreement(partner_b, ewp_iia_id="nightly-1")
    old = Exchange.objects.create(
        direction="in", api="echo", url="x", status=200, at=now - timedelta(days=181)
    )
    kept = Exchange.objects.create(
        direction="in", api="echo", url="x", status=200, at=now - timedelta(days=179)
    )
    out = StringIO()
    with b.active():
        call_command("ewp_sync", stdout=out)
    assert "a.example: 1" in out.getvalue()
    assert PartnerIia.objects.get().partner_iia_id == "nightly-1"
    assert not Exchange.objects.filter(pk=old.pk).exists()
    assert Exchange.objects.filter(pk=kept.pk).exists()
    assert clock.now() == now
