"""The selection committee's work: setting up a call's selection, its members, assigning the
applications, conflicts of interest and scores.

Rules (issue "Competitive selection", part 2): at least three evaluators per call (peers:
itu.edu.tr; ``defaults.MIN_COMMITTEE``); each eligible application goes to N of them
(``Selection.evaluators_per_application``), balanced: each application to the members with the
fewest applications so far, so that members' loads differ by at most one; a member who
declares a conflict of interest can no longer see or score the application, their scores of
it are deleted and another member takes it over when one is free; scores are locked once the
results are published; every change of a score is written to the audit log (old and new
points).

Conflicts the system sees by itself (Erasmus+ Programme Guide, "Conflict of interest": no
one takes part in a decision in which they have an interest): an evaluator never reads or
scores their own application, and a member who applied to the same call competes with the
applications they would score, so they receive none of that call's applications and cannot
open the ones given to them before they applied; the office's overview lists them.
"""

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import translation
from django.utils.translation import gettext as _

from erasmusdesk.accounts.roles import Role, has_role
from erasmusdesk.applications.models import Application
from erasmusdesk.applications.states import State
from erasmusdesk.calls.models import Call
from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.selection import defaults
from erasmusdesk.selection.explain import plain
from erasmusdesk.selection.models import Assignment, Criterion, Member, Score, Selection

#: Audit action: a conflict of interest left an application with fewer evaluators than
#: required, and no free member could take it over.
SHORT_OF_EVALUATORS = "erasmusdesk.selection.short_of_evaluators"


def locked(selection: Selection) -> Selection:
    """The selection re-read under a row lock (inside a transaction): publishing, scoring,
    assigning and offers on one call are serialised by it."""
    return Selection.objects.select_for_update().select_related("call").get(pk=selection.pk)


def _refuse_if_published(selection: Selection) -> None:
    if selection.is_published:
        raise DomainError(
            _("The results are published: the committee's work and scores are locked.")
        )


@transaction.atomic
def set_up_selection(call: Call, *, by) -> Selection:
    """Create the selection of ``call`` with the default settings and criteria of
    ``defaults.py`` (the office then edits them in the back office)."""
    if Selection.objects.filter(call=call).exists():
        raise DomainError(_("This call's selection is already set up."))
    selection = Selection.objects.create(call=call)
    for position, (code, source, weight, maximum, names, guidance) in enumerate(
        defaults.CRITERIA, start=1
    ):
        Criterion.objects.create(
            selection=selection,
            code=code,
            source=source,
            weight=weight,
            max_points=maximum,
            position=position,
            name_en=names[0],
            name_ru=names[1],
            name_kk=names[2],
            guidance_en=guidance[0],
            guidance_ru=guidance[1],
            guidance_kk=guidance[2],
        )
    audit.record("erasmusdesk.selection.set_up", selection, by=by, call=call.slug)
    return selection


@transaction.atomic
def add_member(selection: Selection, user, *, by) -> Member:
    """Put ``user`` (who must have the evaluator role) on the call's committee."""
    selection = locked(selection)
    _refuse_if_published(selection)
    if not has_role(user, Role.EVALUATOR):
        raise DomainError(
            _("%(user)s is not an evaluator: give them the evaluator role first.")
            % {"user": user.get_username()},
            field="user",
        )
    member, created = Member.objects.get_or_create(selection=selection, user=user)
    if not created:
        raise DomainError(
            _("%(user)s is already on the committee.") % {"user": user.get_username()},
            field="user",
        )
    audit.record("erasmusdesk.selection.member_added", selection, by=by, user=user.pk)
    return member


@transaction.atomic
def remove_member(selection: Selection, user, *, by) -> None:
    """Take a member off the committee, if no application was assigned to them."""
    selection = locked(selection)
    _refuse_if_published(selection)
    if Assignment.objects.filter(selection=selection, evaluator=user).exists():
        raise DomainError(
            _("%(user)s already has applications to score and stays on the committee.")
            % {"user": user.get_username()}
        )
    Member.objects.filter(selection=selection, user=user).delete()
    audit.record("erasmusdesk.selection.member_removed", selection, by=by, user=user.pk)


