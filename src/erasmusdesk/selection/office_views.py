"""The international office's selection pages: per call the settings, the committee and its
progress, the ranking (per call and per partner), the dry run with "what if" places,
publishing, the appeals and the re-run, and the committee's report.

Viewing needs selection.view_selection, acting selection.change_selection
(``core.access.office_required``: anyone else signed in gets 404, an anonymous visitor goes
to sign-in). Views read and call the services; POSTs redirect with a message (PRG); a refusal
re-renders the page with the message on its field.
"""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from erasmusdesk.applications.models import Application
from erasmusdesk.applications.states import State
from erasmusdesk.calls.models import Call
from erasmusdesk.calls.services import call_places
from erasmusdesk.catalogue.charts import bar_chart
from erasmusdesk.core import audit
from erasmusdesk.core.access import office_required
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import add_domain_error
from erasmusdesk.selection import appeals, committee, publishing, report
from erasmusdesk.selection.access import CHANGE_PERMISSION, VIEW_PERMISSION
from erasmusdesk.selection.explain import place_name
from erasmusdesk.selection.forms import DecisionForm, MemberForm, PlacesForm, PublishForm
from erasmusdesk.selection.listing import listing
from erasmusdesk.selection.models import Appeal, AppealStatus, Outcome, Selection

view_required = office_required(VIEW_PERMISSION)
change_required = office_required(CHANGE_PERMISSION)
RESERVE_SHOWN = 100


def _selection(slug: str) -> Selection:
    return get_object_or_404(Selection.objects.select_related("call"), call__slug=slug)


def _percent(value: int) -> str:
    return _("%(percent)d %% scored") % {"percent": value}


@view_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every call with the state of its selection."""
    calls = list(
        Call.objects.select_related("selection", "opportunity").order_by(
            "-academic_year", "opens_at"
        )
    )
    eligible = dict(
        Application.objects.filter(state=State.ELIGIBLE)
        .values_list("call_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = [
        {
            "call": call,
            "selection": getattr(call, "selection", None),
            "eligible": eligible.get(call.pk, 0),
        }
        for call in calls
    ]
    return render(request, "selection/office/index.html", {"rows": rows})


def _overview(request, call, selection, *, member_form=None, status=200):
    context = {
        "call": call,
        "selection": selection,
        "can_change": request.user.has_perm(CHANGE_PERMISSION),
    }
    if selection is not None:
        progress = committee.progress(selection)
        chart = None
        if progress:
            chart = bar_chart([(row.name, row.percent) for row in progress], value_text=_percent)
        counts = dict(
            Application.objects.filter(call=call)
            .values_list("state")
            .annotate(n=Count("pk"))
            .order_by()
        )
        context.update(
            {
                "criteria": selection.criteria.all(),
                "partner_rules": selection.partner_rules.select_related("agreement__partner"),
                "progress": progress,
                "member_conflicts": committee.member_conflicts(selection),
                "chart": chart,
                "member_form": member_form or MemberForm(selection=selection),
                "eligible": counts.get(State.ELIGIBLE, 0),
                "counts": {
                    state: counts.get(state.value, 0) for state in State if counts.get(state.value)
                },
                "incomplete": publishing.incomplete_assignments(selection),
                "pending_appeals": Appeal.objects.filter(
                    result__run__selection=selection,
                    result__run__number=selection.run,
                    status=AppealStatus.PENDING,
                ).count(),
                "runs": selection.runs.select_related("published_by").defer("inputs"),
            }
        )
    return render(request, "selection/office/overview.html", context, status=status)


@view_required
@require_GET
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    """One call's selection: settings, committee, progress, and the next steps."""
    call = get_object_or_404(Call, slug=slug)
    return _overview(request, call, getattr(call, "selection", None))


