"""Outgoing Mobility Learning Agreements v1.2 (``ewp-specs-api-omobility-las`` v1.2.0), mapped
from the mobility app's learning agreements.

The sending HEI keeps the learning agreement; our node serves it for our outgoing students
(``index``, ``get``) to their receiving HEI only, and takes the receiving HEI's ``update``:
``approve-proposal-v1`` or ``comment-proposal-v1`` of the ``changes-proposal`` it read.

The mapping (the specification's ``la`` element):

- ``first-version``: our version 1 once the three parties approved it;
  ``approved-changes``: the latest approved version when it is a later one;
  ``changes-proposal``: the version waiting for the receiving HEI, i.e. signed by the
  participant and approved by the sending coordinator for its current content (the first
  version, too, travels as a proposal until it is approved). A version waiting for our own
  coordinator is not shown: the schema requires the sending HEI's signature.
- Tables A, B, C are ``components-studied``, ``components-recognized``,
  ``virtual-components``; a change's ``status``, ``reason-code`` and ``reason-text`` are the
  component's.
- The proposal's ``id`` is the version's ``proposal_id`` joined to the first 16 hex digits
  of the SHA-256 of its content (``learning.content_digest``): a proposal revised after a
  comment is a new proposal, and an answer to the old one is refused with 409 (the
  specification: "the server MUST respond with HTTP 409 if the changes-proposal-id is not
  the latest").
- ``contact-person`` of the sending HEI is the sending coordinator who signed; of the
  receiving HEI the host's contact in our records (an account, else a contact on file with an
  e-mail), else its signer. A mobility without an EQF level, a language skill or a receiving
  contact cannot be written valid and is left out.

The receiving side (the partner keeps the agreement) is ``pull_partner_la``,
``approve_partner_la`` and ``comment_partner_la``: our copy of the partner's agreement, and
our coordinator's answer sent to the partner's update endpoint.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from lxml import etree

from erasmusdesk.core.errors import DomainError
from erasmusdesk.ewp import documents, node
from erasmusdesk.mobility import learning
from erasmusdesk.mobility.models import (
    HostContact,
    LearningAgreement,
    LearningAgreementStatus,
    Mobility,
    Signature,
    SignerParty,
    Table,
)

GH = (
    "https://github.com/erasmus-without-paper/ewp-specs-api-omobility-las/blob/stable-v1/endpoints/"
)
INDEX = GH + "index-response.xsd"
GET = GH + "get-response.xsd"
UPDATE_REQUEST = GH + "update-request.xsd"
UPDATE_RESPONSE = GH + "update-response.xsd"
STATS = GH + "stats-response.xsd"
COMMON = "https://github.com/erasmus-without-paper/ewp-specs-architecture/blob/stable-v1/common-types.xsd"
TRM = "https://github.com/erasmus-without-paper/ewp-specs-types-academic-term/tree/stable-v2"

TABLE_ELEMENT = {
    Table.A: "components-studied",
    Table.B: "components-recognized",
    Table.C: "virtual-components",
}
SIGNATURE_ELEMENT = {
    SignerParty.STUDENT: "student-signature",
    SignerParty.SENDING: "sending-hei-signature",
    SignerParty.RECEIVING: "receiving-hei-signature",
}
Status = LearningAgreementStatus


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def served(receiving_heis: Iterable[str]):
    """Our outgoing student mobilities for studies to these HEIs (LAs v1.2 describes
    studies only)."""
    return (
        Mobility.objects.filter(
            sending_hei__ewp_hei_id=node.hei_id(),
            receiving_hei__ewp_hei_id__in=list(receiving_heis),
            activity_type="student-studies",
        )
        .exclude(eqf_level_studied_at_departure="")
        .select_related("sending_hei", "receiving_hei", "participant__profile")
    )


def proposal_id(agreement: LearningAgreement) -> str:
    """The ``changes-proposal`` id: the version's id and its content's digest."""
    return f"{agreement.proposal_id}.{learning.content_digest(agreement)[:16]}"


def _signature(agreement: LearningAgreement, party: str, digest: str) -> Signature | None:
    return (
        agreement.signatures.filter(party=party, approved=True, sha256=digest)
        .order_by("-timestamp")
        .first()
    )


def waiting_proposal(mobility: Mobility) -> LearningAgreement | None:
    """The version the receiving HEI is asked to approve or comment, if any."""
    agreement = learning.current(mobility)
    if agreement is None or agreement.status != Status.PROPOSED:
        return None
    digest = learning.content_digest(agreement)
    if _signature(agreement, SignerParty.STUDENT, digest) is None:
        return None
    if _signature(agreement, SignerParty.SENDING, digest) is None:
        return None
    if _signature(agreement, SignerParty.RECEIVING, digest) is not None:
        return None
    return agreement


def _approved_versions(mobility: Mobility) -> list[LearningAgreement]:
    return list(
        mobility.learning_agreements.filter(
            status__in=[Status.APPROVED, Status.SUPERSEDED]
        ).order_by("number")
    )


def _language_skill(mobility: Mobility, agreement: LearningAgreement | None) -> tuple[str, str]:
    language = (agreement.student_language if agreement else "") or mobility.language
    level = (agreement.student_cefr_level if agreement else "") or mobility.cefr_level
    return language, level


def _split_name(name: str) -> tuple[str, str]:
    parts = name.split()
    if len(parts) < 2:
        return name.strip(), name.strip()
    return " ".join(parts[:-1]), parts[-1]


def _receiving_contact(mobility: Mobility, signers: list[Signature]) -> tuple[str, str, str] | None:
    contact = (
        HostContact.objects.filter(institution=mobility.receiving_hei)
        .select_related("user")
        .exclude(user__email="")
        .first()
    )
    if contact is not None:
        user = contact.user
        given, family = user.first_name, user.last_name
        if not (given and family):
            given, family = _split_name(user.get_full_name() or user.get_username())
        return given, family, user.email
    on_file = mobility.receiving_hei.contacts.exclude(email="").first()
    if on_file is not None:
        return (*_split_name(on_file.name), on_file.email)
    for signer in signers:
        if signer.party == SignerParty.RECEIVING and signer.signer_email:
            return (*_split_name(signer.signer_name), signer.signer_email)
    return None


def _sending_contact(signers: list[Signature]) -> tuple[str, str, str] | None:
    for signer in reversed(signers):
        if signer.party == SignerParty.SENDING and signer.signer_email:
            return (*_split_name(signer.signer_name), signer.signer_email)
    return None


def _term(term_id: str) -> tuple[int, int] | None:
    """Our free-text term (``2026/2027 autumn``) as the academic-term v2 ``term-id``: a
    semester by its name, else none (the element is optional)."""
    words = set(re.findall(r"[a-zа-яәіңғүұқөһ]+", term_id.lower()))
    if words & {"autumn", "fall", "winter", "first", "осенний", "осень", "күзгі", "күз"}:
        return 1, 2
    if words & {"spring", "summer", "second", "весенний", "весна", "көктемгі", "көктем"}:
        return 2, 2
    return None


def _sub(parent, name: str, text: str | None = None, attributes=None):
    element = etree.SubElement(parent, f"{{{GET}}}{name}", attributes or {})
    if text is not None:
        element.text = text
    return element


def _credit(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f")


def _components(parent, agreement: LearningAgreement, *, with_status: bool) -> None:
    components = list(agreement.components.order_by("table", "position", "pk"))
    for table, element_name in TABLE_ELEMENT.items():
        rows = [c for c in components if c.table == table]
        if not rows:
            continue
        listing = _sub(parent, element_name)
        for component in rows:
            attributes = {}
            if with_status and component.status:
                attributes["status"] = component.status
                if component.reason_code:
                    attributes["reason-code"] = component.reason_code
                if component.reason_text:
                    attributes["reason-text"] = component.reason_text
            element = _sub(listing, "component", attributes=attributes)
            if component.los_code:
                _sub(element, "los-code", component.los_code)
            _sub(element, "title", component.title)
            term = _term(component.term_id)
            if term:
                term_element = _sub(element, "term-id")
                etree.SubElement(term_element, f"{{{TRM}}}term-number").text = str(term[0])
                etree.SubElement(term_element, f"{{{TRM}}}total-terms").text = str(term[1])
            credit = _sub(element, "credit")
            _sub(credit, "scheme", "ects")
            _sub(credit, "value", _credit(component.credits))
            if table == Table.B and component.recognition_conditions:
                _sub(element, "recognition-conditions", component.recognition_conditions)
            if table == Table.C:
                _sub(element, "short-description", component.short_description or component.title)


def _signatures(parent, agreement: LearningAgreement, digest: str) -> None:
    for party, element_name in SIGNATURE_ELEMENT.items():
        signature = _signature(agreement, party, digest)
        if signature is None:
            continue
        element = _sub(parent, element_name)
        _sub(element, "signer-name", signature.signer_name)
        if signature.signer_position:
            _sub(element, "signer-position", signature.signer_position)
        _sub(element, "signer-email", signature.signer_email)
        _sub(element, "timestamp", signature.timestamp.isoformat())
        _sub(element, "signer-app", signature.signer_app)


def _version(parent, name: str, agreement: LearningAgreement, attributes=None):
    element = _sub(parent, name, attributes=attributes)
    _components(element, agreement, with_status=agreement.is_change)
    _signatures(element, agreement, learning.content_digest(agreement))
    return element


def _student(parent, mobility: Mobility) -> None:
    from erasmusdesk.ewp.omobilities import _citizenship

    student = _sub(parent, "student")
    _sub(student, "given-names", mobility.given_names)
    _sub(student, "family-name", mobility.family_name)
    esi = f"urn:schac:personalUniqueCode:int:esi:{node.hei_id()}:{mobility.omobility_id}"
    _sub(student, "global-id", esi)
    if mobility.birth_date:
        _sub(student, "birth-date", mobility.birth_date.isoformat())
    _sub(student, "citizenship", _citizenship(mobility))
    _sub(student, "email", mobility.email)


def _la(root, mobility: Mobility) -> bool:
    """Append the mobility's ``la``; False (nothing appended) when it cannot be written."""
    approved = _approved_versions(mobility)
    proposal = waiting_proposal(mobility)
    if not approved and proposal is None:
        return False
    latest = proposal or approved[-1]
    language, level = _language_skill(mobility, latest)
    signers = list(
        Signature.objects.filter(learning_agreement__mobility=mobility, approved=True).order_by(
            "timestamp", "pk"
        )
    )
    receiving_contact = _receiving_contact(mobility, signers)
    sending_contact = _sending_contact(signers)
    if not (language and level and receiving_contact and sending_contact):
        return False
    la = _sub(root, "la")
    _sub(la, "omobility-id", str(mobility.omobility_id))
    for side, hei, ounit, contact in (
        ("sending-hei", mobility.sending_hei, mobility.sending_ounit_id, sending_contact),
        ("receiving-hei", mobility.receiving_hei, mobility.receiving_ounit_id, receiving_contact),
    ):
        element = _sub(la, side)
        _sub(element, "hei-id", hei.ewp_hei_id)
        if ounit:
            _sub(element, "ounit-id", str(ounit))
        person = _sub(element, "contact-person")
        _sub(person, "given-names", contact[0])
        _sub(person, "family-name", contact[1])
        _sub(person, "email", contact[2])
    _sub(la, "receiving-academic-year-id", mobility.receiving_academic_year_id)
    _student(la, mobility)
    start = mobility.actual_arrival_date or mobility.planned_arrival_date
    end = mobility.actual_departure_date or mobility.planned_departure_date
    _sub(la, "start-date", start.isoformat())
    _sub(la, "end-date", end.isoformat())
    _sub(la, "eqf-level-studied-at-departure", mobility.eqf_level_studied_at_departure)
    _sub(la, "isced-f-code", mobility.isced_f_code)
    skill = _sub(la, "student-language-skill")
    _sub(skill, "language", language)
    _sub(skill, "cefr-level", level)
    if approved and approved[0].number == 1:
        _version(la, "first-version", approved[0])
    if approved and approved[-1].number > 1:
        _version(la, "approved-changes", approved[-1])
    if proposal is not None:
        _version(la, "changes-proposal", proposal, {"id": proposal_id(proposal)})
    return True


