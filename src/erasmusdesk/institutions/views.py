"""Public pages: the partner universities with their places, filtered, and one partner."""

from django import forms
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from erasmusdesk.calls.models import Call
from erasmusdesk.core import clock
from erasmusdesk.institutions import isced
from erasmusdesk.institutions.models import (
    Agreement,
    AgreementStatus,
    Direction,
    EqfLevel,
    Institution,
    MobilityCondition,
)
from erasmusdesk.institutions.services import partners_with_places


class PartnerFilter(forms.Form):
    """The filters of the partner list; unknown values are refused with the field named."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    area = forms.ChoiceField(label=_("Subject area"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("Any level")), *EqfLevel.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        codes = Institution.objects.partners().values_list("country", flat=True).distinct()
        self.fields["country"].choices = [("", _("Any country"))] + sorted(
            ((code, countries.name(code)) for code in set(codes)), key=lambda item: str(item[1])
        )
        self.fields["area"].choices = [("", _("Any subject area"))] + [
            (code, f"{code} {name}") for code, name in isced.BROAD_FIELDS.items()
        ]


def _outgoing_signed_conditions() -> Prefetch:
    conditions = MobilityCondition.objects.filter(direction=Direction.OUTGOING).order_by(
        "isced_code"
    )
    agreements = (
        Agreement.objects.filter(status=AgreementStatus.SIGNED)
        .prefetch_related(Prefetch("conditions", queryset=conditions))
        .order_by("-first_academic_year")
    )
    return Prefetch("agreements", queryset=agreements, to_attr="signed_agreements")


def partner_list(request: HttpRequest) -> HttpResponse:
    form = PartnerFilter(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    partners = partners_with_places(
        country=filters.get("country", ""),
        isced_prefix=filters.get("area", ""),
        eqf_level=filters.get("level", ""),
        academic_year=None,
    ).prefetch_related(_outgoing_signed_conditions())
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "institutions/partner_list.html",
        {"form": form, "partners": partners if status == 200 else []},
        status=status,
    )


def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(
        Institution.objects.partners().prefetch_related(_outgoing_signed_conditions(), "units"),
        pk=pk,
    )
    now = clock.now()
    calls = (
        Call.objects.published()
        .filter(agreements__partner=partner)
        .not_closed(now)
        .distinct()
        .order_by("opens_at")
    )
    return render(request, "institutions/partner_detail.html", {"partner": partner, "calls": calls})
