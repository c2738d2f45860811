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
    factories.contact(partner, name="Anna Muster", email=f"coordinator@{partner_hei_id}")
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


def nominate(given_names: str = "Dana") -> dict:
    """At A: our student nominated to B (Outgoing Mobility CNR to B), waiting for B."""
    from datetime import date

    from django.conf import settings

    from erasmusdesk.institutions.models import Institution
    from erasmusdesk.mobility import services

    mobility = services.create_mobility(
        services.NewMobility(
            given_names=given_names,
            family_name="Serikova",
            email=f"{given_names.lower()}@student.example",
            sending_hei=Institution.objects.get(ewp_hei_id=settings.ERASMUSDESK_EWP_HEI_ID),
            receiving_hei=Institution.objects.get(ewp_hei_id="b.example"),
            activity_type="student-studies",
            planned_arrival_date=date(2026, 9, 1),
            planned_departure_date=date(2027, 1, 31),
            isced_f_code="0311",
            birth_date=date(2004, 2, 1),
            eqf_level_studied_at_departure="6",
            language="en",
            cefr_level="B2",
        ),
        by=None,
    )
    return {"omobility_id": str(mobility.omobility_id), "status": mobility.nomination_status}


def accept(omobility_id: str) -> dict:
    """At B: our office accepts the nomination A sent (our incoming record, made from A's
    Outgoing Mobility CNR); the answer goes to A's update endpoint."""
    from erasmusdesk.mobility import services
    from erasmusdesk.mobility.models import Mobility

    mobility = services.answer_nomination(
        Mobility.objects.get(omobility_id=omobility_id), accept=True, by=None
    )
    return {"state": mobility.state}


def status(omobility_id: str) -> dict:
    from erasmusdesk.mobility.models import Mobility

    mobility = Mobility.objects.filter(omobility_id=omobility_id).first()
    if mobility is None:
        return {"status": None}
    transcript = getattr(mobility, "transcript", None)
    return {
        "status": mobility.nomination_status,
        "state": mobility.state,
        "sending": mobility.sending_hei.ewp_hei_id,
        "receiving": mobility.receiving_hei.ewp_hei_id,
        "name": mobility.participant_name,
        "las": [
            [la.number, la.status, la.comment]
            for la in mobility.learning_agreements.order_by("number")
        ],
        "results": (
            [[r.title, str(r.credits), r.grade, r.passed] for r in transcript.results.all()]
            if transcript
            else None
        ),
    }


def _agreement(omobility_id: str):
    from erasmusdesk.mobility import learning
    from erasmusdesk.mobility.models import Mobility

    return learning.current(Mobility.objects.get(omobility_id=omobility_id))


def _propose(agreement) -> dict:
    """The participant signs the version and A's coordinator approves it: it goes to B as
    the changes proposal (Outgoing Mobility LA CNR)."""
    from erasmusdesk.mobility import learning

    learning.submit(agreement, by=None, digest=learning.content_digest(agreement))
    learning.sign(
        agreement,
        party="sending",
        approve=True,
        signer_name="Gulnara Sadykova",
        signer_position="Erasmus coordinator",
        signer_email="gulnara@a.example",
        by=None,
        digest=learning.content_digest(agreement),
    )
    return {"number": agreement.number}


def propose_la(omobility_id: str) -> dict:
    """At A: the first version (Table A 30 ECTS at B, Table B 30 ECTS at home) proposed."""
    from decimal import Decimal

    from erasmusdesk.mobility import learning
    from erasmusdesk.mobility.models import Mobility

    agreement = learning.start_learning_agreement(
        Mobility.objects.get(omobility_id=omobility_id), by=None
    )
    for table, code, title, credits in (
        ("A", "ECO101", "Microeconomics", "10"),
        ("A", "ECO202", "Econometrics", "10"),
        ("A", "ECO303", "Public finance", "10"),
        ("B", "E-310", "Economic theory", "30"),
    ):
        learning.add_component(
            agreement,
            table=table,
            los_code=code,
            title=title,
            term_id="2026/2027 autumn",
            credits=Decimal(credits),
            by=None,
        )
    return _propose(agreement)


def revise_la(omobility_id: str) -> dict:
    """At A, after B's comment: Econometrics replaced by Labour economics, proposed again."""
    from decimal import Decimal

    from erasmusdesk.mobility import learning

    agreement = _agreement(omobility_id)
    learning.remove_component(agreement.components.get(los_code="ECO202"), by=None)
    learning.add_component(
        agreement,
        table="A",
        los_code="ECO205",
        title="Labour economics",
        term_id="2026/2027 autumn",
        credits=Decimal("10"),
        by=None,
    )
    return _propose(agreement)


def change_la(omobility_id: str) -> dict:
    """At A, during the mobility: a change proposal inserting a component."""
    from decimal import Decimal

    from erasmusdesk.mobility import learning
    from erasmusdesk.mobility.models import Mobility

    proposal = learning.propose_change(Mobility.objects.get(omobility_id=omobility_id), by=None)
    learning.add_component(
        proposal,
        table="A",
        los_code="POL100",
        title="Polish for foreigners",
        term_id="2026/2027 autumn",
        credits=Decimal("3"),
        reason_code="extending-mobility",
        by=None,
    )
    return _propose(proposal)


