"""Capacity Building in Higher Education: the checks of a project idea (the office's rules
per call year), the register of projects and their reporting dates."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from erasmusdesk.cbhe import rules as pure
from erasmusdesk.cbhe.explain import FIELD_LABELS, sentence
from erasmusdesk.cbhe.models import (
    CapacityProject,
    CapacityRule,
    ProjectPartner,
    ReportingDate,
    WorkPackage,
)
from erasmusdesk.core import audit
from erasmusdesk.core.errors import DomainError

PROJECT_REGISTERED = "erasmusdesk.cbhe.project.registered"
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


@dataclass(frozen=True)
class NewProject:
    """A project for the register, as the office's form reads it (forms.py)."""

    title: str
    strand: str
    call_year: int
    start: date
    duration_months: int
    acronym: str = ""
    reference: str = ""
    budget_eur: Decimal = Decimal(0)
    our_budget_eur: Decimal = Decimal(0)
    # (name, country, is a higher education institution, is the coordinator)
    partners: tuple[tuple[str, str, bool, bool], ...] = ()
    work_packages: tuple[tuple[int, str, str], ...] = ()  # (number, title, our tasks)
    reporting_dates: tuple[tuple[date, str], ...] = ()  # (due, report)


def _check_new_project(new: NewProject) -> None:
    """The register's own consistency (the call's rules are shown, not enforced: the
    project was selected by the Commission as it is): exactly one coordinator, our share
    not above the project's grant, work package numbers used once, no report due before
    the start."""
    coordinators = [p for p in new.partners if p[3]]
    if len(coordinators) != 1:
        raise DomainError(
            _("Mark exactly one partner as the coordinator (now: %(count)s).")
            % {"count": len(coordinators)},
            field="partners",
        )
    if new.our_budget_eur > new.budget_eur:
        raise DomainError(
            _("Our share (%(ours)s EUR) cannot be more than the project's EU grant (%(all)s EUR).")
            % {"ours": new.our_budget_eur, "all": new.budget_eur},
            field="our_budget_eur",
        )
    numbers = [number for number, _title, _tasks in new.work_packages]
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    if repeated:
        raise DomainError(
            _("Work package %(number)s is given twice.") % {"number": repeated[0]},
            field="work_packages",
        )
    early = [due for due, _title in new.reporting_dates if due < new.start]
    if early:
        raise DomainError(
            _("A report cannot be due (%(due)s) before the project starts (%(start)s).")
            % {"due": min(early).isoformat(), "start": new.start.isoformat()},
            field="reporting_dates",
        )


@transaction.atomic
def register_project(new: NewProject, *, by) -> CapacityProject:
    """Add a project the university takes part in to the register, with its partners, work
    packages and reporting dates (reminded by reminders.py), in one transaction with one
    audit entry. Refused with a DomainError naming the field (nothing saved) when the
    register's consistency rules (``_check_new_project``) or the model's fields refuse it."""
    _check_new_project(new)
    project = CapacityProject(
        title=new.title,
        acronym=new.acronym,
        reference=new.reference,
        strand=new.strand,
        call_year=new.call_year,
        start=new.start,
        duration_months=new.duration_months,
        budget_eur=new.budget_eur,
        our_budget_eur=new.our_budget_eur,
    )
    project.full_clean()
    project.save()
    ProjectPartner.objects.bulk_create(
        ProjectPartner(
            project=project, name=name, country=country, is_hei=is_hei, is_coordinator=coordinator
        )
        for name, country, is_hei, coordinator in new.partners
    )
    WorkPackage.objects.bulk_create(
        WorkPackage(project=project, number=number, title=title, our_tasks=tasks)
        for number, title, tasks in new.work_packages
    )
    ReportingDate.objects.bulk_create(
        ReportingDate(project=project, title=title, due=due) for due, title in new.reporting_dates
    )
    audit.record(
        PROJECT_REGISTERED,
        project,
        by=by,
        partners=len(new.partners),
        work_packages=len(new.work_packages),
        reporting_dates=len(new.reporting_dates),
    )
    return project


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
