"""The mobility's services: creating it, the one road for its stage, the host's answer to
a nomination, a changed nomination, reminders and cancellation.

Rules (Erasmus+ Programme Guide 2026, part B, mobility projects for higher education; EWP
OMobilities v3): the sending institution nominates each selected participant to the host,
which accepts or rejects the nomination (EWP status pending -> approved / rejected); a
nomination changed after the answer is pending again; a cancelled mobility frees its place
of the agreement, which the reserve list gives to the next applicant.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.accounts.services import profile_of
from erasmusdesk.applications.models import Application, Period
from erasmusdesk.applications.states import State
from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.institutions.models import Institution, MobilityCondition
from erasmusdesk.institutions.models.agreement import academic_year_label
from erasmusdesk.mobility import audit_actions
from erasmusdesk.mobility.models import (
    ACTIVITY_OF_PLACE,
    STATE_LABELS,
    ActivityAttributes,
    ActivityType,
    HostContact,
    Mobility,
    MobilityStateChange,
)
from erasmusdesk.mobility.states import LIVE, MobilityState, Party, move

logger = logging.getLogger(__name__)

# The home university's calendar (applications.Period): the autumn semester from 1 September
# to 31 January, the spring one from 1 February to 30 June; a year covers both.
SEMESTER_DATES = {
    Period.AUTUMN: ((0, 9, 1), (1, 1, 31)),
    Period.SPRING: ((1, 2, 1), (1, 6, 30)),
    Period.YEAR: ((0, 9, 1), (1, 6, 30)),
}
# The applicant's category -> the EQF level studied at departure (EQF Recommendation 2017/C
# 189/03, annex II: bachelor 6, master 7, doctorate 8).
EQF_OF_CATEGORY = {"bachelor": "6", "master": "7", "doctoral": "8"}


# Stages reached by the service that records their data, not by a bare move.
RECORDED_STAGES = frozenset(
    {
        MobilityState.ARRIVED,
        MobilityState.DEPARTED,
        MobilityState.TRANSCRIPT_RECEIVED,
        MobilityState.RECOGNISED,
    }
)


def lock(mobility: Mobility) -> Mobility:
    """The mobility re-read under a row lock (inside a transaction). A selected applicant's
    application is locked first: a withdrawal (and a cancellation, which withdraws) takes the
    selection, then the application, then the mobility, and every mobility service takes
    them in that order too, so that two of them never wait on each other in turn."""
    if mobility.application_id:
        list(
            Application.objects.select_for_update()
            .filter(pk=mobility.application_id)
            .values_list("pk", flat=True)
        )
    return Mobility.objects.select_for_update().get(pk=mobility.pk)


def change_stage(
    mobility: Mobility,
    to: MobilityState,
    *,
    by,
    party: Party,
    reason: str = "",
    by_name: str = "",
    now=None,
) -> Mobility:
    """Move ``mobility`` to stage ``to`` if the table of states (``states.TRANSITIONS``)
    lets ``party`` do it, leaving a row (who, when, from, to, why) and an audit entry.
    Raises DomainError when the move is not allowed or a required reason is missing. Call
    inside a transaction, on a locked mobility."""
    assert transaction.get_connection().in_atomic_block, "change_stage needs a transaction"
    current = MobilityState(mobility.state)
    allowed = move(current, to)
    if allowed is None or party not in allowed[0]:
        raise DomainError(
            _("A mobility that is %(current)s cannot become %(target)s.")
            % {"current": STATE_LABELS[current], "target": STATE_LABELS[MobilityState(to)]}
        )
    reason = reason.strip()
    if allowed[1] and not reason:
        raise DomainError(
            _("Give the reason: the participant and the host read it."), field="reason"
        )
    at = now or clock.now()
    mobility.state = to
    mobility.version += 1
    mobility.save(update_fields=["state", "version", "updated"])
    MobilityStateChange.objects.create(
        mobility=mobility,
        from_state=current,
        to_state=to,
        by=by if getattr(by, "is_authenticated", False) else None,
        by_name=by_name or _name_of(by),
        at=at,
        reason=reason,
    )
    audit.record(
        audit_actions.STAGE,
        mobility,
        by=by,
        from_state=current.value,
        to_state=MobilityState(to).value,
        reason=reason,
        by_name=by_name,
    )
    from erasmusdesk.mobility.mail import notify_stage

    notify_stage(mobility, MobilityState(to))
    return mobility


def _label(name: str) -> str:
    return str(Mobility._meta.get_field(name).verbose_name)


def _name_of(user) -> str:
    if not getattr(user, "is_authenticated", False):
        return ""
    return user.get_full_name() or user.get_username()


def _check_version(mobility: Mobility, version: int | None) -> None:
    if version is not None and version != mobility.version:
        raise DomainError(
            _("This mobility changed while you were looking at it: read it again first.")
        )


def planned_dates(application: Application) -> tuple[date, date]:
    """The planned dates of a selected application: its exact dates, else its semester(s)
    in the call's academic year (``SEMESTER_DATES``)."""
    if application.starts_on and application.ends_on:
        return application.starts_on, application.ends_on
    year = application.call.academic_year
    (sy, sm, sd), (ey, em, ed) = SEMESTER_DATES.get(
        Period(application.period) if application.period else Period.AUTUMN,
        SEMESTER_DATES[Period.AUTUMN],
    )
    return date(year + sy, sm, sd), date(year + ey, em, ed)


