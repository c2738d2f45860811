"""An applicant with everything the system can hold about a person, for the personal data
tests: profile, certificate, confirmed address, applications with documents and reasons, a
grant agreement with a payment, an enquiry, sign-in records, audit entries."""

from datetime import date
from decimal import Decimal

from allauth.account.models import EmailAddress
from axes.models import AccessFailureLog, AccessLog

from erasmusdesk.accounts.models import LanguageCertificate
from erasmusdesk.applications.models import StateChange
from erasmusdesk.catalogue.models import Enquiry
from erasmusdesk.core import audit, clock
from erasmusdesk.grants.models import GrantAgreement, Payment
from erasmusdesk.institutions.models import Institution
from tests.factories import applications as builders


def old_call(call, *, years_ago: int = 10, slug: str = "icm-old"):
    """A call of an academic year ``years_ago`` before the current one, with ``call``'s
    places and documents: its retention period is long over."""
    year = clock.localdate().year - years_ago
    return builders.another_call(
        call,
        slug=slug,
        year=year,
        opens=date(year, 10, 1),
        deadline=date(year + 1, 1, 15),
        late=None,
    )


def full_applicant(user, call, *, reference_prefix: str = "") -> dict:
    """Give ``user`` a profile, a certificate, a confirmed address, a submitted application
    to ``call`` (every document, a rejected one with its reason, a state change with a
    reason), a grant agreement with a payment, an enquiry, sign-in records and audit
    entries."""
    profile = builders.applicant_profile(
        user, family_name="Kurmangazykyzy", phone="+7 701 111 22 33"
    )
    LanguageCertificate.objects.create(
        profile=profile, test="ielts_academic", score="6.5", taken_on=date(2020, 5, 1)
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    application = builders.application(
        user, call, state="submitted", motivation="I want to study in Warsaw because ..."
    )
    application.office_note = "Transcript unreadable, asked again."
    application.save(update_fields=["office_note"])
    StateChange.objects.create(
        application=application,
        from_state="submitted",
        to_state="returned",
        at=clock.now(),
        reason="Upload a readable transcript, Asel.",
    )
    document = application.documents.order_by("pk").first()
    document.review, document.review_reason = "rejected", "Blurred scan of Asel's passport."
    document.save()
    audit.record(
        "erasmusdesk.document.reviewed",
        application,
        by=None,
        document=document.pk,
        review="rejected",
        reason=document.review_reason,
        sha256=document.sha256,
    )
    host = Institution.objects.filter(is_home=False).first()
    home = Institution.objects.filter(is_home=True).first() or host
    agreement = GrantAgreement.objects.create(
        reference=f"GA-{call.academic_year}-{user.pk:04d}",
        call=call,
        participant=user,
        participant_name="Asel Kurmangazykyzy",
        home_institution=home,
        host_institution=host,
        departure_city="Almaty, KZ",
        departure_reason="Lives with her family in Almaty.",
        activity="study",
        call_year=call.academic_year,
        start=date(call.academic_year, 9, 1),
        end=date(call.academic_year + 1, 1, 31),
        rate_table_name="test",
        total=Decimal("4610.00"),
    )
    Payment.objects.create(
        agreement=agreement,
        kind="prefinancing",
        amount=Decimal("3688.00"),
        paid_on=date(call.academic_year, 8, 20),
        note="Transfer to Asel's Kaspi account",
    )
    Enquiry.objects.create(
        name="Asel K.",
        email=user.email.upper(),
        message="Can I apply with IELTS 6.0?",
        language="en",
        ip_address="203.0.113.7",
    )
    AccessLog.objects.create(
        username=user.email.lower(),
        ip_address="203.0.113.7",
        user_agent="Firefox",
        path_info="/en/account/login/",
    )
    AccessFailureLog.objects.create(
        username=user.email.lower(),
        ip_address="198.51.100.9",
        user_agent="curl",
        path_info="/en/account/login/",
        locked_out=False,
    )
    audit.record("erasmusdesk.profile.changed", profile, by=user, fields=["phone"])
    return {"application": application, "profile": profile, "agreement": agreement}
