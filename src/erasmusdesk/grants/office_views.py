"""The international office's pages for grant agreements and their payments.

Coordinators only: staff users with the permission grants.add_grantagreement. Anyone else
signed in gets 404 (the pages do not exist for them); an anonymous visitor goes to sign-in.
Views only read and call the services of grants/grant_services.py; POSTs redirect (PRG).
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from erasmusdesk.core.access import is_office_user, office_required
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import add_domain_error
from erasmusdesk.grants import grant_services
from erasmusdesk.grants.models import GrantAgreement
from erasmusdesk.grants.office_forms import ActualDatesForm, AgreementForm, PaymentForm
from erasmusdesk.grants.pdf import grant_agreement_pdf

PERMISSION = "grants.add_grantagreement"

# The fields named by estimate_grant and the services, as fields of the issuing form.
_AGREEMENT_FIELDS = {
    "year": "call_year",
    "to": "host_institution",
    "activity": "activity",
    "start": "start",
    "end": "end",
    "travel_days": "travel_days",
    "participant_name": "participant_name",
    "host_institution": "host_institution",
    "departure_city": "departure_city",
    "departure_reason": "departure_reason",
    "prefinancing_percent": "prefinancing_percent",
    "confirm_over_budget": "confirm_over_budget",
}


def is_coordinator(user) -> bool:
    """An active staff user holding this module's PERMISSION."""
    return is_office_user(user, PERMISSION)


coordinator_required = office_required(PERMISSION)


def _agreements():
    return GrantAgreement.objects.select_related(
        "home_institution", "host_institution", "call", "participant"
    ).prefetch_related("payments")


@coordinator_required
@require_GET
def agreement_list(request: HttpRequest) -> HttpResponse:
    """Every agreement with what was paid and what is outstanding."""
    return render(request, "grants/office/agreement_list.html", {"agreements": _agreements()[:500]})


@coordinator_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest) -> HttpResponse:
    """Issue an agreement; the service's refusals land on the field they name."""
    posted = request.method == "POST"
    form = AgreementForm(request.POST) if posted else AgreementForm()
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = grant_services.issue_grant_agreement(
                participant_name=data["participant_name"],
                participant_language=data["participant_language"],
                participant=data["participant"],
                call=data["call"],
                host_institution=data["host_institution"],
                activity=data["activity"],
                call_year=data["call_year"],
                start=data["start"],
                end=data["end"],
                green=data["green"],
                travel_days=data["travel_days"],
                fewer_opportunities=data["fewer_opportunities"],
                departure_city=data["departure_city"],
                departure_reason=data["departure_reason"],
                prefinancing_percent=data["prefinancing_percent"],
                confirm_over_budget=data["confirm_over_budget"],
                by=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error, _AGREEMENT_FIELDS)
        else:
            messages.success(
                request,
                _("Grant agreement %(reference)s issued.") % {"reference": agreement.reference},
            )
            return redirect("grants_office:agreement_detail", pk=agreement.pk)
    over_budget = "confirm_over_budget" in form.errors
    return render(
        request,
        "grants/office/agreement_form.html",
        {"form": form, "over_budget": over_budget},
        status=400 if form.errors else 200,
    )


@coordinator_required
@require_GET
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(_agreements(), pk=pk)
    return _detail(request, agreement)


@coordinator_required
@require_POST
def payment_create(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(_agreements(), pk=pk)
    form = PaymentForm(request.POST, prefix="payment")
    if form.is_valid():
        try:
            grant_services.record_payment(agreement, **form.cleaned_data, by=request.user)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("The payment was recorded."))
            return redirect("grants_office:agreement_detail", pk=agreement.pk)
    return _detail(request, agreement, payment_form=form, status=400)


@coordinator_required
@require_POST
def actual_dates(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(_agreements(), pk=pk)
    form = ActualDatesForm(request.POST, prefix="actual")
    if form.is_valid():
        try:
            grant_services.record_actual_dates(agreement, **form.cleaned_data, by=request.user)
        except DomainError as error:
            add_domain_error(
                form, error, {"actual_start": "actual_start", "actual_end": "actual_end"}
            )
        else:
            messages.success(request, _("The final grant was recalculated on the actual dates."))
            return redirect("grants_office:agreement_detail", pk=agreement.pk)
    return _detail(request, agreement, dates_form=form, status=400)


@coordinator_required
@require_GET
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The agreement for signature, as a download in the participant's language."""
    agreement = get_object_or_404(_agreements(), pk=pk)
    response = HttpResponse(grant_agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{agreement.reference}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _detail(
    request: HttpRequest,
    agreement: GrantAgreement,
    *,
    payment_form: PaymentForm | None = None,
    dates_form: ActualDatesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    dates_initial = {
        "actual_start": agreement.actual_start or agreement.start,
        "actual_end": agreement.actual_end or agreement.end,
    }
    return render(
        request,
        "grants/office/agreement_detail.html",
        {
            "agreement": agreement,
            "breakdowns": _breakdowns(agreement),
            "recover": -agreement.outstanding,
            "schedule": grant_services.payment_schedule(agreement),
            "payments": agreement.payments.all(),
            "payment_form": payment_form or PaymentForm(prefix="payment"),
            "dates_form": dates_form or ActualDatesForm(prefix="actual", initial=dates_initial),
        },
        status=status,
    )


def _breakdowns(agreement: GrantAgreement) -> list[dict]:
    """The frozen breakdown, then the final one once the actual dates are recorded."""
    tables = [
        {
            "title": _("Grant: %(total)s EUR") % {"total": agreement.total},
            "note": _("The breakdown as frozen when the agreement was issued."),
            "breakdown": agreement.breakdown,
        }
    ]
    if agreement.final_breakdown:
        tables.append(
            {
                "title": _("Final grant: %(total)s EUR") % {"total": agreement.final_total},
                "note": _("Recalculated on the actual dates of the certificate of attendance."),
                "breakdown": agreement.final_breakdown,
            }
        )
    return tables
