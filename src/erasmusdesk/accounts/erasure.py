"""Erasing an applicant's personal data once it need no longer be kept (issue "Production
readiness", part 5b), keeping anonymous statistics.

Rule (the office's policy, data per call): an applicant's personal data is kept until the
retention period of every call they applied to has run out — ``Call.retention_months``
(default 24) after the end of the call's academic year, 31 August of its second calendar
year (the home university's academic year runs from 1 September). A grant agreement counts
with its call (or, without one, with its call year and the default period). After that a
coordinator, or ``python -m erasmusdesk erase_expired``, may erase it.

What erasure removes: names, the e-mail address (replaced by a placeholder that identifies
no one), the password, the profile and its language certificates, every uploaded file
(deleted from the storage) and its record, the motivation, the office's notes and every
free-text reason, the names on grant agreements and the notes of their payments, the
enquiries sent from the address, the sign-in records (django-axes), the selection's free
text about them (evaluators' comments, conflict reasons, appeals and their decisions), and
personal values in the audit log and the back office's log. What it keeps, for statistics:
the account row (inactive, anonymous), the applications' reference, call, category, state,
round, subject area, period, dates and preferred places, their state changes (without
reasons), the selection's points, ranks and outcomes, and the grant agreements' amounts,
dates, activity and institutions.
"""

import calendar
import secrets
from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.dispatch import Signal
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from erasmusdesk.accounts import selection_data
from erasmusdesk.accounts.models import ApplicantProfile
from erasmusdesk.accounts.roles import Role, role_names
from erasmusdesk.applications.models import Application, Document, StateChange
from erasmusdesk.applications.uploads import document_storage
from erasmusdesk.calls.models import DEFAULT_RETENTION_MONTHS, Call
from erasmusdesk.catalogue.models import Enquiry
from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.grants.models import GrantAgreement, Payment

ERASED_DOMAIN = "erased.invalid"
ERASED_ACTION = "erasmusdesk.personal_data.erased"
# Keys of audit entries' data that may hold personal values (free text, file fingerprints).
PERSONAL_AUDIT_KEYS = frozenset(
    {"reason", "note", "sha256", "email", "name", "file", "comment", "text", "decision"}
)
# Objects the back office's log names by something personal (an application's name there is
# its reference, a document's the file name it was uploaded under).
NAMED_IN_ADMIN_LOG = frozenset(
    {"accounts.user", "accounts.applicantprofile", "applications.document", "grants.grantagreement"}
)
OFFICE_ROLES = frozenset(role.value for role in Role if role != Role.APPLICANT)

# Sent inside the erasure's transaction, after our own tables are erased, so that other apps
# (e.g. the selection's evaluator comments) erase what they hold: receivers get ``user`` and
# ``applications`` (the ids of the person's applications).
erasing_personal_data = Signal()


@dataclass(frozen=True)
class Erasure:
    applications: int
    documents: int
    grant_agreements: int


def retention_ends_on(academic_year: int, months: int) -> date:
    """The last day personal data of a call of ``academic_year`` is kept: ``months`` after
    31 August of ``academic_year + 1`` (the end of the month when the day does not exist:
    31 August + 6 months is the last day of February)."""
    end = date(academic_year + 1, 8, 31)
    years, month_index = divmod(end.month - 1 + months, 12)
    year, month = end.year + years, month_index + 1
    return date(year, month, min(end.day, calendar.monthrange(year, month)[1]))


def call_retention_ends_on(call: Call) -> date:
    return retention_ends_on(call.academic_year, call.retention_months)


def _live_calls(today: date) -> list[int]:
    """Ids of the calls still within their retention period on ``today``."""
    return [
        call.pk
        for call in Call.objects.only("pk", "academic_year", "retention_months")
        if call_retention_ends_on(call) >= today
    ]


