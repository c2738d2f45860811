"""The EWP Registry's catalogue (``ewp-specs-api-registry`` v1.5.0, ``catalogue.xsd``).

The catalogue lists every host of the network: the HEIs it covers, the APIs it implements
(the manifest entries, with their URLs) and the fingerprints of its client and server keys,
whose DER bodies are in ``<binaries>``. From it a server learns which HEIs a signed request
speaks for (the key's hosts' HEIs, per the registry specification's "Identify the covered
HEIs"), and a client learns where a partner's API is and which key signs its answers.

It is read from ``ERASMUSDESK_EWP_REGISTRY``: a file path (read again when the file changes)
or an https URL (kept ``ERASMUSDESK_EWP_REGISTRY_CACHE_SECONDS``, 15 minutes by default, then
asked again with ``If-None-Match``; when the registry cannot be reached, the last copy is
used). Empty: no catalogue, no partner on EWP.
"""

from __future__ import annotations

import base64
import re
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from lxml import etree

from erasmusdesk.ewp import httpsig

NS = "https://github.com/erasmus-without-paper/ewp-specs-api-registry/tree/stable-v1"
_Q = f"{{{NS}}}"
_MAJOR = re.compile(r"/stable-v(\d+)/")


@dataclass(frozen=True)
class ApiEntry:
    """One ``apis-implemented`` entry: the API's name (its element), major version, URLs."""

    name: str
    namespace: str
    version: str
    element: etree._Element = field(repr=False, compare=False, hash=False)

    @property
    def major(self) -> int:
        match = _MAJOR.search(self.namespace)
        return int(match.group(1)) if match else 0

    def child(self, name: str) -> str:
        for child in self.element:
            if etree.QName(child).localname == name:
                return (child.text or "").strip()
        return ""


@dataclass
class Host:
    heis: list[str]
    apis: list[ApiEntry]
    client_keys: set[str]
    server_keys: set[str]
    admin_emails: list[str]


class Catalogue:
    """A parsed catalogue with the look-ups a node needs."""

    def __init__(self, xml: bytes):
        root = etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False))
        self.hosts: list[Host] = []
        for host in root.iter(_Q + "host"):
            apis = []
            for implemented in host.iter(_Q + "apis-implemented"):
                for entry in implemented:
                    if not isinstance(entry.tag, str):
                        continue
                    qname = etree.QName(entry)
                    apis.append(
                        ApiEntry(qname.localname, qname.namespace, entry.get("version", ""), entry)
                    )
            self.hosts.append(
                Host(
                    heis=[(h.text or "").strip().lower() for h in host.iter(_Q + "hei-id")],
                    apis=apis,
                    client_keys=_fingerprints(host, "client-credentials-in-use"),
                    server_keys=_fingerprints(host, "server-credentials-in-use"),
                    admin_emails=[
                        (e.text or "").strip() for e in host if _local(e) == "admin-email"
                    ],
                )
            )
        self.names: dict[str, str] = {}
        for hei in root.iter(_Q + "hei"):
            names = [n.text or "" for n in hei.iter(_Q + "name")]
            self.names[hei.get("id", "").lower()] = names[0] if names else hei.get("id", "")
        self.binaries: dict[str, bytes] = {}
        for key in root.iter(_Q + "binaries"):
            for entry in key.iter(_Q + "rsa-public-key"):
                self.binaries[entry.get("sha-256", "").lower()] = base64.b64decode(
                    "".join((entry.text or "").split())
                )

    def _key(self, key_id: str, fingerprints: set[str]) -> rsa.RSAPublicKey | None:
        der = self.binaries.get(key_id)
        if key_id not in fingerprints or der is None:
            return None
        if httpsig.key_id(httpsig.load_public_key_der(der)) != key_id:
            return None
        return httpsig.load_public_key_der(der)

    def client_key(self, key_id: str) -> rsa.RSAPublicKey | None:
        """The public key of a client ``keyId`` listed by some host, else None."""
        known = set().union(*(h.client_keys for h in self.hosts)) if self.hosts else set()
        return self._key(key_id, known)

    def heis_of_client_key(self, key_id: str) -> list[str]:
        """The HEIs covered by every host that lists this client key."""
        heis: list[str] = []
        for host in self.hosts:
            if key_id in host.client_keys:
                heis.extend(h for h in host.heis if h not in heis)
        return heis

    def server_key_for(self, hei_id: str, key_id: str) -> rsa.RSAPublicKey | None:
        """The key ``key_id`` if a host covering ``hei_id`` signs its answers with it."""
        fingerprints = set()
        for host in self.hosts:
            if hei_id in host.heis:
                fingerprints |= host.server_keys
        return self._key(key_id, fingerprints)

    def api(self, hei_id: str, name: str, major: int | None = None) -> ApiEntry | None:
        """The entry of API ``name`` (e.g. ``iias``) of the host covering ``hei_id``,
        of the given major version (the highest one when None)."""
        found = [
            api
            for host in self.hosts
            if hei_id.lower() in host.heis
            for api in host.apis
            if api.name == name and (major is None or api.major == major)
        ]
        return max(found, key=lambda api: api.major) if found else None

    def apis_of(self, hei_id: str) -> list[ApiEntry]:
        return [api for host in self.hosts if hei_id.lower() in host.heis for api in host.apis]

    def hei_ids(self) -> list[str]:
        ids: list[str] = []
        for host in self.hosts:
            ids.extend(h for h in host.heis if h not in ids)
        return ids


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _fingerprints(host, name: str) -> set[str]:
    found = set()
    for credentials in host.iter(_Q + name):
        for key in credentials.iter(_Q + "rsa-public-key"):
            found.add(key.get("sha-256", "").lower())
    return found


# --- loading --------------------------------------------------------------------------------

_lock = threading.Lock()
_cache: dict[str, tuple[float, object, Catalogue]] = {}


def _from_file(path: Path) -> Catalogue | None:
    if not path.exists():
        return None
    mtime = path.stat().st_mtime
    cached = _cache.get(str(path))
    if cached and cached[1] == mtime:
        return cached[2]
    catalogue = Catalogue(path.read_bytes())
    _cache[str(path)] = (time.monotonic(), mtime, catalogue)
    return catalogue


def _from_url(url: str) -> Catalogue | None:
    cached = _cache.get(url)
    max_age = settings.ERASMUSDESK_EWP_REGISTRY_CACHE_SECONDS
    if cached and time.monotonic() - cached[0] < max_age:
        return cached[2]
    request = urllib.request.Request(url, headers={"Accept": "application/xml"})
    if cached and cached[1]:
        request.add_header("If-None-Match", str(cached[1]))
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            catalogue = Catalogue(response.read())
            _cache[url] = (time.monotonic(), response.headers.get("ETag", ""), catalogue)
            return catalogue
    except urllib.error.HTTPError as error:
        if error.code == 304 and cached:
            _cache[url] = (time.monotonic(), cached[1], cached[2])
            return cached[2]
        return cached[2] if cached else None
    except (OSError, etree.XMLSyntaxError):
        # Stale fallback: the registry being down must not stop the node.
        return cached[2] if cached else None


def current() -> Catalogue | None:
    """The catalogue in force, or None when none is configured or readable."""
    source = settings.ERASMUSDESK_EWP_REGISTRY
    if not source:
        return None
    with _lock:
        if source.startswith(("https://", "http://")):
            return _from_url(source)
        return _from_file(Path(source))
