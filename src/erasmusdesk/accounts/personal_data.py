"""Everything the system holds about one person, for them to download (issue "Production
readiness", part 5a; the right of access and to data portability, GDPR Articles 15 and 20).

The download is a ZIP: ``data.json`` (below) and ``files/<application reference>/...``, the
documents they uploaded, byte for byte. ``data.json`` holds: the account (names, e-mail
addresses, roles, dates), the applicant profile and language certificates, every application
with its preferred places, state history, documents (names, sizes, SHA-256, checks) and the
office's notes, the grant agreements whose participant account is theirs with their payments,
the enquiries sent from their address, the audit entries about them or by them, the
records of their sign-ins and failed sign-ins, and the selection's published results, the
evaluators' points and comments once results are published, and their appeals. Staff
members are not named: an action by someone else is attributed to "the international office"
(or "the system").
"""

import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from erasmusdesk.accounts import selection_data
from erasmusdesk.accounts.models import ApplicantProfile
from erasmusdesk.accounts.roles import Role, role_names
from erasmusdesk.applications.exports import zip_entry_name
from erasmusdesk.applications.models import Application, Document, Preference
from erasmusdesk.applications.places import place_label
from erasmusdesk.applications.uploads import document_storage
from erasmusdesk.catalogue.models import Enquiry
from erasmusdesk.core import clock
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.grants.models import GrantAgreement

FORMAT = "erasmusdesk-personal-data"
FORMAT_VERSION = 1
COPY_CHUNK = 1024 * 1024

# Sent while collecting, so that other apps add what they hold about the person: receivers
# get ``user`` and return a dict of sections (JSON-ready) to add to data.json.
collecting_personal_data = Signal()


@dataclass(frozen=True)
class Overview:
    """How much there is of each kind, for the page that explains the download."""

    applications: int
    documents: int
    document_bytes: int
    certificates: int
    grant_agreements: int
    audit_entries: int


def _json(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _fields(obj: models.Model, names: list[str]) -> dict:
    """The values of ``names``; a field with choices also gets its label ("<name>_label")."""
    result = {}
    for name in names:
        result[name] = _json(getattr(obj, name))
        field = obj._meta.get_field(name)
        if field.choices and getattr(obj, name):
            result[f"{name}_label"] = str(getattr(obj, f"get_{name}_display")())
    return result


def _applications(user) -> models.QuerySet:
    return (
        Application.objects.filter(applicant=user)
        .select_related("call")
        .prefetch_related(
            models.Prefetch(
                "preferences",
                queryset=Preference.objects.select_related("place__agreement__partner"),
            ),
            models.Prefetch("documents", queryset=Document.objects.select_related("document_type")),
            "history",
        )
        .order_by("created", "pk")
    )


def _audit_entries(user) -> models.QuerySet:
    """The audit entries about ``user`` (their account, profile, applications, grant
    agreements) or by them."""
    objects = {
        "accounts.user": [user.pk],
        "accounts.applicantprofile": list(
            ApplicantProfile.objects.filter(user=user).values_list("pk", flat=True)
        ),
        "applications.application": list(
            Application.objects.filter(applicant=user).values_list("pk", flat=True)
        ),
        "grants.grantagreement": list(
            GrantAgreement.objects.filter(participant=user).values_list("pk", flat=True)
        ),
    }
    objects["applications.document"] = list(
        Document.objects.filter(application_id__in=objects["applications.application"]).values_list(
            "pk", flat=True
        )
    )
    objects.update(selection_data.audit_objects(objects["applications.application"]))
    about = models.Q(actor=user)
    for object_type, ids in objects.items():
        if ids:
            about |= models.Q(object_type=object_type, object_id__in=[str(pk) for pk in ids])
    return AuditEntry.objects.filter(about).order_by("created", "pk")


def overview(user) -> Overview:
    documents = Document.objects.filter(application__applicant=user)
    profile = ApplicantProfile.objects.filter(user=user).first()
    return Overview(
        applications=Application.objects.filter(applicant=user).count(),
        documents=documents.count(),
        document_bytes=documents.aggregate(total=models.Sum("size"))["total"] or 0,
        certificates=profile.certificates.count() if profile else 0,
        grant_agreements=GrantAgreement.objects.filter(participant=user).count(),
        audit_entries=_audit_entries(user).count(),
    )


def _by(actor_id: int | None, user) -> str:
    if actor_id == user.pk:
        return _("you")
    if actor_id is None:
        return _("the system")
    return _("the international office")


def collect(user) -> tuple[dict, list[tuple[Document, str]]]:
    """``data.json``'s content for ``user``, and the documents to add to the ZIP with the
    name each gets in it."""
    files: list[tuple[Document, str]] = []
    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "generated_at": _json(clock.now()),
        "account": _account(user),
        "profile": None,
        "language_certificates": [],
        "applications": [],
        "grant_agreements": [],
        "enquiries": [],
        "audit_entries": [],
        "sign_ins": [],
        "failed_sign_ins": [],
    }
    profile = ApplicantProfile.objects.filter(user=user).first()
    if profile is not None:
        data["profile"] = _fields(
            profile,
            [
                "given_names",
                "family_name",
                "date_of_birth",
                "category",
                "faculty",
                "programme",
                "year_of_study",
                "grade_average",
                "grade_scale",
                "phone",
                "updated",
            ],
        )
        data["profile"]["citizenship"] = str(profile.citizenship.code or "")
        data["language_certificates"] = [
            _fields(certificate, ["test", "other_name", "score", "taken_on", "cefr_level"])
            for certificate in profile.certificates.all()
        ]
    for application in _applications(user):
        data["applications"].append(_application(application, user, files))
    for agreement in GrantAgreement.objects.filter(participant=user).select_related(
        "call", "home_institution", "host_institution"
    ):
        data["grant_agreements"].append(_agreement(agreement))
    if user.email:
        data["enquiries"] = [
            _fields(enquiry, ["created", "name", "email", "message", "language", "ip_address"])
            for enquiry in Enquiry.objects.filter(email__iexact=user.email).order_by("created")
        ]
    data["audit_entries"] = [
        {
            "when": _json(entry.created),
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "by": _by(entry.actor_id, user),
            "data": entry.data,
        }
        for entry in _audit_entries(user).iterator(chunk_size=500)
    ]
    data["sign_ins"], data["failed_sign_ins"] = _sign_in_records(user)
    application_ids = list(Application.objects.filter(applicant=user).values_list("pk", flat=True))
    data.update(selection_data.sections(application_ids, _json))
    for _receiver, sections in collecting_personal_data.send(sender=collect, user=user):
        data.update(sections or {})
    return data, files


