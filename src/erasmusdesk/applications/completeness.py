"""What an application still lacks before it can be submitted.

Rule (issue "Applicant portal", part 4): submission is possible only when complete: the
applicant's profile, the subject area, the intended period, a motivation of at least the
call's minimum length (``Call.motivation_min_characters``, 300 by default), at least one
preferred place, and every required document in the required number, none of them rejected
by the office.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from erasmusdesk.applications.filing import requirements_for
from erasmusdesk.applications.models import Application, Review
from erasmusdesk.calls.models import RequiredDocument


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    done: bool
    detail: str = ""
    # An optional document: listed (given or not), never missing, never counted as done.
    optional: bool = False


@dataclass(frozen=True)
class Completeness:
    items: list[Item]

    @property
    def required(self) -> list[Item]:
        return [item for item in self.items if not item.optional]

    @property
    def missing(self) -> list[Item]:
        return [item for item in self.required if not item.done]

    @property
    def is_complete(self) -> bool:
        return not self.missing

    @property
    def total(self) -> int:
        """How many things are required (optional documents are not among them)."""
        return len(self.required)

    @property
    def done_count(self) -> int:
        return self.total - len(self.missing)


def _profile_item(application: Application) -> Item:
    from erasmusdesk.accounts.services import missing_fields_of, profile_of

    missing = missing_fields_of(profile_of(application.applicant))
    return Item(
        "profile",
        _("Your profile"),
        not missing,
        _("Missing: %(fields)s.") % {"fields": ", ".join(str(m) for m in missing)}
        if missing
        else "",
    )


def completeness(
    application: Application, *, rules: list[RequiredDocument] | None = None
) -> Completeness:
    """Each thing the application needs, done or not, with what is missing.

    Reads the application's preferences and documents through ``.all()`` and its
    applicant's profile as loaded, so that a list prefetching them (with the call's
    ``rules`` for the application's category given) costs no query per application.
    """
    minimum = application.call.motivation_min_characters
    motivation = len(application.motivation.strip())
    places = len(application.preferences.all())
    items = [
        _profile_item(application),
        Item("subject_area", _("Subject area"), bool(application.subject_area)),
        Item("period", _("Intended period"), bool(application.period)),
        Item(
            "motivation",
            _("Motivation"),
            motivation >= minimum,
            _("At least %(min)d characters (now %(count)d).")
            % {"min": minimum, "count": motivation}
            if motivation < minimum
            else "",
        ),
        Item(
            "places",
            _("Preferred places"),
            places > 0,
            _("Choose one to three places.") if not places else "",
        ),
    ]
    documents = list(application.documents.all())
    for rule in requirements_for(application) if rules is None else rules:
        files = [d for d in documents if d.document_type_id == rule.document_type_id]
        rejected = [d for d in files if d.review == Review.REJECTED]
        usable = len(files) - len(rejected)
        needed = rule.count if rule.is_required else 0
        detail = ""
        if usable < needed:
            detail = ngettext(
                "%(have)d of %(count)d file uploaded.",
                "%(have)d of %(count)d files uploaded.",
                rule.count,
            ) % {"have": usable, "count": rule.count}
        if rejected:
            detail += " " + _("Rejected by the office: %(reasons)s") % {
                "reasons": "; ".join(f"{d.display_name}: {d.review_reason}" for d in rejected)
            }
        if not rule.is_required:
            # Left out, an optional document is neither done nor missing.
            items.append(
                Item(
                    f"document-{rule.document_type_id}",
                    rule.document_type.name,
                    usable > 0 and not rejected,
                    detail.strip() or ("" if usable else _("Optional: not given.")),
                    optional=True,
                )
            )
            continue
        items.append(
            Item(
                f"document-{rule.document_type_id}",
                rule.document_type.name,
                usable >= needed and not rejected,
                detail.strip(),
            )
        )
    return Completeness(items)