def _last_change(mobility: Mobility) -> datetime:
    moments = [mobility.updated]
    for agreement in mobility.learning_agreements.all():
        moments.append(agreement.created)
        moments.extend(s.timestamp for s in agreement.signatures.all())
    return max(moments)


def index(
    receiving_heis: Iterable[str],
    *,
    academic_year: str = "",
    modified_since: datetime | None = None,
) -> bytes:
    """The ids of our mobilities whose learning agreement the caller may read."""
    mobilities = served(receiving_heis).prefetch_related("learning_agreements__signatures")
    if academic_year:
        mobilities = mobilities.filter(receiving_academic_year_id=academic_year)
    root = etree.Element(f"{{{INDEX}}}omobility-las-index-response", nsmap={None: INDEX})
    probe = etree.Element(f"{{{GET}}}probe")
    for mobility in mobilities:
        if modified_since is not None and _last_change(mobility) <= modified_since:
            continue
        if _la(probe, mobility):
            etree.SubElement(root, f"{{{INDEX}}}omobility-id").text = str(mobility.omobility_id)
    return documents.serialise(root)


def get(receiving_heis: Iterable[str], omobility_ids: list[str]) -> bytes:
    root = etree.Element(f"{{{GET}}}omobility-las-get-response", nsmap={None: GET, "trm": TRM})
    ids = [i for i in omobility_ids if _is_uuid(i)]
    for mobility in served(receiving_heis).filter(omobility_id__in=ids):
        _la(root, mobility)
    return documents.serialise(root)


