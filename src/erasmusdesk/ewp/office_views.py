"""The office's EWP page: our node's status, the partners on EWP, the communication log, the
partners' agreements beside ours, and the actions "refresh now", "notify again", "check the
partner's node" and "approve".

Coordinators only (staff with ``ewp.view_exchange``); anyone else signed in gets 404.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from erasmusdesk.core.access import office_required
from erasmusdesk.ewp import catalogue, comparison, health, keys, node, notifications, serving, sync
from erasmusdesk.ewp.models import (
    Exchange,
    ExchangeDirection,
    Notification,
    NotificationState,
    PartnerIia,
    PartnerIiaState,
)
from erasmusdesk.ewp.services import approve_partner_iia
from erasmusdesk.institutions.models import Agreement

PERMISSION = "ewp.view_exchange"
LOG_ROWS = 50

coordinator_required = office_required(PERMISSION)


@coordinator_required
def index(request: HttpRequest) -> HttpResponse:
    registry = catalogue.current() if node.enabled() else None
    partners = []
    if registry is not None:
        for hei_id in registry.hei_ids():
            if hei_id == node.hei_id():
                continue
            partners.append(
                {
                    "hei_id": hei_id,
                    "name": registry.names.get(hei_id, hei_id),
                    "apis": sorted({f"{a.name} {a.version}" for a in registry.apis_of(hei_id)}),
                    "last": Exchange.objects.filter(partner_hei_id=hei_id).first(),
                }
            )
    show_errors = request.GET.get("errors") == "1"
    log = Exchange.objects.defer("request_body", "response_body")
    if show_errors:
        log = log.exclude(error="")
    return render(
        request,
        "ewp/office/index.html",
        {
            "enabled": node.enabled(),
            "hei_id": node.hei_id(),
            "manifest_url": node.url("manifest") if node.enabled() else "",
            "key_id": keys.our_key_id() if node.enabled() else "",
            "registry_source": _registry_source(),
            "registry_loaded": registry is not None,
            "partners": partners,
            "exchanges": log[:LOG_ROWS],
            "show_errors": show_errors,
            "error_count": Exchange.objects.exclude(error="").count(),
            "partner_iias": PartnerIia.objects.defer("xml")[:LOG_ROWS],
            "notifications": Notification.objects.filter(
                direction=ExchangeDirection.OUTGOING
            ).exclude(state=NotificationState.DONE)[:LOG_ROWS],
        },
    )


def _registry_source() -> str:
    return settings.ERASMUSDESK_EWP_REGISTRY


@coordinator_required
def exchange_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One exchange with its request and answer bodies (the XML on demand)."""
    return render(
        request,
        "ewp/office/exchange_detail.html",
        {"exchange": get_object_or_404(Exchange, pk=pk)},
    )


@coordinator_required
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    """Pull every partner's agreements and approvals now, and send the notifications due."""
    if not node.enabled():
        messages.error(request, _("EWP is off: set our HEI id first."))
        return redirect("ewp_office:index")
    results = sync.sync_all()
    notifications.send_due.call()
    for hei_id, result in results.items():
        if result.isdigit():
            messages.success(
                request,
                _("%(hei)s: %(count)s agreements fetched.") % {"hei": hei_id, "count": result},
            )
        else:
            messages.error(request, f"{hei_id}: {result}")
    if not results:
        messages.info(request, _("No partner is on EWP in the registry."))
    return redirect("ewp_office:index")


@coordinator_required
@require_POST
def notify_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the notification again (a waiting one for the same object absorbs it)."""
    old = get_object_or_404(Notification, pk=pk, direction=ExchangeDirection.OUTGOING)
    notifications.queue(api=old.api, partner_hei_id=old.partner_hei_id, object_id=old.object_id)
    messages.success(request, _("The partner will be notified again."))
    return redirect("ewp_office:index")


@coordinator_required
@require_POST
def check_partner(request: HttpRequest) -> HttpResponse:
    """A check of a partner's node: its manifest, its APIs and a signed Echo."""
    hei_id = request.POST.get("hei_id", "").strip().lower()
    registry = catalogue.current() if node.enabled() else None
    if registry is None or hei_id not in registry.hei_ids():
        messages.error(request, _("This HEI is not in the registry."))
        return redirect("ewp_office:index")
    return render(request, "ewp/office/check.html", {"check": health.check_node(hei_id)})


@coordinator_required
def partner_iia(request: HttpRequest, pk: int) -> HttpResponse:
    """The partner's copy of an agreement beside ours, with their differences."""
    copy = get_object_or_404(PartnerIia, pk=pk)
    ours = _our_agreement(copy)
    result = comparison.compare(comparison.our_xml(ours) if ours else None, copy.xml)
    if request.method == "POST":
        if not result["same"]:
            messages.error(request, _("The two copies differ: it cannot be approved."))
        else:
            approve_partner_iia(copy, by=request.user)
            messages.success(request, _("The partner's agreement is approved."))
        return redirect("ewp_office:partner_iia", pk=copy.pk)
    return render(
        request,
        "ewp/office/partner_iia.html",
        {
            "copy": copy,
            "ours": ours,
            "comparison": result,
            "approved": copy.state == PartnerIiaState.APPROVED,
        },
    )


def _our_agreement(copy: PartnerIia) -> Agreement | None:
    if not copy.our_iia_id:
        return None
    agreements = serving.agreements_for([copy.partner_hei_id])
    for agreement in agreements:
        if serving.iia_id_of(agreement) == copy.our_iia_id:
            return agreement
    return None
