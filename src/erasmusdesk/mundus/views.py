"""Erasmus Mundus: the public directory and scholarship estimator, and the students' record
of the programmes they applied to (each student sees only their own)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import add_domain_error
from erasmusdesk.mundus import services
from erasmusdesk.mundus.forms import ApplicationForm, ScholarshipForm
from erasmusdesk.mundus.models import JointMaster, MundusApplication, Outcome


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    programmes = JointMaster.objects.filter(is_published=True).prefetch_related("members")
    return render(request, "mundus/directory.html", {"programmes": programmes})


@require_GET
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(JointMaster.objects.filter(is_published=True), pk=pk)
    rules, problems = services.programme_problems(item)
    estimate = None
    try:
        estimate = services.estimate_scholarship(ects=item.ects, call_year=item.call_year)
    except DomainError:
        estimate = None
    return render(
        request,
        "mundus/programme.html",
        {"programme": item, "rules": rules, "problems": problems, "estimate": estimate},
    )


@require_GET
def scholarship(request: HttpRequest) -> HttpResponse:
    form = ScholarshipForm(request.GET or None, initial={"call_year": clock.local_year()})
    estimate = None
    if form.is_bound and form.is_valid():
        try:
            estimate = services.estimate_scholarship(**form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request, "mundus/scholarship.html", {"form": form, "estimate": estimate}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_applications(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_application(by=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The application was recorded."))
            return redirect("mundus:mine")
    applications = MundusApplication.objects.filter(student=request.user).select_related(
        "programme"
    )
    return render(
        request,
        "mundus/my_applications.html",
        {"form": form, "applications": applications},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(MundusApplication, pk=application_id, student=request.user)
    services.record_outcome(application, Outcome.WITHDRAWN, by=request.user)
    messages.success(request, _("The application was marked as withdrawn."))
    return redirect("mundus:mine")
