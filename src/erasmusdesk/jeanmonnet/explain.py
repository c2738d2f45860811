"""The problems of a Jean Monnet proposal as translated sentences, each with its rule's source.

eligibility.py names each broken rule with a code and the numbers it compared; this module
turns them into the reader's language for the workspace, the public checker and the API.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from erasmusdesk.jeanmonnet import eligibility as rule
from erasmusdesk.jeanmonnet.models import ACTION_LABELS, POSITION_LABELS, document_label
from erasmusdesk.jeanmonnet.rules import Action, ActionRules, HolderPosition

FIELD_LABELS = {
    "call_year": gettext_lazy("Call year"),
    "action": gettext_lazy("Action"),
    "holder_position": gettext_lazy("Position of the holder"),
    "duration_months": gettext_lazy("Duration (months)"),
    "hours_per_year": gettext_lazy("Teaching plan"),
    "partners": gettext_lazy("Partners"),
    "requested_eur": gettext_lazy("EU grant requested (EUR)"),
    "documents": gettext_lazy("Documents"),
}


@dataclass(frozen=True)
class Explained:
    field: str
    field_label: str
    rule: str
    detail: str


def _euros(amount) -> str:
    return f"{amount:,.2f}".replace(",", "\u00a0")


def _positions(positions) -> str:
    return ", ".join(str(POSITION_LABELS[HolderPosition(p)]) for p in positions)


def detail(problem: rule.Problem) -> str:
    """The sentence of one problem, in the active language."""
    v = problem.values
    if problem.rule == rule.RULE_NO_RULES:
        return _(
            "There are no rules for this action in the %(call_year)s call; the office enters "
            "them from the call document."
        ) % {"call_year": v["call_year"]}
    if problem.rule == rule.RULE_HOURS_COUNT:
        return (
            _(
                "The teaching plan gives hours for %(given)s academic year(s), but a project of "
                "%(months)s months spans %(years)s: give the hours of every academic year."
            )
            % v
        )
    if problem.rule == rule.RULE_MIN_HOURS:
        return (
            _(
                "Academic year %(year)s has %(hours)s teaching hours; the action requires at least "
                "%(minimum)s in every academic year."
            )
            % v
        )
    if problem.rule == rule.RULE_DURATION_REQUIRED:
        return _("Give the duration in months.")
    if problem.rule == rule.RULE_MIN_DURATION:
        return (
            _("%(months)s months is too short: the action lasts at least %(minimum)s months.") % v
        )
    if problem.rule == rule.RULE_MAX_DURATION:
        return _("%(months)s months is too long: the action lasts at most %(maximum)s months.") % v
    if problem.rule == rule.RULE_REQUESTED_REQUIRED:
        return _("Give the EU grant requested, more than 0 EUR.")
    if problem.rule == rule.RULE_MAX_GRANT:
        return _(
            "%(requested)s EUR is more than the maximum EU grant of %(maximum)s EUR in the "
            "%(call_year)s call."
        ) % {
            "requested": _euros(v["requested"]),
            "maximum": _euros(v["maximum"]),
            "call_year": v["call_year"],
        }
    if problem.rule == rule.RULE_MIN_PARTNERS:
        return _("%(count)s partner(s) listed; the action needs at least %(minimum)s.") % v
    if problem.rule == rule.RULE_MIN_COUNTRIES:
        return (
            _(
                "The partners come from %(count)s country(ies); the action needs at least "
                "%(minimum)s different countries."
            )
            % v
        )
    if problem.rule == rule.RULE_HOLDER_POSITION:
        position = v["position"]
        return _("The holder is %(position)s; the action must be held by a %(allowed)s.") % {
            "position": POSITION_LABELS[HolderPosition(position)] if position else "—",
            "allowed": _positions(v["allowed"]),
        }
    if problem.rule == rule.RULE_ONE_PER_INSTITUTION:
        return (
            _(
                "The university already has %(count)s proposal(s) of this action in this call; "
                "there is one per institution."
            )
            % v
        )
    if problem.rule == rule.RULE_DOCUMENTS:
        return _("Not ready yet: %(documents)s.") % {
            "documents": "; ".join(document_label(code) for code in v["missing"])
        }
    raise ValueError(problem.rule)


def explain(problems: list[rule.Problem]) -> list[Explained]:
    return [
        Explained(
            field=problem.field,
            field_label=str(FIELD_LABELS.get(problem.field, problem.field)),
            rule=problem.rule,
            detail=detail(problem),
        )
        for problem in problems
    ]


def rule_lines(rules: ActionRules | None) -> list[tuple[str, str]]:
    """What the action requires in that call year, line by line, for the page beside the
    checks: (what, the figure)."""
    if rules is None:
        return []
    lines = []
    if rules.min_hours_per_year is not None:
        lines.append(
            (
                _("Teaching hours per academic year"),
                _("at least %(hours)s") % {"hours": rules.min_hours_per_year},
            )
        )
    if rules.min_duration_months is not None or rules.max_duration_months is not None:
        low, high = rules.min_duration_months, rules.max_duration_months
        figure = f"{low}" if low == high else f"{low or '—'}–{high or '—'}"
        lines.append((_("Duration (months)"), figure))
    lines.append(
        (
            _("Maximum EU grant"),
            _("%(amount)s EUR in the %(first)s–%(last)s calls")
            % {
                "amount": _euros(rules.max_grant_eur),
                "first": rules.first_call_year,
                "last": rules.last_call_year,
            }
            if rules.max_grant_eur is not None
            else _("not entered for these calls yet"),
        )
    )
    if rules.funding_rate_percent is not None:
        lines.append(
            (
                _("Share of eligible costs"),
                _("at most %(percent)s %%") % {"percent": rules.funding_rate_percent},
            )
        )
    if rules.min_partners is not None:
        lines.append((_("Partners"), _("at least %(count)s") % {"count": rules.min_partners}))
    if rules.min_countries is not None:
        lines.append(
            (_("Partner countries"), _("at least %(count)s") % {"count": rules.min_countries})
        )
    if rules.holder_positions:
        lines.append((_("Held by"), _positions(rules.holder_positions)))
    if rules.one_per_institution:
        lines.append((_("Per institution"), _("one per institution and call")))
    return lines


def action_label(action: Action | str) -> str:
    return str(ACTION_LABELS[Action(action)])
