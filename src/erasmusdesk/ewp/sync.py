"""Pulling from partners' nodes: their agreements (IIAs v7 index, then get), and the work a
received change notification asks for."""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from erasmusdesk.ewp import catalogue, client, iia_hash, namespaces, node, schemas, services
from erasmusdesk.ewp.models import Notification, NotificationState, PartnerIia

_Q = f"{{{namespaces.IIAS_GET}}}"


def partners_on_ewp() -> list[str]:
    """The HEIs of the registry other than ours."""
    registry = catalogue.current()
    return [h for h in (registry.hei_ids() if registry else []) if h != node.hei_id()]


def pull_iias(
    hei_id: str, *, modified_since: datetime | None = None, iia_ids=None
) -> list[PartnerIia]:
    """Fetch the partner's agreements with us and keep its copies, each with the hash
    recomputed from the XML (the partner's own ``iia-hash`` is not trusted blindly)."""
    if iia_ids is None:
        params = [("modified_since", modified_since.isoformat())] if modified_since else []
        index = client.call(
            hei_id=hei_id,
            api="iias",
            url=client.endpoint(hei_id, "iias", "index-url", 7),
            params=params,
        )
        iia_ids = [e.text.strip() for e in index.iter() if _local(e) == "iia-id" and e.text]
    copies = []
    for start in range(0, len(iia_ids), node.MAX_IDS):
        response = client.call(
            hei_id=hei_id,
            api="iias",
            url=client.endpoint(hei_id, "iias", "get-url", 7),
            params=[("iia_id", i) for i in iia_ids[start : start + node.MAX_IDS]],
        )
        problems = schemas.errors(etree.tostring(response), *schemas.IIAS_GET)
        if problems:
            raise client.ExchangeError(
                f"{hei_id}'s IIAs answer is not valid against get-response.xsd: {problems[0]}"
            )
        for iia in response.iter(_Q + "iia"):
            copies.append(_store(hei_id, iia))
    return copies


def _store(hei_id: str, iia: etree._Element) -> PartnerIia:
    partner_id = our_id = ""
    for partner in iia.iter(_Q + "partner"):
        hei = (partner.findtext(_Q + "hei-id") or "").strip().lower()
        value = (partner.findtext(_Q + "iia-id") or "").strip()
        if hei == hei_id:
            partner_id = value
        elif hei == node.hei_id():
            our_id = value
    single = etree.Element(_Q + "iias-get-response", nsmap={None: namespaces.IIAS_GET})
    single.append(_copy(iia))
    xml = etree.tostring(single, encoding="unicode")
    computed = next(iter(iia_hash.hashes(xml.encode("utf-8")).values()), "")
    return services.store_partner_iia(
        partner_hei_id=hei_id,
        partner_iia_id=partner_id,
        iia_hash=computed,
        xml=xml,
        our_iia_id=our_id,
    )


def _copy(element):
    return etree.fromstring(etree.tostring(element))


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def pull_approvals(hei_id: str) -> list:
    """Ask the partner which of our agreements with it it approved (IIA Approval v2) and
    record each approval whose hash is the agreement's current hash."""
    from erasmusdesk.ewp import serving
    from erasmusdesk.ewp.models import IiaApproval

    agreements = {serving.iia_id_of(a): a for a in serving.agreements_for([hei_id])}
    if not agreements:
        return []
    answer = client.call(
        hei_id=hei_id,
        api="iias-approval",
        url=client.endpoint(hei_id, "iias-approval", "url", 2),
        params=[("iia_id", i) for i in list(agreements)[: node.MAX_IDS]],
    )
    recorded = []
    for approval in answer:
        if _local(approval) != "approval":
            continue
        iia_id = approval.findtext("{*}iia-id") or ""
        approved_hash = approval.findtext("{*}iia-hash") or ""
        agreement = agreements.get(iia_id)
        if agreement is None or approved_hash != serving.current_hash(agreement):
            continue
        if not IiaApproval.objects.filter(agreement=agreement, iia_hash=approved_hash).exists():
            recorded.append(
                services.record_partner_approval(
                    agreement=agreement, partner_hei_id=hei_id, iia_hash=approved_hash
                )
            )
    return recorded


def handle_notification(notification: Notification) -> None:
    """Fetch what a received notification names; the notification is then done or failed."""
    try:
        if notification.api == "iia-cnr":
            pull_iias(notification.partner_hei_id, iia_ids=[notification.object_id])
        elif notification.api == "iia-approval-cnr":
            pull_approvals(notification.partner_hei_id)
        elif notification.api == "omobility-cnr":
            from erasmusdesk.ewp import omobilities

            omobilities.pull_incoming(notification.partner_hei_id, [notification.object_id])
        elif notification.api == "omobility-la-cnr":
            from erasmusdesk.ewp import las

            las.pull_partner_la(notification.partner_hei_id, [notification.object_id])
        elif notification.api == "imobility-tor-cnr":
            _pull_notified_transcript(notification)
        notification.state = NotificationState.DONE
    except client.ExchangeError as failure:
        notification.state = NotificationState.FAILED
        notification.last_error = str(failure)
    notification.attempts += 1
    notification.save(update_fields=["state", "last_error", "attempts"])


