"""Budgets of a call: what was awarded per activity, what grant agreements commit, what is paid.

Rules (the office's practice with the KA171 grant, see grants/models/agreement.py):

- an agreement commits its final total once settled, else its frozen total;
- cancelled agreements commit nothing, and their payments do not count as paid;
- paid is the sum of the payments, recoveries counting negatively;
- an activity without a budget line is not checked against a budget.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import (
    Case,
    DecimalField,
    Exists,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from erasmusdesk.calls.models import Call
from erasmusdesk.core import audit
from erasmusdesk.core.errors import DomainError
from erasmusdesk.grants.models import (
    ActivityChoice,
    Budget,
    GrantAgreement,
    GrantAgreementStatus,
    Payment,
    PaymentKind,
)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_AWARDED = Decimal("99999999.99")  # Budget.awarded: 10 digits, 2 of them decimals
_MONEY_FIELD = DecimalField(max_digits=12, decimal_places=2)


@dataclass(frozen=True)
class BudgetLine:
    """One activity of a call: awarded, committed and paid, in EUR.

    ``has_budget`` is False for an activity with commitments but no budget line; its
    ``awarded`` is then 0 and it is never reported as over the budget.
    """

    activity: str
    label: str
    awarded: Decimal
    committed: Decimal
    paid: Decimal
    has_budget: bool = True

    @property
    def remaining(self) -> Decimal:
        """Awarded minus committed; negative when the activity is over its budget."""
        return self.awarded - self.committed

    @property
    def share_committed(self) -> Decimal | None:
        """Committed as a percentage of awarded (one decimal), None when nothing is awarded."""
        if not self.awarded:
            return None
        share = self.committed * 100 / self.awarded
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def over_budget(self) -> bool:
        return self.has_budget and self.committed > self.awarded

    @property
    def over(self) -> Decimal:
        """How much is committed beyond the budget (0 when within it)."""
        return max(self.committed - self.awarded, ZERO) if self.has_budget else ZERO


def _money(value: Decimal | None) -> Decimal:
    return (value or ZERO).quantize(CENT)


def committing(call: Call | None = None) -> QuerySet[GrantAgreement]:
    """The agreements that commit money (of ``call``, or of every call): every one that is
    not cancelled."""
    agreements = GrantAgreement.objects.exclude(status=GrantAgreementStatus.CANCELLED)
    return agreements.filter(call=call) if call is not None else agreements


def committed_amount():
    """An agreement's commitment: its final total once settled, else its frozen total."""
    return Coalesce("final_total", "total", output_field=_MONEY_FIELD)


def signed_payment():
    """A payment's amount, negative for a recovery from the participant."""
    return Case(
        When(kind=PaymentKind.RECOVERY, then=-F("amount")),
        default=F("amount"),
        output_field=_MONEY_FIELD,
    )


def _label(activity: str) -> str:
    try:
        return str(ActivityChoice(activity).label)
    except ValueError:
        return activity


def budget_lines(call: Call) -> list[BudgetLine]:
    """One line per activity of ``call`` that has a budget line or commitments.

    Three queries whatever the number of activities: the budget lines, the commitments
    grouped by activity, the payments grouped by activity. Lines follow the order of
    ActivityChoice.
    """
    awarded = dict(Budget.objects.filter(call=call).values_list("activity", "awarded"))
    committed = dict(
        committing(call)
        .values("activity")
        .order_by()
        .annotate(total=Sum(committed_amount()))
        .values_list("activity", "total")
    )
    paid = dict(
        Payment.objects.filter(agreement__in=committing(call).values("pk"))
        .values("agreement__activity")
        .order_by()
        .annotate(total=Sum(signed_payment()))
        .values_list("agreement__activity", "total")
    )
    known = list(ActivityChoice.values)
    activities = sorted(
        set(awarded) | set(committed),
        key=lambda activity: known.index(activity) if activity in known else len(known),
    )
    return [
        BudgetLine(
            activity=activity,
            label=_label(activity),
            awarded=_money(awarded.get(activity)),
            committed=_money(committed.get(activity)),
            paid=_money(paid.get(activity)),
            has_budget=activity in awarded,
        )
        for activity in activities
    ]