def applicant_members(selection: Selection) -> dict[int, list[str]]:
    """The members who applied to the call themselves (any state): user id -> the
    references of their applications."""
    found: dict[int, list[str]] = {}
    for user_id, reference in (
        Application.objects.filter(
            call_id=selection.call_id,
            applicant__selection_memberships__selection=selection,
        )
        .order_by("reference")
        .values_list("applicant_id", "reference")
    ):
        found.setdefault(user_id, []).append(reference)
    return found


@dataclass(frozen=True)
class MemberConflict:
    """A member of the committee who applied to the same call."""

    name: str
    references: list[str]


def member_conflicts(selection: Selection) -> list[MemberConflict]:
    """For the office: the members who are also applicants of the call, with their
    applications' references (they are given none of the call's applications)."""
    applied = applicant_members(selection)
    return [
        MemberConflict(
            name=member.user.get_full_name() or member.user.get_username(),
            references=applied[member.user_id],
        )
        for member in Member.objects.filter(selection=selection, user_id__in=applied)
        .select_related("user")
        .order_by("pk")
    ]


def _pick(members: list[int], load: Counter, taken: set[int], needed: int) -> list[int]:
    """The ``needed`` members not in ``taken`` with the fewest applications (then the first
    added), counting each pick at once."""
    picked = []
    for _round in range(needed):
        free = [member for member in members if member not in taken]
        if not free:
            break
        choice = min(free, key=lambda member: (load[member], members.index(member)))
        picked.append(choice)
        taken.add(choice)
        load[choice] += 1
    return picked


@transaction.atomic
def assign_applications(selection: Selection, *, by) -> int:
    """Give each eligible application to as many members as the call asks (minus those it
    already has), balanced; returns how many assignments were made. A constant number of
    queries: the members, the applications, the existing assignments, one insert.
    """
    selection = locked(selection)
    _refuse_if_published(selection)
    members = list(
        Member.objects.filter(selection=selection).order_by("pk").values_list("user_id", flat=True)
    )
    if len(members) < defaults.MIN_COMMITTEE:
        raise DomainError(
            _("The committee needs at least %(count)d evaluators; it has %(members)d.")
            % {"count": defaults.MIN_COMMITTEE, "members": len(members)}
        )
    wanted = selection.evaluators_per_application
    competing = set(applicant_members(selection))
    members = [member for member in members if member not in competing]
    if competing and wanted > len(members):
        raise DomainError(
            _(
                "Each application should go to %(wanted)d evaluators, but only %(members)d "
                "members did not apply to this call themselves: add members or lower the "
                "number."
            )
            % {"wanted": wanted, "members": len(members)}
        )
    if wanted > len(members):
        raise DomainError(
            _(
                "Each application should go to %(wanted)d evaluators, but the committee has "
                "only %(members)d: add members or lower the number."
            )
            % {"wanted": wanted, "members": len(members)}
        )
    existing = list(
        Assignment.objects.filter(selection=selection).values_list(
            "application_id", "evaluator_id", "conflict"
        )
    )
    load = Counter(evaluator for _app, evaluator, conflict in existing if not conflict)
    taken: dict[int, set[int]] = {}
    active: Counter = Counter()
    for application_id, evaluator, conflict in existing:
        taken.setdefault(application_id, set()).add(evaluator)
        if not conflict and evaluator not in competing:
            active[application_id] += 1
    new = []
    for application_id in (
        Application.objects.filter(call_id=selection.call_id, state=State.ELIGIBLE)
        .order_by("reference")
        .values_list("pk", flat=True)
    ):
        needed = wanted - active[application_id]
        chosen = _pick(members, load, taken.setdefault(application_id, set()), needed)
        new.extend(
            Assignment(selection=selection, application_id=application_id, evaluator_id=member)
            for member in chosen
        )
    Assignment.objects.bulk_create(new)
    audit.record("erasmusdesk.selection.assigned", selection, by=by, assignments=len(new))
    _mail_evaluators(selection, Counter(assignment.evaluator_id for assignment in new))
    return len(new)


def _mail_evaluators(selection: Selection, counts: Counter) -> None:
    """After the commit, tell each member how many applications were newly given to them."""
    if not counts:
        return
    from erasmusdesk.selection.mail import send_assignment_mail

    payload = {str(pk): count for pk, count in counts.items()}
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(lambda: send_assignment_mail.enqueue(selection.pk, payload, language))


