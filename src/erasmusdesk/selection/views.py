"""The selection's pages for evaluators (their assignments, scoring, conflicts) and for
applicants (their result, appeal, and the answer to a place offered). Thin: they read, call
a service and redirect (PRG); a refusal shows the service's message on its field."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from erasmusdesk.applications.exports import latin_name, subject_area_label
from erasmusdesk.applications.models import Document
from erasmusdesk.applications.serving import document_response
from erasmusdesk.core import audit, clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import add_domain_error
from erasmusdesk.institutions.models import MobilityCondition
from erasmusdesk.selection import appeals, offers
from erasmusdesk.selection.access import evaluator_assignment, is_evaluator, own_application
from erasmusdesk.selection.committee import declare_conflict, score_application, scored_criteria
from erasmusdesk.selection.explain import explain, place_name
from erasmusdesk.selection.forms import AppealForm, ConflictForm, ScoreForm
from erasmusdesk.selection.models import Assignment, Criterion, Result

# Evaluators ---------------------------------------------------------------------------------


@login_required
def my_assignments(request: HttpRequest) -> HttpResponse:
    """The evaluator's applications, per call, with what is left to score."""
    if not is_evaluator(request.user):
        raise Http404
    assignments = list(
        Assignment.objects.filter(evaluator=request.user)
        .exclude(selection__call__applications__applicant=request.user)
        .select_related("application", "selection__call")
        .order_by(
            "-selection__call__academic_year", "selection__call__slug", "application__reference"
        )
    )
    calls = []
    for _call_id, group in groupby(assignments, key=lambda a: a.selection.call_id):
        items = list(group)
        active = [a for a in items if not a.conflict]
        calls.append(
            {
                "selection": items[0].selection,
                "call": items[0].selection.call,
                "assignments": items,
                "scored": sum(1 for a in active if a.completed_at),
                "total": len(active),
            }
        )
    return render(request, "selection/my_assignments.html", {"calls": calls})


def _assignment_page(request, assignment, *, score_form=None, conflict_form=None, status=200):
    application = assignment.application
    selection = assignment.selection
    criteria = scored_criteria(selection)
    scores = {s.criterion_id: s for s in assignment.scores.select_related("criterion")}
    locked = selection.is_published
    if score_form is None and not locked:
        score_form = ScoreForm(criteria=criteria, scores=scores)
    return render(
        request,
        "selection/assignment.html",
        {
            "assignment": assignment,
            "application": application,
            "call": selection.call,
            "name": latin_name(application.applicant),
            "profile": getattr(application.applicant, "profile", None),
            "subject_area": subject_area_label(application.subject_area),
            "preferences": [
                place_name(p.place)
                for p in application.preferences.select_related("place__agreement__partner")
            ],
            "documents": application.documents.select_related("document_type"),
            "criteria": Criterion.objects.filter(selection=selection),
            "scores": [(c, scores.get(c.pk)) for c in criteria],
            "locked": locked,
            "score_form": score_form,
            "conflict_form": conflict_form or (None if locked else ConflictForm()),
        },
        status=status,
    )


@login_required
def assignment_detail(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    """One assigned application: its content, the criteria's guidance and the scoring form."""
    return _assignment_page(request, evaluator_assignment(request.user, slug, reference))


@login_required
@require_POST
def score(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    assignment = evaluator_assignment(request.user, slug, reference)
    form = ScoreForm(request.POST, criteria=scored_criteria(assignment.selection))
    if form.is_valid():
        try:
            score_application(
                assignment, points=form.points(), comments=form.comments(), by=request.user
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Your scores of %(reference)s are saved.") % {"reference": reference}
            )
            return redirect("selection:mine")
    return _assignment_page(request, assignment, score_form=form, status=400)


@login_required
@require_POST
def conflict(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    assignment = evaluator_assignment(request.user, slug, reference)
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            declare_conflict(assignment, reason=form.cleaned_data["reason"], by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Your conflict of interest with %(reference)s is recorded.")
                % {"reference": reference},
            )
            return redirect("selection:mine")
    return _assignment_page(request, assignment, conflict_form=form, status=400)


@login_required
def document(request: HttpRequest, slug: str, reference: str, document_id: int) -> HttpResponse:
    """A document of an assigned application, for its evaluator (written to the audit log)."""
    assignment = evaluator_assignment(request.user, slug, reference)
    item = get_object_or_404(Document, pk=document_id, application=assignment.application)
    audit.record(
        "erasmusdesk.selection.document_viewed",
        item,
        by=request.user,
        application=reference,
    )
    return document_response(item.file.name, item.display_name, item.content_type)


# Applicants ---------------------------------------------------------------------------------


def _result_page(request, application, *, appeal_form=None, status=200):
    result = offers.current_result(application)
    context = {"application": application, "result": result}
    if result is not None:
        selection = result.run.selection
        criteria = list(Criterion.objects.filter(selection=selection))
        wanted = {refusal["place"] for refusal in result.refusals}
        if result.place_id:
            wanted.add(result.place_id)
        places = {
            place.pk: place
            for place in MobilityCondition.objects.filter(pk__in=wanted).select_related(
                "agreement__partner"
            )
        }
        appeal = getattr(result, "appeal", None)
        open_for_appeal = appeal is None and clock.now() <= result.run.appeal_deadline
        context.update(
            {
                "run": result.run,
                "sentences": explain(
                    result,
                    state=application.state,
                    selection=selection,
                    places=places,
                    ranked=Result.objects.filter(run=result.run).count(),
                    criteria_names={c.code: c.name for c in criteria},
                ),
                "points": [
                    (c, result.points.get(c.code)) for c in criteria if c.code in result.points
                ],
                "appeal": appeal,
                "appeal_form": appeal_form or (AppealForm() if open_for_appeal else None),
                "offered": application.state == "offered",
                "offered_place": place_name(places.get(result.place_id)) if result.place_id else "",
            }
        )
    return render(request, "selection/result.html", context, status=status)


@login_required
def result(request: HttpRequest, reference: str) -> HttpResponse:
    """The applicant's result: outcome, rank, points per criterion and the explanation."""
    return _result_page(request, own_application(request.user, reference))


@login_required
@require_POST
def appeal(request: HttpRequest, reference: str) -> HttpResponse:
    application = own_application(request.user, reference)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            appeals.file_appeal(application, text=form.cleaned_data["text"], by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your appeal is filed: the office will decide it."))
            return redirect("selection:result", reference=reference)
    return _result_page(request, application, appeal_form=form, status=400)


@login_required
@require_POST
def answer_offer(request: HttpRequest, reference: str) -> HttpResponse:
    application = own_application(request.user, reference)
    answer = request.POST.get("answer")
    try:
        if answer == "accept":
            offers.accept_offer(application, by=request.user)
            messages.success(request, _("You accepted the place."))
        elif answer == "decline":
            offers.decline_offer(application, by=request.user)
            messages.success(request, _("You declined the place; you stay on the reserve list."))
        else:
            messages.error(request, _("Choose to accept or to decline the place."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("selection:result", reference=reference)
