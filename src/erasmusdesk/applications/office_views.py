"""The international office's pages for applications (issue "Applicant portal", part 6):
per call the applications with filters, each application with its completeness, documents
(previewed in the page), reviews, decisions and history, and the exports.

Viewing needs the permission applications.view_application; reviewing and deciding need
applications.change_application (core.access.office_required: anyone else signed in gets 404,
an anonymous visitor goes to sign-in). Views only read and call the services (filing.py,
decisions.py); POSTs redirect with a message (PRG); a refusal re-renders the page with the
error on the field it names. Every staff access to a document and every export is written to
the audit log: one document access entry per file downloaded, previewed or exported
(core/document_access.py).
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from erasmusdesk.accounts.services import profile_of
from erasmusdesk.applications import decisions, exports, filing
from erasmusdesk.applications.completeness import completeness
from erasmusdesk.applications.models import STATE_LABELS, Application, Document
from erasmusdesk.applications.office_forms import (
    ApplicationFilterForm,
    EligibleForm,
    IneligibleForm,
    ReturnForm,
    ReviewForm,
)
from erasmusdesk.applications.places import place_label
from erasmusdesk.applications.states import Actor, State, targets
from erasmusdesk.calls.models import Call
from erasmusdesk.catalogue.charts import bar_chart
from erasmusdesk.core import audit, document_access
from erasmusdesk.core.access import office_required
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import add_domain_error

VIEW_PERMISSION = "applications.view_application"
CHANGE_PERMISSION = "applications.change_application"
PER_PAGE = 50
# The office reviews the files of applications it has received: not of drafts (still the
# applicant's work) nor of withdrawn ones.
IMAGE_KINDS = frozenset({"jpg", "png"})

view_required = office_required(VIEW_PERMISSION)
change_required = office_required(CHANGE_PERMISSION)


# Calls -------------------------------------------------------------------------------------


def _applications(count: int) -> str:
    return ngettext("%(count)d application", "%(count)d applications", count) % {"count": count}


@view_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every call with its applications counted per state, and a chart of them."""
    counts: dict[int, dict[str, int]] = {}
    for call_id, state, number in (
        Application.objects.values_list("call_id", "state").annotate(n=Count("pk")).order_by()
    ):
        counts.setdefault(call_id, {})[state] = number
    calls = []
    for call in Call.objects.select_related("opportunity").order_by("-academic_year", "opens_at"):
        per_state = counts.get(call.pk, {})
        states = [(state, STATE_LABELS[state], per_state.get(state.value, 0)) for state in State]
        total = sum(per_state.values())
        chart = None
        if total:
            chart = bar_chart(
                [(str(label), number) for _state, label, number in states if number],
                value_text=_applications,
            )
        calls.append({"call": call, "states": states, "total": total, "chart": chart})
    return render(
        request,
        "applications/office/index.html",
        {"calls": calls, "state_labels": [STATE_LABELS[state] for state in State]},
    )


def _faculties(call: Call) -> list[str]:
    values = (
        Application.objects.filter(call=call)
        .exclude(applicant__profile__faculty="")
        .exclude(applicant__profile__faculty__isnull=True)
        .values_list("applicant__profile__faculty", flat=True)
        .distinct()
    )
    return sorted(set(values), key=str.casefold)


def _filtered(request: HttpRequest, call: Call) -> tuple[ApplicationFilterForm, object]:
    """The filter form of the request and the call's applications it selects."""
    form = ApplicationFilterForm(request.GET or None, call=call, faculties=_faculties(call))
    if form.is_bound:
        form.is_valid()
    return form, form.filtered(exports.office_queryset().filter(call=call))


