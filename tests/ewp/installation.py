"""A script run inside one installation of the two-installation proof
(test_two_installations.py): each installation is its own process with its own data folder
(SQLite database), key pair and HEI id; these functions prepare its data and report it as
JSON on stdout. Run as ``python tests/ewp/installation.py ACTION [ARGS]`` with the
installation's environment (not a test module: nothing imports it)."""

from __future__ import annotations

import json
import os
import sys
from decimal import Decimal


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erasmusdesk.settings")
    import django

    django.setup()


def prepare(partner_hei_id: str, with_agreement: bool) -> dict:
    """Our home institution under our HEI id, the partner, and (at A) one agreement."""
    from django.conf import settings

    from erasmusdesk.institutions.models import Institution
    from tests import factories

    ours = settings.ERASMUSDESK_EWP_HEI_ID
    Institution.objects.create(
        name=f"University {ours}",
        country="KZ",
        city="Atyrau",
        is_home=True,
        ewp_hei_id=ours,
        latitude=Decimal("47.1"),
        longitude=Decimal("51.9"),
    )
    partner = factories.partner(f"University {partner_hei_id}", ewp_hei_id=partner_hei_id)
    if with_agreement:
        factories.agreement(partner, ewp_iia_id="a-b-2026")
    return {"ok": True}


def queue_iia_notification(partner_hei_id: str) -> dict:
    """Notify the partner of our agreement (IIA CNR): queued, then sent by the task backend
    (in-process: at once)."""
    from erasmusdesk.ewp import notifications

    queued = notifications.queue(api="iia-cnr", partner_hei_id=partner_hei_id, object_id="a-b-2026")
    queued.refresh_from_db()
    return {"state": queued.state, "attempts": queued.attempts}


def _mobility(sending_hei_id: str, receiving_hei_id: str):
    from datetime import date

    from erasmusdesk.institutions.models import Institution
    from erasmusdesk.mobility import services
    from erasmusdesk.mobility.states import MobilityState, Party

    mobility = services.create_mobility(
        services.NewMobility(
            given_names="Asel",
            family_name="Kurmangazykyzy",
            email="asel@student.example",
            sending_hei=Institution.objects.get(ewp_hei_id=sending_hei_id),
            receiving_hei=Institution.objects.get(ewp_hei_id=receiving_hei_id),
            activity_type="student-studies",
            planned_arrival_date=date(2026, 9, 1),
            planned_departure_date=date(2027, 1, 31),
            isced_f_code="0311",
            birth_date=date(2004, 5, 17),
            eqf_level_studied_at_departure="6",
        ),
        by=None,
    )
    mobility = services.answer_nomination(mobility, accept=True, by=None)
    return services.move_stage(mobility, MobilityState.LA_APPROVED, by=None, party=Party.OFFICE)


def outgoing_mobility() -> dict:
    """At A: our student nominated to B, accepted, learning agreement approved."""
    from django.conf import settings

    mobility = _mobility(settings.ERASMUSDESK_EWP_HEI_ID, "b.example")
    return {"omobility_id": str(mobility.omobility_id)}


def incoming_stay(omobility_id: str) -> dict:
    """At B: A's student under A's mobility id, arrived 20 days ago and left today."""
    from datetime import timedelta

    from django.conf import settings

    from erasmusdesk.core import clock
    from erasmusdesk.mobility import services
    from erasmusdesk.mobility.models import Mobility
    from erasmusdesk.mobility.states import Party

    mobility = _mobility("a.example", settings.ERASMUSDESK_EWP_HEI_ID)
    Mobility.objects.filter(pk=mobility.pk).update(omobility_id=omobility_id)
    mobility = Mobility.objects.get(pk=mobility.pk)
    arrival, departure = clock.localdate() - timedelta(days=20), clock.localdate()
    mobility = services.confirm_arrival(mobility, on=arrival, by=None, party=Party.HOST)
    services.confirm_departure(mobility, on=departure, by=None, party=Party.HOST)
    return {"arrival": arrival.isoformat(), "departure": departure.isoformat()}


def nominate() -> dict:
    """At A: our student nominated to B, waiting for B's answer."""
    from datetime import date

    from django.conf import settings

    from erasmusdesk.institutions.models import Institution
    from erasmusdesk.mobility import services

    mobility = services.create_mobility(
        services.NewMobility(
            given_names="Dana",
            family_name="Serikova",
            email="dana@student.example",
            sending_hei=Institution.objects.get(ewp_hei_id=settings.ERASMUSDESK_EWP_HEI_ID),
            receiving_hei=Institution.objects.get(ewp_hei_id="b.example"),
            activity_type="student-studies",
            planned_arrival_date=date(2026, 9, 1),
            planned_departure_date=date(2027, 1, 31),
            isced_f_code="0311",
            birth_date=date(2004, 2, 1),
            eqf_level_studied_at_departure="6",
        ),
        by=None,
    )
    return {"omobility_id": str(mobility.omobility_id), "status": mobility.nomination_status}


def answer_nomination(omobility_id: str) -> dict:
    """At B: approve A's nomination through A's Outgoing Mobilities update endpoint."""
    from erasmusdesk.ewp import omobilities

    return {
        "message": omobilities.answer_partner_nomination("a.example", omobility_id, accept=True)
    }


def nomination_status(omobility_id: str) -> dict:
    from erasmusdesk.mobility.models import Mobility

    return {"status": Mobility.objects.get(omobility_id=omobility_id).nomination_status}


def approve_all() -> dict:
    from erasmusdesk.ewp.models import PartnerIia
    from erasmusdesk.ewp.services import approve_partner_iia

    return {
        "approved": [
            approve_partner_iia(c, by=None).approved_hash for c in PartnerIia.objects.all()
        ]
    }


def report() -> dict:
    from erasmusdesk.ewp import serving
    from erasmusdesk.ewp.models import Exchange, IiaApproval, Notification, PartnerIia
    from erasmusdesk.institutions.models import Agreement
    from erasmusdesk.mobility.models import Mobility

    return {
        "our_hashes": {
            serving.iia_id_of(a): serving.current_hash(a)
            for a in Agreement.objects.select_related("partner")
        },
        "partner_iias": list(
            PartnerIia.objects.values("partner_hei_id", "partner_iia_id", "iia_hash", "state")
        ),
        "approvals": list(IiaApproval.objects.values("partner_hei_id", "iia_hash")),
        "notifications": list(
            Notification.objects.values("direction", "state", "object_id", "last_error")
        ),
        "exchanges": list(Exchange.objects.values("direction", "api", "status")),
        "stays": [
            [str(m.omobility_id), str(m.actual_arrival_date), str(m.actual_departure_date), m.state]
            for m in Mobility.objects.all()
        ],
    }


def main() -> None:
    _setup()
    action, *args = sys.argv[1:]
    # No transaction around the actions: a network call made while holding SQLite's write
    # lock would block the partner's request back to this installation.
    if action == "prepare":
        result = prepare(args[0], args[1] == "1")
    elif action == "notify":
        result = queue_iia_notification(args[0])
    elif action == "approve":
        result = approve_all()
    elif action == "nominate":
        result = nominate()
    elif action == "answer":
        result = answer_nomination(args[0])
    elif action == "status":
        result = nomination_status(args[0])
    elif action == "outgoing":
        result = outgoing_mobility()
    elif action == "incoming":
        result = incoming_stay(args[0])
    else:
        result = report()
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
