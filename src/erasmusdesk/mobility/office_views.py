"""The international office's mobility pages: the list with stages, filters and counts per
stage, each agreement's places used against its quota, one mobility with its history and
the host's answer, stage moves, cancellation, a changed nomination, reminders, and the
mobilities created by hand (staff, or a partner's nomination).

Viewing needs mobility.view_mobility, acting mobility.change_mobility
(``core.access.office_required``). Views read and call the services; POSTs redirect with a
message (PRG); a refusal re-renders the page with the message on its field.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from erasmusdesk.calls.models import Call
from erasmusdesk.catalogue.charts import bar_chart
from erasmusdesk.core import clock
from erasmusdesk.core.access import office_required
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import add_domain_error
from erasmusdesk.institutions.models import Institution, MobilityCondition
from erasmusdesk.mobility import exports, funding, services, stay_changes
from erasmusdesk.mobility.access import CHANGE_PERMISSION, RELATED, VIEW_PERMISSION
from erasmusdesk.mobility.forms import (
    CancelForm,
    GradingImportForm,
    GrantForm,
    NewMobilityForm,
    NominationForm,
    StageForm,
    stay_decision_form,
)
from erasmusdesk.mobility.models import STATE_LABELS, Mobility
from erasmusdesk.mobility.reminders import ANSWER_DAYS
from erasmusdesk.mobility.states import LIVE, MobilityState, Party, targets

view_required = office_required(VIEW_PERMISSION)
change_required = office_required(CHANGE_PERMISSION)
PAGE_SIZE = 50


def _mobility(omobility_id) -> Mobility:
    return get_object_or_404(Mobility.objects.select_related(*RELATED), omobility_id=omobility_id)


def _filtered(request: HttpRequest):
    found = Mobility.objects.select_related("receiving_hei", "sending_hei").order_by(
        "state", "planned_arrival_date", "pk"
    )
    stage = request.GET.get("stage", "")
    partner = request.GET.get("partner", "")
    if stage in STATE_LABELS:
        found = found.filter(state=stage)
    if partner.isdigit():
        found = found.filter(Q(receiving_hei_id=partner) | Q(sending_hei_id=partner))
    call = request.GET.get("call", "")
    if call:
        found = found.filter(application__call__slug=call)
    faculty = request.GET.get("faculty", "").strip()
    if faculty:
        found = found.filter(application__applicant__profile__faculty__icontains=faculty)
    if request.GET.get("overdue"):
        since = clock.now() - timedelta(days=ANSWER_DAYS)
        found = found.filter(state=MobilityState.NOMINATED, created__lt=since)
    return found


@view_required
@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponse:
    """The list as filtered, as XLSX or as the documented CSV (``exports``)."""
    found = _filtered(request)
    if kind == "xlsx":
        response = HttpResponse(
            exports.xlsx(found),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(exports.csv_text(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mobilities.{kind}"'
    return response


@view_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every mobility with its stage; filters by stage, partner and year; counts per stage
    as a chart; each place's mobilities used against its yearly quota."""
    found = _filtered(request)
    stage = request.GET.get("stage", "")
    partner = request.GET.get("partner", "")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(Mobility.objects.values_list("state").annotate(n=Count("pk")).order_by())
    rows = [(str(STATE_LABELS[s]), counts.get(s.value, 0)) for s in STATE_LABELS]
    chart = (
        bar_chart(
            rows,
            value_text=lambda n: ngettext("%(n)d mobility", "%(n)d mobilities", n) % {"n": n},
        )
        if any(n for _label, n in rows)
        else None
    )
    used = dict(
        Mobility.objects.filter(state__in=LIVE, place__isnull=False)
        .values_list("place_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    quotas = [
        (place, used.get(place.pk, 0))
        for place in MobilityCondition.objects.filter(pk__in=used).select_related(
            "agreement__partner"
        )
    ]
    return render(
        request,
        "mobility/office/index.html",
        {
            "page": page,
            "stages": [(s.value, label) for s, label in STATE_LABELS.items()],
            "partners": Institution.objects.filter(is_home=False).order_by("name"),
            "calls": Call.objects.order_by("-academic_year", "slug"),
            "call": request.GET.get("call", ""),
            "faculty": request.GET.get("faculty", ""),
            "stage": stage,
            "partner": partner,
            "overdue": bool(request.GET.get("overdue")),
            "chart": chart,
            "quotas": quotas,
        },
    )


def _detail_page(
    request, mobility, *, stage_form=None, cancel_form=None, grant_form=None, status=200
):
    choices = [
        (s.value, STATE_LABELS[s])
        for s in targets(mobility.state, Party.OFFICE)
        if s != MobilityState.CANCELLED and s not in services.RECORDED_STAGES
    ]
    if stage_form is None and choices:
        stage_form = StageForm(choices=choices, initial={"version": mobility.version})
    can_cancel = MobilityState.CANCELLED in targets(mobility.state, Party.OFFICE)
    if cancel_form is None and can_cancel:
        cancel_form = CancelForm(initial={"version": mobility.version})
    return render(
        request,
        "mobility/office/detail.html",
        {
            "mobility": mobility,
            "history": mobility.history.select_related("by"),
            "stage_form": stage_form if choices else None,
            "cancel_form": cancel_form if can_cancel else None,
            "can_remind": mobility.state == MobilityState.NOMINATED,
            "grant": getattr(mobility, "grant", None) if _has_grant(mobility) else None,
            "grant_form": grant_form
            or (
                GrantForm()
                if mobility.sending_hei.is_home
                and not _has_grant(mobility)
                and mobility.state
                not in (MobilityState.NOMINATED, MobilityState.REJECTED, MobilityState.CANCELLED)
                else None
            ),
            "can_change": mobility.state
            in (MobilityState.NOMINATED, MobilityState.ACCEPTED, MobilityState.REJECTED),
            "stay_changes": mobility.stay_changes.all(),
            "decision_form": stay_decision_form(mobility, stay_changes.SENDING, named=False),
            "decide_url": reverse("mobility_office:stay_change", args=[mobility.omobility_id]),
        },
        status=status,
    )


def _has_grant(mobility) -> bool:
    try:
        return mobility.grant is not None
    except Mobility.grant.RelatedObjectDoesNotExist:
        return False


@change_required
@require_POST
def grant(request: HttpRequest, omobility_id) -> HttpResponse:
    """Issue the grant agreement from the mobility (nothing retyped)."""
    mobility = _mobility(omobility_id)
    form = GrantForm(request.POST)
    if form.is_valid():
        try:
            link = funding.issue_grant(mobility, **form.cleaned_data, by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The grant agreement is issued."))
            return redirect("grants_office:agreement_detail", pk=link.grant_agreement_id)
    return _detail_page(request, mobility, grant_form=form, status=400)


@view_required
@require_GET
def detail(request: HttpRequest, omobility_id) -> HttpResponse:
    return _detail_page(request, _mobility(omobility_id))


@change_required
@require_POST
def move(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = _mobility(omobility_id)
    choices = [(s.value, STATE_LABELS[s]) for s in targets(mobility.state, Party.OFFICE)]
    form = StageForm(request.POST, choices=choices)
    if form.is_valid():
        try:
            services.move_stage(
                mobility,
                MobilityState(form.cleaned_data["to"]),
                by=request.user,
                party=Party.OFFICE,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The mobility moved to its new stage."))
            return redirect("mobility_office:detail", omobility_id=mobility.omobility_id)
    return _detail_page(request, mobility, stage_form=form, status=400)


@change_required
@require_POST
def cancel(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = _mobility(omobility_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.cancel_mobility(
                mobility,
                by=request.user,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("The mobility is cancelled; its place goes to the next on the reserve list."),
            )
            return redirect("mobility_office:detail", omobility_id=mobility.omobility_id)
    return _detail_page(request, mobility, cancel_form=form, status=400)


@change_required
@require_POST
def remind(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = _mobility(omobility_id)
    try:
        services.remind_host(mobility, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The host's contacts are reminded by e-mail."))
    return redirect("mobility_office:detail", omobility_id=mobility.omobility_id)


@change_required
@require_http_methods(["GET", "POST"])
def nomination(request: HttpRequest, omobility_id) -> HttpResponse:
    """Change what was nominated; an answered nomination goes back to the host."""
    mobility = _mobility(omobility_id)
    if request.method == "POST":
        form = NominationForm(request.POST, instance=Mobility.objects.get(pk=mobility.pk))
        if form.is_valid():
            changes = {name: form.cleaned_data[name] for name in NominationForm.Meta.fields}
            try:
                services.change_nomination(
                    mobility, changes, by=request.user, version=form.cleaned_data["version"]
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The nomination is changed."))
                return redirect("mobility_office:detail", omobility_id=mobility.omobility_id)
        status = 400
    else:
        form = NominationForm(instance=mobility, initial={"version": mobility.version})
        status = 200
    return render(
        request,
        "mobility/office/form.html",
        {"form": form, "mobility": mobility, "title": _("Change the nomination")},
        status=status,
    )


@change_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """A mobility created by hand: staff mobility, or a student a partner nominates."""
    if request.method == "POST":
        form = NewMobilityForm(request.POST)
        if form.is_valid():
            try:
                mobility = services.create_mobility(form.new_mobility(), by=request.user)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("The mobility is created."))
                return redirect("mobility_office:detail", omobility_id=mobility.omobility_id)
        status = 400
    else:
        form = NewMobilityForm()
        status = 200
    return render(
        request,
        "mobility/office/form.html",
        {"form": form, "mobility": None, "title": _("New mobility")},
        status=status,
    )


@change_required
@require_http_methods(["GET", "POST"])
def grading_tables(request: HttpRequest) -> HttpResponse:
    """The grading tables on file, and their import from a CSV or XLSX file with a report
    per row (``grading_import``)."""
    from erasmusdesk.mobility.grading_import import import_grading_tables
    from erasmusdesk.mobility.models import GradingTable

    report = None
    form = GradingImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = import_grading_tables(upload.name, upload.read(), by=request.user)
            except ValueError as error:
                form.add_error("file", str(error))
            else:
                status = 200
    return render(
        request,
        "mobility/office/grading_tables.html",
        {
            "form": form,
            "report": report,
            "tables": GradingTable.objects.select_related("institution")
            .prefetch_related("rows")
            .order_by("institution__name", "isced_f_code", "eqf_level"),
        },
        status=status,
    )
