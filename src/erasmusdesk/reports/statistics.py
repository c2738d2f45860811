"""The office's statistics: the figures people compare, as tables that the page draws as bar
charts and the XLSX writes as sheets (the same tables feed both, so that the chart, the
table beside it and the download never disagree).

What is counted:
- applications: every application the applicant submitted (drafts are still the applicant's
  work and are left out), per call, state, faculty, category and first-choice partner;
- selection outcomes: the results of each call's latest published run (a re-run after appeals
  replaces the earlier one);
- grants: per call, what the grant agreements commit (the final total once settled, else the
  frozen total; cancelled agreements commit nothing) and what was paid (recoveries counted
  negative), as the budget pages count them (grants/budget.py).

Each table is built with one grouped query, whatever the number of applications.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from erasmusdesk.applications.models import STATE_LABELS, Application, Preference
from erasmusdesk.applications.states import State
from erasmusdesk.calls.models import ApplicantCategory, Call
from erasmusdesk.catalogue.charts import BarChart, bar_chart
from erasmusdesk.grants.budget import committed_amount, committing, signed_payment
from erasmusdesk.grants.models import Payment
from erasmusdesk.selection.models import Outcome, Result, Run

CENT = Decimal("0.01")


def _applications(count) -> str:
    return ngettext("%(count)d application", "%(count)d applications", count) % {"count": count}


def _euros(amount) -> str:
    return _("%(amount)s EUR") % {"amount": number_format(amount, 2, force_grouping=True)}


@dataclass(frozen=True)
class Column:
    """One column of figures: its header, and how a figure is written with its unit."""

    header: str
    text: Callable[[int | Decimal], str]
    # Money is written with cents in the XLSX's cells' number format.
    money: bool = False


@dataclass
class Table:
    """One compared set of figures: a label per row and one figure per column."""

    key: str
    title: str
    label_header: str
    columns: list[Column]
    rows: list[tuple[str, list]] = field(default_factory=list)

    def charts(self) -> list[tuple[str, str, BarChart]]:
        """One bar chart per column (id, caption, chart); none when every figure is 0."""
        drawn = []
        for index, column in enumerate(self.columns):
            values = [(label, figures[index]) for label, figures in self.rows]
            if not values or not any(value > 0 for _label, value in values):
                continue
            values = [(label, max(value, 0)) for label, value in values]
            caption = self.title if len(self.columns) == 1 else f"{self.title}: {column.header}"
            drawn.append(
                (f"{self.key}-{index}", caption, bar_chart(values, value_text=column.text))
            )
        return drawn

    def cells(self) -> list[tuple[str, list[str]]]:
        """The rows as the page writes them (each figure with its unit, in the language's
        number format)."""
        return [
            (
                label,
                [column.text(value) for column, value in zip(self.columns, figures, strict=True)],
            )
            for label, figures in self.rows
        ]


def submitted(call: Call | None = None) -> QuerySet[Application]:
    """The applications the statistics count: every one past the draft, of ``call`` or all."""
    applications = Application.objects.exclude(state=State.DRAFT)
    return applications.filter(call=call) if call else applications


def _counts(title, key, label_header, rows) -> Table:
    return Table(
        key=key,
        title=str(title),
        label_header=str(label_header),
        columns=[Column(_("Applications"), _applications)],
        rows=[(str(label), [count]) for label, count in rows],
    )


def per_call(call: Call | None = None) -> Table:
    counts = dict(submitted(call).values_list("call_id").annotate(n=Count("pk")).order_by())
    calls = Call.objects.filter(pk__in=counts).order_by("-academic_year", "opens_at")
    return _counts(
        _("Applications per call"),
        "calls",
        pgettext_lazy("call for applications", "Call"),
        [(f"{c.title} {c.academic_year_label}", counts[c.pk]) for c in calls],
    )


def per_state(call: Call | None = None) -> Table:
    counts = dict(submitted(call).values_list("state").annotate(n=Count("pk")).order_by())
    return _counts(
        _("Applications per state"),
        "states",
        gettext_lazy("State"),
        [(STATE_LABELS[state], counts[state.value]) for state in State if counts.get(state.value)],
    )


def per_faculty(call: Call | None = None) -> Table:
    counts = (
        submitted(call)
        .values_list("applicant__profile__faculty")
        .annotate(n=Count("pk"))
        .order_by("-n", "applicant__profile__faculty")
    )
    return _counts(
        _("Applications per faculty"),
        "faculties",
        gettext_lazy("Faculty or department"),
        [(faculty or _("(not given)"), count) for faculty, count in counts],
    )


def per_category(call: Call | None = None) -> Table:
    counts = dict(submitted(call).values_list("category").annotate(n=Count("pk")).order_by())
    return _counts(
        _("Applications per category"),
        "categories",
        gettext_lazy("Category"),
        [(c.label, counts[c.value]) for c in ApplicantCategory if counts.get(c.value)],
    )


def per_partner(call: Call | None = None) -> Table:
    """Applications per partner of their first choice (the place they want most)."""
    counts = (
        Preference.objects.filter(position=1, application__in=submitted(call))
        .values_list("place__agreement__partner__name")
        .annotate(n=Count("application_id", distinct=True))
        .order_by("-n", "place__agreement__partner__name")
    )
    return _counts(
        _("Applications per partner (first choice)"),
        "partners",
        gettext_lazy("Partner"),
        list(counts),
    )


def outcomes(call: Call | None = None) -> Table:
    """Selection results of each call's latest published run, per outcome."""
    latest = (
        Run.objects.filter(selection=OuterRef("run__selection"))
        .order_by("-number")
        .values("pk")[:1]
    )
    results = Result.objects.filter(run=Subquery(latest))
    if call:
        results = results.filter(run__selection__call=call)
    counts = dict(results.values_list("outcome").annotate(n=Count("pk")).order_by())
    return _counts(
        _("Selection outcomes"),
        "outcomes",
        gettext_lazy("Result"),
        [(o.label, counts[o.value]) for o in Outcome if counts.get(o.value)],
    )


def grants(call: Call | None = None) -> Table:
    """Per call, the grants committed and paid, in EUR."""
    agreements = committing(call)
    committed = dict(
        agreements.values_list("call_id").annotate(total=Sum(committed_amount())).order_by()
    )
    paid = dict(
        Payment.objects.filter(agreement__in=agreements.values("pk"))
        .values_list("agreement__call_id")
        .annotate(total=Sum(signed_payment()))
        .order_by()
    )
    calls = Call.objects.filter(pk__in=set(committed) | set(paid)).order_by(
        "-academic_year", "opens_at"
    )
    return Table(
        key="grants",
        title=_("Grants per call"),
        label_header=str(pgettext_lazy("call for applications", "Call")),
        columns=[
            Column(_("Committed (EUR)"), _euros, money=True),
            Column(_("Paid (EUR)"), _euros, money=True),
        ],
        rows=[
            (
                f"{c.title} {c.academic_year_label}",
                [
                    (committed.get(c.pk) or Decimal(0)).quantize(CENT),
                    (paid.get(c.pk) or Decimal(0)).quantize(CENT),
                ],
            )
            for c in calls
        ],
    )


def tables(call: Call | None = None) -> list[Table]:
    """Every table of the statistics page, in the page's order."""
    return [
        per_call(call),
        per_state(call),
        per_faculty(call),
        per_category(call),
        per_partner(call),
        outcomes(call),
        grants(call),
    ]
