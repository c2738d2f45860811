"""The office's follow-up of students' Erasmus Mundus applications: outcomes, counts per
year, and the import of programmes. Staff with mundus.follow_outcomes only (others: 404)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from erasmusdesk.core.access import office_required
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import add_domain_error
from erasmusdesk.mundus import services
from erasmusdesk.mundus.forms import ImportForm, OutcomeForm
from erasmusdesk.mundus.models import MundusApplication, Outcome

PERMISSION = "mundus.follow_outcomes"
office = office_required(PERMISSION)


@office
@require_GET
def applications(request: HttpRequest) -> HttpResponse:
    items = MundusApplication.objects.select_related("programme", "student")
    return render(
        request,
        "mundus/office/applications.html",
        {
            "applications": items,
            "counts": services.outcome_counts(),
            "outcomes": Outcome.choices,
            "outcome_form": OutcomeForm(),
        },
    )


@office
@require_POST
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(MundusApplication, pk=pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        services.record_outcome(application, form.cleaned_data["outcome"], by=request.user)
        messages.success(request, _("The outcome was recorded."))
    return redirect("mundus_office:applications")


@office
@require_http_methods(["GET", "POST"])
def import_programmes(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            text = form.cleaned_data["file"].read().decode("utf-8-sig")
            saved = services.import_programmes(text, by=request.user)
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        except DomainError as error:
            add_domain_error(form, DomainError(error.message, field="file"))
        else:
            messages.success(request, _("%(count)s programme(s) imported.") % {"count": len(saved)})
            return redirect("mundus:directory")
    return render(request, "mundus/office/import.html", {"form": form})
