"""The grant agreement issued from a mobility: the participant, the institutions, the dates
and the distance come from the mobility (nothing is retyped), the grant is recalculated on
the confirmed actual dates (grants.grant_services.record_actual_dates), and who pays it
(the host as KA171 beneficiary, or the home office) is recorded."""

from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.core import audit
from erasmusdesk.core.errors import DomainError
from erasmusdesk.grants import grant_services
from erasmusdesk.mobility import audit_actions
from erasmusdesk.mobility.models import GrantPayer, Mobility, MobilityGrant

ACTIVITY = {
    "student-studies": "study",
    "student-traineeship": "traineeship",
    "staff-teaching": "teaching",
    "staff-training": "training",
}


@transaction.atomic
def issue_grant(
    mobility: Mobility,
    *,
    payer: str,
    prefinancing_percent: int = 80,
    green: bool = False,
    travel_days: int = 0,
    fewer_opportunities: bool = False,
    confirm_over_budget: bool = False,
    by,
) -> MobilityGrant:
    """Issue the mobility's grant agreement (once). Refused for a mobility the partner
    sends to us (its grant is paid by the sending side) and before the host accepted."""
    mobility = (
        Mobility.objects.select_for_update(of=("self",))
        .select_related("receiving_hei", "sending_hei", "application__call")
        .get(pk=mobility.pk)
    )
    if MobilityGrant.objects.filter(mobility=mobility).exists():
        raise DomainError(_("This mobility already has its grant agreement."))
    if payer not in GrantPayer.values:
        raise DomainError(_("Say who pays the grant."), field="payer")
    if not mobility.sending_hei.is_home:
        raise DomainError(_("A grant agreement is issued for our outgoing participants."))
    if mobility.state in ("nominated", "rejected", "cancelled"):
        raise DomainError(_("The grant agreement is issued once the host has accepted."))
    application = mobility.application
    agreement = grant_services.issue_grant_agreement(
        participant_name=mobility.participant_name,
        participant_language=application.language if application else "en",
        participant=mobility.participant,
        host_institution=mobility.receiving_hei,
        activity=ACTIVITY[mobility.activity_type],
        call_year=int(mobility.receiving_academic_year_id[:4]),
        start=mobility.actual_arrival_date or mobility.planned_arrival_date,
        end=mobility.actual_departure_date or mobility.planned_departure_date,
        green=green,
        travel_days=travel_days,
        fewer_opportunities=fewer_opportunities,
        call=application.call if application else None,
        prefinancing_percent=prefinancing_percent,
        confirm_over_budget=confirm_over_budget,
        by=by,
    )
    link = MobilityGrant.objects.create(mobility=mobility, grant_agreement=agreement, payer=payer)
    audit.record(
        audit_actions.GRANT_ISSUED, mobility, by=by, grant=agreement.reference, payer=payer
    )
    return link


def recalculate(mobility: Mobility, *, by) -> str:
    """The grant recalculated on the confirmed actual dates, when both are known. A stay
    the rules do not fund as it is (e.g. shorter than the minimum after an interruption)
    does not block the confirmed dates: the refusal is returned (and in the audit log) for
    the office to settle on the grant agreement's page."""
    link = MobilityGrant.objects.filter(mobility=mobility).select_related("grant_agreement").first()
    if link is None or not (mobility.actual_arrival_date and mobility.actual_departure_date):
        return ""
    try:
        with transaction.atomic():
            grant_services.record_actual_dates(
                link.grant_agreement,
                actual_start=mobility.actual_arrival_date,
                actual_end=mobility.actual_departure_date,
                by=by,
            )
    except DomainError as error:
        audit.record(
            audit_actions.GRANT_NOT_RECALCULATED, mobility, by=by, reason=str(error.message)
        )
        return str(error.message)
    return ""
