"""What the EWP app does when the lower apps change data, when EWP is on and the partner is
in the registry: a changed agreement is notified to its partner (IIA CNR v3); our
student's nomination (Outgoing Mobility CNR v2) and learning agreement (Outgoing Mobility
LA CNR v1.1) to the host; a transcript we issued (Incoming Mobility ToRs CNR v2) to the
sending HEI; our answer to a partner's nomination goes to its Outgoing Mobilities update.

The institutions and mobility apps know nothing of EWP; Django's own save signals are
enough here.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from erasmusdesk.core.tasks import enqueue_on_commit
from erasmusdesk.ewp import catalogue, node, notifications, omobilities
from erasmusdesk.institutions.models import Agreement, AgreementStatus, MobilityCondition
from erasmusdesk.mobility.models import (
    LearningAgreement,
    Mobility,
    MobilityStateChange,
    Signature,
    Transcript,
)
from erasmusdesk.mobility.states import MobilityState


def _notify(agreement: Agreement) -> None:
    if not node.enabled() or agreement.status == AgreementStatus.DRAFT:
        return
    hei_id = agreement.partner.ewp_hei_id
    registry = catalogue.current()
    if not hei_id or registry is None or hei_id not in registry.hei_ids():
        return
    from erasmusdesk.ewp.serving import iia_id_of

    notifications.queue(api="iia-cnr", partner_hei_id=hei_id, object_id=iia_id_of(agreement))


@receiver(post_save, sender=Agreement, dispatch_uid="ewp_agreement_saved")
def agreement_saved(sender, instance: Agreement, raw=False, **kwargs) -> None:
    if not raw and node.enabled():
        _notify(instance)


@receiver(post_save, sender=MobilityCondition, dispatch_uid="ewp_condition_saved")
@receiver(post_delete, sender=MobilityCondition, dispatch_uid="ewp_condition_deleted")
def condition_changed(sender, instance: MobilityCondition, raw=False, **kwargs) -> None:
    if raw or not node.enabled():
        return  # off: no query at all (imports save thousands of conditions)
    agreement = Agreement.objects.filter(pk=instance.agreement_id).select_related("partner").first()
    if agreement is not None:
        _notify(agreement)


# The mobility app knows nothing of EWP: its rows' save signals tell us what changed.


def _on_ewp(hei_id: str) -> bool:
    registry = catalogue.current()
    return bool(hei_id) and registry is not None and hei_id in registry.hei_ids()


def _outgoing_partner(mobility) -> str:
    """The receiving HEI of our outgoing student mobility, when it is on EWP."""
    if mobility.sending_hei.ewp_hei_id != node.hei_id():
        return ""
    partner = mobility.receiving_hei.ewp_hei_id
    return partner if _on_ewp(partner) else ""


def _incoming_partner(mobility) -> str:
    """The sending HEI of a student a partner on EWP sends us."""
    if mobility.receiving_hei.ewp_hei_id != node.hei_id():
        return ""
    partner = mobility.sending_hei.ewp_hei_id
    return partner if _on_ewp(partner) else ""


def _mobility_of(pk: int):
    return Mobility.objects.select_related("sending_hei", "receiving_hei").filter(pk=pk).first()


@receiver(post_save, sender=Mobility, dispatch_uid="ewp_mobility_saved")
def mobility_saved(sender, instance, raw=False, **kwargs) -> None:
    """Outgoing Mobility CNR v2: our student's nomination changed; the host is told."""
    if raw or not node.enabled():
        return
    mobility = _mobility_of(instance.pk)
    partner = _outgoing_partner(mobility) if mobility else ""
    if partner and mobility.activity_type == "student-studies":
        notifications.queue(
            api="omobility-cnr", partner_hei_id=partner, object_id=str(mobility.omobility_id)
        )


@receiver(post_save, sender=Signature, dispatch_uid="ewp_la_signed")
@receiver(post_save, sender=LearningAgreement, dispatch_uid="ewp_la_saved")
def learning_agreement_changed(sender, instance, raw=False, **kwargs) -> None:
    """Outgoing Mobility LA CNR v1.1: a version of our student's learning agreement was
    signed, commented, approved or withdrawn; the host is told."""
    if raw or not node.enabled():
        return
    agreement_id = getattr(instance, "learning_agreement_id", None) or instance.pk
    mobility_id = (
        LearningAgreement.objects.filter(pk=agreement_id).values_list("mobility_id", flat=True)
    ).first()
    mobility = _mobility_of(mobility_id) if mobility_id else None
    partner = _outgoing_partner(mobility) if mobility else ""
    if partner:
        notifications.queue(
            api="omobility-la-cnr", partner_hei_id=partner, object_id=str(mobility.omobility_id)
        )


@receiver(post_save, sender=Transcript, dispatch_uid="ewp_transcript_saved")
def transcript_saved(sender, instance, raw=False, **kwargs) -> None:
    """Incoming Mobility ToRs CNR v2: we (the host) entered or corrected a transcript of a
    partner's student; the sending HEI is told."""
    if raw or not node.enabled():
        return
    mobility = _mobility_of(instance.mobility_id)
    partner = _incoming_partner(mobility) if mobility else ""
    if partner:
        notifications.queue(
            api="imobility-tor-cnr", partner_hei_id=partner, object_id=str(mobility.omobility_id)
        )


@receiver(post_save, sender=MobilityStateChange, dispatch_uid="ewp_mobility_stage_changed")
def stage_changed(sender, instance, created=False, raw=False, **kwargs) -> None:
    """Our office answered a nomination a partner on EWP sent us (accepted or rejected in
    the mobility app): the answer goes to the partner's Outgoing Mobilities update, after
    the commit. An answer that came by EWP (``by_name`` "EWP: ...") is not sent back."""
    if raw or not created or not node.enabled() or instance.by_name.startswith("EWP:"):
        return
    if instance.to_state not in (MobilityState.ACCEPTED, MobilityState.REJECTED):
        return
    mobility = _mobility_of(instance.mobility_id)
    partner = _incoming_partner(mobility) if mobility else ""
    if partner:
        enqueue_on_commit(
            omobilities.send_nomination_answer,
            partner,
            str(mobility.omobility_id),
            instance.to_state == MobilityState.ACCEPTED,
            instance.reason,
        )
