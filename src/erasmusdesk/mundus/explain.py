"""Erasmus Mundus problems and scholarship lines as sentences in the reader's language."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from erasmusdesk.mundus import rules as rule

FIELD_LABELS = {
    "ects": gettext_lazy("ECTS credits"),
    "duration_months": gettext_lazy("Duration (months)"),
    "members": gettext_lazy("Consortium"),
    "call_year": gettext_lazy("Selection year (call)"),
}
LINE_LABELS = {
    "duration": gettext_lazy("Duration"),
    "monthly": gettext_lazy("Monthly scholarship"),
    "total": gettext_lazy("Total"),
    "nationality_cap": gettext_lazy("Nationality cap"),
    "eligibility": gettext_lazy("Who may receive it"),
}


def _numbers(values) -> str:
    return ", ".join(str(value) for value in values)


def problem_sentence(problem: rule.Problem) -> str:
    v = problem.values
    if problem.rule == rule.RULE_NO_RULES:
        return _("There are no consortium rules for the %(call_year)s call yet.") % v
    if problem.rule == rule.RULE_ECTS:
        return _("%(ects)s ECTS: a Joint Master has %(allowed)s ECTS.") % {
            "ects": v["ects"],
            "allowed": _numbers(v["allowed"]),
        }
    if problem.rule == rule.RULE_DURATION:
        return _("%(months)s months: a Joint Master lasts %(allowed)s months.") % {
            "months": v["months"],
            "allowed": _numbers(v["allowed"]),
        }
    if problem.rule == rule.RULE_ECTS_DURATION:
        return _("%(ects)s ECTS take %(expected)s months, not %(months)s.") % v
    if problem.rule == rule.RULE_MIN_MEMBERS:
        return (
            _(
                "%(count)s institution(s) in the consortium; the rules of its call need at "
                "least %(minimum)s."
            )
            % v
        )
    if problem.rule == rule.RULE_MIN_COUNTRIES:
        return (
            _("The institutions come from %(count)s country(ies); at least %(minimum)s are needed.")
            % v
        )
    if problem.rule == rule.RULE_MIN_PROGRAMME_COUNTRIES:
        return (
            _(
                "%(count)s of the countries are EU Member States or associated to the Programme; "
                "at least %(minimum)s are needed."
            )
            % v
        )
    raise ValueError(problem.rule)


def line_sentence(line: rule.ScholarshipLine) -> str:
    v = line.values
    if line.key == "duration":
        return _("%(ects)s ECTS: %(months)s months.") % v
    if line.key == "monthly":
        return _("The monthly amount of the %(first)s–%(last)s calls, for the whole duration.") % v
    if line.key == "total":
        return _("%(months)s months x %(monthly)s EUR.") % v
    if line.key == "nationality_cap":
        return _("At most %(percent)s %% of a programme's scholarships go to one nationality.") % v
    if line.key == "eligibility":
        return _(
            "Applicants need a first degree (bachelor's) or its recognised equivalent by the "
            "programme's start; each programme selects its scholarship holders."
        )
    raise ValueError(line.key)