def home_institution() -> Institution:
    home = Institution.objects.filter(is_home=True).order_by("pk").first()
    if home is None:
        raise DomainError(_("The home institution is not set up yet (Institutions)."))
    return home


def places_used(place: MobilityCondition, academic_year_id: str, *, exclude=None) -> int:
    """How many live (not rejected or cancelled) mobilities use ``place`` in that year."""
    found = Mobility.objects.filter(
        place=place, receiving_academic_year_id=academic_year_id, state__in=LIVE
    )
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.count()


def _record_created(mobility: Mobility, *, by, reason: str) -> None:
    MobilityStateChange.objects.create(
        mobility=mobility,
        from_state="",
        to_state=mobility.state,
        by=by if getattr(by, "is_authenticated", False) else None,
        by_name=_name_of(by),
        at=clock.now(),
        reason=reason,
    )
    audit.record(
        audit_actions.CREATED,
        mobility,
        by=by,
        omobility_id=str(mobility.omobility_id),
        application=mobility.application.reference if mobility.application_id else "",
        place=mobility.place_id,
    )
    from erasmusdesk.mobility.mail import notify_stage

    notify_stage(mobility, MobilityState.NOMINATED)


def _built_for(application: Application, place: MobilityCondition, home: Institution) -> Mobility:
    applicant = application.applicant
    profile = profile_of(applicant)
    arrival, departure = planned_dates(application)
    return Mobility(
        application=application,
        participant=applicant,
        given_names=(profile.given_names if profile else "") or applicant.first_name,
        family_name=(profile.family_name if profile else "") or applicant.last_name,
        birth_date=profile.date_of_birth if profile else None,
        email=applicant.email,
        sending_hei=home,
        receiving_hei=place.agreement.partner,
        receiving_ounit=place.receiving_unit,
        agreement=place.agreement,
        place=place,
        activity_type=ACTIVITY_OF_PLACE.get(place.mobility_type, ActivityType.STUDENT_STUDIES),
        activity_attributes=ActivityAttributes.LONG_TERM,
        receiving_academic_year_id=academic_year_label(application.call.academic_year),
        planned_arrival_date=arrival,
        planned_departure_date=departure,
        isced_f_code=place.isced_code,
        eqf_level_studied_at_departure=EQF_OF_CATEGORY.get(application.category, ""),
        language=place.language,
        cefr_level=place.cefr_level,
    )


def create_for_selected(
    selected: list[tuple[Application, MobilityCondition]], *, by
) -> list[Mobility]:
    """The mobilities of applicants selected for a place (at publication, or on taking a
    place offered from the reserve list): each nominated to the place's partner, with the
    participant's data from their profile and the dates of their application, in a constant
    number of queries (a publication creates hundreds). Idempotent: an application that
    already has a live mobility keeps it. Nothing (and a warning in the log) while no
    institution is marked as the home one: nobody could be named as the sender.

    The applications come with ``applicant__profile`` and ``call``, the places with
    ``agreement__partner`` loaded."""
    if not selected:
        return []
    home = Institution.objects.filter(is_home=True).order_by("pk").first()
    if home is None:
        logger.warning("No home institution: no mobility for %d selected", len(selected))
        return []
    taken = set(
        Mobility.objects.filter(application__in=[a for a, _p in selected])
        .exclude(state=MobilityState.CANCELLED)
        .values_list("application_id", flat=True)
    )
    new = [_built_for(a, p, home) for a, p in selected if a.pk not in taken]
    if not new:
        return []
    Mobility.objects.bulk_create(new)
    ids = [m.omobility_id for m in new]
    created = list(Mobility.objects.filter(omobility_id__in=ids))
    at = clock.now()
    actor = by if getattr(by, "is_authenticated", False) else None
    reason = _("Selected in the call.")
    MobilityStateChange.objects.bulk_create(
        MobilityStateChange(
            mobility=m,
            from_state="",
            to_state=m.state,
            by=actor,
            by_name=_name_of(by),
            at=at,
            reason=reason,
        )
        for m in created
    )
    AuditEntry.objects.bulk_create(
        AuditEntry(
            action=audit_actions.CREATED,
            actor=actor,
            object_type=Mobility._meta.label_lower,
            object_id=str(m.pk),
            data={
                "omobility_id": str(m.omobility_id),
                "application": m.application_id,
                "place": m.place_id,
            },
        )
        for m in created
    )
    from erasmusdesk.mobility.mail import notify_created

    notify_created([m.pk for m in created])
    return created


