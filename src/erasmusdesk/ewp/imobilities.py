"""Incoming Mobilities v2 (``ewp-specs-api-imobilities`` v2.0.0): the host confirms the
arrival and departure dates of the students the partner sends.

Served: our incoming mobilities (we are the receiving HEI) to their sending HEI only, by the
sending HEI's ``omobility_id``. Pulled: for our outgoing students, the host's dates go into
their mobility records through the mobility app's services (arrival, then departure), as the
host's confirmation.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from lxml import etree

from erasmusdesk.core.errors import DomainError
from erasmusdesk.ewp import client, documents, node
from erasmusdesk.mobility import services as mobility_services
from erasmusdesk.mobility.models import Mobility
from erasmusdesk.mobility.states import Party

GET = "https://github.com/erasmus-without-paper/ewp-specs-api-imobilities/blob/stable-v2/endpoints/get-response.xsd"


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def get(sending_heis: Iterable[str], omobility_ids: list[str]) -> bytes:
    q = f"{{{GET}}}"
    root = etree.Element(q + "imobilities-get-response", nsmap={None: GET})
    mobilities = Mobility.objects.filter(
        receiving_hei__ewp_hei_id=node.hei_id(),
        sending_hei__ewp_hei_id__in=list(sending_heis),
        omobility_id__in=[i for i in omobility_ids if _is_uuid(i)],
    )
    for mobility in mobilities:
        element = etree.SubElement(root, q + "student-mobility")
        etree.SubElement(element, q + "omobility-id").text = str(mobility.omobility_id)
        if mobility.actual_arrival_date:
            etree.SubElement(
                element, q + "actual-arrival-date"
            ).text = mobility.actual_arrival_date.isoformat()
        if mobility.actual_departure_date:
            etree.SubElement(
                element, q + "actual-departure-date"
            ).text = mobility.actual_departure_date.isoformat()
    return documents.serialise(root)


def pull_stay(mobility: Mobility) -> Mobility:
    """Ask the host's IMobilities API for the dates of our outgoing ``mobility`` and record
    those it confirmed that our record lacks. Raises ``client.ExchangeError``."""
    host = mobility.receiving_hei.ewp_hei_id
    answer = client.call(
        hei_id=host,
        api="imobilities",
        url=client.endpoint(host, "imobilities", "get-url", 2),
        params=[("receiving_hei_id", host), ("omobility_id", str(mobility.omobility_id))],
    )
    q = f"{{{GET}}}"
    for element in answer.iter(q + "student-mobility"):
        if element.findtext(q + "omobility-id") != str(mobility.omobility_id):
            continue
        arrival = element.findtext(q + "actual-arrival-date")
        departure = element.findtext(q + "actual-departure-date")
        by_name = f"EWP: {host}"
        try:
            if arrival and not mobility.actual_arrival_date:
                mobility = mobility_services.confirm_arrival(
                    mobility, on=date.fromisoformat(arrival), by=None, party=Party.HOST
                )
            if departure and not mobility.actual_departure_date:
                mobility = mobility_services.confirm_departure(
                    mobility, on=date.fromisoformat(departure), by=None, party=Party.HOST
                )
        except DomainError as refusal:
            raise client.ExchangeError(f"{by_name}: {refusal.message}") from None
    return mobility
