"""The applicant's profile: saving it, and what an application still needs from it."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.accounts.models import (
    STUDENT_CATEGORIES,
    ApplicantProfile,
    LanguageCertificate,
)
from erasmusdesk.core.audit import record
from erasmusdesk.core.errors import DomainError

PROFILE_FIELDS = (
    "given_names",
    "family_name",
    "date_of_birth",
    "citizenship",
    "category",
    "faculty",
    "programme",
    "year_of_study",
    "grade_average",
    "grade_scale",
    "phone",
)
CERTIFICATE_FIELDS = ("test", "other_name", "score", "taken_on", "cefr_level")
MAX_CERTIFICATES = 3

# What every applicant must give, and what students give besides (the office's rule: the
# grade average and the year of study rank students in the selection).
REQUIRED_FIELDS = (
    "given_names",
    "family_name",
    "date_of_birth",
    "citizenship",
    "category",
    "faculty",
)
REQUIRED_FOR_STUDENTS = ("programme", "year_of_study", "grade_average", "grade_scale")


def get_profile(user) -> ApplicantProfile | None:
    """The person's profile, or None when they have not saved one yet."""
    try:
        return ApplicantProfile.objects.get(user=user)
    except ApplicantProfile.DoesNotExist:
        return None


def profile_of(user) -> ApplicantProfile | None:
    """The person's profile as loaded with them (no query when selected with
    ``select_related("...__profile")``), or None when they have none yet."""
    return getattr(user, "profile", None)


def missing_profile_fields(user) -> list[str]:
    """The translated labels of the profile fields ``user`` has not filled in yet, in the
    profile page's order; empty when the profile is complete enough to apply.

    Everyone needs REQUIRED_FIELDS; students (bachelor, master, doctoral) also need
    REQUIRED_FOR_STUDENTS. Language certificates are not required here: a call that asks for
    one checks it itself. One query.
    """
    return missing_fields_of(get_profile(user))


def missing_fields_of(profile: ApplicantProfile | None) -> list[str]:
    """``missing_profile_fields`` of an already loaded profile (None: no profile yet), so
    that lists of applications can check many people without a query each."""
    profile = profile or ApplicantProfile()
    needed = list(REQUIRED_FIELDS)
    if profile.category in STUDENT_CATEGORIES:
        needed += REQUIRED_FOR_STUDENTS
    meta = ApplicantProfile._meta
    return [
        str(meta.get_field(name).verbose_name)
        for name in needed
        if getattr(profile, name) in (None, "")
    ]


def _may_edit(user, by) -> bool:
    if by is None or not by.is_authenticated:
        return False
    if by.pk == user.pk:
        return True
    return by.is_staff and by.has_perm("accounts.change_applicantprofile")


@transaction.atomic
def save_profile(
    user,
    data: Mapping[str, Any],
    certificates: Sequence[Mapping[str, Any]] | None = (),
    *,
    by,
) -> ApplicantProfile:
    """Write ``user``'s profile from ``data`` (PROFILE_FIELDS) and make ``certificates`` their
    language certificates: each mapping has CERTIFICATE_FIELDS and, for one already saved,
    its "id"; saved certificates left out of the list are removed (``None``: the
    certificates are left as they are). The back office's edits come through here too.

    Validates everything (the models' rules) before writing anything, in one transaction,
    and writes an audit entry naming the changed fields (not their values: personal data stays
    in the profile). ``by`` is the person themselves or an office user allowed to change
    profiles; anyone else is refused with a DomainError.
    """
    if not _may_edit(user, by):
        raise DomainError(_("You may only change your own profile."))
    keep_certificates = certificates is None
    certificates = certificates or ()
    if len(certificates) > MAX_CERTIFICATES:
        raise DomainError(
            _("Give at most %(count)d language certificates.") % {"count": MAX_CERTIFICATES}
        )
    profile = ApplicantProfile.objects.select_for_update().filter(
        user=user
    ).first() or ApplicantProfile(user=user)
    created = profile.pk is None
    changed = []
    for name in PROFILE_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name not in ("date_of_birth", "year_of_study", "grade_average"):
                value = ""
            if getattr(profile, name) != value:
                changed.append(name)
            setattr(profile, name, value)
    profile.full_clean()

    existing = {item.pk: item for item in profile.certificates.all()} if not created else {}
    kept = []
    for values in certificates:
        pk = values.get("id")
        item = existing.get(pk) if pk else None
        if pk and item is None:
            raise DomainError(_("This language certificate is not yours."))
        item = item or LanguageCertificate()
        for name in CERTIFICATE_FIELDS:
            value = values.get(name)
            setattr(item, name, "" if value is None and name != "taken_on" else value)
        item.full_clean(exclude=["profile"])
        kept.append(item)

    profile.save()
    if keep_certificates:
        kept = list(existing.values())
    removed = [pk for pk in existing if pk not in {item.pk for item in kept}]
    LanguageCertificate.objects.filter(pk__in=removed).delete()
    for item in kept:
        item.profile = profile
        item.save()
    record(
        "erasmusdesk.profile.created" if created else "erasmusdesk.profile.changed",
        profile,
        by=by,
        fields=changed,
        certificates=len(kept),
        certificates_removed=len(removed),
    )
    return profile
