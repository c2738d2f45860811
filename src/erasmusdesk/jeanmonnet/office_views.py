"""The international office's review of Jean Monnet proposals: comments, return, sign-off
for the legal representative, the Commission's outcome, and after an award the project's
reports and deliverables with what is due soon.

Staff with the permission jeanmonnet.review_proposal only; anyone else signed in gets 404,
an anonymous visitor goes to sign-in. POSTs redirect (PRG).
"""

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from erasmusdesk.core import clock
from erasmusdesk.core.access import office_required
from erasmusdesk.core.errors import DomainError
from erasmusdesk.jeanmonnet import services
from erasmusdesk.jeanmonnet.explain import rule_lines
from erasmusdesk.jeanmonnet.forms import CommentForm, DeliverableForm
from erasmusdesk.jeanmonnet.models import (
    Deliverable,
    Proposal,
    ProposalDocument,
    ProposalState,
)
from erasmusdesk.jeanmonnet.views import _pdf_response, document_file_response

PERMISSION = "jeanmonnet.review_proposal"
reviewer_required = office_required(PERMISSION)
REMINDER_DAYS = 30  # deliverables due within this many days are listed first


@reviewer_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    """Every proposal that reached the office (drafts stay the teacher's), and the
    deliverables of awarded projects due within REMINDER_DAYS days or overdue."""
    proposals = (
        Proposal.objects.exclude(state=ProposalState.DRAFT)
        .select_related("owner")
        .order_by("state", "-updated")
    )
    today = clock.localdate()
    due = Deliverable.objects.filter(
        done=False, due__lte=today + timedelta(days=REMINDER_DAYS)
    ).select_related("proposal")
    return render(
        request,
        "jeanmonnet/office/proposal_list.html",
        {"proposals": proposals, "due": due, "today": today, "reminder_days": REMINDER_DAYS},
    )


@reviewer_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        Proposal.objects.exclude(state=ProposalState.DRAFT).select_related("owner"), pk=pk
    )
    rules, problems = services.check_saved_proposal(proposal)
    return render(
        request,
        "jeanmonnet/office/proposal_detail.html",
        {
            "proposal": proposal,
            "rules": rules,
            "rule_lines": rule_lines(rules),
            "problems": problems,
            "comment_form": CommentForm(),
            "deliverable_form": DeliverableForm(),
            "files": proposal.files.all(),
        },
    )


def _reviewed(pk: int) -> Proposal:
    return get_object_or_404(Proposal.objects.exclude(state=ProposalState.DRAFT), pk=pk)


@reviewer_required
@require_POST
def proposal_act(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the review: comment, return, sign_off, awarded, not_awarded, deliverable."""
    proposal = _reviewed(pk)
    try:
        if step == "comment":
            services.comment_on_proposal(proposal, request.POST.get("text", ""), by=request.user)
            messages.success(request, _("The comment was added."))
        elif step == "return":
            services.return_proposal(proposal, request.POST.get("text", ""), by=request.user)
            messages.success(request, _("The proposal went back to the teacher."))
        elif step == "sign_off":
            services.sign_off_proposal(proposal, by=request.user)
            messages.success(request, _("The proposal is signed off for the legal representative."))
        elif step in ("awarded", "not_awarded"):
            services.record_outcome(proposal, awarded=step == "awarded", by=request.user)
            messages.success(request, _("The outcome was recorded."))
        elif step == "deliverable":
            form = DeliverableForm(request.POST)
            if not form.is_valid():
                raise DomainError(_("Give the deliverable's name and due date."))
            services.add_deliverable(
                proposal,
                title=form.cleaned_data["title"],
                due=form.cleaned_data["due"],
                by=request.user,
            )
            messages.success(request, _("The deliverable was added."))
        else:
            return redirect("jeanmonnet_office:proposal", pk=proposal.pk)
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("jeanmonnet_office:proposal", pk=proposal.pk)


@reviewer_required
@require_GET
def proposal_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _pdf_response(_reviewed(pk))


@reviewer_required
@require_GET
def proposal_document_file(request: HttpRequest, pk: int, document_id: int) -> HttpResponse:
    """A file of a proposal that reached the office, as an attachment; the reading leaves
    an audit entry (who read which file)."""
    document = get_object_or_404(ProposalDocument, pk=document_id, proposal=_reviewed(pk))
    services.record_document_viewed(document, by=request.user)
    return document_file_response(document)