def _query(request: HttpRequest, **changes) -> str:
    """The request's query string without the page number, with ``changes`` applied."""
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@view_required
@require_GET
def call_applications(request: HttpRequest, slug: str) -> HttpResponse:
    """One call's applications, filtered, sorted and paginated, with the export links."""
    call = get_object_or_404(Call.objects.select_related("opportunity"), slug=slug)
    form, applications = _filtered(request, call)
    page = Paginator(applications, PER_PAGE).get_page(request.GET.get("page"))
    per_state = dict(
        Application.objects.filter(call=call)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    sort = (form.cleaned_data.get("sort") if form.is_bound else "") or "submitted"
    return render(
        request,
        "applications/office/call.html",
        {
            "call": call,
            "form": form,
            "page": page,
            "rows": exports.rows(page.object_list),
            "state_counts": [
                (STATE_LABELS[state], per_state.get(state.value, 0))
                for state in State
                if per_state.get(state.value)
            ],
            "call_total": sum(per_state.values()),
            "query": _query(request),
            "exports": export_links(call, _query(request)),
            "sort_reference": _query(
                request, sort="-reference" if sort == "reference" else "reference"
            ),
            "sort_submitted": _query(
                request, sort="-submitted" if sort == "submitted" else "submitted"
            ),
            "sort": sort,
        },
    )


# One application ---------------------------------------------------------------------------


@dataclass
class DocumentPanel:
    document: Document
    form: ReviewForm | None
    is_image: bool
    is_pdf: bool


def _application(reference: str) -> Application:
    return get_object_or_404(exports.office_queryset(), reference=reference)


def _document(application: Application, document_id: int) -> Document:
    """The document ``document_id`` of ``application``: 404 for a document of another one."""
    return get_object_or_404(
        Document.objects.select_related("document_type"), pk=document_id, application=application
    )


def _detail(
    request: HttpRequest,
    application: Application,
    *,
    forms_given: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The application's page; ``forms_given`` replaces a form by the bound one in error."""
    given = forms_given or {}
    can_change = request.user.has_perm(CHANGE_PERMISSION)
    state = State(application.state)
    allowed = targets(state, Actor.OFFICE) if can_change else []
    reviewable = can_change and state in filing.REVIEWABLE
    documents = [
        DocumentPanel(
            document=document,
            form=given.get(f"document-{document.pk}")
            or (ReviewForm(prefix=f"document-{document.pk}") if reviewable else None),
            is_image=document.kind in IMAGE_KINDS,
            is_pdf=document.kind == "pdf",
        )
        for document in application.documents.all()
    ]
    decision_forms = {
        "return_form": (State.RETURNED, ReturnForm, "return"),
        "eligible_form": (State.ELIGIBLE, EligibleForm, "eligible"),
        "ineligible_form": (State.INELIGIBLE, IneligibleForm, "ineligible"),
    }
    context = {
        name: given.get(prefix) or form_class(prefix=prefix)
        for name, (target, form_class, prefix) in decision_forms.items()
        if target in allowed
    }
    return render(
        request,
        "applications/office/detail.html",
        {
            "application": application,
            "call": application.call,
            "name": exports.latin_name(application.applicant),
            "profile": profile_of(application.applicant),
            "subject_area": exports.subject_area_label(application.subject_area),
            "preferences": [
                (preference.position, place_label(preference.place))
                for preference in application.preferences.all()
            ],
            "completeness": completeness(application),
            "documents": documents,
            "history": application.history.select_related("by"),
            "can_change": can_change,
            "reviewable": reviewable,
            **context,
        },
        status=status,
    )


@view_required
@require_GET
def application_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _detail(request, _application(reference))


def _back(application: Application, anchor: str = "") -> HttpResponse:
    """Back to the application's page; at ``anchor`` (a document's id) when given, so that
    the office goes on from the document it just decided on."""
    url = reverse("applications_office:detail", kwargs={"reference": application.reference})
    return redirect(f"{url}#{anchor}" if anchor else url)


@change_required
@require_POST
def document_review(request: HttpRequest, reference: str, document_id: int) -> HttpResponse:
    """Accept or reject one document; a rejection needs its reason."""
    application = _application(reference)
    document = _document(application, document_id)
    prefix = f"document-{document.pk}"
    form = ReviewForm(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            filing.review_document(
                document,
                accepted=form.accepted,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except DomainError as error:
            if error.field is None:  # e.g. the file was replaced meanwhile: its form is gone
                messages.error(request, str(error.message))
                return _back(application)
            add_domain_error(form, error, {})
        else:
            text = (
                _("“%(name)s” was accepted.")
                if form.accepted
                else _("“%(name)s” was rejected; the applicant will read the reason.")
            )
            messages.success(request, text % {"name": document.display_name})
            return _back(application, anchor=prefix)
    return _detail(request, application, forms_given={prefix: form}, status=400)


def _decide(
    request: HttpRequest,
    reference: str,
    form_class: type[forms.Form],
    prefix: str,
    act,
    success: str,
    fields: dict[str, str],
) -> HttpResponse:
    """One decision: validate, call the service, redirect with ``success``; a refusal about
    a field re-renders the page, a refused move (e.g. the state changed meanwhile) is shown
    as an error message on the page."""
    application = _application(reference)
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            # the state the page showed: a decision on an out-of-date page is refused
            act(application, form.cleaned_data, request.POST.get("seen_state") or None)
        except DomainError as error:
            if error.field is None:
                messages.error(request, str(error.message))
                return _back(application)
            add_domain_error(form, error, fields)
        else:
            messages.success(request, success % {"reference": application.reference})
            return _back(application)
    return _detail(request, application, forms_given={prefix: form}, status=400)


@change_required
@require_POST
def return_for_completion(request: HttpRequest, reference: str) -> HttpResponse:
    return _decide(
        request,
        reference,
        ReturnForm,
        "return",
        lambda application, data, seen_state: decisions.return_for_completion(
            application,
            note=data["note"],
            by=request.user,
            seen_state=seen_state,
        ),
        _("%(reference)s was returned for completion; the applicant was told by e-mail."),
        {"reason": "note", "note": "note"},
    )


@change_required
@require_POST
def mark_eligible(request: HttpRequest, reference: str) -> HttpResponse:
    return _decide(
        request,
        reference,
        EligibleForm,
        "eligible",
        lambda application, data, seen_state: decisions.decide_eligibility(
            application,
            eligible=True,
            reason=data["reason"],
            by=request.user,
            seen_state=seen_state,
        ),
        _("%(reference)s is eligible; the applicant was told by e-mail."),
        {"reason": "reason"},
    )


@change_required
@require_POST
def mark_ineligible(request: HttpRequest, reference: str) -> HttpResponse:
    return _decide(
        request,
        reference,
        IneligibleForm,
        "ineligible",
        lambda application, data, seen_state: decisions.decide_eligibility(
            application,
            eligible=False,
            reason=data["reason"],
            by=request.user,
            seen_state=seen_state,
        ),
        _("%(reference)s is ineligible; the applicant was told by e-mail."),
        {"reason": "reason"},
    )


# Files -------------------------------------------------------------------------------------


def _serve(request: HttpRequest, reference: str, document_id: int, *, inline: bool):
    from erasmusdesk.applications.serving import document_response

    application = get_object_or_404(
        Application.objects.only("pk", "reference"), reference=reference
    )
    document = _document(application, document_id)
    audit.record(
        "erasmusdesk.document.viewed",
        application,
        by=request.user,
        document=document.pk,
        inline=inline,
    )
    return document_response(
        document.file.name, document.display_name, document.content_type, inline=inline
    )


@view_required
@require_GET
def document_file(request: HttpRequest, reference: str, document_id: int) -> HttpResponse:
    """The document as a download."""
    return _serve(request, reference, document_id, inline=False)


@view_required
@require_GET
@xframe_options_sameorigin
def document_preview(request: HttpRequest, reference: str, document_id: int) -> HttpResponse:
    """The document shown inside the application's page (same-origin frame only)."""
    return _serve(request, reference, document_id, inline=True)


# Exports -----------------------------------------------------------------------------------


def _export(request: HttpRequest, slug: str):
    """The call and its applications selected by the request's filters."""
    call = get_object_or_404(Call, slug=slug)
    _form, applications = _filtered(request, call)
    return call, applications


def _record_export(request: HttpRequest, call: Call, kind: str, **facts) -> None:
    audit.record(
        "erasmusdesk.applications.exported",
        call,
        by=request.user,
        format=kind,
        filters=_query(request),
        **facts,
    )


@view_required
@require_GET
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The filtered list as CSV (UTF-8 with a byte order mark)."""
    call, applications = _export(request, slug)
    export_rows = exports.rows(applications)
    _record_export(request, call, "csv", count=len(export_rows))
    response = HttpResponse(exports.list_csv(export_rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{call.slug}-applications.csv"'
    return response


@view_required
@require_GET
def export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    """The filtered list as an XLSX workbook."""
    call, applications = _export(request, slug)
    export_rows = exports.rows(applications)
    file = exports.temporary_file()
    exports.list_xlsx(export_rows, file)
    file.seek(0)
    _record_export(request, call, "xlsx", count=len(export_rows))
    return FileResponse(
        file,
        as_attachment=True,
        filename=f"{call.slug}-applications.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@view_required
@require_GET
def export_documents(request: HttpRequest, slug: str) -> HttpResponse:
    """Every document of the (filtered) applications as one ZIP, written to a temporary file
    and streamed from it."""
    from erasmusdesk.applications.uploads import document_storage

    call, applications = _export(request, slug)
    file = exports.temporary_file()
    try:
        summary = exports.documents_zip(
            applications.iterator(chunk_size=100), file, storage=document_storage()
        )
    except BaseException:
        file.close()
        raise
    file.seek(0)
    _record_export(
        request, call, "zip", files=summary.files, missing=summary.missing, size=summary.size
    )
    document_access.record_exported(summary.included, by=request.user, call_slug=call.slug)
    return FileResponse(
        file,
        as_attachment=True,
        filename=f"{call.slug}-documents.zip",
        content_type="application/zip",
    )


def export_links(call: Call, query: str) -> dict[str, str]:
    """The export URLs of ``call`` carrying the list's filters."""
    suffix = f"?{query}" if query else ""
    return {
        name: reverse(f"applications_office:{name}", kwargs={"slug": call.slug}) + suffix
        for name in ("export_csv", "export_xlsx", "export_documents")
    }
