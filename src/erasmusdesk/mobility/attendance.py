"""The certificate of attendance: the participant uploads it (a PDF, at most 5 MB), the
office accepts it (its dates become the confirmed actual dates, through the stay's
services) or rejects it with a reason. Stored under a random name in the documents'
storage, served only through a view that checked access."""

import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.applications.uploads import document_storage
from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.mobility import audit_actions, services
from erasmusdesk.mobility.models import AttendanceCertificate, CertificateStatus, Mobility
from erasmusdesk.mobility.states import MobilityState, Party

MAX_BYTES = 5 * 1024 * 1024
OPEN = (MobilityState.LA_APPROVED, MobilityState.ARRIVED)


@transaction.atomic
def upload_certificate(mobility: Mobility, data: bytes, *, arrival, departure, by):
    if mobility.state not in OPEN:
        raise DomainError(_("The certificate of attendance is uploaded during the stay."))
    if not data.startswith(b"%PDF-"):
        raise DomainError(_("The certificate must be a PDF document."), field="file")
    if len(data) > MAX_BYTES:
        raise DomainError(_("The certificate is larger than 5 MB."), field="file")
    today = clock.localdate()
    if arrival > today or (departure and departure > today):
        raise DomainError(
            _("The dates on the certificate cannot be in the future."), field="arrival_date"
        )
    if departure and departure < arrival:
        raise DomainError(_("The departure cannot be before the arrival."), field="departure_date")
    name = document_storage().save(f"attendance/{secrets.token_hex(16)}.pdf", ContentFile(data))
    certificate = AttendanceCertificate.objects.create(
        mobility=mobility,
        file=name,
        arrival_date=arrival,
        departure_date=departure,
        uploaded_at=clock.now(),
    )
    audit.record(audit_actions.CERTIFICATE_UPLOADED, certificate, by=by)
    return certificate


@transaction.atomic
def decide_certificate(certificate: AttendanceCertificate, *, accept: bool, reason="", by):
    """Accept (the dates are confirmed for the office) or reject with a reason."""
    certificate = AttendanceCertificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != CertificateStatus.PENDING:
        raise DomainError(_("This certificate was already decided."))
    if not accept and not reason.strip():
        raise DomainError(_("Give the reason: the participant reads it."), field="reason")
    mobility = certificate.mobility
    if accept:
        if mobility.state == MobilityState.LA_APPROVED:
            mobility = services.confirm_arrival(
                mobility, on=certificate.arrival_date, by=by, party=Party.OFFICE
            )
        if certificate.departure_date and mobility.state == MobilityState.ARRIVED:
            services.confirm_departure(
                mobility, on=certificate.departure_date, by=by, party=Party.OFFICE
            )
    certificate.status = CertificateStatus.ACCEPTED if accept else CertificateStatus.REJECTED
    certificate.reason = reason.strip()
    certificate.save(update_fields=["status", "reason"])
    audit.record(audit_actions.CERTIFICATE_DECIDED, certificate, by=by, accepted=accept)
    return certificate