def _first_live_call_year(today: date) -> int:
    """The earliest call year whose default retention period still runs on ``today``."""
    year = today.year + 1
    while retention_ends_on(year - 1, DEFAULT_RETENTION_MONTHS) >= today:
        year -= 1
    return year


def is_erased(user) -> bool:
    return user.email.endswith(f"@{ERASED_DOMAIN}")


def expired_applicants(today: date | None = None) -> models.QuerySet:
    """Applicants whose personal data may be erased on ``today`` (default: today where the
    institution is): they applied at least once, every call they applied to (and of every
    grant agreement of theirs) is past its retention period, they are not staff nor in an
    office role, and they are not erased yet."""
    today = today or clock.localdate()
    live = _live_calls(today)
    held_by_grants = GrantAgreement.objects.filter(
        models.Q(call_id__in=live)
        | models.Q(call__isnull=True, call_year__gte=_first_live_call_year(today))
    ).values("participant_id")
    return (
        get_user_model()
        .objects.filter(pk__in=Application.objects.values("applicant_id"))
        .exclude(pk__in=Application.objects.filter(call_id__in=live).values("applicant_id"))
        .exclude(pk__in=held_by_grants.exclude(participant_id__isnull=True))
        .exclude(is_staff=True)
        .exclude(is_superuser=True)
        .exclude(groups__name__in=OFFICE_ROLES)
        .exclude(email__endswith=f"@{ERASED_DOMAIN}")
        .order_by("pk")
    )


def retention_hold(user, today: date | None = None) -> tuple[date, str] | None:
    """The last day of retention of ``user``'s data and the call that sets it, or None when
    nothing holds it any more."""
    today = today or clock.localdate()
    holds = []
    for application in Application.objects.filter(applicant=user).select_related("call"):
        holds.append((call_retention_ends_on(application.call), application.call.title))
    for agreement in GrantAgreement.objects.filter(participant=user).select_related("call"):
        if agreement.call is not None:
            holds.append((call_retention_ends_on(agreement.call), agreement.call.title))
        else:
            ends = retention_ends_on(agreement.call_year, DEFAULT_RETENTION_MONTHS)
            holds.append((ends, agreement.reference))
    live = [hold for hold in holds if hold[0] >= today]
    return max(live) if live else None


def check_erasable(user, *, by=None, today: date | None = None) -> None:
    """Raise DomainError (translated) when ``user``'s personal data may not be erased now."""
    if by is not None and getattr(by, "pk", None) == user.pk:
        raise DomainError(_("You cannot erase your own account."))
    if is_erased(user):
        raise DomainError(_("This applicant's personal data is already erased."))
    if user.is_staff or user.is_superuser or role_names(user) & OFFICE_ROLES:
        raise DomainError(
            _(
                "This account belongs to the office, an evaluator or a partner: only "
                "applicants' personal data is erased here."
            )
        )
    hold = retention_hold(user, today)
    if hold is not None:
        last_day, call = hold
        raise DomainError(
            _(
                "This applicant's personal data must be kept until %(date)s: the retention "
                "period of “%(call)s” runs until then."
            )
            % {"date": date_format(last_day, "DATE_FORMAT"), "call": call}
        )