def _pull_notified_transcript(notification: Notification) -> None:
    """The host notified a changed ToR: pull it for our outgoing mobility, if it is ours
    to that host (an unknown id is not an error: Incoming Mobility ToRs CNR v2)."""
    import uuid

    from erasmusdesk.ewp import tors
    from erasmusdesk.mobility.models import Mobility

    try:
        uuid.UUID(notification.object_id)
    except ValueError:
        return
    mobility = (
        Mobility.objects.filter(
            omobility_id=notification.object_id,
            sending_hei__ewp_hei_id=node.hei_id(),
            receiving_hei__ewp_hei_id=notification.partner_hei_id,
        )
        .select_related("receiving_hei")
        .first()
    )
    if mobility is not None:
        tors.pull_transcript(mobility)


def pull_stays(hei_id: str) -> int:
    """For our students at ``hei_id`` who have not come back yet, pull the dates the host
    confirmed (Incoming Mobilities v2); returns how many records changed."""
    from erasmusdesk.ewp import imobilities
    from erasmusdesk.mobility.models import Mobility
    from erasmusdesk.mobility.states import MobilityState

    changed = 0
    waiting = Mobility.objects.filter(
        sending_hei__ewp_hei_id=node.hei_id(),
        receiving_hei__ewp_hei_id=hei_id,
        state__in=[MobilityState.LA_APPROVED, MobilityState.ARRIVED],
    ).select_related("receiving_hei")
    for mobility in waiting:
        before = (mobility.actual_arrival_date, mobility.actual_departure_date)
        after = imobilities.pull_stay(mobility)
        changed += (after.actual_arrival_date, after.actual_departure_date) != before
    return changed


def pull_transcripts(hei_id: str) -> int:
    """For our students back from ``hei_id`` whose recognition is not decided, pull the
    host's Transcript of Records (Incoming Mobility ToRs v3); returns how many came."""
    from erasmusdesk.ewp import tors
    from erasmusdesk.mobility.models import Mobility
    from erasmusdesk.mobility.records import TRANSCRIPT_STAGES

    waiting = Mobility.objects.filter(
        sending_hei__ewp_hei_id=node.hei_id(),
        receiving_hei__ewp_hei_id=hei_id,
        state__in=TRANSCRIPT_STAGES,
    ).select_related("receiving_hei")
    return sum(tors.pull_transcript(mobility) is not None for mobility in waiting)


def sync_all() -> dict[str, str]:
    """Pull every partner's agreements, approvals, our students' stays and transcripts, and
    the nominations and learning agreements of the students it sends us; returns
    {hei_id: "n agreements" or the error}."""
    results = {}
    for hei_id in partners_on_ewp():
        try:
            results[hei_id] = str(len(pull_iias(hei_id)))
            pull_approvals(hei_id)
            registry = catalogue.current()
            if registry and registry.api(hei_id, "imobilities", 2):
                pull_stays(hei_id)
            if registry and registry.api(hei_id, "imobility-tors", 3):
                pull_transcripts(hei_id)
            pull_from_sender(hei_id)
        except client.ExchangeError as failure:
            results[hei_id] = str(failure)
    return results


def _index_ids(hei_id: str, api: str, major: int, params) -> list[str]:
    index = client.call(
        hei_id=hei_id,
        api=api,
        url=client.endpoint(hei_id, api, "index-url", major),
        params=params,
    )
    return [e.text.strip() for e in index.iter() if _local(e) == "omobility-id" and e.text]


def pull_from_sender(hei_id: str) -> tuple[int, int]:
    """As the receiving HEI: the nominations (Outgoing Mobilities v3) and the learning
    agreements (Outgoing Mobility LAs v1.2) of the students ``hei_id`` sends us, by their
    index: the specifications advise a periodic pull, as a notification may never arrive.
    Returns (nominations, learning agreements) kept."""
    from erasmusdesk.ewp import las, omobilities

    registry = catalogue.current()
    nominations = agreements = 0
    if registry and registry.api(hei_id, "omobilities", 3):
        ids = _index_ids(
            hei_id,
            "omobilities",
            3,
            [("sending_hei_id", hei_id), ("receiving_hei_id", node.hei_id())],
        )
        for start in range(0, len(ids), node.MAX_IDS):
            nominations += len(omobilities.pull_incoming(hei_id, ids[start : start + node.MAX_IDS]))
    if registry and registry.api(hei_id, "omobility-las", 1):
        ids = _index_ids(
            hei_id,
            "omobility-las",
            1,
            [("sending_hei_id", hei_id), ("receiving_hei_id", node.hei_id())],
        )
        for start in range(0, len(ids), node.MAX_IDS):
            agreements += len(las.pull_partner_la(hei_id, ids[start : start + node.MAX_IDS]))
    return nominations, agreements
