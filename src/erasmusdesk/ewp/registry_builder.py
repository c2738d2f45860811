"""A registry catalogue made from manifests, as the EWP Registry makes it (registry API
v1.5.0): each manifest host becomes a catalogue host whose keys are listed by fingerprint,
with the DER bodies in ``<binaries>``; its HEIs go to ``<institutions>``."""

from __future__ import annotations

import base64
import copy
import hashlib

from lxml import etree

from erasmusdesk.ewp import namespaces as ns

_M = f"{{{ns.MANIFEST}}}"
_R = f"{{{ns.REGISTRY}}}"


def catalogue_from_manifests(manifests: list[bytes]) -> bytes:
    parser = etree.XMLParser(no_network=True, resolve_entities=False, remove_blank_text=True)
    root = etree.Element(_R + "catalogue", nsmap={None: ns.REGISTRY, "ewp": ns.COMMON})
    institutions: list[etree._Element] = []
    binaries: dict[str, str] = {}
    for body in manifests:
        manifest = etree.fromstring(body, parser)
        for host in manifest.iter(_M + "host"):
            entry = etree.SubElement(root, _R + "host")
            for child in host:
                if not isinstance(child.tag, str):
                    continue
                name = etree.QName(child).localname
                if child.tag.startswith(f"{{{ns.COMMON}}}"):
                    entry.append(copy.deepcopy(child))
                elif child.tag == _R + "apis-implemented":
                    entry.append(copy.deepcopy(child))
                elif name == "institutions-covered":
                    covered = etree.SubElement(entry, _R + "institutions-covered")
                    for hei in child.iter(_R + "hei"):
                        etree.SubElement(covered, _R + "hei-id").text = hei.get("id")
                        institutions.append(copy.deepcopy(hei))
                elif name in ("client-credentials-in-use", "server-credentials-in-use"):
                    credentials = etree.SubElement(entry, _R + name)
                    for key in child.iter(_M + "rsa-public-key"):
                        der_b64 = "".join((key.text or "").split())
                        fingerprint = hashlib.sha256(base64.b64decode(der_b64)).hexdigest()
                        binaries[fingerprint] = der_b64
                        etree.SubElement(
                            credentials, _R + "rsa-public-key", {"sha-256": fingerprint}
                        )
    heis = etree.SubElement(root, _R + "institutions")
    for hei in institutions:
        heis.append(hei)
    if binaries:
        keys = etree.SubElement(root, _R + "binaries")
        for fingerprint, der_b64 in binaries.items():
            etree.SubElement(keys, _R + "rsa-public-key", {"sha-256": fingerprint}).text = der_b64
    etree.cleanup_namespaces(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