def stats() -> bytes:
    """LAs v1.2 ``stats``: per receiving academic year, our learning agreements by state
    (counted over the mobilities the node serves to any partner)."""
    root = etree.Element(f"{{{STATS}}}las-outgoing-stats-response", nsmap={None: STATS})
    by_year: dict[str, list[int]] = {}
    mobilities = (
        Mobility.objects.filter(
            sending_hei__ewp_hei_id=node.hei_id(), activity_type="student-studies"
        )
        .exclude(receiving_hei__ewp_hei_id="")
        .prefetch_related("learning_agreements__signatures")
    )
    for mobility in mobilities:
        versions = [a for a in mobility.learning_agreements.all() if a.status != Status.WITHDRAWN]
        if not versions:
            continue
        counts = by_year.setdefault(mobility.receiving_academic_year_id, [0] * 6)
        approved = [a for a in versions if a.status in (Status.APPROVED, Status.SUPERSEDED)]
        latest = max(versions, key=lambda a: a.number)
        counts[0] += 1
        if approved:
            counts[1 if len(approved) == 1 else 2] += 1
        if latest.status == Status.APPROVED:
            counts[3] += 1
        elif latest.status == Status.DRAFT and latest.comment:
            counts[4] += 1
        elif latest.status == Status.PROPOSED:
            counts[5] += 1
    names = (
        "la-outgoing-total",
        "la-outgoing-not-modified-after-approval",
        "la-outgoing-modified-after-approval",
        "la-outgoing-latest-version-approved",
        "la-outgoing-latest-version-rejected",
        "la-outgoing-latest-version-awaiting",
    )
    for year in sorted(by_year):
        element = etree.SubElement(root, f"{{{STATS}}}academic-year-la-stats")
        etree.SubElement(element, f"{{{STATS}}}receiving-academic-year-id").text = year
        for name, value in zip(names, by_year[year], strict=True):
            etree.SubElement(element, f"{{{STATS}}}{name}").text = str(value)
    return documents.serialise(root)


