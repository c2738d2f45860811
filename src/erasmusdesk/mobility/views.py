"""The mobility's pages for the participant (their timeline) and the host's contact (the
nominations to their institution, with or without an account). Thin: they read, call a
service and redirect (PRG); a refusal shows the service's message on its field."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from erasmusdesk.core import audit
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import add_domain_error
from erasmusdesk.mobility import audit_actions, checklist, services, stay_changes
from erasmusdesk.mobility.access import (
    RELATED,
    HostPages,
    host_contact_of,
    host_mobilities,
    linked_mobility,
    own_mobility,
)
from erasmusdesk.mobility.forms import (
    AnswerForm,
    CertificateForm,
    StayChangeForm,
    stay_decision_form,
)
from erasmusdesk.mobility.models import STATE_LABELS, Mobility, MobilityRules, StayChangeStatus
from erasmusdesk.mobility.package import package_zip
from erasmusdesk.mobility.states import MobilityState, Party
from erasmusdesk.mobility.timeline import NEXT_STEP, deadline, steps

# The participant ----------------------------------------------------------------------------


@login_required
def my_mobilities(request: HttpRequest) -> HttpResponse:
    mobilities = Mobility.objects.filter(participant=request.user).select_related(*RELATED)
    return render(request, "mobility/mine.html", {"mobilities": mobilities})


@login_required
def detail(request: HttpRequest, omobility_id) -> HttpResponse:
    """The participant's timeline: what is done, what comes next."""
    return detail_page(request, own_mobility(request.user, omobility_id))


def detail_page(request, mobility: Mobility, *, stay_form=None, status=200) -> HttpResponse:
    history = list(mobility.history.select_related("by"))
    changes = list(mobility.stay_changes.all())
    can_propose = mobility.state in stay_changes.OPEN_STAGES and not any(
        change.status == StayChangeStatus.PROPOSED for change in changes
    )
    if stay_form is None and can_propose:
        stay_form = StayChangeForm(initial={"version": mobility.version})
    reached = {MobilityState(row.to_state): row.at for row in history}
    return render(
        request,
        "mobility/detail.html",
        {
            "mobility": mobility,
            "steps": steps(mobility.state, STATE_LABELS, reached),
            "next_step": NEXT_STEP.get(MobilityState(mobility.state), ""),
            "deadline": deadline(mobility, MobilityRules.current()),
            "history": history,
            "certificate_form": CertificateForm()
            if mobility.state in (MobilityState.LA_APPROVED, MobilityState.ARRIVED)
            else None,
            "certificates": mobility.certificates.all(),
            "checklist": checklist.status(mobility)
            if mobility.state in (MobilityState.ACCEPTED, MobilityState.LA_APPROVED)
            else None,
            "stay_changes": changes,
            "stay_form": stay_form if can_propose else None,
        },
        status=status,
    )


@login_required
@require_http_methods(["POST"])
def tick(request: HttpRequest, omobility_id) -> HttpResponse:
    """The participant ticks a step of the pre-departure checklist off."""
    mobility = own_mobility(request.user, omobility_id)
    try:
        checklist.tick(mobility, request.POST.get("step", ""), by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The step is ticked off."))
    return redirect(mobility)


# The host's contact -------------------------------------------------------------------------


@login_required
def host_list(request: HttpRequest) -> HttpResponse:
    """The nominations to the contact's institution, those waiting for an answer first."""
    contact = host_contact_of(request.user)
    if contact is None:
        raise Http404
    mobilities = list(host_mobilities(request.user).order_by("planned_arrival_date", "pk"))
    waiting = [m for m in mobilities if m.state == MobilityState.NOMINATED]
    others = [m for m in mobilities if m.state != MobilityState.NOMINATED]
    return render(
        request,
        "mobility/host/list.html",
        {"institution": contact.institution, "waiting": waiting, "others": others},
    )


def _answer_page(request, mobility, pages: HostPages, *, form=None, status=200):
    named = not pages.with_account
    if form is None and mobility.state == MobilityState.NOMINATED:
        form = AnswerForm(initial={"version": mobility.version}, name_required=named)
    return render(
        request,
        "mobility/host/detail.html",
        {
            "mobility": mobility,
            "form": form,
            "pages": pages,
            "history": mobility.history.all(),
            "stay_changes": mobility.stay_changes.all(),
            "decision_form": stay_decision_form(mobility, stay_changes.RECEIVING, named=named),
            "decide_url": pages.stay_change,
        },
        status=status,
    )


def _answer(request, mobility, pages: HostPages, *, by, by_name):
    form = AnswerForm(request.POST, name_required=not pages.with_account)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.answer_nomination(
                mobility,
                accept=data["answer"] == "accept",
                comment=data["comment"],
                by=by,
                by_name=data.get("name") or by_name,
                version=data["version"],
                party=Party.HOST,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Your answer is recorded; the sending office is told."))
            return redirect(pages.detail)
    return _answer_page(request, mobility, pages, form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def host_detail(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = get_object_or_404(host_mobilities(request.user), omobility_id=omobility_id)
    pages = HostPages.of(mobility)
    if request.method == "POST":
        return _answer(request, mobility, pages, by=request.user, by_name="")
    return _answer_page(request, mobility, pages)


def _zip_response(mobility: Mobility, *, by, via: str) -> HttpResponse:
    audit.record(audit_actions.PACKAGE_DOWNLOADED, mobility, by=by, via=via)
    response = HttpResponse(package_zip(mobility), content_type="application/zip")
    response["Content-Disposition"] = (
        f'attachment; filename="nomination-{mobility.omobility_id}.zip"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def host_package(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = get_object_or_404(host_mobilities(request.user), omobility_id=omobility_id)
    return _zip_response(mobility, by=request.user, via="account")


# A host contact without an account: the signed, expiring link -------------------------------


@require_http_methods(["GET", "POST"])
def link(request: HttpRequest, token: str) -> HttpResponse:
    mobility, email = linked_mobility(token)
    pages = HostPages.of(mobility, token)
    if request.method == "POST":
        return _answer(request, mobility, pages, by=None, by_name=email)
    return _answer_page(request, mobility, pages)


def link_package(request: HttpRequest, token: str) -> HttpResponse:
    mobility, email = linked_mobility(token)
    return _zip_response(mobility, by=None, via=email)
