"""The learning agreement's services: drafting, signing, approving, and changes during the
mobility (EWP OMobility LAs v1.2; the European Commission's Learning Agreement for Studies).

Rules: before the mobility the participant drafts Table A (the host's components) and
Table B (those recognised at home), signs, and the sending and receiving coordinators each
approve it or comment. Every signature keeps the name, position, e-mail, instant and the
SHA-256 of the exact version signed; approving a version that changed since the page showed
it is refused, and two people approving for the same party at once leave one approval.
During the mobility a change proposal inserts or deletes components with a reason code and
goes through the same three-party cycle. Every approved version is kept.
"""

import hashlib
import json
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.mobility import audit_actions
from erasmusdesk.mobility.models import (
    Component,
    ComponentStatus,
    HostCourse,
    LearningAgreement,
    LearningAgreementStatus,
    Mobility,
    Signature,
    SignerParty,
    Table,
)
from erasmusdesk.mobility.services import change_stage
from erasmusdesk.mobility.services import lock as lock_mobility
from erasmusdesk.mobility.staff_rules import minimum_teaching_hours, stay_days
from erasmusdesk.mobility.states import MobilityState, Party

Status = LearningAgreementStatus
MAX_CREDITS = Decimal("60")
# The stages in which a first version may be drafted, and a change proposed.
DRAFTING = (MobilityState.ACCEPTED,)
CHANGING = (MobilityState.LA_APPROVED, MobilityState.ARRIVED)


def content_digest(agreement: LearningAgreement) -> str:
    """The SHA-256 of what a party signs: the mobility, the version and its fields, and
    every component in order, as canonical JSON (sorted keys, no spaces)."""
    components = [
        [
            c.table,
            c.los_code,
            c.title,
            c.term_id,
            str(Decimal(c.credits).normalize()),
            c.status,
            c.reason_code,
            c.reason_text,
            c.recognition_conditions,
            c.short_description,
        ]
        for c in agreement.components.order_by("table", "position", "pk")
    ]
    content = {
        "omobility_id": str(agreement.mobility.omobility_id),
        "number": agreement.number,
        "language": [agreement.student_language, agreement.student_cefr_level],
        "traineeship": [
            agreement.work_plan,
            agreement.knowledge_and_skills,
            agreement.mentor,
            str(Decimal(agreement.hours_per_week).normalize()) if agreement.hours_per_week else "",
        ]
        # Staff teaching's total hours: only when given, so that other versions keep their
        # digest.
        + (
            [str(Decimal(agreement.teaching_hours).normalize())]
            if agreement.teaching_hours is not None
            else []
        ),
        "components": components,
    }
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def _lock(agreement: LearningAgreement) -> LearningAgreement:
    return (
        LearningAgreement.objects.select_for_update(of=("self",))
        .select_related("mobility")
        .get(pk=agreement.pk)
    )


def current(mobility: Mobility) -> LearningAgreement | None:
    """The latest version that is not withdrawn (a draft, a proposal or the approved one)."""
    return mobility.learning_agreements.exclude(status=Status.WITHDRAWN).order_by("-number").first()


def approved(mobility: Mobility) -> LearningAgreement | None:
    return mobility.learning_agreements.filter(status=Status.APPROVED).order_by("-number").first()