def calls_with_budgets() -> QuerySet[Call]:
    """Calls with a budget line or a grant agreement, with their totals ``awarded_total``
    and ``committed_total`` (None when there is nothing to add up), in one query."""
    budgets = Budget.objects.filter(call=OuterRef("pk"))
    agreements = GrantAgreement.objects.filter(call=OuterRef("pk")).exclude(
        status=GrantAgreementStatus.CANCELLED
    )
    awarded = budgets.values("call").annotate(total=Sum("awarded")).values("total")
    committed = agreements.values("call").annotate(total=Sum(committed_amount())).values("total")
    return (
        Call.objects.filter(
            Exists(budgets) | Exists(GrantAgreement.objects.filter(call=OuterRef("pk")))
        )
        .annotate(
            awarded_total=Subquery(awarded, output_field=_MONEY_FIELD),
            committed_total=Subquery(committed, output_field=_MONEY_FIELD),
        )
        .order_by("-academic_year", "title")
    )


def total_line(lines: list[BudgetLine]) -> BudgetLine:
    """The sum of ``lines``, labelled "Total"; over the budget only when its parts are."""
    return BudgetLine(
        activity="",
        label=_("Total"),
        awarded=sum((line.awarded for line in lines), ZERO),
        committed=sum((line.committed for line in lines), ZERO),
        paid=sum((line.paid for line in lines), ZERO),
        has_budget=False,
    )


def budget_warning(call: Call | None, activity: str, amount: Decimal) -> str | None:
    """The warning to show before an agreement of ``amount`` EUR is issued, or None.

    Rule: warn when what the call's agreements of ``activity`` already commit, plus
    ``amount``, exceeds the awarded budget of that activity; exactly at the budget is within
    it. ``amount`` is the total of the agreement about to be issued (not yet saved).
    No check (None) without a call, or when the call has no budget line for the activity:
    no budget line means the office has not set a budget to check against.
    """
    if call is None:
        return None
    budget = Budget.objects.filter(call=call, activity=activity).first()
    if budget is None:
        return None
    already = (
        committing(call).filter(activity=activity).aggregate(total=Sum(committed_amount()))["total"]
    )
    committed = _money(already) + amount
    if committed <= budget.awarded:
        return None
    return _(
        "Issuing this agreement commits %(committed)s EUR of the %(awarded)s EUR awarded for "
        "%(activity)s: %(over)s EUR over the budget."
    ) % {
        "committed": number_format(committed, 2),
        "awarded": number_format(budget.awarded, 2),
        "activity": _label(activity),
        "over": number_format(committed - budget.awarded, 2),
    }


def _checked_awarded(awarded: Decimal) -> Decimal:
    """The awarded amount in cents; refused when negative, too large or finer than a cent."""
    if awarded < 0:
        raise DomainError(_("The awarded amount must be zero or more."), field="awarded")
    if awarded > MAX_AWARDED:
        raise DomainError(
            _("The awarded amount must be at most %(max)s EUR.")
            % {"max": number_format(MAX_AWARDED, 2)},
            field="awarded",
        )
    if awarded != awarded.quantize(CENT):
        raise DomainError(_("The awarded amount must be given in whole cents."), field="awarded")
    return awarded.quantize(CENT)


@transaction.atomic
def set_budget(call: Call, activity: str, awarded: Decimal, *, by) -> Budget:
    """Set the amount awarded for ``activity`` under ``call`` (creates the line if needed).

    Refuses with a DomainError naming the field: an unknown activity, a negative amount (the
    grant awarded cannot be below zero), more than the column holds, fractions of a cent.
    Writes the audit entry "erasmusdesk.budget.set" with the previous and the new amount.
    """
    if activity not in ActivityChoice.values:
        raise DomainError(_("Choose one of the activities in the list."), field="activity")
    awarded = _checked_awarded(Decimal(awarded))
    budget = Budget.objects.select_for_update().filter(call=call, activity=activity).first()
    previous = budget.awarded if budget else None
    if budget is None:
        budget = Budget(call=call, activity=activity)
    budget.awarded = awarded
    budget.save(update_fields=["awarded"] if previous is not None else None)
    audit.record(
        "erasmusdesk.budget.set",
        budget,
        by=by,
        call=call.slug,
        activity=activity,
        awarded=str(awarded),
        previous=str(previous) if previous is not None else None,
    )
    return budget
