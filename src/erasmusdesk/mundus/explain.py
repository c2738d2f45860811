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
    "participation": gettext_lazy("Participation costs (at most)"),
    "travel": gettext_lazy("Travel"),
    "installation": gettext_lazy("Installation"),
    "subsistence": gettext_lazy("Subsistence"),
    "total_costs": gettext_lazy("Total"),
    "subsistence_exceptions": gettext_lazy("Months without subsistence"),
    "residence": gettext_lazy("Partner or Programme country"),
}
RESIDENCE_LABELS = {
    rule.PARTNER: gettext_lazy("Partner-country scholarship holder"),
    rule.PROGRAMME: gettext_lazy("Programme-country scholarship holder"),
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
    if line.key == "participation":
        return _(
            "Tuition, insurance and the other costs of taking part, up to %(per_year)s EUR a "
            "year for a %(holder)s, for %(years)s year(s); paid to the consortium."
        ) % {**v, "holder": str(RESIDENCE_LABELS[v["residence"]]).lower()}
    if line.key == "travel":
        if v["band"] == "programme":
            return _("%(per_year)s EUR a year for %(years)s year(s).") % v
        if v["band"] == "far":
            return (
                _(
                    "%(distance)s km from the coordinating university (%(km)s km or more): "
                    "%(per_year)s EUR a year for %(years)s year(s)."
                )
                % v
            )
        if v["band"] == "near":
            return (
                _(
                    "%(distance)s km from the coordinating university (under %(km)s km): "
                    "%(per_year)s EUR a year for %(years)s year(s)."
                )
                % v
            )
        return (
            _(
                "Without the distance from the coordinating university the band under %(km)s km "
                "is counted: %(per_year)s EUR a year for %(years)s year(s); at %(km)s km or more "
                "it is higher. Give the distance to see it."
            )
            % v
        )
    if line.key == "installation":
        return _("Once, for a scholarship holder who lives in a Partner country.")
    if line.key == "subsistence":
        return _("%(months)s months x %(monthly)s EUR (at most %(max_months)s months).") % v
    if line.key == "total_costs":
        return (
            _(
                "Participation costs, travel, installation and subsistence under the rules of "
                "the %(first)s–%(last)s calls."
            )
            % v
        )
    if line.key == "subsistence_exceptions":
        return _(
            "No subsistence is paid for the months spent in the holder's own country of "
            "residence, nor to a Partner-country holder for more than three months spent in "
            "Partner countries; the total above counts every month."
        )
    if line.key == "residence":
        return _(
            "A Partner-country holder neither lives in a Programme country nor has spent more "
            "than 12 months of the last five years there; every other holder is a "
            "Programme-country holder."
        )
    if line.key == "eligibility":
        return _(
            "Applicants need a first degree (bachelor's) or its recognised equivalent by the "
            "programme's start; each programme selects its scholarship holders."
        )
    raise ValueError(line.key)
