"""Outgoing Mobilities v3 (``ewp-specs-api-omobilities`` v3.0.0) from the mobility app.

Our node is the sending HEI: it serves ``index`` and ``get`` of the student mobilities for
studies it sends (the only activity type v3 has), each to its receiving HEI only, and takes
the receiving HEI's ``update`` (approve or reject the nomination, naming the
``proposal-id`` it read; a stale one is refused with 409).

The ``student`` element needs what the mobility keeps (names, e-mail, birth date) and the
participant's citizenship (profile); ``global-id`` is the European Student Identifier made
from our HEI id and the mobility's id, ``gender`` is ISO/IEC 5218 "0" (not known: we do not
ask). A mobility without a birth date or an EQF level cannot be written valid and is left
out of both endpoints.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime

from lxml import etree

from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.tasks import background_task
from erasmusdesk.ewp import documents, node
from erasmusdesk.mobility import services as mobility_services
from erasmusdesk.mobility.models import Mobility

GH = "https://github.com/erasmus-without-paper/ewp-specs-api-omobilities/blob/stable-v3/endpoints/"
INDEX = GH + "index-response.xsd"
GET = GH + "get-response.xsd"
UPDATE_REQUEST = GH + "update-request.xsd"
UPDATE_RESPONSE = GH + "update-response.xsd"
COMMON = "https://github.com/erasmus-without-paper/ewp-specs-architecture/blob/stable-v1/common-types.xsd"


def served(receiving_heis: Iterable[str]):
    """Our student mobilities for studies to these HEIs that v3 can describe."""
    return (
        Mobility.objects.filter(
            sending_hei__ewp_hei_id=node.hei_id(),
            receiving_hei__ewp_hei_id__in=list(receiving_heis),
            activity_type="student-studies",
            birth_date__isnull=False,
        )
        .exclude(eqf_level_studied_at_departure="")
        .select_related(
            "sending_hei", "receiving_hei", "participant__profile", "place", "agreement"
        )
    )


def index(
    receiving_heis: Iterable[str],
    *,
    academic_year: str = "",
    modified_since: datetime | None = None,
) -> bytes:
    mobilities = served(receiving_heis)
    if academic_year:
        mobilities = mobilities.filter(receiving_academic_year_id=academic_year)
    if modified_since is not None:
        mobilities = mobilities.filter(updated__gt=modified_since)
    root = etree.Element(f"{{{INDEX}}}omobilities-index-response", nsmap={None: INDEX})
    for omobility_id in mobilities.values_list("omobility_id", flat=True):
        etree.SubElement(root, f"{{{INDEX}}}omobility-id").text = str(omobility_id)
    return documents.serialise(root)


def proposal_id(mobility: Mobility) -> str:
    """Changes exactly when the nomination does (the mobility's version)."""
    return f"{mobility.omobility_id}-{mobility.version}"


def _citizenship(mobility: Mobility) -> str:
    profile = getattr(mobility.participant, "profile", None) if mobility.participant else None
    country = getattr(profile, "citizenship", "") if profile else ""
    return str(getattr(country, "code", country) or mobility.sending_hei.country.code)


def get(receiving_heis: Iterable[str], omobility_ids: list[str]) -> bytes:
    q = f"{{{GET}}}"
    root = etree.Element(q + "omobilities-get-response", nsmap={None: GET})
    ids = [i for i in omobility_ids if _is_uuid(i)]
    for mobility in served(receiving_heis).filter(omobility_id__in=ids):
        element = etree.SubElement(root, q + "student-mobility")
        etree.SubElement(element, q + "omobility-id").text = str(mobility.omobility_id)
        student = etree.SubElement(element, q + "student")
        for name, value in (
            ("given-names", mobility.given_names),
            ("family-name", mobility.family_name),
            (
                "global-id",
                f"urn:schac:personalUniqueCode:int:esi:{node.hei_id()}:{mobility.omobility_id}",
            ),
            ("birth-date", mobility.birth_date.isoformat()),
            ("nationality", _citizenship(mobility)),
            ("gender", "0"),
            ("email", mobility.email),
        ):
            etree.SubElement(student, q + name).text = value
        nomination = etree.SubElement(
            element, q + "nomination", {"proposal-id": proposal_id(mobility)}
        )
        for side, hei, ounit in (
            ("sending-hei", mobility.sending_hei, mobility.sending_ounit_id),
            ("receiving-hei", mobility.receiving_hei, mobility.receiving_ounit_id),
        ):
            part = etree.SubElement(nomination, q + side)
            etree.SubElement(part, q + "hei-id").text = hei.ewp_hei_id
            if ounit:
                etree.SubElement(part, q + "ounit-id").text = str(ounit)
            if side == "sending-hei" and mobility.agreement_id:
                etree.SubElement(part, q + "iia-id").text = mobility.agreement.ewp_iia_id or str(
                    mobility.agreement_id
                )
        etree.SubElement(nomination, q + "non-standard-mobility-period")
        etree.SubElement(
            nomination, q + "receiving-academic-year-id"
        ).text = mobility.receiving_academic_year_id
        etree.SubElement(nomination, q + "activity-type").text = mobility.activity_type
        etree.SubElement(nomination, q + "activity-attributes").text = mobility.activity_attributes
        agreement_isced = mobility.place.isced_code if mobility.place_id else mobility.isced_f_code
        etree.SubElement(nomination, q + "agreement-isced-f-code").text = agreement_isced
        etree.SubElement(
            nomination, q + "eqf-level-studied-at-departure"
        ).text = mobility.eqf_level_studied_at_departure
        etree.SubElement(nomination, q + "nominee-isced-f-code").text = mobility.isced_f_code
        if mobility.comment:
            etree.SubElement(nomination, q + "comment").text = mobility.comment
        etree.SubElement(element, q + "status").text = mobility.nomination_status
    return documents.serialise(root)


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class UpdateRefused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def update(receiving_heis: Iterable[str], body: bytes) -> bytes:
    """Apply the receiving HEI's approval or rejection of a nomination (update-request.xsd).

    400 for a request that is not valid against the schema; 404 for a mobility the caller
    does not receive; 409 when ``proposal-id`` is not the nomination's current one (it
    changed since the caller read it) or the nomination was already answered.
    """
    from erasmusdesk.ewp import schemas

    problems = schemas.errors(body, "ewp-specs-api-omobilities-v3.0.0/endpoints/update-request.xsd")
    if problems:
        raise UpdateRefused(400, "Not a valid omobilities-update-request: " + problems[0])
    request = etree.fromstring(body)
    (action,) = [child for child in request if isinstance(child.tag, str)]
    approve = etree.QName(action).localname == "approve-proposal-v1"
    omobility_id = action.findtext(f"{{{UPDATE_REQUEST}}}omobility-id", "").strip()
    wanted = action.findtext(f"{{{UPDATE_REQUEST}}}proposal-id", "").strip()
    comment = action.findtext(f"{{{UPDATE_REQUEST}}}comment", "") or ""
    mobility = (
        served(receiving_heis).filter(omobility_id=omobility_id).first()
        if _is_uuid(omobility_id)
        else None
    )
    if mobility is None:
        raise UpdateRefused(404, "No such mobility for the caller.")
    if wanted != proposal_id(mobility):
        raise UpdateRefused(409, "The proposal changed since it was read: get it again.")
    try:
        mobility_services.answer_nomination(
            mobility,
            accept=approve,
            comment=comment,
            by=None,
            by_name=f"EWP: {mobility.receiving_hei.ewp_hei_id}",
            version=mobility.version,
        )
    except DomainError as refusal:
        raise UpdateRefused(409, str(refusal.message)) from None
    return documents.update_response(
        UPDATE_RESPONSE,
        "omobilities-update-response",
        "The nomination is approved." if approve else "The nomination is rejected.",
    )


def answer_partner_nomination(
    hei_id: str, omobility_id: str, *, accept: bool, comment: str = ""
) -> str:
    """As the receiving HEI: read the partner's nomination (its current ``proposal-id``)
    and approve or reject it through the partner's update endpoint; returns the partner's
    message. Raises ``client.ExchangeError`` (a 409 when the proposal changed meanwhile)."""
    from erasmusdesk.ewp import client

    got = client.call(
        hei_id=hei_id,
        api="omobilities",
        url=client.endpoint(hei_id, "omobilities", "get-url", 3),
        params=[("sending_hei_id", hei_id), ("omobility_id", omobility_id)],
    )
    nomination = got.find(f".//{{{GET}}}nomination")
    if nomination is None:
        raise client.ExchangeError(f"{hei_id} serves no nomination {omobility_id} to us.")
    q = f"{{{UPDATE_REQUEST}}}"
    root = etree.Element(q + "omobilities-update-request", nsmap={None: UPDATE_REQUEST})
    action = etree.SubElement(root, q + ("approve-proposal-v1" if accept else "reject-proposal-v1"))
    etree.SubElement(action, q + "omobility-id").text = omobility_id
    etree.SubElement(action, q + "proposal-id").text = nomination.get("proposal-id", "")
    if not accept:
        etree.SubElement(action, q + "comment").text = comment
    answer = client.call(
        hei_id=hei_id,
        api="omobilities",
        url=client.endpoint(hei_id, "omobilities", "update-url", 3),
        params=[],
        xml_body=etree.tostring(root, xml_declaration=True, encoding="UTF-8"),
    )
    return " ".join(e.text or "" for e in answer.iter(f"{{{COMMON}}}success-user-message"))


def pull_incoming(hei_id: str, omobility_ids: list[str]) -> list[Mobility]:
    """As the receiving HEI: read the partner's nominations of students it sends us
    (Outgoing Mobilities v3 get) and keep each as our incoming mobility.

    A nomination we do not know yet becomes a new mobility, under the partner's
    ``omobility-id``, through the mobility app's ``create_mobility`` (the partner's student,
    the partner as the sending institution, our home institution as the receiving one),
    waiting for our answer. OMobilities v3 carries no dates: the planned stay is the
    receiving academic year (1 September to 30 June) until the learning agreement gives it.
    A nomination the partner cancelled cancels ours. Raises ``client.ExchangeError``
    (also for an answer not valid against get-response.xsd).
    """
    from datetime import date

    from erasmusdesk.ewp import client, schemas
    from erasmusdesk.institutions.models import Institution
    from erasmusdesk.mobility.states import MobilityState

    answer = client.call(
        hei_id=hei_id,
        api="omobilities",
        url=client.endpoint(hei_id, "omobilities", "get-url", 3),
        params=[("sending_hei_id", hei_id), *(("omobility_id", i) for i in omobility_ids)],
    )
    problems = schemas.errors(etree.tostring(answer), *schemas.OMOBILITIES_GET)
    if problems:
        raise client.ExchangeError(
            f"{hei_id}'s mobilities are not valid against get-response.xsd: {problems[0]}"
        )
    sending = Institution.objects.filter(ewp_hei_id=hei_id).first()
    home = node.home()
    if sending is None or home is None:
        raise client.ExchangeError(f"{hei_id} or our HEI is not among our institutions.")
    q = f"{{{GET}}}"
    kept = []
    for element in answer.iter(q + "student-mobility"):
        omobility_id = element.findtext(q + "omobility-id", "").strip()
        nomination = element.find(q + "nomination")
        if not _is_uuid(omobility_id) or (
            nomination.findtext(f"{q}receiving-hei/{q}hei-id", "").strip().lower() != node.hei_id()
        ):
            continue
        status = element.findtext(q + "status", "").strip()
        mobility = Mobility.objects.filter(omobility_id=omobility_id).first()
        try:
            if mobility is None and status != "cancelled":
                first_year = int(nomination.findtext(q + "receiving-academic-year-id")[:4])
                student = element.find(q + "student")
                mobility = mobility_services.create_mobility(
                    mobility_services.NewMobility(
                        omobility_id=uuid.UUID(omobility_id),
                        given_names=student.findtext(q + "given-names", "").strip(),
                        family_name=student.findtext(q + "family-name", "").strip(),
                        birth_date=date.fromisoformat(student.findtext(q + "birth-date")),
                        email=student.findtext(q + "email", "").strip(),
                        sending_hei=sending,
                        receiving_hei=home,
                        activity_type=nomination.findtext(q + "activity-type"),
                        activity_attributes=nomination.findtext(q + "activity-attributes"),
                        planned_arrival_date=date(first_year, 9, 1),
                        planned_departure_date=date(first_year + 1, 6, 30),
                        isced_f_code=nomination.findtext(q + "nominee-isced-f-code", "")[:4],
                        eqf_level_studied_at_departure=nomination.findtext(
                            q + "eqf-level-studied-at-departure", ""
                        ),
                        comment=(nomination.findtext(q + "comment") or "").strip(),
                    ),
                    by=None,
                )
            elif (
                mobility is not None
                and status == "cancelled"
                and mobility.state != MobilityState.CANCELLED
            ):
                mobility = mobility_services.cancel_mobility(
                    mobility, by=None, reason=f"EWP: cancelled by {hei_id}"
                )
        except DomainError as refusal:
            raise client.ExchangeError(f"EWP: {hei_id}: {refusal.message}") from None
        if mobility is not None:
            kept.append(mobility)
    return kept


@background_task
def send_nomination_answer(
    partner_hei_id: str, omobility_id: str, accept: bool, comment: str
) -> None:
    """Our office's answer to a partner's nomination, sent to its update endpoint (a
    rejection needs a comment: the mobility app asks for the reason)."""
    answer_partner_nomination(partner_hei_id, omobility_id, accept=accept, comment=comment or "-")
