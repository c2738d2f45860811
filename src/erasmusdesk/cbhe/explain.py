"""Capacity-building problems as sentences in the reader's language."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from erasmusdesk.cbhe import rules as rule

FIELD_LABELS = {
    "call_year": gettext_lazy("Call year"),
    "duration_months": gettext_lazy("Duration (months)"),
    "partners": gettext_lazy("Partners"),
}


def sentence(problem: rule.Problem) -> str:
    v = problem.values
    if problem.rule == rule.RULE_NO_RULES:
        return _("There are no capacity-building rules for the %(call_year)s call yet.") % v
    if problem.rule == rule.RULE_DURATION:
        return _("%(months)s months: a strand %(strand)s project lasts %(allowed)s months.") % {
            "months": v["months"],
            "strand": v["strand"],
            "allowed": " / ".join(str(m) for m in v["allowed"]) or "—",
        }
    if problem.rule == rule.RULE_PROGRAMME_COUNTRIES:
        return (
            _(
                "%(count)s EU Member State(s) or associated country(ies) with a higher education "
                "institution; at least %(minimum)s are needed, each with at least %(heis)s."
            )
            % v
        )
    if problem.rule == rule.RULE_THIRD_COUNTRIES:
        return (
            _(
                "%(count)s third country(ies) not associated to the Programme; a strand %(strand)s "
                "project needs at least %(minimum)s."
            )
            % v
        )
    if problem.rule == rule.RULE_HEIS_PER_THIRD_COUNTRY:
        return (
            _(
                "%(country)s has %(count)s higher education institution(s); each third country "
                "not associated needs at least %(minimum)s."
            )
            % v
        )
    if problem.rule == rule.RULE_BALANCE:
        return (
            _(
                "%(third)s organisation(s) from third countries not associated against "
                "%(programme)s from Member States and associated countries: they must be at least "
                "as many."
            )
            % v
        )
    raise ValueError(problem.rule)
