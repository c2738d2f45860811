"""The international office's pages for importing agreements from CSV and XLSX files.

Coordinators only: staff users with the permission institutions.add_agreement. Anyone else
signed in gets 404 (the pages do not exist for them); an anonymous visitor goes to sign-in.
Import jobs are the office's shared work: every coordinator sees every job.
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from erasmusdesk.core.access import is_office_user, office_required
from erasmusdesk.core.csvfile import csv_text
from erasmusdesk.core.forms import AccessibleErrorsMixin
from erasmusdesk.core.middleware import accepts_body
from erasmusdesk.institutions import agreement_import as importer
from erasmusdesk.institutions.agreement_import.jobs import resume_interrupted_imports
from erasmusdesk.institutions.models import AgreementImport
from erasmusdesk.institutions.models.import_job import RowStatus

PERMISSION = "institutions.add_agreement"
RECENT_JOBS = 10
TABLE_ROWS = 1000


def is_coordinator(user) -> bool:
    """An active staff user holding this module's PERMISSION."""
    return is_office_user(user, PERMISSION)


coordinator_required = office_required(PERMISSION)


class ImportForm(AccessibleErrorsMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        widget=forms.FileInput(attrs={"accept": ".csv,.xlsx"}),
        help_text=gettext_lazy("At most 20 MB. One row per cooperation condition."),
        error_messages={"empty": gettext_lazy("The file is empty: choose the file again.")},
    )

    def clean_file(self):
        """Refuse a file by its name and size before anything reads its content."""
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Only CSV and XLSX files can be imported."))
        if upload.size > importer.MAX_FILE_SIZE:
            raise forms.ValidationError(
                _("The file is %(size)s MB; the limit is 20 MB.")
                % {"size": f"{upload.size / 1024 / 1024:.1f}"}
            )
        return upload


@coordinator_required
@require_http_methods(["GET", "POST"])
@accepts_body(importer.MAX_FILE_SIZE + 256 * 1024)
def import_upload(request: HttpRequest) -> HttpResponse:
    """The upload form; a readable file becomes a job and the browser goes to its page."""
    posted = request.method == "POST"
    # Without a worker (tasks in-process), a job whose server stopped resumes from here.
    resume_interrupted_imports()
    form = ImportForm(request.POST, request.FILES) if posted else ImportForm()
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = importer.start_import(upload, by=request.user)
        except importer.ImportFileError as error:
            form.add_error("file", error.message)
        except OSError:
            form.add_error("file", _("The file could not be stored; try again later."))
        else:
            return redirect("institutions_office:agreement_import_detail", pk=job.pk)
    jobs = AgreementImport.objects.select_related("started_by").defer("report")[:RECENT_JOBS]
    return render(
        request,
        "institutions/office/import_upload.html",
        {"form": form, "jobs": jobs, "columns": importer.COLUMNS},
    )


@coordinator_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress while the job runs (the page reloads itself), then the summary and the rows.

    The report is read only once the job is done: a running job's page reloads every 2 s.
    """
    resume_interrupted_imports()
    jobs = AgreementImport.objects.select_related("started_by").defer("report")
    job = get_object_or_404(jobs, pk=pk)
    rows = []
    if job.is_done:
        rejected = [row for row in job.report if row["status"] == RowStatus.REJECTED]
        accepted = [row for row in job.report if row["status"] != RowStatus.REJECTED]
        rows = (rejected + accepted)[:TABLE_ROWS]
    return render(
        request,
        "institutions/office/import_detail.html",
        {
            "job": job,
            "rows": rows,
            "rows_cut": len(job.report) > len(rows) and job.is_done,
            "table_rows": TABLE_ROWS,
            "accepted": RowStatus.ACCEPTED.value,
        },
    )


@coordinator_required
def import_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's report as CSV: one line per row, rejected rows first."""
    job = get_object_or_404(AgreementImport, pk=pk)
    labels = dict(RowStatus.choices)
    entries = sorted(job.report, key=lambda row: row["status"] != RowStatus.REJECTED)
    lines = [[_("row"), _("status"), _("partner"), _("reasons")]]
    for entry in entries:
        lines.append(
            [
                entry["row"],
                labels.get(entry["status"], entry["status"]),
                entry["partner"],
                " | ".join(entry["messages"]),
            ]
        )
    return _csv_response(lines, f"agreement-import-{job.pk}-report.csv")


@coordinator_required
def import_template(request: HttpRequest) -> HttpResponse:
    """A CSV file with the columns of an import and two example rows."""
    return _csv_response(importer.template_rows(), "agreement-import-template.csv")


def _csv_response(lines: list[list], filename: str) -> HttpResponse:
    """The lines as CSV (``core.csvfile``: UTF-8 with a byte order mark, every field quoted,
    no formula start)."""
    response = HttpResponse(csv_text(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