@transaction.atomic
def start_learning_agreement(mobility: Mobility, *, by) -> LearningAgreement:
    """The first version, a draft, once the host accepted the nomination (or the existing
    one)."""
    mobility = lock_mobility(mobility)
    existing = current(mobility)
    if existing is not None:
        return existing
    if mobility.state not in DRAFTING:
        raise DomainError(
            _("The learning agreement is drafted once the host has accepted the nomination.")
        )
    agreement = LearningAgreement.objects.create(
        mobility=mobility,
        number=1,
        student_language=mobility.language,
        student_cefr_level=mobility.cefr_level,
        created=clock.now(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit.record(audit_actions.LA_STARTED, agreement, by=by, number=1)
    return agreement


def _editable(agreement: LearningAgreement) -> LearningAgreement:
    agreement = _lock(agreement)
    if agreement.status != Status.DRAFT:
        raise DomainError(
            _("This version is %(status)s: it can no longer be changed.")
            % {"status": agreement.get_status_display()}
        )
    return agreement


@transaction.atomic
def add_component(
    agreement: LearningAgreement,
    *,
    table: str,
    title: str,
    term_id: str,
    credits: Decimal,
    los_code: str = "",
    recognition_conditions: str = "",
    short_description: str = "",
    reason_code: str = "",
    reason_text: str = "",
    by,
) -> Component:
    """A component added to a draft. In a change proposal it is "inserted" and needs the
    reason code (EWP ``reason-code``)."""
    agreement = _editable(agreement)
    if table not in Table.values:
        raise DomainError(_("Choose table A, B or C."), field="table")
    if not title.strip():
        raise DomainError(_("Give the component's title."), field="title")
    if not term_id.strip():
        raise DomainError(_("Give the term, e.g. 2026/2027 autumn."), field="term_id")
    if credits is None or not (Decimal(0) < Decimal(credits) <= MAX_CREDITS):
        raise DomainError(
            _("ECTS credits: more than 0 and at most %(max)s.") % {"max": MAX_CREDITS},
            field="credits",
        )
    if agreement.is_change and not reason_code:
        raise DomainError(
            _("A component inserted by a change needs the reason of the change."),
            field="reason_code",
        )
    position = agreement.components.filter(table=table).count() + 1
    component = Component.objects.create(
        learning_agreement=agreement,
        table=table,
        position=position,
        los_code=los_code.strip(),
        title=title.strip(),
        term_id=term_id.strip(),
        credits=credits,
        recognition_conditions=recognition_conditions.strip(),
        short_description=short_description.strip(),
        status=ComponentStatus.INSERTED if agreement.is_change else ComponentStatus.UNCHANGED,
        reason_code=reason_code if agreement.is_change else "",
        reason_text=reason_text.strip() if agreement.is_change else "",
    )
    audit.record(audit_actions.LA_COMPONENT_ADDED, agreement, by=by, component=component.pk)
    return component


def course_list(mobility: Mobility):
    """The courses the receiving institution offers (its course list, where the office has
    one), in code order."""
    return HostCourse.objects.filter(institution_id=mobility.receiving_hei_id, active=True)


@transaction.atomic
def add_course(
    agreement: LearningAgreement,
    *,
    course,
    term_id: str = "",
    reason_code: str = "",
    reason_text: str = "",
    by,
) -> Component:
    """A course of the host's course list added to table A (components studied at the
    host) with its code, title and ECTS credits as the list gives them; the term is the
    one given, else the course's. Refused for a course the receiving institution does not
    offer."""
    if course is None or not course_list(agreement.mobility).filter(pk=course.pk).exists():
        raise DomainError(
            _("Choose a course of the receiving institution's course list."), field="course"
        )
    return add_component(
        agreement,
        table=Table.A,
        los_code=course.los_code,
        title=course.title,
        term_id=term_id.strip() or course.term,
        credits=course.credits,
        reason_code=reason_code,
        reason_text=reason_text,
        by=by,
    )


@transaction.atomic
def save_host_course(course, *, by):
    """A course of a partner's course list created or changed (the back office)."""
    if course.institution_id is None or course.institution.is_home:
        raise DomainError(
            _("A course list belongs to a partner, not to the home university."),
            field="institution",
        )
    if not course.title.strip():
        raise DomainError(_("Give the component's title."), field="title")
    if course.credits is None or not (Decimal(0) < Decimal(course.credits) <= MAX_CREDITS):
        raise DomainError(
            _("ECTS credits: more than 0 and at most %(max)s.") % {"max": MAX_CREDITS},
            field="credits",
        )
    course.save()
    audit.record(audit_actions.HOST_COURSE_SAVED, course, by=by, title=course.title)
    return course


@transaction.atomic
def remove_component(component: Component, *, reason_code: str = "", reason_text: str = "", by):
    """A component taken out of a draft. In a change proposal, a component of the approved
    version is kept, marked "deleted" with the reason code; one the proposal inserted is
    simply removed."""
    agreement = _editable(component.learning_agreement)
    if agreement.is_change and component.status != ComponentStatus.INSERTED:
        if not reason_code:
            raise DomainError(
                _("A component deleted by a change needs the reason of the change."),
                field="reason_code",
            )
        component.status = ComponentStatus.DELETED
        component.reason_code = reason_code
        component.reason_text = reason_text.strip()
        component.save(update_fields=["status", "reason_code", "reason_text"])
    else:
        component.delete()
    audit.record(audit_actions.LA_COMPONENT_REMOVED, agreement, by=by, title=component.title)


def _signer_check(name: str, email: str) -> None:
    if not name.strip():
        raise DomainError(_("Give the signer's name."), field="signer_name")
    if not email.strip():
        raise DomainError(_("Give the signer's e-mail."), field="signer_email")


def _sign(agreement, party, *, approve, comment, name, position, email, by, digest):
    try:
        with transaction.atomic():
            return Signature.objects.create(
                learning_agreement=agreement,
                party=party,
                approved=approve,
                comment=comment.strip(),
                signer_name=name.strip(),
                signer_position=position.strip(),
                signer_email=email.strip(),
                timestamp=clock.now(),
                sha256=digest,
                by=by if getattr(by, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise DomainError(
            _("This version was already signed for this party (by someone else meanwhile).")
        ) from None


def _check_digest(agreement: LearningAgreement, shown: str) -> str:
    digest = content_digest(agreement)
    if shown != digest:
        raise DomainError(
            _("This version changed while you were reading it: read it again before you sign.")
        )
    return digest


def mobility_needs_components(mobility: Mobility) -> bool:
    """Studies have tables of components; traineeships and staff have a work plan or a
    teaching programme instead (Learning Agreement for Traineeships, Mobility Agreement)."""
    return mobility.activity_type == "student-studies"


def _check_details(agreement: LearningAgreement, mobility: Mobility) -> None:
    """Traineeships need the work plan, the knowledge and skills and the mentor, and the
    hours a week; staff teaching the teaching programme and at least the minimum teaching
    teaching hours in total for the planned stay (``staff_rules.minimum_teaching_hours``
    with ``MobilityRules.staff_teaching_hours_per_week``, Programme Guide 2026: 8 hours a
    week, or for any shorter stay; an incomplete week pro rata)."""
    from erasmusdesk.mobility.models import MobilityRules

    kind = mobility.activity_type
    if kind == "student-traineeship":
        for name, message in (
            ("work_plan", _("Give the traineeship's work plan.")),
            ("knowledge_and_skills", _("Give the knowledge, skills and competences to acquire.")),
            ("mentor", _("Give the mentor at the host.")),
        ):
            if not getattr(agreement, name).strip():
                raise DomainError(message, field=name)
        if not agreement.hours_per_week:
            raise DomainError(_("Give the hours of work a week."), field="hours_per_week")
    if kind == "staff-teaching":
        if not agreement.work_plan.strip():
            raise DomainError(_("Give the teaching programme."), field="work_plan")
        per_week = MobilityRules.current().staff_teaching_hours_per_week
        days = stay_days(mobility.planned_arrival_date, mobility.planned_departure_date)
        minimum = minimum_teaching_hours(days, per_week)
        if agreement.teaching_hours is None or agreement.teaching_hours < minimum:
            raise DomainError(
                ngettext(
                    "Teaching hours in total: a stay of %(days)s day needs at least "
                    "%(minimum)s teaching hours (%(per_week)s a week, or for a shorter stay; "
                    "an incomplete week pro rata: Programme Guide).",
                    "Teaching hours in total: a stay of %(days)s days needs at least "
                    "%(minimum)s teaching hours (%(per_week)s a week, or for a shorter stay; "
                    "an incomplete week pro rata: Programme Guide).",
                    days,
                )
                % {
                    "days": days,
                    "minimum": number_format(minimum.normalize()),
                    "per_week": number_format(Decimal(per_week).normalize()),
                },
                field="teaching_hours",
            )
    if kind == "staff-training" and not agreement.work_plan.strip():
        raise DomainError(_("Give the training programme."), field="work_plan")


DETAIL_FIELDS = ("work_plan", "knowledge_and_skills", "mentor", "hours_per_week", "teaching_hours")


@transaction.atomic
def save_details(agreement: LearningAgreement, details: dict, *, by) -> LearningAgreement:
    """The work plan (traineeship), the teaching or training programme (staff), the mentor
    and the hours a week of a draft."""
    agreement = _editable(agreement)
    for name in DETAIL_FIELDS:
        if name in details:
            value = details[name]
            setattr(agreement, name, value.strip() if isinstance(value, str) else value)
    agreement.save(update_fields=list(DETAIL_FIELDS))
    audit.record(audit_actions.LA_DETAILS_SAVED, agreement, by=by)
    return agreement


@transaction.atomic
def submit(agreement: LearningAgreement, *, by, digest: str) -> LearningAgreement:
    """The participant signs the draft they read (``digest``) and sends it for approval.
    Refused without a component in Table A, and for studies without one in Table B."""
    agreement = _editable(agreement)
    digest = _check_digest(agreement, digest)
    counting = agreement.components.exclude(status=ComponentStatus.DELETED)
    if (
        mobility_needs_components(agreement.mobility)
        and not counting.filter(table=Table.A).exists()
    ):
        raise DomainError(_("Table A needs at least one component at the host."))
    mobility = agreement.mobility
    if mobility.activity_type == "student-studies" and not counting.filter(table=Table.B).exists():
        raise DomainError(_("Table B needs at least one component recognised at home."))
    _check_details(agreement, mobility)
    _sign(
        agreement,
        SignerParty.STUDENT,
        approve=True,
        comment="",
        name=mobility.participant_name,
        position=_("participant"),
        email=mobility.email,
        by=by,
        digest=digest,
    )
    agreement.status = Status.PROPOSED
    agreement.comment = ""
    agreement.save(update_fields=["status", "comment"])
    audit.record(audit_actions.LA_SUBMITTED, agreement, by=by, sha256=digest)
    return agreement


@transaction.atomic
def sign(
    agreement: LearningAgreement,
    *,
    party: str,
    approve: bool,
    comment: str = "",
    signer_name: str,
    signer_position: str = "",
    signer_email: str,
    by,
    digest: str,
) -> LearningAgreement:
    """The sending or the receiving institution approves the version it read (``digest``)
    or comments on it (then the participant edits it again). Once both approved the exact
    version the participant signed, it is the approved one: the previous approved version
    is kept as superseded, and the first approval moves the mobility to "learning agreement
    approved"."""
    assert party in (SignerParty.SENDING, SignerParty.RECEIVING)
    agreement = _lock(agreement)
    if agreement.status != Status.PROPOSED:
        raise DomainError(_("This version is not waiting for an approval."))
    _signer_check(signer_name, signer_email)
    if not approve and not comment.strip():
        raise DomainError(_("Say what should change: the participant reads it."), field="comment")
    digest = _check_digest(agreement, digest)
    _sign(
        agreement,
        party,
        approve=approve,
        comment=comment,
        name=signer_name,
        position=signer_position,
        email=signer_email,
        by=by,
        digest=digest,
    )
    audit.record(
        audit_actions.LA_SIGNED, agreement, by=by, party=party, approved=approve, sha256=digest
    )
    if not approve:
        agreement.status = Status.DRAFT
        agreement.comment = comment.strip()
        agreement.save(update_fields=["status", "comment"])
        return agreement
    signed = set(
        agreement.signatures.filter(sha256=digest, approved=True).values_list("party", flat=True)
    )
    if signed >= {SignerParty.STUDENT, SignerParty.SENDING, SignerParty.RECEIVING}:
        _approve(agreement, by=by)
    return agreement


def _approve(agreement: LearningAgreement, *, by) -> None:
    mobility = lock_mobility(agreement.mobility)
    LearningAgreement.objects.filter(mobility=mobility, status=Status.APPROVED).update(
        status=Status.SUPERSEDED
    )
    agreement.status = Status.APPROVED
    agreement.approved_at = clock.now()
    agreement.save(update_fields=["status", "approved_at"])
    audit.record(audit_actions.LA_APPROVED, agreement, by=by, number=agreement.number)
    if mobility.state == MobilityState.ACCEPTED:
        change_stage(
            mobility,
            MobilityState.LA_APPROVED,
            by=by,
            party=Party.OFFICE,
            reason=_("The three parties approved the learning agreement."),
        )


@transaction.atomic
def propose_change(mobility: Mobility, *, by) -> LearningAgreement:
    """A change proposal during the mobility: a new draft version, a copy of the approved
    one, in which components are inserted or deleted with a reason code."""
    mobility = lock_mobility(mobility)
    if mobility.state not in CHANGING:
        raise DomainError(
            _("Changes are proposed once the learning agreement is approved, until departure.")
        )
    latest = current(mobility)
    if latest is not None and latest.status != Status.APPROVED:
        return latest
    base = approved(mobility)
    proposal = LearningAgreement.objects.create(
        mobility=mobility,
        number=base.number + 1,
        student_language=base.student_language,
        student_cefr_level=base.student_cefr_level,
        work_plan=base.work_plan,
        knowledge_and_skills=base.knowledge_and_skills,
        mentor=base.mentor,
        hours_per_week=base.hours_per_week,
        teaching_hours=base.teaching_hours,
        created=clock.now(),
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    Component.objects.bulk_create(
        Component(
            learning_agreement=proposal,
            table=c.table,
            position=c.position,
            los_code=c.los_code,
            title=c.title,
            term_id=c.term_id,
            credits=c.credits,
            recognition_conditions=c.recognition_conditions,
            short_description=c.short_description,
        )
        for c in base.components.exclude(status=ComponentStatus.DELETED)
    )
    audit.record(audit_actions.LA_CHANGE_PROPOSED, proposal, by=by, number=proposal.number)
    return proposal


@transaction.atomic
def withdraw_proposal(agreement: LearningAgreement, *, by) -> LearningAgreement:
    """A change proposal not approved yet is withdrawn; the approved version stays."""
    agreement = _lock(agreement)
    if not agreement.is_change or agreement.status not in (Status.DRAFT, Status.PROPOSED):
        raise DomainError(_("Only a change proposal that is not approved can be withdrawn."))
    agreement.status = Status.WITHDRAWN
    agreement.save(update_fields=["status"])
    audit.record(audit_actions.LA_WITHDRAWN, agreement, by=by)
    return agreement