class UpdateRefused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def update(receiving_heis: Iterable[str], body: bytes) -> bytes:
    """Apply the receiving HEI's approval or comment of the proposal it read.

    400 for a request not valid against update-request.xsd, or without the signer's name
    and e-mail (our signatures keep both); 404 for a mobility the caller does not receive;
    409 when ``changes-proposal-id`` is not the proposal waiting now (it was revised,
    answered or withdrawn since the caller read it).
    """
    from erasmusdesk.ewp import schemas

    problems = schemas.errors(body, *schemas.LAS_UPDATE_REQUEST)
    if problems:
        raise UpdateRefused(400, "Not a valid omobility-las-update-request: " + problems[0])
    request = etree.fromstring(body)
    q = f"{{{UPDATE_REQUEST}}}"
    if request.findtext(q + "sending-hei-id", "").strip() != node.hei_id():
        raise UpdateRefused(400, f"sending-hei-id must be {node.hei_id()}.")
    actions = [c for c in request if isinstance(c.tag, str)]
    action = actions[-1]
    approve = etree.QName(action).localname == "approve-proposal-v1"
    omobility_id = action.findtext(q + "omobility-id", "").strip()
    wanted = action.findtext(q + "changes-proposal-id", "").strip()
    comment = (action.findtext(q + "comment") or "").strip()
    signature = action.find(q + "signature")
    signer = {
        name: (signature.findtext(f"{{{GET}}}{name}") or "").strip()
        for name in ("signer-name", "signer-position", "signer-email")
    }
    if not (signer["signer-name"] and signer["signer-email"]):
        raise UpdateRefused(400, "The signature needs signer-name and signer-email.")
    mobility = (
        served(receiving_heis).filter(omobility_id=omobility_id).first()
        if _is_uuid(omobility_id)
        else None
    )
    if mobility is None:
        raise UpdateRefused(404, "No such mobility for the caller.")
    proposal = waiting_proposal(mobility)
    if proposal is None or wanted != proposal_id(proposal):
        raise UpdateRefused(409, "This is not the latest changes proposal: get it again.")
    try:
        learning.sign(
            proposal,
            party=SignerParty.RECEIVING,
            approve=approve,
            comment=comment,
            signer_name=signer["signer-name"],
            signer_position=signer["signer-position"],
            signer_email=signer["signer-email"],
            by=None,
            digest=learning.content_digest(proposal),
        )
    except DomainError as refusal:
        raise UpdateRefused(409, str(refusal.message)) from None
    return documents.update_response(
        UPDATE_RESPONSE,
        "omobility-las-update-response",
        "The proposal is approved." if approve else "The comment is sent to the student.",
    )


