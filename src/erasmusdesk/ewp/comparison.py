"""Our copy of an agreement beside the partner's: the cooperation conditions of both, as
rows of the same fields, and the rows that differ. The partner's copy can be approved when
nothing differs (IIA Approval v2: an approval is of the partner's hash as served)."""

from __future__ import annotations

from lxml import etree

from erasmusdesk.ewp import documents, namespaces

_Q = f"{{{namespaces.IIAS_GET}}}"
FIELDS = (
    "sending-hei-id",
    "receiving-hei-id",
    "receiving-first-academic-year-id",
    "receiving-last-academic-year-id",
    "mobilities-per-year",
    "isced-f-code",
    "language",
    "cefr-level",
    "total-months-per-year",
    "total-days-per-year",
    "eqf-level",
)


def condition_rows(xml: bytes | str) -> list[tuple[str, ...]]:
    """One row per mobility specification of the (first) IIA: its kind, then FIELDS."""
    root = etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml)
    rows = []
    for conditions in root.iter(_Q + "cooperation-conditions"):
        for spec in conditions:
            if not isinstance(spec.tag, str):
                continue
            kind = etree.QName(spec).localname.removesuffix("-mobility-spec")
            values = []
            for name in FIELDS:
                found = [(e.text or "").strip() for e in spec.iter(_Q + name)]
                values.append(", ".join(sorted(found)))
            rows.append((kind, *values))
        break
    return sorted(rows)


def compare(ours: bytes | None, theirs: str) -> dict:
    """``{"ours": rows, "theirs": rows, "only_ours": ..., "only_theirs": ..., "same": bool}``."""
    our_rows = condition_rows(ours) if ours else []
    their_rows = condition_rows(theirs)
    only_ours = [row for row in our_rows if row not in their_rows]
    only_theirs = [row for row in their_rows if row not in our_rows]
    return {
        "fields": ("kind", *FIELDS),
        "ours": our_rows,
        "theirs": their_rows,
        "only_ours": only_ours,
        "only_theirs": only_theirs,
        "same": bool(our_rows) and not only_ours and not only_theirs,
    }


def our_xml(agreement) -> bytes:
    from erasmusdesk.ewp import serving

    return documents.iias_get_response([serving.iia_data(agreement)])
