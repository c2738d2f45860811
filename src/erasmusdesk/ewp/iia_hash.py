"""The ``iia-hash`` of IIAs API v7, computed as the specification does.

Source: ``ewp-specs-api-iias`` v7, ``resources/xsltKit``: the hash is the hex SHA-256 of the
text that ``transform_version_7.xsl`` (XSLT 2.0) makes of an ``iias-get-response``, one
``<text-to-hash>`` per ``<iia>``. lxml runs XSLT 1.0 only, so the stylesheet runs in Saxon
(``saxonche``). The kit's published vector: ``get-response-v7.xml`` hashes to
``87b33170d7a6c6d894215641f39e7b7de36501265479e5ab3922f32d5b225033``, and so does
``get-response-v6.xml`` (an approved v6 agreement's snapshot) through
``transform_version_6.xsl``, the upgrade road of IIA Approval v2's README.
"""

from __future__ import annotations

import hashlib
import threading

from lxml import etree

from erasmusdesk.ewp.schemas import ROOT

KIT = ROOT / "erasmus-without-paper" / "ewp-specs-api-iias" / "stable-v7" / "resources" / "xsltKit"
STYLESHEET = KIT / "transform_version_7.xsl"
STYLESHEET_V6 = KIT / "transform_version_6.xsl"

_local = threading.local()


def _executable(stylesheet):
    if getattr(_local, "processor", None) is None:
        from saxonche import PySaxonProcessor

        _local.processor = PySaxonProcessor(license=False)
        _local.executables = {}
    if stylesheet not in _local.executables:
        _local.executables[stylesheet] = _local.processor.new_xslt30_processor().compile_stylesheet(
            stylesheet_file=str(stylesheet)
        )
    return _local.processor, _local.executables[stylesheet]


def hashes(get_response: bytes, stylesheet=STYLESHEET) -> dict[str, str]:
    """``{iia-id of the first partner: iia-hash}`` for every ``<iia>`` of the document
    (an IIAs v7 get response; a v6 one with ``stylesheet=STYLESHEET_V6``)."""
    processor, executable = _executable(stylesheet)
    source = processor.parse_xml(xml_text=get_response.decode("utf-8"))
    text = executable.transform_to_string(xdm_node=source)
    result = {}
    for iia in etree.fromstring(text.encode("utf-8")).iter("iia"):
        iia_id = (iia.findtext("iia-id") or "").strip()
        to_hash = iia.findtext("text-to-hash") or ""
        result[iia_id] = hashlib.sha256(to_hash.encode("utf-8")).hexdigest()
    return result
