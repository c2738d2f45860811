"""Writes of the EWP app: the communication log, partners' agreements, approvals."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from erasmusdesk.core import audit, clock
from erasmusdesk.ewp.models import Exchange, IiaApproval, PartnerIia, PartnerIiaState

PARTNER_IIA_APPROVED = "erasmusdesk.ewp.partner_iia.approved"
PARTNER_APPROVAL_RECEIVED = "erasmusdesk.ewp.iia_approval.received"

_MAX_BODY = 200_000


def record_exchange(**fields) -> Exchange:
    """Log one request in or out of our node (the office's communication log).

    Bodies are cut at 200,000 characters; the log is the record, not an archive.
    """
    fields["request_body"] = fields.get("request_body", "")[:_MAX_BODY]
    fields["response_body"] = fields.get("response_body", "")[:_MAX_BODY]
    fields["url"] = fields.get("url", "")[:1000]
    return Exchange.objects.create(at=clock.now(), **fields)


def prune_exchanges(*, days: int) -> int:
    """Delete the log's exchanges older than ``days`` days; returns how many.

    The log's bodies may carry personal data (names of nominated students): it is kept for
    the office's follow-up, not for ever.
    """
    deleted, _ = Exchange.objects.filter(at__lt=clock.now() - timedelta(days=days)).delete()
    return deleted


@transaction.atomic
def store_partner_iia(
    *, partner_hei_id: str, partner_iia_id: str, iia_hash: str, xml: str, our_iia_id: str = ""
) -> PartnerIia:
    """Keep the partner's copy of an agreement as fetched from its node (IIAs v7 get).

    A copy whose hash changed since we approved it is "fetched" again: an approval is of
    one hash only (IIA Approval v2).
    """
    copy, _ = PartnerIia.objects.select_for_update().get_or_create(
        partner_hei_id=partner_hei_id,
        partner_iia_id=partner_iia_id,
        defaults={"xml": xml, "iia_hash": iia_hash, "fetched_at": clock.now()},
    )
    copy.xml, copy.iia_hash, copy.fetched_at = xml, iia_hash, clock.now()
    copy.our_iia_id = our_iia_id or copy.our_iia_id
    if copy.state == PartnerIiaState.APPROVED and copy.approved_hash != iia_hash:
        copy.state = PartnerIiaState.FETCHED
    copy.save()
    return copy


FACTSHEET_SAVED = "erasmusdesk.ewp.factsheet.saved"


@transaction.atomic
def save_factsheet(factsheet, *, by):
    """Validate and save our factsheet (Factsheet API v1), audited."""
    factsheet.full_clean()
    factsheet.save()
    audit.record(FACTSHEET_SAVED, factsheet, by=by)
    return factsheet


@transaction.atomic
def approve_partner_iia(copy: PartnerIia, *, by) -> PartnerIia:
    """Approve the partner's agreement as it is now: we record the hash we approve, which the
    partner reads from our IIA Approval API (v2)."""
    copy.state = PartnerIiaState.APPROVED
    copy.approved_hash = copy.iia_hash
    copy.approved_at = clock.now()
    copy.save(update_fields=["state", "approved_hash", "approved_at"])
    audit.record(PARTNER_IIA_APPROVED, copy, by=by, iia_hash=copy.iia_hash)
    from erasmusdesk.ewp import notifications

    # IIA Approval CNR v2 names the approved agreement by its owner's (the partner's) id.
    notifications.queue(
        api="iia-approval-cnr", partner_hei_id=copy.partner_hei_id, object_id=copy.partner_iia_id
    )
    return copy


@transaction.atomic
def record_partner_approval(*, agreement, partner_hei_id: str, iia_hash: str) -> IiaApproval:
    """A partner approved one of our agreements, at the given hash."""
    approval = IiaApproval.objects.create(
        agreement=agreement,
        partner_hei_id=partner_hei_id,
        iia_hash=iia_hash,
        received_at=clock.now(),
    )
    audit.record(PARTNER_APPROVAL_RECEIVED, agreement, by=None, iia_hash=iia_hash)
    return approval


PARTNER_LA_ANSWERED = "erasmusdesk.ewp.partner_la.answered"


@transaction.atomic
def store_partner_la(*, partner_hei_id: str, omobility_id: str, proposal_id: str, xml: str):
    """Keep the partner's learning agreement as fetched (OMobility LAs v1.2 get): a new
    ``changes-proposal`` waits for our answer; one we already answered stays answered."""
    from erasmusdesk.ewp.models import PartnerLaState, PartnerLearningAgreement

    copy, _ = PartnerLearningAgreement.objects.select_for_update().get_or_create(
        partner_hei_id=partner_hei_id,
        omobility_id=omobility_id,
        defaults={"xml": xml, "fetched_at": clock.now()},
    )
    copy.xml, copy.fetched_at, copy.proposal_id = xml, clock.now(), proposal_id
    if not proposal_id:
        copy.state = PartnerLaState.SETTLED
    elif proposal_id != copy.answered_proposal_id:
        copy.state = PartnerLaState.WAITING
    copy.save()
    return copy


@transaction.atomic
def record_partner_la_answer(copy, *, approved: bool, comment: str, by):
    """Our answer to the partner's proposal was accepted by its node (LAs v1.2 update)."""
    from erasmusdesk.ewp.models import PartnerLaState

    copy.state = PartnerLaState.APPROVED if approved else PartnerLaState.COMMENTED
    copy.answered_proposal_id = copy.proposal_id
    copy.comment = comment
    copy.answered_at = clock.now()
    copy.save(update_fields=["state", "answered_proposal_id", "comment", "answered_at"])
    audit.record(PARTNER_LA_ANSWERED, copy, by=by, approved=approved, proposal_id=copy.proposal_id)
    return copy
