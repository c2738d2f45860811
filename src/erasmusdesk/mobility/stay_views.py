"""The pages of a change of the stay: the participant proposes an extension or an
interruption; the host's contact (account or signed link) and the office approve or refuse
it. Thin: they read the form, call ``stay_changes`` and redirect (PRG)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from erasmusdesk.core.access import office_required
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import add_domain_error
from erasmusdesk.mobility import stay_changes
from erasmusdesk.mobility.access import (
    CHANGE_PERMISSION,
    RELATED,
    HostPages,
    host_mobility,
    linked_mobility,
    own_mobility,
)
from erasmusdesk.mobility.forms import StayChangeForm, StayDecisionForm
from erasmusdesk.mobility.models import Mobility
from erasmusdesk.mobility.views import detail_page


@login_required
@require_POST
def propose(request: HttpRequest, omobility_id) -> HttpResponse:
    """The participant's proposal; bad input shows the mobility's page again with the
    field's message."""
    mobility = own_mobility(request.user, omobility_id)
    form = StayChangeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            stay_changes.propose_stay_change(
                mobility,
                kind=data["kind"],
                new_departure=data["new_departure"],
                reason=data["reason"],
                by=request.user,
                version=data["version"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("Your change is proposed: the two institutions decide on it.")
            )
            return redirect(mobility)
    return detail_page(request, mobility, stay_form=form, status=400)


def _decide(request, mobility, *, party, back, by, by_name="", named=False):
    change = stay_changes.open_change(mobility)
    if change is None:
        raise Http404
    form = StayDecisionForm(request.POST, name_required=named)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    try:
        stay_changes.decide_stay_change(
            change,
            party=party,
            approve=data["decision"] == "approve",
            comment=data["comment"],
            by=by,
            by_name=data.get("name") or by_name,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your decision on the change of the stay is recorded."))
    return redirect(back)


@login_required
@require_POST
def host_decide(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = host_mobility(request.user, omobility_id)
    return _decide(
        request,
        mobility,
        party=stay_changes.RECEIVING,
        back=HostPages.of(mobility).detail,
        by=request.user,
    )


@require_POST
def link_decide(request: HttpRequest, token: str) -> HttpResponse:
    mobility, email = linked_mobility(token)
    return _decide(
        request,
        mobility,
        party=stay_changes.RECEIVING,
        back=HostPages.of(mobility, token).detail,
        by=None,
        by_name=email,
        named=True,
    )


@office_required(CHANGE_PERMISSION)
@require_POST
def office_decide(request: HttpRequest, omobility_id) -> HttpResponse:
    mobility = get_object_or_404(
        Mobility.objects.select_related(*RELATED), omobility_id=omobility_id
    )
    return _decide(
        request,
        mobility,
        party=stay_changes.SENDING,
        back=reverse("mobility_office:detail", args=[mobility.omobility_id]),
        by=request.user,
    )
