"""EWP builders: installations of our node (a HEI id, a key pair, an address) that share the
test process, a registry catalogue made from their manifests, and a transport that routes a
signed request to the installation it is addressed to (the Django test client, no sockets).

Two installations in one process share the database: each serves the agreements whose
partner is the caller (IIAs v7), so A's and B's data never mix."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.test import Client, override_settings

from erasmusdesk.ewp import client, registry_builder


@dataclass
class Installation:
    hei_id: str
    host: str
    key_file: Path

    @property
    def base_url(self) -> str:
        return f"https://{self.host}"

    def overrides(self) -> dict:
        return {
            "ERASMUSDESK_EWP_HEI_ID": self.hei_id,
            "ERASMUSDESK_EWP_BASE_URL": self.base_url,
            "ERASMUSDESK_EWP_KEY_FILE": self.key_file,
            "ERASMUSDESK_EWP_ADMIN_EMAIL": f"ewp-admin@{self.hei_id}",
        }

    @contextlib.contextmanager
    def active(self):
        with override_settings(**self.overrides()):
            yield self


def installation(tmp_path: Path, hei_id: str) -> Installation:
    host = hei_id
    return Installation(hei_id=hei_id, host=host, key_file=tmp_path / hei_id / "key.pem")


def manifest_of(node: Installation) -> bytes:
    with node.active():
        response = Client().get("/ewp/manifest.xml", secure=True, headers={"host": node.host})
    assert response.status_code == 200, response.content
    return response.content


def network(settings, tmp_path: Path, *nodes: Installation) -> Path:
    """Make the catalogue of ``nodes`` from their manifests, point the registry setting at
    it and route the client's requests to them; returns the catalogue's path."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, *(n.host for n in nodes)]
    path = tmp_path / "catalogue-v1.xml"
    settings.ERASMUSDESK_EWP_REGISTRY = str(path)
    path.write_bytes(registry_builder.catalogue_from_manifests([manifest_of(n) for n in nodes]))
    by_host = {n.host: n for n in nodes}

    def transport(method, url, headers, body):
        parts = urlsplit(url)
        target = by_host[parts.netloc]
        with target.active():
            response = Client().generic(
                method,
                parts.path + (f"?{parts.query}" if parts.query else ""),
                data=body,
                content_type=headers.get("content-type", "application/octet-stream"),
                secure=True,
                headers={k: v for k, v in headers.items() if k != "content-type"},
            )
        return client.Answer(
            response.status_code, {k.lower(): v for k, v in response.items()}, response.content
        )

    client.set_transport(transport)
    return path


SAMPLE_PK = 4242


def samples() -> int:
    """One exchange, one partner's agreement and one outgoing notification, all numbered
    ``SAMPLE_PK`` (the office's EWP pages take that number); returns it."""
    from erasmusdesk.core import clock
    from erasmusdesk.ewp.models import Exchange, Notification, PartnerIia

    now = clock.now()
    Exchange.objects.create(
        pk=SAMPLE_PK,
        direction="in",
        api="echo",
        url="https://a.example/ewp/echo",
        at=now,
        status=401,
        error="This endpoint requires HTTP Signature client authentication.",
    )
    PartnerIia.objects.create(
        pk=SAMPLE_PK,
        partner_hei_id="b.example",
        partner_iia_id="b-1",
        xml="<x/>",
        fetched_at=now,
    )
    Notification.objects.create(
        pk=SAMPLE_PK,
        direction="out",
        api="iia-cnr",
        partner_hei_id="b.example",
        object_id="1",
        created_at=now,
        next_attempt_at=now,
    )
    return SAMPLE_PK
