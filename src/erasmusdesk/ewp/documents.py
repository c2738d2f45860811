"""The XML documents our node serves, built with lxml from plain values.

Each builder follows its API's response schema (the 2026 versions in ``schemas/``); the tests
validate every one of them against the official XSD.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree

from erasmusdesk.ewp import namespaces as ns


def _sub(parent, tag: str, text: str | None = None, **attributes) -> etree._Element:
    element = etree.SubElement(parent, tag, {k.replace("_", "-"): v for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def update_response(namespace: str, tag: str, message: str) -> bytes:
    """The answer of an update API (``<tag>`` in ``namespace``): a success message for the
    caller's user, in the common types' ``success-user-message``."""
    root = etree.Element(f"{{{namespace}}}{tag}", nsmap={None: namespace, "ewp": ns.COMMON})
    _sub(root, f"{{{ns.COMMON}}}success-user-message", message)
    return serialise(root)


def error_response(message: str) -> bytes:
    """``<error-response>`` of the common types, with a ``developer-message``."""
    root = etree.Element(f"{{{ns.COMMON}}}error-response", nsmap={None: ns.COMMON})
    _sub(root, f"{{{ns.COMMON}}}developer-message", message)
    return serialise(root)


# --- manifest -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApiDescription:
    """One API of our manifest: its element, entry namespace, version and children."""

    name: str
    repo: str
    major: int
    version: str
    children: tuple[tuple[str, str], ...]
    secured: bool = True


def manifest(
    *,
    hei_id: str,
    hei_name: str,
    admin_email: str,
    public_key_b64: str,
    apis: Iterable[ApiDescription],
) -> bytes:
    """The discovery manifest v6: one host, our HEI, our APIs and our key.

    Each secured API's ``http-security`` declares HTTP Signature client authentication and
    HTTP Signature server authentication only (TLS client certificates are deprecated).
    """
    nsmap = {None: ns.MANIFEST, "ewp": ns.COMMON, "r": ns.REGISTRY, "sec": ns.SEC}
    root = etree.Element(f"{{{ns.MANIFEST}}}manifest", nsmap=nsmap)
    host = _sub(root, f"{{{ns.MANIFEST}}}host")
    _sub(host, f"{{{ns.COMMON}}}admin-email", admin_email)
    _sub(host, f"{{{ns.COMMON}}}admin-provider", "Erasmus Desk")
    implemented = _sub(host, f"{{{ns.REGISTRY}}}apis-implemented")
    for api in apis:
        entry_ns = ns.entry(api.repo, api.major)
        entry = etree.SubElement(
            implemented,
            f"{{{entry_ns}}}{api.name}",
            {"version": api.version},
            nsmap={None: entry_ns},
        )
        if api.secured:
            security = _sub(entry, f"{{{entry_ns}}}http-security")
            client = _sub(security, f"{{{ns.SEC}}}client-auth-methods")
            etree.SubElement(
                client, f"{{{ns.CLIAUTH_HTTPSIG}}}httpsig", nsmap={"cliauth": ns.CLIAUTH_HTTPSIG}
            )
            server = _sub(security, f"{{{ns.SEC}}}server-auth-methods")
            etree.SubElement(
                server, f"{{{ns.SRVAUTH_HTTPSIG}}}httpsig", nsmap={"srvauth": ns.SRVAUTH_HTTPSIG}
            )
        for name, value in api.children:
            _sub(entry, f"{{{entry_ns}}}{name}", value)
    covered = _sub(host, f"{{{ns.MANIFEST}}}institutions-covered")
    hei = _sub(covered, f"{{{ns.REGISTRY}}}hei", id=hei_id)
    _sub(hei, f"{{{ns.REGISTRY}}}name", hei_name)
    client_credentials = _sub(host, f"{{{ns.MANIFEST}}}client-credentials-in-use")
    _sub(client_credentials, f"{{{ns.MANIFEST}}}rsa-public-key", public_key_b64)
    server_credentials = _sub(host, f"{{{ns.MANIFEST}}}server-credentials-in-use")
    _sub(server_credentials, f"{{{ns.MANIFEST}}}rsa-public-key", public_key_b64)
    return serialise(root)


# --- echo, institutions, organizational units -----------------------------------------------


def echo_response(hei_ids: Iterable[str], echoes: Iterable[str]) -> bytes:
    """Echo v2: the caller's HEIs (as the registry knows its key) and its ``echo`` values."""
    root = etree.Element(f"{{{ns.ECHO}}}response", nsmap={None: ns.ECHO})
    for hei_id in hei_ids:
        _sub(root, f"{{{ns.ECHO}}}hei-id", hei_id)
    for echo in echoes:
        _sub(root, f"{{{ns.ECHO}}}echo", echo)
    return serialise(root)