@transaction.atomic
def declare_conflict(assignment: Assignment, *, reason: str, by, now=None) -> Assignment | None:
    """The member declares a conflict of interest with the application: they can no longer
    see or score it, their scores of it are deleted, and the free member with the fewest
    applications takes it over (returned; None when every member is taken)."""
    selection = locked(assignment.selection)
    _refuse_if_published(selection)
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.evaluator_id != by.pk:
        raise DomainError(_("Only the evaluator can declare their own conflict of interest."))
    if assignment.conflict:
        return None
    reason = reason.strip()
    if not reason:
        raise DomainError(
            _("Say what the conflict is (e.g. a relative, your own thesis student)."),
            field="reason",
        )
    deleted = {
        code: str(points)
        for code, points in assignment.scores.values_list("criterion__code", "points")
    }
    assignment.scores.all().delete()
    assignment.conflict = True
    assignment.conflict_reason = reason
    assignment.conflict_declared_at = now or clock.now()
    assignment.completed_at = None
    assignment.save()
    audit.record(
        "erasmusdesk.selection.conflict",
        assignment,
        by=by,
        application=assignment.application.reference,
        reason=reason,
        deleted_scores=deleted,
    )
    competing = set(applicant_members(selection))
    members = [
        member
        for member in Member.objects.filter(selection=selection)
        .order_by("pk")
        .values_list("user_id", flat=True)
        if member not in competing
    ]
    taken = set(
        Assignment.objects.filter(application_id=assignment.application_id).values_list(
            "evaluator_id", flat=True
        )
    )
    load = Counter(
        dict(
            Assignment.objects.filter(selection=selection, conflict=False)
            .values_list("evaluator_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )
    chosen = _pick(members, load, taken, 1)
    if not chosen:
        _tell_the_office_short(selection, assignment.application, by=by)
        return None
    replacement = Assignment.objects.create(
        selection=selection, application_id=assignment.application_id, evaluator_id=chosen[0]
    )
    audit.record(
        "erasmusdesk.selection.reassigned",
        replacement,
        by=by,
        application=assignment.application.reference,
        evaluator=chosen[0],
    )
    _mail_evaluators(selection, Counter({chosen[0]: 1}))
    return replacement


def _tell_the_office_short(selection: Selection, application: Application, *, by) -> None:
    """No free member could take over a conflicted application: the audit log keeps it, and
    after the commit the coordinators are mailed which application lacks evaluators, how
    many it has of how many required, and where to add a member. Publishing stays refused
    until it has enough (publishing._check_ready)."""
    active = Assignment.objects.filter(application=application, conflict=False).count()
    wanted = selection.evaluators_per_application
    audit.record(
        SHORT_OF_EVALUATORS,
        selection,
        by=by,
        application=application.reference,
        evaluators=active,
        required=wanted,
    )
    from erasmusdesk.selection.mail import send_short_of_evaluators_mail

    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(
        lambda: send_short_of_evaluators_mail.enqueue(
            selection.pk, application.pk, active, wanted, language
        )
    )


def short_of_evaluators(selection: Selection) -> dict[int, int]:
    """The eligible applications of ``selection`` that were assigned and have fewer active
    evaluators (no conflict) than ``evaluators_per_application``, application id -> how many
    they have. An application whose evaluators declared conflicts and found no free member to
    take over is one; the office adds a member and assigns again (two queries)."""
    counts = dict(
        Assignment.objects.filter(selection=selection, application__state=State.ELIGIBLE)
        .values_list("application_id")
        .annotate(n=Count("pk", filter=Q(conflict=False)))
        .order_by()
    )
    wanted = selection.evaluators_per_application
    return {pk: n for pk, n in counts.items() if n < wanted}


def scored_criteria(selection: Selection) -> list[Criterion]:
    return [c for c in Criterion.objects.filter(selection=selection) if c.is_scored]


@transaction.atomic
def score_application(
    assignment: Assignment,
    *,
    points: dict[str, Decimal],
    comments: dict[str, str] | None = None,
    by,
    now=None,
) -> Assignment:
    """Save the member's points (and comments) for each evaluators' criterion of the call.

    Refused after publication, for a conflicted assignment, for another member's assignment,
    for a member who applied to the same call (their own application included),
    for an application no longer eligible, and for points missing or outside 0 to the
    criterion's maximum (the error names the criterion). Writes an audit entry with each
    changed criterion's old and new points.
    """
    selection = locked(assignment.selection)
    _refuse_if_published(selection)
    assignment = (
        Assignment.objects.select_for_update().select_related("application").get(pk=assignment.pk)
    )
    if assignment.evaluator_id != by.pk:
        raise DomainError(_("This application is assigned to another evaluator."))
    if assignment.conflict:
        raise DomainError(_("You declared a conflict of interest with this application."))
    if Application.objects.filter(call_id=selection.call_id, applicant_id=by.pk).exists():
        raise DomainError(
            _("You applied to this call yourself: you cannot score its applications.")
        )
    if assignment.application.state != State.ELIGIBLE:
        raise DomainError(_("This application is no longer in the selection."))
    comments = comments or {}
    criteria = scored_criteria(selection)
    for criterion in criteria:
        given = points.get(criterion.code)
        if given is None:
            raise DomainError(
                _("Give the points for %(criterion)s.") % {"criterion": criterion.name},
                field=f"points_{criterion.code}",
            )
        if not Decimal(0) <= Decimal(given) <= criterion.max_points:
            raise DomainError(
                _("%(criterion)s: the points must be from 0 to %(maximum)s.")
                % {"criterion": criterion.name, "maximum": plain(criterion.max_points)},
                field=f"points_{criterion.code}",
            )
        if criterion.is_scored and not criterion.follows_step(Decimal(given)):
            raise DomainError(
                _("%(criterion)s: the points go in steps of %(step)s (e.g. %(example)s).")
                % {
                    "criterion": criterion.name,
                    "step": plain(criterion.step),
                    "example": plain(criterion.max_points - criterion.step),
                },
                field=f"points_{criterion.code}",
            )
    stored = {score.criterion_id: score for score in assignment.scores.all()}
    changes = {}
    new, changed = [], []
    for criterion in criteria:
        value = Decimal(points[criterion.code]).quantize(Decimal("0.01"))
        comment = comments.get(criterion.code, "").strip()
        score = stored.get(criterion.pk)
        if score is None:
            new.append(
                Score(assignment=assignment, criterion=criterion, points=value, comment=comment)
            )
            changes[criterion.code] = [None, str(value)]
        elif score.points != value or score.comment != comment:
            if score.points != value:
                changes[criterion.code] = [str(score.points), str(value)]
            score.points, score.comment = value, comment
            changed.append(score)
    Score.objects.bulk_create(new)
    Score.objects.bulk_update(changed, ["points", "comment", "updated"])
    if assignment.completed_at is None:
        assignment.completed_at = now or clock.now()
        assignment.save(update_fields=["completed_at"])
    if changes:
        audit.record(
            "erasmusdesk.selection.scored",
            assignment,
            by=by,
            application=assignment.application.reference,
            changes=changes,
        )
    return assignment


@dataclass(frozen=True)
class Progress:
    """One member's progress: applications to score, scored, conflicts declared."""

    user_id: int
    name: str
    assigned: int
    scored: int
    conflicts: int

    @property
    def percent(self) -> int:
        return self.scored * 100 // self.assigned if self.assigned else 100


def progress(selection: Selection) -> list[Progress]:
    """Each member's progress, in the order they joined (two queries)."""
    counts = {
        row["evaluator_id"]: row
        for row in Assignment.objects.filter(selection=selection)
        .values("evaluator_id")
        .annotate(
            assigned=Count("pk", filter=Q(conflict=False)),
            scored=Count("pk", filter=Q(conflict=False, completed_at__isnull=False)),
            conflicts=Count("pk", filter=Q(conflict=True)),
        )
        .order_by()
    }
    rows = []
    for member in Member.objects.filter(selection=selection).select_related("user").order_by("pk"):
        row = counts.get(member.user_id, {})
        rows.append(
            Progress(
                user_id=member.user_id,
                name=member.user.get_full_name() or member.user.get_username(),
                assigned=row.get("assigned", 0),
                scored=row.get("scored", 0),
                conflicts=row.get("conflicts", 0),
            )
        )
    return rows