def partner_la(omobility_id: str) -> dict:
    """At B: our copy of A's learning agreement."""
    from lxml import etree

    from erasmusdesk.ewp.models import PartnerLearningAgreement

    copy = PartnerLearningAgreement.objects.get(omobility_id=omobility_id)
    root = etree.fromstring(copy.xml.encode())
    proposal = root.find(".//{*}changes-proposal")
    return {
        "state": copy.state,
        "proposal_id": copy.proposal_id,
        "proposed": [e.text for e in proposal.iterfind(".//{*}component/{*}title")]
        if proposal is not None
        else [],
        "first_version": root.find(".//{*}first-version") is not None,
        "approved_changes": root.find(".//{*}approved-changes") is not None,
    }


def answer_la(omobility_id: str, verb: str, proposal_id: str = "") -> dict:
    """At B: approve or comment A's proposal as we read it (``proposal_id``: as we read it
    earlier, to prove a stale read is refused)."""
    from erasmusdesk.ewp import client, las
    from erasmusdesk.ewp.models import PartnerLearningAgreement

    copy = PartnerLearningAgreement.objects.get(omobility_id=omobility_id)
    if proposal_id:
        copy.proposal_id = proposal_id  # what we read earlier (not saved)
    try:
        las.answer_partner_la(
            copy,
            approve=verb == "approve",
            comment="" if verb == "approve" else "Econometrics is taught in the spring only.",
            signer_name="Anna Muster",
            signer_position="Erasmus coordinator",
            signer_email="coordinator@b.example",
            by=None,
        )
    except client.ExchangeError as refusal:
        return {"error": str(refusal)}
    return {"state": PartnerLearningAgreement.objects.get(omobility_id=omobility_id).state}


def stay(omobility_id: str) -> dict:
    """At B: A's student arrived 20 days ago and left today (our incoming record)."""
    from datetime import timedelta

    from erasmusdesk.core import clock
    from erasmusdesk.mobility import services
    from erasmusdesk.mobility.models import Mobility
    from erasmusdesk.mobility.states import MobilityState, Party

    mobility = Mobility.objects.get(omobility_id=omobility_id)
    if mobility.state == MobilityState.ACCEPTED:
        mobility = services.move_stage(
            mobility, MobilityState.LA_APPROVED, by=None, party=Party.OFFICE
        )
    arrival, departure = clock.localdate() - timedelta(days=20), clock.localdate()
    mobility = services.confirm_arrival(mobility, on=arrival, by=None, party=Party.HOST)
    services.confirm_departure(mobility, on=departure, by=None, party=Party.HOST)
    return {"arrival": arrival.isoformat(), "departure": departure.isoformat()}


def transcript(omobility_id: str) -> dict:
    """At B: the transcript of A's student (Incoming Mobility ToRs CNR to A)."""
    from decimal import Decimal

    from erasmusdesk.core import clock
    from erasmusdesk.mobility import records
    from erasmusdesk.mobility.models import Mobility

    records.enter_transcript(
        Mobility.objects.get(omobility_id=omobility_id),
        issue_date=clock.localdate(),
        grading_scheme="1 (sehr gut) to 5 (nicht genügend)",
        results=[
            records.ResultLine("ECO101", "Microeconomics", Decimal("10"), "1", True),
            records.ResultLine("ECO205", "Labour economics", Decimal("10"), "2", True),
            records.ResultLine("ECO303", "Public finance", Decimal("10"), "2", True),
            records.ResultLine("POL100", "Polish for foreigners", Decimal("3"), "5", False),
        ],
        by=None,
        party="host",
    )
    return {"ok": True}


def recognise(omobility_id: str) -> dict:
    """At A: Table B recognised from the passed results B's transcript gave us."""
    from erasmusdesk.mobility import learning, records
    from erasmusdesk.mobility.models import Mobility

    mobility = Mobility.objects.get(omobility_id=omobility_id)
    passed = list(mobility.transcript.results.filter(passed=True))
    items = [
        records.Item(
            component,
            passed,
            component.credits,
            manual_grade="A",
            manual_reason="No grading table for 0311 at EQF 6",
        )
        for component in learning.approved(mobility).components.filter(table="B")
    ]
    recognition = records.recognise(mobility, decision="full", items=items, by=None)
    return {
        "decision": recognition.decision,
        "credits": [str(item.credits) for item in recognition.items.all()],
        "state": Mobility.objects.get(pk=mobility.pk).state,
    }


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
    actions = {
        "prepare": lambda partner, agreement: prepare(partner, agreement == "1"),
        "notify": queue_iia_notification,
        "approve": approve_all,
        "nominate": nominate,
        "accept": accept,
        "status": status,
        "propose_la": propose_la,
        "revise_la": revise_la,
        "change_la": change_la,
        "partner_la": partner_la,
        "answer_la": answer_la,
        "stay": stay,
        "transcript": transcript,
        "recognise": recognise,
        "report": report,
    }
    result = actions[action](*args)
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