@dataclass
class HeiData:
    hei_id: str
    names: list[tuple[str, str]]  # (text, language code or "")
    erasmus_code: str = ""
    website: str = ""
    ounit_ids: list[str] = field(default_factory=list)


def institutions_response(heis: Iterable[HeiData]) -> bytes:
    """Institutions v2."""
    root = etree.Element(
        f"{{{ns.INSTITUTIONS}}}institutions-response",
        nsmap={None: ns.INSTITUTIONS, "ewp": ns.COMMON, "r": ns.REGISTRY},
    )
    for data in heis:
        hei = _sub(root, f"{{{ns.INSTITUTIONS}}}hei")
        _sub(hei, f"{{{ns.INSTITUTIONS}}}hei-id", data.hei_id)
        if data.erasmus_code:
            _sub(hei, f"{{{ns.INSTITUTIONS}}}other-id", data.erasmus_code, type="erasmus")
        for text, language in data.names:
            name = _sub(hei, f"{{{ns.INSTITUTIONS}}}name", text)
            if language:
                name.set("{http://www.w3.org/XML/1998/namespace}lang", language)
        if data.website:
            _sub(hei, f"{{{ns.INSTITUTIONS}}}website-url", data.website)
        for ounit_id in data.ounit_ids:
            _sub(hei, f"{{{ns.INSTITUTIONS}}}ounit-id", ounit_id)
    return serialise(root)


@dataclass
class OunitData:
    ounit_id: str
    code: str
    name: str


def ounits_response(units: Iterable[OunitData]) -> bytes:
    """Organizational Units v2."""
    root = etree.Element(f"{{{ns.OUNITS}}}ounits-response", nsmap={None: ns.OUNITS})
    for data in units:
        unit = _sub(root, f"{{{ns.OUNITS}}}ounit")
        _sub(unit, f"{{{ns.OUNITS}}}ounit-id", data.ounit_id)
        _sub(unit, f"{{{ns.OUNITS}}}ounit-code", data.code)
        _sub(unit, f"{{{ns.OUNITS}}}name", data.name)
    return serialise(root)


def factsheet_response(hei_id: str, sheet) -> bytes:
    """Factsheet v1 for our HEI from the office's ``Factsheet`` (None: no factsheet)."""
    q, p = f"{{{ns.FACTSHEET}}}", f"{{{ns.PHONE}}}"
    root = etree.Element(q + "factsheet-response", nsmap={None: ns.FACTSHEET, "p": ns.PHONE})
    if sheet is None:
        return serialise(root)
    element = _sub(root, q + "factsheet")
    _sub(element, q + "hei-id", hei_id)
    calendar = _sub(element, q + "calendar")
    for name, autumn, spring in (
        ("student-nominations", sheet.nominations_autumn, sheet.nominations_spring),
        ("student-applications", sheet.applications_autumn, sheet.applications_spring),
    ):
        entry = _sub(calendar, q + name)
        _sub(entry, q + "autumn-term", f"--{autumn}")
        _sub(entry, q + "spring-term", f"--{spring}")

    def information(name: str, url: str) -> None:
        info = _sub(element, q + name)
        _sub(info, q + "email", sheet.email)
        phone = _sub(info, p + "phone-number")
        _sub(phone, p + "e164", sheet.phone)
        _sub(info, q + "website-url", url)

    information("application-info", sheet.application_url)
    _sub(element, q + "decision-weeks-limit", str(sheet.decision_weeks))
    _sub(element, q + "tor-weeks-limit", str(sheet.tor_weeks))
    information("housing-info", sheet.housing_url)
    information("visa-info", sheet.visa_url)
    information("insurance-info", sheet.insurance_url)
    return serialise(root)


# --- IIAs v7 --------------------------------------------------------------------------------


def iias_index_response(iia_ids: Iterable[str]) -> bytes:
    root = etree.Element(f"{{{ns.IIAS_INDEX}}}iias-index-response", nsmap={None: ns.IIAS_INDEX})
    for iia_id in iia_ids:
        _sub(root, f"{{{ns.IIAS_INDEX}}}iia-id", iia_id)
    return serialise(root)


@dataclass
class IiaPartner:
    hei_id: str
    iia_id: str = ""
    ounit_id: str = ""
    signing_name: str = ""
    signing_email: str = ""
    signing_date: str = ""  # ISO date


@dataclass
class IiaSpec:
    """One cooperation condition: ``kind`` is the element's prefix (``student-studies`` ...)."""

    kind: str
    sending_hei_id: str
    receiving_hei_id: str
    first_year: str  # "2026/2027"
    last_year: str
    mobilities_per_year: int
    isced_code: str = ""
    language: str = ""
    cefr_level: str = ""
    receiving_ounit_id: str = ""
    other_terms: str = ""
    total_months: str = ""
    total_days: str = ""
    eqf_levels: list[str] = field(default_factory=list)


