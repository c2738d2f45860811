"""What the EWP app does when the lower apps change data: a changed agreement is notified to
its partner (IIA CNR v3) when EWP is on and the partner is in the registry.

The institutions app knows nothing of EWP; Django's own save signals are enough here.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from erasmusdesk.ewp import catalogue, node, notifications
from erasmusdesk.institutions.models import Agreement, AgreementStatus, MobilityCondition


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