def _account(user) -> dict:
    from allauth.account.models import EmailAddress

    labels = dict(Role.choices)
    return {
        **_fields(user, ["username", "email", "first_name", "last_name"]),
        "date_joined": _json(user.date_joined),
        "last_login": _json(user.last_login),
        "is_active": user.is_active,
        "roles": [str(labels[name]) for name in sorted(role_names(user))],
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
    }


def _application(application: Application, user, files: list) -> dict:
    result = _fields(
        application,
        [
            "reference",
            "state",
            "category",
            "subject_area",
            "period",
            "starts_on",
            "ends_on",
            "motivation",
            "round",
            "submitted_at",
            "office_note",
            "language",
            "created",
            "updated",
        ],
    )
    call = application.call
    result["call"] = {
        "slug": call.slug,
        "title": call.title,
        "academic_year": call.academic_year_label,
    }
    result["preferences"] = [
        {"choice": preference.position, "place": place_label(preference.place)}
        for preference in application.preferences.all()
    ]
    result["state_history"] = [
        {
            "from": change.from_state,
            "to": change.to_state,
            "at": _json(change.at),
            "by": _by(change.by_id, user),
            "reason": change.reason,
        }
        for change in application.history.all()
    ]
    result["documents"] = []
    for document in application.documents.all():
        name = f"files/{application.reference or application.pk}/{zip_entry_name(document)}"
        files.append((document, name))
        result["documents"].append(
            {
                "document": document.document_type.name,
                "number": document.slot,
                **_fields(
                    document,
                    [
                        "display_name",
                        "kind",
                        "size",
                        "sha256",
                        "uploaded_at",
                        "review",
                        "review_reason",
                        "reviewed_at",
                    ],
                ),
                "file_in_this_zip": name,
            }
        )
    return result


def _agreement(agreement: GrantAgreement) -> dict:
    result = _fields(
        agreement,
        [
            "reference",
            "participant_name",
            "participant_language",
            "departure_city",
            "departure_reason",
            "activity",
            "call_year",
            "start",
            "end",
            "green_travel",
            "travel_days",
            "fewer_opportunities",
            "total",
            "prefinancing_percent",
            "actual_start",
            "actual_end",
            "final_total",
            "status",
            "created",
        ],
    )
    result["call"] = agreement.call.title if agreement.call else None
    result["home_institution"] = agreement.home_institution.name
    result["host_institution"] = agreement.host_institution.name
    result["breakdown"] = agreement.breakdown
    result["final_breakdown"] = agreement.final_breakdown
    result["payments"] = [
        _fields(payment, ["kind", "amount", "paid_on", "note"])
        for payment in agreement.payments.all()
    ]
    return result


def _sign_in_records(user) -> tuple[list[dict], list[dict]]:
    from axes.models import AccessFailureLog, AccessLog

    names = {name for name in (user.email.lower(), user.username.lower()) if name}
    fields = ["attempt_time", "ip_address", "user_agent", "path_info"]
    sign_ins = [
        {**_fields(record, fields), "logout_time": _json(record.logout_time)}
        for record in AccessLog.objects.filter(username__in=names).order_by("attempt_time")
    ]
    failures = [
        {**_fields(record, fields), "locked_out": record.locked_out}
        for record in AccessFailureLog.objects.filter(username__in=names).order_by("attempt_time")
    ]
    return sign_ins, failures


def write_zip(user, file) -> int:
    """Write ``user``'s data as a ZIP into the binary ``file``: data.json and their files
    (copied from the storage in chunks; a file the storage no longer has is noted in
    data.json). Returns the number of files written."""
    data, documents = collect(user)
    storage = document_storage()
    written = 0
    by_name = {}
    with zipfile.ZipFile(file, "w", allowZip64=True) as archive:
        for document, name in documents:
            try:
                source = storage.open(document.file.name, "rb")
            except (FileNotFoundError, OSError):
                by_name[name] = None
                continue
            info = zipfile.ZipInfo(name, date_time=_zip_time(document.uploaded_at))
            info.compress_type = zipfile.ZIP_STORED
            with source, archive.open(info, "w", force_zip64=True) as target:
                while chunk := source.read(COPY_CHUNK):
                    target.write(chunk)
            written += 1
        for application in data["applications"]:
            for entry in application["documents"]:
                if entry["file_in_this_zip"] in by_name:
                    entry["file_in_this_zip"] = None
                    entry["note"] = _("The file is missing from the storage.")
        info = zipfile.ZipInfo("data.json", date_time=_zip_time(clock.now()))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, json.dumps(data, ensure_ascii=False, indent=2, default=str))
    return written


def _zip_time(instant: datetime) -> tuple[int, int, int, int, int, int]:
    local = timezone.localtime(instant)
    return (max(local.year, 1980), local.month, local.day, local.hour, local.minute, local.second)