@dataclass
class NewMobility:
    """A mobility the coordinator creates by hand: staff (teaching, training) or a student
    the partner nominates to us."""

    given_names: str
    family_name: str
    email: str
    sending_hei: Institution
    receiving_hei: Institution
    activity_type: str
    planned_arrival_date: date
    planned_departure_date: date
    isced_f_code: str
    place: MobilityCondition | None = None
    participant: object = None
    birth_date: date | None = None
    activity_attributes: str = ActivityAttributes.LONG_TERM
    eqf_level_studied_at_departure: str = ""
    language: str = ""
    cefr_level: str = ""
    comment: str = ""
    # The id the sending institution gave the mobility, when the partner sends it to us.
    omobility_id: uuid.UUID | None = None


@transaction.atomic
def create_mobility(data: NewMobility, *, by) -> Mobility:
    """A mobility created by hand by the coordinator. Refused when the dates are out of
    order, when neither institution is the home one, when the place is of another agreement
    partner, or when the place's yearly quota (mobilities per year) is used up."""
    if data.planned_arrival_date > data.planned_departure_date:
        raise DomainError(
            _("The planned departure must not be before the planned arrival."),
            field="planned_departure_date",
        )
    if data.sending_hei.pk == data.receiving_hei.pk:
        raise DomainError(
            _("The receiving institution must differ from the sending one."), field="receiving_hei"
        )
    if not (data.sending_hei.is_home or data.receiving_hei.is_home):
        raise DomainError(
            _("One of the two institutions must be the home university."), field="receiving_hei"
        )
    partner = data.receiving_hei if data.sending_hei.is_home else data.sending_hei
    if data.planned_arrival_date.month < 8:
        year = data.planned_arrival_date.year - 1
    else:
        year = data.planned_arrival_date.year
    year_id = academic_year_label(year)
    agreement = None
    if data.place is not None:
        place = (
            MobilityCondition.objects.select_for_update()
            .select_related("agreement")
            .get(pk=data.place.pk)
        )
        agreement = place.agreement
        if agreement.partner_id != partner.pk:
            raise DomainError(
                _("This place belongs to an agreement with another partner."), field="place"
            )
        if places_used(place, year_id) >= place.mobilities_per_year:
            raise DomainError(
                _("The %(count)d mobilities a year of this place are all used in %(year)s.")
                % {"count": place.mobilities_per_year, "year": year_id},
                field="place",
            )
    mobility = Mobility.objects.create(
        **({"omobility_id": data.omobility_id} if data.omobility_id else {}),
        participant=data.participant,
        given_names=data.given_names.strip(),
        family_name=data.family_name.strip(),
        birth_date=data.birth_date,
        email=data.email,
        sending_hei=data.sending_hei,
        receiving_hei=data.receiving_hei,
        agreement=agreement,
        place=data.place,
        receiving_ounit=data.place.receiving_unit if data.place else None,
        activity_type=data.activity_type,
        activity_attributes=data.activity_attributes,
        receiving_academic_year_id=year_id,
        planned_arrival_date=data.planned_arrival_date,
        planned_departure_date=data.planned_departure_date,
        isced_f_code=data.isced_f_code,
        eqf_level_studied_at_departure=data.eqf_level_studied_at_departure,
        language=data.language,
        cefr_level=data.cefr_level,
        comment=data.comment,
    )
    _record_created(mobility, by=by, reason=_("Created by the office."))
    return mobility