@change_required
@require_POST
def set_up(request: HttpRequest, slug: str) -> HttpResponse:
    call = get_object_or_404(Call, slug=slug)
    try:
        committee.set_up_selection(call, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The selection is set up with the default criteria."))
    return redirect("selection_office:overview", slug=slug)


@change_required
@require_POST
def add_member(request: HttpRequest, slug: str) -> HttpResponse:
    selection = _selection(slug)
    form = MemberForm(request.POST, selection=selection)
    if form.is_valid():
        try:
            committee.add_member(selection, form.cleaned_data["user"], by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The evaluator is on the committee."))
            return redirect("selection_office:overview", slug=slug)
    return _overview(request, selection.call, selection, member_form=form, status=400)


@change_required
@require_POST
def remove_member(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    selection = _selection(slug)
    user = get_object_or_404(
        get_user_model(), pk=user_id, selection_memberships__selection=selection
    )
    try:
        committee.remove_member(selection, user, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The evaluator is no longer on the committee."))
    return redirect("selection_office:overview", slug=slug)


@change_required
@require_POST
def assign(request: HttpRequest, slug: str) -> HttpResponse:
    selection = _selection(slug)
    try:
        made = committee.assign_applications(selection, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext("%(count)d assignment made.", "%(count)d assignments made.", made)
            % {"count": made},
        )
    return redirect("selection_office:overview", slug=slug)


@view_required
@require_GET
def ranking(request: HttpRequest, slug: str) -> HttpResponse:
    """The call's ranked list (published, or a dry run before), or one partner's ranking."""
    selection = _selection(slug)
    result = listing(selection)
    places = sorted(
        result.computation.inputs.place_objects.values(), key=lambda place: place_name(place)
    )
    chosen = None
    only = None
    place_id = request.GET.get("place", "")
    if place_id.isdigit() and int(place_id) in result.computation.inputs.place_objects:
        chosen = result.computation.inputs.place_objects[int(place_id)]
        only = result.computation.partner_rankings.get(chosen.pk, [])
    return render(
        request,
        "selection/office/ranking.html",
        {
            "call": selection.call,
            "selection": selection,
            "listing": result,
            "lines": result.lines(only),
            "criteria": result.criteria,
            "tie_rules": result.computation.inputs.tie_rules,
            "places": [(place.pk, place_name(place)) for place in places],
            "chosen": chosen,
            "chosen_name": place_name(chosen) if chosen else "",
            "unranked": result.computation.unranked,
        },
    )


def _fill_chart(computation):
    rows = []
    for pk, place in sorted(
        computation.inputs.place_objects.items(), key=lambda item: place_name(item[1])
    ):
        rows.append(
            (
                place_name(place),
                len(computation.admitted.get(pk, ())),
                computation.inputs.places.get(pk, 0),
            )
        )
    if not rows:
        return None
    chart = bar_chart([(label, filled) for label, filled, _total in rows], value_text=str)
    bars = [
        replace(
            bar,
            value_text=_("%(filled)d of %(places)d places") % {"filled": filled, "places": total},
        )
        for bar, (_label, filled, total) in zip(chart.bars, rows, strict=True)
    ]
    return replace(chart, bars=bars)


def _mailing(computation) -> tuple[int, int, int]:
    """The mails publishing would send: selected, on the reserve list, not selected."""
    return (
        computation.count(Outcome.SELECTED),
        computation.count(Outcome.RESERVE),
        computation.count(Outcome.NOT_SELECTED),
    )


def _preview_page(request, selection, *, source, publish_form=None, status=200):
    base = publishing.preview(selection)
    counts = base.inputs.base_places
    places = sorted(base.inputs.place_objects.values(), key=place_name)
    places_form = PlacesForm(
        source if any(key.startswith("place_") for key in source) else None,
        places=places,
        counts=counts,
    )
    what_if = places_form.changed_places(counts)
    computation = publishing.preview(selection, places=what_if) if what_if else base
    moved = []
    if what_if:
        before = base.by_reference
        for row in computation.rows:
            old = before.get(row.reference)
            if old and (old.outcome, old.place_id) != (row.outcome, row.place_id):
                moved.append((old, row))
    inputs = computation.inputs
    table = [
        {
            "place": place,
            "name": place_name(place),
            "places": inputs.places.get(place.pk, 0),
            "base": counts.get(place.pk, 0),
            "admitted": [
                (reference, rank)
                for rank, reference in enumerate(computation.partner_rankings.get(place.pk, []), 1)
                if reference in computation.admitted.get(place.pk, ())
            ],
        }
        for place in places
    ]
    reserve = [row for row in computation.rows if row.outcome == Outcome.RESERVE]
    can_change = request.user.has_perm(CHANGE_PERMISSION)
    if publish_form is None and can_change and not selection.is_published:
        publish_form = PublishForm(selection=selection, mailing=_mailing(computation))
    return render(
        request,
        "selection/office/preview.html",
        {
            "call": selection.call,
            "selection": selection,
            "places_form": places_form,
            "what_if": what_if,
            "table": table,
            "chart": _fill_chart(computation),
            "reserve": reserve[:RESERVE_SHOWN],
            "reserve_count": len(reserve),
            "selected_count": computation.count(Outcome.SELECTED),
            "not_selected_count": computation.count(Outcome.NOT_SELECTED),
            "unranked": computation.unranked,
            "moved": moved,
            "publish_form": publish_form,
            "incomplete": publishing.incomplete_assignments(selection),
        },
        status=status,
    )


@view_required
@require_GET
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    """A dry run of the allocation, with "what if" numbers of places (GET form)."""
    return _preview_page(request, _selection(slug), source=request.GET)


@change_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    """Publish the results (the first run, or a re-run after appeals)."""
    selection = _selection(slug)
    form = PublishForm(request.POST)
    rerun = selection.is_published
    if form.is_valid():
        what_if = {}
        if not rerun:
            offered = call_places(selection.call)
            counts = {place.pk: place.mobilities_per_year for place in offered}
            what_if = PlacesForm(request.POST, places=offered, counts=counts).changed_places(counts)
        try:
            run = publishing.publish_results(
                selection,
                by=request.user,
                expected_run=form.cleaned_data["expected_run"],
                appeal_deadline=form.appeal_deadline(),
                places=what_if or None,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("Run %(run)d of the results is published; the applicants are told by e-mail.")
                % {"run": run.number},
            )
            return redirect("selection_office:overview", slug=slug)
    if rerun:
        return _changes_page(request, selection, publish_form=form, status=400)
    return _preview_page(request, selection, source=request.POST, publish_form=form, status=400)


def _changes_page(request, selection, *, publish_form=None, status=200):
    computation = publishing.preview(selection)
    found = publishing.changes(selection, computation)
    places = computation.inputs.place_objects
    if publish_form is None and request.user.has_perm(CHANGE_PERMISSION):
        publish_form = PublishForm(selection=selection, mailing=_mailing(computation))
    return render(
        request,
        "selection/office/changes.html",
        {
            "call": selection.call,
            "selection": selection,
            "changes": [
                {
                    "reference": change.reference,
                    "before": change.before,
                    "before_place": place_name(change.before.place)
                    if change.before and change.before.place_id
                    else "",
                    "after": change.after,
                    "after_place": place_name(places[change.after.place_id])
                    if change.after and change.after.place_id
                    else "",
                }
                for change in found
            ],
            "unranked": computation.unranked,
            "publish_form": publish_form,
        },
        status=status,
    )


@view_required
@require_GET
def changes(request: HttpRequest, slug: str) -> HttpResponse:
    """What a re-run with the current inputs (appeals' corrections) would change."""
    selection = _selection(slug)
    if not selection.is_published:
        return redirect("selection_office:preview", slug=slug)
    return _changes_page(request, selection)


def _appeals_page(request, selection, *, forms_given=None, status=200):
    forms_given = forms_given or {}
    criteria = list(selection.criteria.all())
    items = list(
        Appeal.objects.filter(result__run__selection=selection)
        .select_related("result__application", "result__run", "decided_by")
        .defer("result__run__inputs")
        .order_by("status", "filed_at")
    )
    can_change = request.user.has_perm(CHANGE_PERMISSION)
    rows = [
        {
            "appeal": item,
            "form": forms_given.get(item.pk)
            or (
                DecisionForm(prefix=f"appeal-{item.pk}", criteria=criteria)
                if can_change
                and item.status == AppealStatus.PENDING
                and item.result.run.number == selection.run
                else None
            ),
            "points": [(c, item.result.points.get(c.code)) for c in criteria],
        }
        for item in items
    ]
    return render(
        request,
        "selection/office/appeals.html",
        {"call": selection.call, "selection": selection, "rows": rows},
        status=status,
    )


@view_required
@require_GET
def appeal_list(request: HttpRequest, slug: str) -> HttpResponse:
    return _appeals_page(request, _selection(slug))


@change_required
@require_POST
def decide(request: HttpRequest, slug: str, appeal_id: int) -> HttpResponse:
    selection = _selection(slug)
    item = get_object_or_404(Appeal, pk=appeal_id, result__run__selection=selection)
    form = DecisionForm(
        request.POST, prefix=f"appeal-{item.pk}", criteria=list(selection.criteria.all())
    )
    if form.is_valid():
        try:
            appeals.decide_appeal(
                item,
                upheld=form.cleaned_data["outcome"] == "upheld",
                decision=form.cleaned_data["decision"],
                corrections=form.corrections(),
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The appeal is decided; the applicant is told by e-mail."))
            return redirect("selection_office:appeals", slug=slug)
    return _appeals_page(request, selection, forms_given={item.pk: form}, status=400)


def _report_file(request, slug: str, kind: str) -> HttpResponse:
    selection = _selection(slug)
    result = listing(selection)
    file = report.temporary_file()
    if kind == "xlsx":
        report.ranking_xlsx(result, file)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        file.write(report.ranking_pdf(result))
        content_type = "application/pdf"
    file.seek(0)
    audit.record(
        "erasmusdesk.selection.report",
        selection,
        by=request.user,
        format=kind,
        run=result.run.number if result.run else 0,
    )
    return FileResponse(
        file,
        as_attachment=True,
        filename=f"{selection.call.slug}-selection.{kind}",
        content_type=content_type,
    )


@view_required
@require_GET
def report_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    return _report_file(request, slug, "xlsx")


@view_required
@require_GET
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    return _report_file(request, slug, "pdf")
