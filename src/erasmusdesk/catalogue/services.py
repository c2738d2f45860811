"""Domain functions of the catalogue: receiving enquiries."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from erasmusdesk.catalogue.models import Enquiry, Opportunity
from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.tasks import background_task, deliver
from erasmusdesk.institutions.models import InternationalOffice


def home_office() -> InternationalOffice | None:
    """The home university's international office, or None before the demo data is loaded."""
    return (
        InternationalOffice.objects.select_related("institution")
        .filter(institution__is_home=True)
        .first()
    )


def catalogue_version() -> str:
    """Changes whenever a page of the catalogue is added, changed or deleted (one query)."""
    state = Opportunity.objects.aggregate(changed=Max("updated"), pages=Count("id"))
    changed = state["changed"].isoformat() if state["changed"] else "-"
    return f"{changed}:{state['pages']}"


def receive_enquiry(
    *,
    name: str,
    email: str,
    message: str,
    opportunity: Opportunity | None,
    language: str,
    ip_address: str,
) -> Enquiry:
    """Store an enquiry and, after commit, e-mail it to the international office.

    Rule: one address may send at most ``ERASMUSDESK_ENQUIRIES_PER_HOUR`` enquiries in any
    sliding hour (our own limit against spam); the next one is refused and nothing is stored.
    """
    limit = settings.ERASMUSDESK_ENQUIRIES_PER_HOUR
    since = clock.now() - timedelta(hours=1)
    with transaction.atomic():
        sent = Enquiry.objects.filter(ip_address=ip_address, created__gte=since).count()
        if sent >= limit:
            raise DomainError(
                _(
                    "You have sent %(limit)d enquiries in the last hour, the most we accept. "
                    "Please try again later or write to us by e-mail."
                )
                % {"limit": limit}
            )
        enquiry = Enquiry.objects.create(
            name=name,
            email=email,
            message=message,
            opportunity=opportunity,
            language=language,
            ip_address=ip_address,
        )
        audit.record(
            "erasmusdesk.enquiry.received",
            enquiry,
            opportunity=opportunity.slug if opportunity else None,
        )
        transaction.on_commit(lambda: mail_enquiry_to_office.enqueue(enquiry.pk))
    return enquiry


@background_task
def mail_enquiry_to_office(enquiry_id: int) -> None:
    """Send the enquiry to the office's e-mail address (or the site's managers when none)."""
    enquiry = Enquiry.objects.select_related("opportunity").get(pk=enquiry_id)
    office = home_office()
    recipient = office.email if office else settings.DEFAULT_FROM_EMAIL
    about = enquiry.opportunity.title_en if enquiry.opportunity else "-"
    message = EmailMessage(
        subject=f"[Erasmus Desk] Enquiry from {enquiry.name}",
        body=(
            f"From: {enquiry.name} <{enquiry.email}>\n"
            f"About: {about}\n"
            f"Language: {enquiry.language}\n"
            f"Received: {timezone.localtime(enquiry.created):%Y-%m-%d %H:%M %Z}\n\n"
            f"{enquiry.message}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient],
    )
    deliver([message])
