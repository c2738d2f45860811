"""Capacity Building in Higher Education: the checks of a project idea (the office's rules
per call year), the register of projects and their reporting dates."""

from dataclasses import dataclass

from django.db import transaction

from erasmusdesk.cbhe import rules as pure
from erasmusdesk.cbhe.explain import FIELD_LABELS, sentence
from erasmusdesk.cbhe.models import CapacityProject, CapacityRule, ReportingDate
from erasmusdesk.core import audit

PROJECT_SAVED = "erasmusdesk.cbhe.project.saved"
REPORT_DONE = "erasmusdesk.cbhe.report.done"
RULE_SAVED = "erasmusdesk.cbhe.rule.saved"


@dataclass(frozen=True)
class ExplainedProblem:
    field: str
    field_label: str
    rule: str
    detail: str


def check_idea(*, strand: str, duration_months: int, partners, call_year: int):
    """The rules of ``call_year`` and every rule the idea breaks, explained."""
    rules = pure.rules_for([row.to_rules() for row in CapacityRule.objects.all()], call_year)
    problems = pure.check_idea(
        strand=pure.Strand(strand),
        duration_months=duration_months,
        partners=partners,
        call_year=call_year,
        rules=rules,
    )
    return rules, [
        ExplainedProblem(p.field, str(FIELD_LABELS[p.field]), p.rule, sentence(p)) for p in problems
    ]


def project_problems(project: CapacityProject):
    return check_idea(
        strand=project.strand,
        duration_months=project.duration_months,
        partners=project.partner_values(),
        call_year=project.call_year,
    )


@transaction.atomic
def save_project(project: CapacityProject, *, by) -> CapacityProject:
    """Save a project of the register (the back office calls it)."""
    project.full_clean()
    project.save()
    audit.record(PROJECT_SAVED, project, by=by)
    return project


@transaction.atomic
def save_project_parts(project: CapacityProject, formset, *, by) -> None:
    """The back office's edit of a project's partners, work packages or reporting dates."""
    formset.save()
    audit.record(PROJECT_SAVED, project, by=by, part=formset.model._meta.model_name)


@transaction.atomic
def mark_report_done(report: ReportingDate, *, by) -> ReportingDate:
    report.done = True
    report.save(update_fields=["done"])
    audit.record(REPORT_DONE, report.project, by=by, report=report.pk)
    return report


@transaction.atomic
def save_rule(rule: CapacityRule, *, by) -> CapacityRule:
    rule.full_clean()
    rule.save()
    audit.record(RULE_SAVED, rule, by=by)
    return rule