@transaction.atomic
def answer_nomination(
    mobility: Mobility,
    *,
    accept: bool,
    comment: str = "",
    by,
    by_name: str = "",
    version: int | None = None,
    party: Party = Party.HOST,
) -> Mobility:
    """The host accepts or rejects a nomination (a rejection needs the reason, which the
    sending office and the participant read). Refused when the nomination changed since the
    host looked at it (``version``), or was already answered."""
    mobility = lock(mobility)
    _check_version(mobility, version)
    if mobility.state != MobilityState.NOMINATED:
        raise DomainError(_("This nomination was already answered."))
    comment = comment.strip()
    target = MobilityState.ACCEPTED if accept else MobilityState.REJECTED
    change_stage(mobility, target, by=by, party=party, reason=comment, by_name=by_name)
    mobility.host_comment = comment
    mobility.answered_at = clock.now()
    mobility.save(update_fields=["host_comment", "answered_at", "updated"])
    audit.record(
        audit_actions.NOMINATION_ANSWERED,
        mobility,
        by=by,
        accepted=accept,
        comment=comment,
        by_name=by_name,
    )
    return mobility


NOMINATION_FIELDS = (
    "planned_arrival_date",
    "planned_departure_date",
    "isced_f_code",
    "eqf_level_studied_at_departure",
    "activity_attributes",
    "language",
    "cefr_level",
    "comment",
)


@transaction.atomic
def change_nomination(mobility: Mobility, changes: dict, *, by, version: int | None) -> Mobility:
    """The sending office changes what it nominated (dates, subject area, level, language,
    comment). A nomination already answered goes back to pending (EWP: a changed nomination
    is "pending" until the host answers again), and the host is told."""
    mobility = lock(mobility)
    _check_version(mobility, version)
    if mobility.state not in (
        MobilityState.NOMINATED,
        MobilityState.ACCEPTED,
        MobilityState.REJECTED,
    ):
        raise DomainError(_("The nomination can no longer be changed at this stage."))
    unknown = set(changes) - set(NOMINATION_FIELDS)
    assert not unknown, unknown
    arrival = changes.get("planned_arrival_date", mobility.planned_arrival_date)
    departure = changes.get("planned_departure_date", mobility.planned_departure_date)
    if arrival > departure:
        raise DomainError(
            _("The planned departure must not be before the planned arrival."),
            field="planned_departure_date",
        )
    changed = {name: value for name, value in changes.items() if getattr(mobility, name) != value}
    if not changed:
        return mobility
    for name, value in changed.items():
        setattr(mobility, name, value)
    mobility.version += 1
    mobility.save(update_fields=[*changed, "version", "updated"])
    audit.record(
        audit_actions.NOMINATION_CHANGED,
        mobility,
        by=by,
        fields=sorted(changed),
    )
    if mobility.state != MobilityState.NOMINATED:
        mobility.host_comment = ""
        mobility.answered_at = None
        mobility.save(update_fields=["host_comment", "answered_at"])
        change_stage(
            mobility,
            MobilityState.NOMINATED,
            by=by,
            party=Party.OFFICE,
            reason=_("The nomination was changed: %(fields)s.")
            % {
                "fields": ", ".join(
                    str(Mobility._meta.get_field(n).verbose_name) for n in sorted(changed)
                )
            },
        )
    return mobility


@transaction.atomic
def remind_host(mobility: Mobility, *, by) -> Mobility:
    """Remind the host of a nomination it has not answered (a mail to its contacts, with
    the signed link); the last reminder's instant is shown to the office."""
    mobility = lock(mobility)
    if mobility.state != MobilityState.NOMINATED:
        raise DomainError(_("The host has already answered this nomination."))
    mobility.reminded_at = clock.now()
    mobility.save(update_fields=["reminded_at", "updated"])
    audit.record(audit_actions.HOST_REMINDED, mobility, by=by)
    from erasmusdesk.mobility.mail import notify_host

    notify_host(mobility, "reminder")
    return mobility


@transaction.atomic
def move_stage(
    mobility: Mobility, to: MobilityState, *, by, party: Party, reason: str = "", version=None
) -> Mobility:
    """A stage move asked for on a page (the office's or the host's), with the version the
    page showed."""
    mobility = lock(mobility)
    _check_version(mobility, version)
    if to == MobilityState.CANCELLED:
        raise DomainError(_("Cancel a mobility with its own button."))
    if to in RECORDED_STAGES:
        raise DomainError(
            _("This stage is reached by recording its data (dates, transcript, recognition).")
        )
    return change_stage(mobility, to, by=by, party=party, reason=reason)