@transaction.atomic
def erase_personal_data(user, *, by, today: date | None = None) -> Erasure:
    """Erase ``user``'s personal data, keeping anonymous statistics (see the module's
    docstring for what goes and what stays), and write an audit entry.

    Refuses (DomainError, nothing changed) while ``check_erasable`` does. The uploaded files
    are deleted from the storage last, inside the transaction: should a deletion fail, the
    transaction is rolled back and erasing again finishes the work.
    """
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    check_erasable(user, by=by, today=today)
    placeholder = f"erased-{secrets.token_hex(6)}"
    old_email = user.email.strip().lower()
    application_ids = list(
        Application.objects.filter(applicant=user).order_by("pk").values_list("pk", flat=True)
    )
    profile_ids = list(ApplicantProfile.objects.filter(user=user).values_list("pk", flat=True))
    agreement_ids = list(
        GrantAgreement.objects.filter(participant=user).values_list("pk", flat=True)
    )
    documents = list(Document.objects.filter(application_id__in=application_ids))

    Application.objects.filter(pk__in=application_ids).update(motivation="", office_note="")
    StateChange.objects.filter(application_id__in=application_ids).update(reason="")
    Document.objects.filter(pk__in=[document.pk for document in documents]).delete()
    GrantAgreement.objects.filter(pk__in=agreement_ids).update(
        participant_name=placeholder, departure_city="", departure_reason=""
    )
    Payment.objects.filter(agreement_id__in=agreement_ids).update(note="")
    ApplicantProfile.objects.filter(pk__in=profile_ids).delete()
    EmailAddress.objects.filter(user=user).delete()
    if old_email:
        Enquiry.objects.filter(email__iexact=old_email).delete()
        _erase_sign_in_records({old_email, user.username.lower()})
    _scrub_logs(
        user,
        placeholder,
        {
            "accounts.user": [user.pk],
            "accounts.applicantprofile": profile_ids,
            "applications.application": application_ids,
            "applications.document": [document.pk for document in documents],
            "grants.grantagreement": agreement_ids,
            **selection_data.audit_objects(application_ids),
            **_assignments(application_ids),
        },
    )

    user.username = placeholder
    user.email = f"{placeholder}@{ERASED_DOMAIN}"
    user.first_name = user.last_name = ""
    user.set_unusable_password()
    user.is_active = False
    user.last_login = None
    user.save()
    user.groups.clear()
    user.user_permissions.clear()

    selection_data.erase(application_ids)
    erasing_personal_data.send(sender=erase_personal_data, user=user, applications=application_ids)
    audit.record(
        ERASED_ACTION,
        user,
        by=by,
        applications=len(application_ids),
        documents=len(documents),
        grant_agreements=len(agreement_ids),
    )
    storage = document_storage()
    for document in documents:
        if document.file.name:
            storage.delete(document.file.name)
    return Erasure(
        applications=len(application_ids),
        documents=len(documents),
        grant_agreements=len(agreement_ids),
    )


def _erase_sign_in_records(usernames: set[str]) -> None:
    """django-axes' records of the person's sign-ins and failed attempts (address, browser)."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=usernames).delete()


def _assignments(application_ids: list[int]) -> dict[str, list[int]]:
    """The selection committee's assignments of these applications (their audit entries
    hold conflict of interest reasons)."""
    if not selection_data.installed() or not application_ids:
        return {}
    model = apps.get_model("selection", "Assignment")
    ids = model.objects.filter(application_id__in=application_ids).values_list("pk", flat=True)
    return {"selection.assignment": list(ids)}


def _scrub_logs(user, placeholder, objects: dict[str, list[int]]) -> None:
    """Personal values out of the audit log (free-text reasons, file fingerprints) of the
    person's objects, and the back office's log (the names it shows of them)."""
    about = models.Q(actor=user)
    for object_type, ids in objects.items():
        if ids:
            about |= models.Q(object_type=object_type, object_id__in=[str(pk) for pk in ids])
    for entry in AuditEntry.objects.filter(about).only("pk", "data").iterator(chunk_size=500):
        if isinstance(entry.data, dict) and PERSONAL_AUDIT_KEYS & entry.data.keys():
            entry.data = {k: v for k, v in entry.data.items() if k not in PERSONAL_AUDIT_KEYS}
            entry.save(update_fields=["data"])
    for model_label, ids in objects.items():
        if not ids or model_label not in NAMED_IN_ADMIN_LOG:
            continue
        content_type = ContentType.objects.get_for_model(apps.get_model(model_label))
        LogEntry.objects.filter(
            content_type=content_type, object_id__in=[str(pk) for pk in ids]
        ).update(object_repr=placeholder)
