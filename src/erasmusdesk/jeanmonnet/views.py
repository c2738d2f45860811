"""The public rule checker and the teachers' workspace for Jean Monnet proposals.

A proposal's pages look it up by id *and* owner: anyone else, staff included, gets 404 (the
office has its own pages, office_views.py); anonymous visitors go to sign-in. Every save
shows every rule the proposal still breaks, naming the field, the rule and its source.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from erasmusdesk.applications.serving import document_response
from erasmusdesk.applications.upload_limits import upload_limit, upload_refused_error
from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import add_domain_error
from erasmusdesk.jeanmonnet import services
from erasmusdesk.jeanmonnet.explain import FIELD_LABELS, rule_lines
from erasmusdesk.jeanmonnet.forms import (
    CheckerForm,
    CommentForm,
    ProposalDocumentForm,
    ProposalForm,
)
from erasmusdesk.jeanmonnet.models import (
    ACTION_LABELS,
    FORMER_LABELS,
    Proposal,
    ProposalDocument,
)
from erasmusdesk.jeanmonnet.pdf import proposal_pdf


def _field_labels() -> str:
    """The rules' field names and their labels, for the live checks (live-checks.js)."""
    labels = {**FIELD_LABELS, "teaching": FIELD_LABELS["hours_per_year"]}
    return json.dumps({name: str(label) for name, label in labels.items()})


def _own(request: HttpRequest, pk: int) -> Proposal:
    return get_object_or_404(Proposal, pk=pk, owner=request.user)


def _problems_on_form(form, problems, fields) -> None:
    """Each broken rule also on the field it names, so the teacher sees it where they type."""
    for problem in problems:
        add_domain_error(form, DomainError(problem.detail, field=problem.field), fields)


@require_GET
def checker(request: HttpRequest) -> HttpResponse:
    """The public checker: the facts of a proposal in, every broken rule out (GET form)."""
    form = CheckerForm(request.GET or None, initial={"call_year": clock.local_year()})
    rules, problems, checked = None, [], False
    if form.is_bound and form.is_valid():
        rules, problems = services.check_facts(form.facts())
        checked = True
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "jeanmonnet/checker.html",
        {
            "form": form,
            "rules": rules,
            "rule_lines": rule_lines(rules),
            "problems": problems,
            "checked": checked,
            "names": [(ACTION_LABELS[action], FORMER_LABELS[action]) for action in ACTION_LABELS],
        },
        status=status,
    )


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    proposals = Proposal.objects.filter(owner=request.user)
    return render(request, "jeanmonnet/proposal_list.html", {"proposals": proposals})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest) -> HttpResponse:
    form = ProposalForm(
        request.POST or None,
        initial={"call_year": clock.local_year(), "action": "module", "duration_months": 36},
    )
    if request.method == "POST" and form.is_valid():
        proposal = services.create_proposal(form.draft(), by=request.user)
        messages.success(request, _("The proposal was saved. Below: the rules it still breaks."))
        return redirect("jeanmonnet:proposal", pk=proposal.pk)
    return render(
        request,
        "jeanmonnet/proposal_form.html",
        {"form": form, "proposal": None, "field_labels_json": _field_labels()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The proposal's form with its live checks; POST saves and shows the checks again."""
    proposal = _own(request, pk)
    if request.method == "POST":
        form = ProposalForm(request.POST)
        if form.is_valid():
            try:
                services.save_proposal(proposal, form.draft(), by=request.user)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The proposal was saved."))
                return redirect("jeanmonnet:proposal", pk=proposal.pk)
    else:
        form = ProposalForm(initial=ProposalForm.initial_of(proposal))
    return _proposal_page(request, proposal, form, status=400 if request.method == "POST" else 200)


def _proposal_page(
    request: HttpRequest,
    proposal: Proposal,
    form: ProposalForm,
    *,
    document_form: ProposalDocumentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    rules, problems = services.check_saved_proposal(proposal)
    codes = services.document_codes(proposal)
    return render(
        request,
        "jeanmonnet/proposal_form.html",
        {
            "form": form,
            "proposal": proposal,
            "rules": rules,
            "rule_lines": rule_lines(rules),
            "problems": problems,
            "comment_form": CommentForm(),
            "document_form": document_form or ProposalDocumentForm(codes=codes),
            "document_codes": codes,
            "files": proposal.files.all(),
            "field_labels_json": _field_labels(),
        },
        status=status,
    )


@login_required
@upload_limit(lambda request, pk: services.DOCUMENT_MAX_BYTES)
@require_POST
def proposal_document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Receive one file for one document of the proposal's call (the size limit is set
    before the body is read; a refusal shows the proposal again with the reason on the
    field, status 400)."""
    proposal = _own(request, pk)
    codes = services.document_codes(proposal)
    form = ProposalDocumentForm(request.POST, request.FILES, codes=codes)
    refused = upload_refused_error(request)
    if refused:
        form.is_valid()
        form.errors.pop("file", None)  # "required": the file was refused, not forgotten
        add_domain_error(form, refused)
    elif form.is_valid():
        try:
            document = services.attach_document(
                proposal, form.cleaned_data["code"], form.cleaned_data["file"], by=request.user
            )
        except DomainError as error:
            add_domain_error(form, DomainError(error.message, field=error.field or "file"))
        else:
            messages.success(
                request,
                _("“%(name)s” attached as %(document)s.")
                % {"name": document.display_name, "document": document.label},
            )
            return redirect("jeanmonnet:proposal", pk=proposal.pk)
    form_of_proposal = ProposalForm(initial=ProposalForm.initial_of(proposal))
    return _proposal_page(request, proposal, form_of_proposal, document_form=form, status=400)


@login_required
@require_POST
def proposal_document_remove(request: HttpRequest, pk: int, document_id: int) -> HttpResponse:
    proposal = _own(request, pk)
    document = get_object_or_404(ProposalDocument, pk=document_id, proposal=proposal)
    try:
        services.remove_document(document, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("“%(name)s” removed.") % {"name": document.display_name})
    return redirect("jeanmonnet:proposal", pk=proposal.pk)


@login_required
@require_GET
def proposal_document_file(request: HttpRequest, pk: int, document_id: int) -> HttpResponse:
    """The teacher's own file, as an attachment (serving.document_response: nosniff,
    sandboxed, not cached)."""
    proposal = _own(request, pk)
    return document_file_response(
        get_object_or_404(ProposalDocument, pk=document_id, proposal=proposal)
    )


def document_file_response(document: ProposalDocument) -> HttpResponse:
    return document_response(document.file.name, document.display_name, document.content_type)


@login_required
@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _own(request, pk)
    try:
        services.submit_for_review(proposal, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The proposal went to the international office for review."))
    return redirect("jeanmonnet:proposal", pk=proposal.pk)


@login_required
@require_POST
def proposal_comment(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _own(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.comment_on_proposal(proposal, form.cleaned_data["text"], by=request.user)
        messages.success(request, _("The comment was added."))
    else:
        messages.error(request, _("Write the comment first."))
    return redirect("jeanmonnet:proposal", pk=proposal.pk)


@login_required
@require_GET
def proposal_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _own(request, pk)
    return _pdf_response(proposal)


def _pdf_response(proposal: Proposal) -> HttpResponse:
    response = HttpResponse(proposal_pdf(proposal, get_language()), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="jean-monnet-{proposal.pk}.pdf"'
    return response