@transaction.atomic
def cancel_mobility(mobility: Mobility, *, by, reason: str, version: int | None = None) -> Mobility:
    """Cancel a mobility (with the reason). A selected applicant's application is withdrawn
    in the same transaction: the seat it held is freed and offered to the next applicant on
    the reserve list (the selection's offers, through the applications' signals)."""
    application = mobility.application
    if application is not None:
        from erasmusdesk.selection.offers import hold_selection

        hold_selection(application)
    mobility = lock(mobility)
    _check_version(mobility, version)
    change_stage(mobility, MobilityState.CANCELLED, by=by, party=Party.OFFICE, reason=reason)
    if application is not None:
        application.refresh_from_db()
        if application.state in (State.SELECTED, State.OFFERED):
            from erasmusdesk.applications.submission import withdraw

            withdraw(application, by=by, reason=reason.strip())
    return mobility


def cancel_for_application(application: Application, *, by, reason: str) -> None:
    """The live mobility of ``application`` cancelled, when the applicant withdrew or a
    re-run moved them off the selected list (inside the caller's transaction)."""
    for mobility in Mobility.objects.select_for_update().filter(
        application=application, state__in=LIVE
    ):
        if MobilityState(mobility.state) in (
            MobilityState.NOMINATED,
            MobilityState.ACCEPTED,
            MobilityState.REJECTED,
            MobilityState.LA_APPROVED,
            MobilityState.ARRIVED,
        ):
            change_stage(
                mobility, MobilityState.CANCELLED, by=by, party=Party.OFFICE, reason=reason
            )


@transaction.atomic
def set_host_contact(
    user, institution: Institution, *, position: str = "", language: str = "", by
) -> HostContact:
    """Tie ``user`` to a partner institution as its contact: they get the partner contacts'
    role and see the nominations to that institution only (one institution per account).
    ``language`` is their language of correspondence (empty: English)."""
    from erasmusdesk.accounts.roles import Role, assign_role

    if institution.is_home:
        raise DomainError(
            _("A host contact belongs to a partner, not to the home university."),
            field="institution",
        )
    contact, _created = HostContact.objects.update_or_create(
        user=user,
        defaults={"institution": institution, "position": position, "language": language},
    )
    assign_role(user, Role.PARTNER_CONTACT)
    audit.record(
        audit_actions.HOST_CONTACT_SET, contact, by=by, user=user.pk, institution=institution.pk
    )
    return contact


@transaction.atomic
def remove_host_contact(contact: HostContact, *, by) -> None:
    audit.record(
        audit_actions.HOST_CONTACT_REMOVED,
        contact,
        by=by,
        user=contact.user_id,
        institution=contact.institution_id,
    )
    contact.delete()


@transaction.atomic
def confirm_arrival(
    mobility: Mobility, *, on: date, by, party: Party, by_name: str = ""
) -> Mobility:
    """The host (or the office, from the certificate of attendance) confirms the day the
    participant arrived; the actual dates feed the grant's recalculation. Refused for a day
    in the future. ``by_name`` names a host contact without an account (the signed link)."""
    mobility = lock(mobility)
    if on > clock.localdate():
        raise DomainError(_("The arrival cannot be confirmed for a day in the future."), field="on")
    mobility.actual_arrival_date = on
    mobility.save(update_fields=["actual_arrival_date", "updated"])
    audit.record(
        audit_actions.STAY_CONFIRMED, mobility, by=by, arrival=on.isoformat(), by_name=by_name
    )
    return change_stage(mobility, MobilityState.ARRIVED, by=by, party=party, by_name=by_name)


@transaction.atomic
def confirm_departure(
    mobility: Mobility, *, on: date, by, party: Party, by_name: str = ""
) -> Mobility:
    """The host (or the office) confirms the day the participant left: not in the future,
    not before the arrival."""
    mobility = lock(mobility)
    if on > clock.localdate():
        raise DomainError(
            _("The departure cannot be confirmed for a day in the future."), field="on"
        )
    if mobility.actual_arrival_date and on < mobility.actual_arrival_date:
        raise DomainError(_("The departure cannot be before the arrival."), field="on")
    mobility.actual_departure_date = on
    mobility.save(update_fields=["actual_departure_date", "updated"])
    audit.record(
        audit_actions.STAY_CONFIRMED, mobility, by=by, departure=on.isoformat(), by_name=by_name
    )
    change_stage(mobility, MobilityState.DEPARTED, by=by, party=party, by_name=by_name)
    from erasmusdesk.mobility.funding import recalculate

    recalculate(mobility, by=by)
    return mobility