def pull_partner_la(hei_id: str, omobility_ids: list[str]) -> list:
    """As the receiving HEI: fetch the partner's learning agreements of the students it
    sends us and keep our copies. Raises ``client.ExchangeError`` (also for an answer not
    valid against get-response.xsd)."""
    from erasmusdesk.ewp import client, schemas, services

    answer = client.call(
        hei_id=hei_id,
        api="omobility-las",
        url=client.endpoint(hei_id, "omobility-las", "get-url", 1),
        params=[("sending_hei_id", hei_id), *(("omobility_id", i) for i in omobility_ids)],
    )
    problems = schemas.errors(etree.tostring(answer), *schemas.LAS_GET)
    if problems:
        raise client.ExchangeError(
            f"{hei_id}'s learning agreements are not valid against get-response.xsd: {problems[0]}"
        )
    copies = []
    for la in answer.iter(f"{{{GET}}}la"):
        proposal = la.find(f"{{{GET}}}changes-proposal")
        single = etree.Element(f"{{{GET}}}omobility-las-get-response", nsmap={None: GET})
        single.append(etree.fromstring(etree.tostring(la)))
        copies.append(
            services.store_partner_la(
                partner_hei_id=hei_id,
                omobility_id=la.findtext(f"{{{GET}}}omobility-id", "").strip(),
                proposal_id=proposal.get("id", "") if proposal is not None else "",
                xml=etree.tostring(single, encoding="unicode"),
            )
        )
    return copies


def answer_partner_la(
    copy,
    *,
    approve: bool,
    comment: str = "",
    signer_name: str,
    signer_position: str = "",
    signer_email: str,
    by,
):
    """As the receiving HEI: approve or comment the partner's proposal we hold, through its
    update endpoint, then record the answer. A comment needs its text; a proposal revised
    meanwhile is refused by the partner with 409 (``client.ExchangeError``) and nothing is
    recorded."""
    from django.utils.translation import gettext as _

    from erasmusdesk.core import clock
    from erasmusdesk.ewp import client, services

    if not copy.proposal_id:
        raise DomainError(_("The partner's learning agreement has no proposal waiting."))
    if not signer_name.strip():
        raise DomainError(_("Give the signer's name."), field="signer_name")
    if not signer_email.strip():
        raise DomainError(_("Give the signer's e-mail."), field="signer_email")
    if not approve and not comment.strip():
        raise DomainError(_("Say what should change: the participant reads it."), field="comment")
    q = f"{{{UPDATE_REQUEST}}}"
    root = etree.Element(
        q + "omobility-las-update-request", nsmap={None: UPDATE_REQUEST, "la": GET}
    )
    etree.SubElement(root, q + "sending-hei-id").text = copy.partner_hei_id
    verb = "approve-proposal-v1" if approve else "comment-proposal-v1"
    action = etree.SubElement(root, q + verb)
    etree.SubElement(action, q + "omobility-id").text = copy.omobility_id
    etree.SubElement(action, q + "changes-proposal-id").text = copy.proposal_id
    if not approve:
        etree.SubElement(action, q + "comment").text = comment.strip()
    signature = etree.SubElement(action, q + "signature")
    for name, value in (
        ("signer-name", signer_name.strip()),
        ("signer-position", signer_position.strip()),
        ("signer-email", signer_email.strip()),
        ("timestamp", clock.now().isoformat()),
        ("signer-app", "Erasmus Desk"),
    ):
        if value:
            etree.SubElement(signature, f"{{{GET}}}{name}").text = value
    client.call(
        hei_id=copy.partner_hei_id,
        api="omobility-las",
        url=client.endpoint(copy.partner_hei_id, "omobility-las", "update-url", 1),
        params=[],
        xml_body=etree.tostring(root, xml_declaration=True, encoding="UTF-8"),
    )
    return services.record_partner_la_answer(copy, approved=approve, comment=comment.strip(), by=by)
