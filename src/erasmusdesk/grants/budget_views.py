"""The office's budget pages: per call, what was awarded, committed and paid per activity.

Coordinators only (core.access.office_required("grants.view_budget"): anyone else signed in gets
404, an anonymous visitor goes to sign-in). Setting an amount also needs the permission
grants.change_budget. The chart is drawn on the server as SVG with attributes only (no
JavaScript, no inline style: the pages must work under a strict Content Security Policy).
"""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from erasmusdesk.calls.models import Call
from erasmusdesk.core.access import office_required
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import AccessibleErrorsMixin, add_domain_error
from erasmusdesk.grants.budget import (
    BudgetLine,
    budget_lines,
    calls_with_budgets,
    set_budget,
    total_line,
)
from erasmusdesk.grants.models import ActivityChoice

SET_PERMISSIONS = ("grants.add_budget", "grants.change_budget")

# Geometry of the chart (viewBox 760 wide): labels on the left, bars from x=240, 300 long at most.
BAR_START = 240
BAR_AREA = 300
BAR_HEIGHT = 22
GROUP_HEIGHT = 64
LEGEND_HEIGHT = 4
AWARDED_FILL = "#5b7fc0"
COMMITTED_FILL = "#003399"
OVER_FILL = "#b00020"


class BudgetForm(AccessibleErrorsMixin, forms.Form):
    """The amount awarded for one activity; the rules are checked by budget.set_budget."""

    activity = forms.ChoiceField(label=gettext_lazy("Activity"), choices=ActivityChoice.choices)
    awarded = forms.DecimalField(
        label=gettext_lazy("Awarded (EUR)"),
        help_text=gettext_lazy("The amount of the grant agreement for this activity, in EUR."),
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
    )


@dataclass(frozen=True)
class ChartBar:
    width: float
    text_x: float
    text: str
    fill: str


@dataclass(frozen=True)
class ChartGroup:
    label: str
    y: int
    awarded: ChartBar
    committed: ChartBar


@dataclass(frozen=True)
class BudgetChart:
    groups: list[ChartGroup]
    height: int
    description: str
    bar_start: int = BAR_START
    awarded_fill: str = AWARDED_FILL
    committed_fill: str = COMMITTED_FILL
    over_fill: str = OVER_FILL


def _eur(amount: Decimal) -> str:
    return _("%(amount)s EUR") % {"amount": number_format(amount, 2)}


def _bar(amount: Decimal, largest: Decimal, text: str, fill: str) -> ChartBar:
    width = round(float(BAR_AREA * amount / largest), 1) if amount > 0 else 0.0
    return ChartBar(width=width, text_x=round(BAR_START + width + 8, 1), text=text, fill=fill)


def budget_chart(lines: list[BudgetLine]) -> BudgetChart:
    """Two bars per activity, awarded above committed, scaled to the largest amount.

    Each bar carries its figure as text; a committed bar over its budget is red. The
    description lists every figure for screen readers.
    """
    largest = max([line.awarded for line in lines] + [line.committed for line in lines])
    largest = largest if largest > 0 else Decimal(1)
    groups = []
    for index, line in enumerate(lines):
        awarded = _("%(amount)s awarded") % {"amount": _eur(line.awarded)}
        committed = _("%(amount)s committed") % {"amount": _eur(line.committed)}
        fill = OVER_FILL if line.over_budget else COMMITTED_FILL
        groups.append(
            ChartGroup(
                label=line.label,
                y=LEGEND_HEIGHT + index * GROUP_HEIGHT,
                awarded=_bar(line.awarded, largest, awarded, AWARDED_FILL),
                committed=_bar(line.committed, largest, committed, fill),
            )
        )
    description = "; ".join(
        _("%(activity)s: %(awarded)s, %(committed)s")
        % {
            "activity": group.label,
            "awarded": group.awarded.text,
            "committed": group.committed.text,
        }
        for group in groups
    )
    return BudgetChart(
        groups=groups, height=LEGEND_HEIGHT + len(groups) * GROUP_HEIGHT, description=description
    )


def _may_set(user) -> bool:
    return user.has_perms(SET_PERMISSIONS)


@office_required("grants.view_budget")
@require_GET
def budget_index(request: HttpRequest) -> HttpResponse:
    """Calls with a budget or grant agreements, with their totals; any call can be opened
    from the list below them (``?call=<slug>``) to set its first budget."""
    chosen = request.GET.get("call")
    if chosen:
        call = get_object_or_404(Call, slug=chosen)
        return redirect("grants_budget:detail", slug=call.slug)
    calls = list(calls_with_budgets())
    listed = {call.pk for call in calls}
    others = [
        call for call in Call.objects.order_by("-academic_year", "title") if call.pk not in listed
    ]
    return render(request, "grants/budget/index.html", {"calls": calls, "others": others})


@office_required("grants.view_budget")
@require_http_methods(["GET", "POST"])
def budget_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The budget table and chart of one call, and the form to set an awarded amount (PRG)."""
    call = get_object_or_404(Call, slug=slug)
    may_set = _may_set(request.user)
    form, status = BudgetForm(), 200
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied
        form = BudgetForm(request.POST)
        if form.is_valid() and _saved(request, call, form):
            return redirect("grants_budget:detail", slug=call.slug)
        status = 400
    lines = budget_lines(call)
    context = {
        "call": call,
        "lines": lines,
        "total": total_line(lines),
        "over_lines": [line for line in lines if line.over_budget],
        "chart": budget_chart(lines) if lines else None,
        "form": form,
        "may_set": may_set,
    }
    return render(request, "grants/budget/detail.html", context, status=status)


def _saved(request: HttpRequest, call: Call, form: BudgetForm) -> bool:
    """Set the budget from a valid form; a refused amount becomes the field's error."""
    data = form.cleaned_data
    try:
        budget = set_budget(call, data["activity"], data["awarded"], by=request.user)
    except DomainError as error:
        add_domain_error(form, error)
        return False
    messages.success(
        request,
        _("The budget for %(activity)s is now %(amount)s.")
        % {"activity": budget.get_activity_display(), "amount": _eur(budget.awarded)},
    )
    return True
