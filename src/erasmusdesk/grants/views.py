"""The public grant calculator: "how much will I get?", every euro explained."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import add_domain_error
from erasmusdesk.grants.forms import CalculatorForm
from erasmusdesk.grants.services import estimate_grant, place_of_city, place_of_institution
from erasmusdesk.institutions.models import Institution


def _initial() -> dict:
    home = Institution.objects.filter(is_home=True).first()
    return {"year": clock.local_year(), "origin": home.pk if home else None, "travel_days": 0}


def calculator(request: HttpRequest) -> HttpResponse:
    """GET form (bookmarkable, works without JavaScript) and, when filled, the breakdown."""
    form = CalculatorForm(request.GET or None, initial=_initial())
    result, status = None, 200
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = estimate_grant(
                    year=data["year"],
                    activity=data["activity"],
                    origin=_place(data, "origin"),
                    destination=_place(data, "destination"),
                    start=data["start"],
                    end=data["end"],
                    green=data["green"],
                    travel_days=data["travel_days"] or 0,
                    fewer_opportunities=data["fewer_opportunities"],
                )
            except DomainError as error:
                add_domain_error(form, error, _FIELDS)
        if not form.is_valid():
            status = 400
    return render(
        request, "grants/calculator.html", {"form": form, "result": result}, status=status
    )


def _place(data: dict, name: str):
    institution = data.get(name)
    if institution:
        return place_of_institution(institution, field=name)
    return place_of_city(data[f"{name}_city"], field=f"{name}_city")


_FIELDS = {
    "to": "destination",
    "from": "origin",
    "activity": "activity",
    "end": "end",
    "travel_days": "travel_days",
    "year": "year",
    "origin_city": "origin_city",
    "destination_city": "destination_city",
    "origin": "origin",
    "destination": "destination",
}
