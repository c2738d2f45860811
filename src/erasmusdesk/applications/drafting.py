"""Starting an application and saving its draft: the form, the places, the period.

Rules (issue "Applicant portal", part 2): an application is made to a call accepting
applications (normal or late round), by a person of a category the call admits, with up to
three preferred places among the call's places that fit them, an intended period within the
opportunity's allowed duration, and a motivation; it can be saved as a draft at any step.
"""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from erasmusdesk.applications.models import PERIOD_MONTHS, Application, Period, Preference
from erasmusdesk.applications.places import places_for
from erasmusdesk.applications.states import EDITABLE, State
from erasmusdesk.calls.models import Call
from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.institutions import isced

MAX_PREFERENCES = 3
MOTIVATION_MAX = 5000


class DraftErrors(DomainError):
    """Several fields refused at once: ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(next(iter(errors.values())), field=next(iter(errors)))
        self.errors = errors


@dataclass(frozen=True)
class Draft:
    """What the applicant fills in; every field may still be empty in a draft."""

    subject_area: str = ""
    period: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    motivation: str = ""
    place_ids: tuple[int, ...] = ()


def closed_message(call: Call) -> str:
    """ "The call closed on 15 March 2026, 23:59: applications can no longer be changed.\""""
    last = call.late_deadline or call.deadline
    if call.closed_at and call.closed_at < last:
        last = call.closed_at
    return _("The call closed on %(when)s: applications can no longer be submitted or changed.") % {
        "when": date_format(localtime(last), "DATETIME_FORMAT")
    }


def ensure_call_accepting(call: Call, now) -> None:
    if not call.schedule.accepts_applications(now):
        if now < call.opens_at:
            raise DomainError(
                _("The call opens on %(when)s.")
                % {"when": date_format(localtime(call.opens_at), "DATETIME_FORMAT")}
            )
        raise DomainError(closed_message(call))


def ensure_editable(application: Application, now) -> None:
    """The applicant may change the content only of a draft or a returned application, and
    only while the call accepts applications."""
    if State(application.state) not in EDITABLE:
        raise DomainError(
            _("This application is %(state)s: it can no longer be changed.")
            % {"state": application.state_label}
        )
    ensure_call_accepting(application.call, now)


def start_application(call: Call, *, by, category: str, language: str = "en") -> Application:
    """A new draft of ``by`` for ``call``; returns the existing live one if there is one."""
    now = clock.now()
    existing = live_application(by, call)
    if existing:
        return existing
    ensure_call_accepting(call, now)
    if category not in call.category_list:
        raise DomainError(
            _("This call is not open to your category (%(category)s).") % {"category": category},
            field="category",
        )
    try:
        with transaction.atomic():
            application = Application.objects.create(
                applicant=by, call=call, category=category, language=language
            )
            application.reference = f"A{call.academic_year % 100:02d}-{application.pk:05d}"
            application.save(update_fields=["reference"])
            audit.record("erasmusdesk.application.started", application, by=by)
    except IntegrityError:  # a second tab started it at the same moment
        return live_application(by, call)
    return application


def live_application(user, call: Call) -> Application | None:
    return (
        Application.objects.filter(applicant=user, call=call).exclude(state=State.WITHDRAWN).first()
    )


def check_draft(application: Application, draft: Draft) -> dict[str, str]:
    """The draft's errors by field (empty when every given value is valid). Empty values are
    allowed in a draft; the completeness check asks for them before submission."""
    errors: dict[str, str] = {}
    if draft.subject_area and not isced.is_valid(draft.subject_area):
        errors["subject_area"] = _("Subject area: choose a field of the ISCED-F 2013 list.")
    _check_period(application, draft, errors)
    if len(draft.motivation) > MOTIVATION_MAX:
        errors["motivation"] = _("Motivation: at most %(max)d characters (now %(count)d).") % {
            "max": MOTIVATION_MAX,
            "count": len(draft.motivation),
        }
    _check_places(application, draft, errors)
    return errors


def _check_period(application: Application, draft: Draft, errors: dict[str, str]) -> None:
    if draft.period and draft.period not in Period.values:
        errors["period"] = _("Intended period: choose one of the listed periods.")
        return
    if draft.period != Period.DATES:
        return
    if not draft.starts_on or not draft.ends_on:
        errors["starts_on"] = _("Intended period: give both the first and the last day.")
        return
    if draft.ends_on <= draft.starts_on:
        errors["ends_on"] = _("Intended period: the last day must come after the first day.")
        return
    months = months_between(draft.starts_on, draft.ends_on)
    opportunity = application.call.opportunity
    low, high = opportunity.duration_min_months, opportunity.duration_max_months
    if (low and months < low) or (high and months > high):
        errors["ends_on"] = _(
            "Intended period: %(months)s months; this opportunity allows %(low)s to %(high)s "
            "months."
        ) % {"months": f"{months:.1f}", "low": low or 0, "high": high or "—"}


def months_between(first: date, last: date) -> float:
    """Length in months of the period from ``first`` to ``last`` inclusive (30-day months,
    the Erasmus+ convention for grant periods)."""
    return ((last - first).days + 1) / 30


def period_months(application: Application) -> float | None:
    if application.period == Period.DATES and application.starts_on and application.ends_on:
        return months_between(application.starts_on, application.ends_on)
    return PERIOD_MONTHS.get(application.period)


def _check_places(application: Application, draft: Draft, errors: dict[str, str]) -> None:
    ids = list(draft.place_ids)
    if len(ids) > MAX_PREFERENCES:
        errors["places"] = _("Preferred places: at most three.")
    elif len(set(ids)) != len(ids):
        errors["places"] = _("Preferred places: choose each place only once.")
    else:
        allowed = {
            place.pk
            for place in places_for(application.call, application.category, draft.subject_area)
        }
        if any(pk not in allowed for pk in ids):
            errors["places"] = _(
                "Preferred places: choose among the places of this call that fit your "
                "category, level and subject area."
            )


class StaleDraft(DomainError):
    """The draft changed in another window since the form was opened."""


@transaction.atomic
def save_draft(application: Application, draft: Draft, *, by, version: int) -> Application:
    """Save the form of a draft (fields and places) in one transaction.

    ``version`` is the one the form was opened with: if another window saved in between, the
    save is refused (StaleDraft) instead of silently overwriting it. Documents are separate
    rows and never touched here, so two windows never lose each other's files.
    """
    from erasmusdesk.applications.transitions import lock

    application = lock(application)
    ensure_editable(application, clock.now())
    if application.version != version:
        raise StaleDraft(
            _(
                "This application was saved in another window since you opened this page. "
                "Your entries are still in the form: check them and save again."
            )
        )
    errors = check_draft(application, draft)
    if errors:
        raise DraftErrors(errors)
    application.subject_area = draft.subject_area
    application.period = draft.period
    dated = draft.period == Period.DATES
    application.starts_on = draft.starts_on if dated else None
    application.ends_on = draft.ends_on if dated else None
    application.motivation = draft.motivation
    application.version += 1
    application.save()
    application.preferences.all().delete()
    Preference.objects.bulk_create(
        Preference(application=application, position=position, place_id=pk)
        for position, pk in enumerate(draft.place_ids, start=1)
    )
    audit.record("erasmusdesk.application.saved", application, by=by, version=application.version)
    return application
