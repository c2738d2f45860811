"""The office's pages on personal data (issue "Production readiness", part 5): applicants
whose retention period has passed and their erasure (coordinators: calls.erase_personal_data),
and the log of staff access to documents (administrators: core.view_auditentry).

As every office page (core.access.office_required): anyone signed in without the permission
gets 404, an anonymous visitor goes to the back-office sign-in.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from erasmusdesk.accounts import erasure
from erasmusdesk.accounts.office_forms import (
    ApplicantSearchForm,
    DocumentAccessFilterForm,
    EraseForm,
)
from erasmusdesk.applications.exports import latin_name
from erasmusdesk.applications.models import Application, Document
from erasmusdesk.core import document_access
from erasmusdesk.core.access import office_required
from erasmusdesk.core.errors import DomainError

ERASE_PERMISSION = "calls.erase_personal_data"
ACCESS_LOG_PERMISSION = "core.view_auditentry"
PER_PAGE = 50


@dataclass(frozen=True)
class Candidate:
    user: object
    name: str
    applications: int
    retention_ended: date | None


def _retention_ended(user) -> date | None:
    ends = [erasure.call_retention_ends_on(a.call) for a in user.applications.all()]
    return max(ends) if ends else None


@office_required(ERASE_PERMISSION)
@require_GET
def expired(request: HttpRequest) -> HttpResponse:
    """Applicants whose data may be erased now, oldest accounts first, with a search."""
    form = ApplicantSearchForm(request.GET or None)
    people = erasure.expired_applicants()
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        text = form.cleaned_data["q"].strip()
        people = people.filter(
            Q(email__icontains=text)
            | Q(username__icontains=text)
            | Q(profile__family_name__icontains=text)
            | Q(profile__given_names__icontains=text)
        )
    people = people.select_related("profile").annotate(n=Count("applications", distinct=True))
    page = Paginator(
        people.prefetch_related(
            Prefetch("applications", queryset=Application.objects.select_related("call"))
        ),
        PER_PAGE,
    ).get_page(request.GET.get("page"))
    candidates = [
        Candidate(person, latin_name(person), person.n, _retention_ended(person))
        for person in page.object_list
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/office/expired.html",
        {"form": form, "page": page, "candidates": candidates, "query": query.urlencode()},
    )


@office_required(ERASE_PERMISSION)
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest, user_id: int) -> HttpResponse:
    """One applicant: what erasure removes and keeps, and the confirmation. Only people who
    applied at least once have this page (404 for any other account)."""
    person = get_object_or_404(
        get_user_model().objects.filter(pk__in=Application.objects.values("applicant_id")),
        pk=user_id,
    )
    refusal = None
    status = 200
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            name = latin_name(person)
            try:
                result = erasure.erase_personal_data(person, by=request.user)
            except DomainError as error:
                refusal = str(error.message)
            else:
                erased = _(
                    "The personal data of %(name)s was erased; the applications are kept as "
                    "anonymous statistics."
                ) % {"name": name}
                deleted = ngettext(
                    "%(count)d file was deleted.", "%(count)d files were deleted.", result.documents
                ) % {"count": result.documents}
                messages.success(request, f"{erased} {deleted}")
                return redirect("accounts_office:expired")
        status = 400
    if refusal is None:
        try:
            erasure.check_erasable(person, by=request.user)
        except DomainError as error:
            refusal = str(error.message)
    applications = Application.objects.filter(applicant=person).select_related("call")
    return render(
        request,
        "accounts/office/erase.html",
        {
            "person": person,
            "name": latin_name(person),
            "form": form,
            "refusal": refusal,
            "applications": [
                (application, erasure.call_retention_ends_on(application.call))
                for application in applications.order_by("created")
            ],
            "documents": Document.objects.filter(application__applicant=person).count(),
        },
        status=status,
    )


@dataclass(frozen=True)
class AccessRow:
    entry: object
    reference: str
    document: str
    how: str


def _how_labels() -> dict[str, str]:
    return {
        "download": _("download"),
        "preview": _("preview"),
        "export": _("in a ZIP export"),
        "evaluation": _("by an evaluator"),
    }


def _filtered_access(form: DocumentAccessFilterForm):
    """The access entries the filters select; a filter with an invalid value is left out."""
    entries = document_access.access_entries()
    if not form.is_bound:
        return entries
    form.is_valid()
    data = {name: form.cleaned_data.get(name) for name in form.fields if name not in form.errors}
    if data.get("who"):
        text = data["who"].strip()
        entries = entries.filter(
            Q(actor__email__icontains=text) | Q(actor__username__icontains=text)
        )
    if data.get("since"):
        entries = entries.filter(created__date__gte=data["since"])
    if data.get("until"):
        entries = entries.filter(created__date__lte=data["until"])
    if data.get("application"):
        wanted = Q(pk__in=[])
        for pk, reference in Application.objects.filter(
            reference__iexact=data["application"].strip()
        ).values_list("pk", "reference"):
            wanted |= document_access.of_application(pk, reference)
        entries = entries.filter(wanted)
    if data.get("document"):
        entries = entries.filter(document_access.of_document(data["document"]))
    return entries


@office_required(ACCESS_LOG_PERMISSION)
@require_GET
def document_access_log(request: HttpRequest) -> HttpResponse:
    """Who opened which applicant's document, when and how; newest first, with filters."""
    form = DocumentAccessFilterForm(request.GET or None)
    page = Paginator(_filtered_access(form), PER_PAGE).get_page(request.GET.get("page"))
    entries = list(page.object_list)
    accesses = [document_access.describe(entry) for entry in entries]
    references = dict(
        Application.objects.filter(
            pk__in=[a.application_id for a in accesses if a.application_id]
        ).values_list("pk", "reference")
    )
    documents = Document.objects.filter(pk__in=[a.document_id for a in accesses if a.document_id])
    documents = {document.pk: document for document in documents.select_related("document_type")}
    labels = _how_labels()
    rows = []
    for entry, access in zip(entries, accesses, strict=True):
        document = documents.get(access.document_id)
        if document is not None:
            label = f"{document.document_type.name} {document.slot} · {document.display_name}"
        else:
            label = _("document %(number)s (no longer stored)") % {"number": access.document_id}
        rows.append(
            AccessRow(
                entry=entry,
                reference=access.reference or references.get(access.application_id, ""),
                document=label,
                how=labels[access.how],
            )
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/office/document_access.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )
