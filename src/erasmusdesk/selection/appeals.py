"""Appeals against a published result, and the coordinator's decisions.

Rules (issue "Competitive selection", part 5): an applicant may appeal their result once per
run, until the run's appeal deadline (inclusive); a coordinator decides each appeal with a
reason the applicant reads; upholding one may correct the points of criteria of that
application (the corrections replace the evaluators' mean or the computed points in every
later run; the old and new points are written to the audit log); the re-run after the
appeals shows what changed before it is published (``publishing.changes``).
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.applications.models import Application
from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.selection.committee import locked
from erasmusdesk.selection.explain import plain
from erasmusdesk.selection.models import Appeal, AppealStatus, Correction, Criterion
from erasmusdesk.selection.offers import current_result


def can_appeal(application: Application, now=None) -> bool:
    result = current_result(application)
    now = now or clock.now()
    return (
        result is not None
        and now <= result.run.appeal_deadline
        and not Appeal.objects.filter(result=result).exists()
    )


@transaction.atomic
def file_appeal(application: Application, *, text: str, by, now=None) -> Appeal:
    """The applicant appeals their current result; refused after the deadline, without a
    published result, with an empty text or a second time for the same run."""
    now = now or clock.now()
    result = current_result(application)
    if result is None:
        raise DomainError(_("There is no published result to appeal."))
    locked(result.run.selection)
    if application.applicant_id != by.pk:
        raise DomainError(_("Only the applicant can appeal their result."))
    if now > result.run.appeal_deadline:
        raise DomainError(_("The time to appeal is over."), field="text")
    text = text.strip()
    if not text:
        raise DomainError(_("Say what you appeal against and why."), field="text")
    if Appeal.objects.filter(result=result).exists():
        raise DomainError(_("You have already appealed this result."), field="text")
    appeal = Appeal.objects.create(result=result, text=text, filed_at=now)
    audit.record("erasmusdesk.selection.appealed", appeal, by=by, application=application.reference)
    return appeal


@transaction.atomic
def decide_appeal(
    appeal: Appeal,
    *,
    upheld: bool,
    decision: str,
    corrections: dict[str, Decimal | str] | None = None,
    by,
    now=None,
) -> Appeal:
    """Uphold or reject a waiting appeal, with the reason the applicant reads; an upheld
    appeal may set corrected points (criterion code -> points, 0 to the maximum)."""
    from erasmusdesk.selection.mail import send_selection_mail

    appeal = (
        Appeal.objects.select_related("result__run__selection", "result__application")
        .defer("result__run__inputs")
        .get(pk=appeal.pk)
    )
    selection = locked(appeal.result.run.selection)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.status != AppealStatus.PENDING:
        raise DomainError(_("This appeal is already decided."))
    if appeal.result.run.number != selection.run:
        raise DomainError(_("This appeal is about results that a re-run has replaced."))
    decision = decision.strip()
    if not decision:
        raise DomainError(_("Give the reason: the applicant will read it."), field="decision")
    corrections = corrections or {}
    if corrections and not upheld:
        raise DomainError(_("Only an upheld appeal corrects points."), field="corrections")
    criteria = {c.code: c for c in Criterion.objects.filter(selection=selection)}
    application = Application.objects.get(pk=appeal.result.application_id)
    changed = {}
    for code, given in corrections.items():
        criterion = criteria.get(code)
        if criterion is None:
            raise DomainError(
                _("%(code)s is not a criterion of this call.") % {"code": code},
                field="corrections",
            )
        try:
            points = Decimal(str(given))
        except InvalidOperation:
            points = None
        if points is None or not points.is_finite() or not 0 <= points <= criterion.max_points:
            raise DomainError(
                _("%(criterion)s: the points must be from 0 to %(maximum)s.")
                % {"criterion": criterion.name, "maximum": plain(criterion.max_points)},
                field=f"points_{code}",
            )
        before = appeal.result.points.get(code)
        Correction.objects.update_or_create(
            application=application,
            criterion=criterion,
            defaults={"selection": selection, "points": points, "appeal": appeal},
        )
        changed[code] = [before, str(points)]
    appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
    appeal.decision = decision
    appeal.decided_by = by
    appeal.decided_at = now or clock.now()
    appeal.save()
    audit.record(
        "erasmusdesk.selection.appeal_decided",
        appeal,
        by=by,
        application=application.reference,
        status=appeal.status,
        corrections=changed,
    )
    kind = "appeal_upheld" if upheld else "appeal_rejected"
    result_id = appeal.result_id
    transaction.on_commit(lambda: send_selection_mail.enqueue(kind, [result_id]))
    return appeal
