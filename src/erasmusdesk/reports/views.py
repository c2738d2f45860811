"""The office's statistics page and its XLSX.

Coordinators only: the page reads applications, selection results and grants, so it needs the
office's permissions on all three (core.access.office_required: anyone else signed in gets
404, an anonymous visitor goes to the back office's sign-in). Every chart is drawn on the
server as SVG (no JavaScript) and has its table beside it.
"""

import io

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET

from erasmusdesk.calls.models import Call
from erasmusdesk.core import clock
from erasmusdesk.core.access import is_office_user, office_required
from erasmusdesk.core.forms import AccessibleErrorsMixin
from erasmusdesk.reports import statistics
from erasmusdesk.reports.exports import statistics_xlsx

PERMISSIONS = (
    "applications.view_application",
    "selection.view_selection",
    "grants.view_budget",
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def may_see_statistics(user) -> bool:
    """Whether ``user`` is an office user holding every permission the statistics read."""
    return all(is_office_user(user, permission) for permission in PERMISSIONS)


def _statistics_required(view):
    for permission in reversed(PERMISSIONS):
        view = office_required(permission)(view)
    return view


class CallFilterForm(AccessibleErrorsMixin, forms.Form):
    call = forms.ModelChoiceField(
        label=pgettext_lazy("call for applications", "Call"),
        queryset=Call.objects.order_by("-academic_year", "opens_at"),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("Every call"),
    )


def _chosen_call(request: HttpRequest) -> tuple[CallFilterForm, Call | None]:
    form = CallFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["call"]
    return form, None


@_statistics_required
@require_GET
def statistics_page(request: HttpRequest) -> HttpResponse:
    """The compared figures: each table drawn as a bar chart with the table beside it."""
    form, call = _chosen_call(request)
    query = f"?call={call.slug}" if call else ""
    return render(
        request,
        "reports/statistics.html",
        {"form": form, "call": call, "tables": statistics.tables(call), "query": query},
    )


@_statistics_required
@require_GET
def statistics_download(request: HttpRequest) -> HttpResponse:
    """The same tables as an XLSX, a sheet per table with its chart. The figures are
    counts and sums, with no one's personal data, so the download is not written to the
    document-access log."""
    _form, call = _chosen_call(request)
    buffer = io.BytesIO()
    statistics_xlsx(statistics.tables(call), buffer)
    name = f"statistics-{call.slug if call else 'all'}-{clock.localdate().isoformat()}.xlsx"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