SPEC_ORDER = ("student-studies", "student-traineeship", "staff-teacher", "staff-training")


@dataclass
class IiaData:
    partners: tuple[IiaPartner, IiaPartner]
    in_effect: bool
    specs: list[IiaSpec]
    pdf_file: str = ""


def _iia(parent, data: IiaData, iia_hash: str) -> None:
    q = f"{{{ns.IIAS_GET}}}"
    c = f"{{{ns.CONTACT}}}"
    iia = _sub(parent, q + "iia")
    for partner in data.partners:
        element = _sub(iia, q + "partner")
        _sub(element, q + "hei-id", partner.hei_id)
        if partner.ounit_id:
            _sub(element, q + "ounit-id", partner.ounit_id)
        if partner.iia_id:
            _sub(element, q + "iia-id", partner.iia_id)
        if partner.signing_name:
            contact = _sub(element, q + "signing-contact")
            _sub(contact, c + "contact-name", partner.signing_name)
            if partner.signing_email:
                _sub(contact, c + "email", partner.signing_email)
        if partner.signing_date:
            _sub(element, q + "signing-date", partner.signing_date)
    _sub(iia, q + "in-effect", "true" if data.in_effect else "false")
    conditions = _sub(iia, q + "cooperation-conditions")
    for spec in sorted(data.specs, key=lambda s: SPEC_ORDER.index(s.kind)):
        element = _sub(conditions, q + f"{spec.kind}-mobility-spec")
        _sub(element, q + "sending-hei-id", spec.sending_hei_id)
        _sub(element, q + "receiving-hei-id", spec.receiving_hei_id)
        if spec.receiving_ounit_id:
            _sub(element, q + "receiving-ounit-id", spec.receiving_ounit_id)
        _sub(element, q + "receiving-first-academic-year-id", spec.first_year)
        _sub(element, q + "receiving-last-academic-year-id", spec.last_year)
        _sub(element, q + "mobilities-per-year", str(spec.mobilities_per_year))
        if spec.language or spec.kind in ("student-studies", "staff-teacher"):
            skill = _sub(element, q + "recommended-language-skill")
            # The schema requires a language for studies and teaching; English when the
            # agreement names none.
            _sub(skill, q + "language", spec.language or "en")
            if spec.cefr_level:
                _sub(skill, q + "cefr-level", spec.cefr_level)
        if spec.isced_code:
            area = _sub(element, q + "subject-area")
            _sub(area, q + "isced-f-code", spec.isced_code)
        if spec.other_terms:
            _sub(element, q + "other-info-terms", spec.other_terms)
        if spec.kind.startswith("student"):
            if spec.total_months:
                _sub(element, q + "total-months-per-year", spec.total_months)
            _sub(element, q + "blended", "false")
            for level in spec.eqf_levels:
                _sub(element, q + "eqf-level", level)
        elif spec.total_days:
            _sub(element, q + "total-days-per-year", spec.total_days)
    _sub(iia, q + "iia-hash", iia_hash)
    if data.pdf_file:
        _sub(iia, q + "pdf-file", data.pdf_file)


def iias_get_response(iias: Iterable[IiaData], hash_of=None) -> bytes:
    """IIAs v7 get. ``hash_of(single_iia_document) -> hash`` fills each ``iia-hash``
    (iia_hash.hashes); the hash does not depend on the hash element itself."""
    nsmap = {None: ns.IIAS_GET, "c": ns.CONTACT}
    root = etree.Element(f"{{{ns.IIAS_GET}}}iias-get-response", nsmap=nsmap)
    for data in iias:
        value = "0" * 64
        if hash_of is not None:
            single = etree.Element(f"{{{ns.IIAS_GET}}}iias-get-response", nsmap=nsmap)
            _iia(single, data, value)
            value = hash_of(serialise(single))
        _iia(root, data, value)
    return serialise(root)


def iias_approval_response(approvals: Iterable[tuple[str, str]]) -> bytes:
    """IIA Approval v2: (the owner's IIA id, the hash we approved) pairs."""
    q = f"{{{ns.IIAS_APPROVAL}}}"
    root = etree.Element(q + "iias-approval-response", nsmap={None: ns.IIAS_APPROVAL})
    for iia_id, approved_hash in approvals:
        approval = _sub(root, q + "approval")
        _sub(approval, q + "iia-id", iia_id)
        _sub(approval, q + "iia-hash", approved_hash)
    return serialise(root)


def cnr_response(namespace: str, element: str) -> bytes:
    """The empty answer of a CNR API (``iia-cnr-response`` ...)."""
    return serialise(etree.Element(f"{{{namespace}}}{element}", nsmap={None: namespace}))
