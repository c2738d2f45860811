"""The public checker of a capacity-building project idea, and the office's register."""

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from erasmusdesk.cbhe import services
from erasmusdesk.cbhe.forms import IdeaForm, ProjectForm
from erasmusdesk.cbhe.models import CapacityProject, ReportingDate
from erasmusdesk.core import clock
from erasmusdesk.core.access import office_required
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import add_domain_error

PERMISSION = "cbhe.view_capacityproject"
office = office_required(PERMISSION)
registrar = office_required("cbhe.add_capacityproject")
REMINDER_DAYS = 30


@require_GET
def idea_check(request: HttpRequest) -> HttpResponse:
    form = IdeaForm(request.GET or None, initial={"call_year": clock.local_year()})
    rules, problems, checked = None, [], False
    if form.is_bound and form.is_valid():
        rules, problems = services.check_idea(**form.cleaned_data)
        checked = True
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "cbhe/idea_check.html",
        {"form": form, "rules": rules, "problems": problems, "checked": checked},
        status=status,
    )


@office
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    today = clock.localdate()
    due = ReportingDate.objects.filter(
        done=False, due__lte=today + timedelta(days=REMINDER_DAYS)
    ).select_related("project")
    projects = CapacityProject.objects.prefetch_related("partners")
    return render(
        request,
        "cbhe/office/project_list.html",
        {"projects": projects, "due": due, "today": today, "reminder_days": REMINDER_DAYS},
    )


@registrar
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    """The office registers a project; a refusal shows the form again with the reason on
    its field (status 400), nothing saved."""
    form = ProjectForm(request.POST or None, initial={"call_year": clock.local_year()})
    if request.method == "POST" and form.is_valid():
        try:
            project = services.register_project(form.new_project(), by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The project is in the register."))
            return redirect("cbhe_office:project", pk=project.pk)
    return render(
        request,
        "cbhe/office/project_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@office
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        CapacityProject.objects.prefetch_related("partners", "work_packages", "reporting_dates"),
        pk=pk,
    )
    rules, problems = services.project_problems(project)
    return render(
        request,
        "cbhe/office/project_detail.html",
        {"project": project, "rules": rules, "problems": problems, "today": clock.localdate()},
    )


@office
@require_POST
def report_done(request: HttpRequest, pk: int, report_id: int) -> HttpResponse:
    report = get_object_or_404(ReportingDate, pk=report_id, project_id=pk)
    services.mark_report_done(report, by=request.user)
    messages.success(request, _("The report is marked as done."))
    return redirect("cbhe_office:project", pk=pk)
