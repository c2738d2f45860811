"""Grant estimates: where the two ends are, which table applies, the breakdown explained.

One road for the public calculator page, the API and (later) the grant agreement.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from erasmusdesk.core.errors import DomainError
from erasmusdesk.grants import calculator as calc
from erasmusdesk.grants.distance import band_distance, great_circle_km
from erasmusdesk.grants.explain import ExplainedLine, explain
from erasmusdesk.grants.models import RateTable
from erasmusdesk.grants.rules import Activity
from erasmusdesk.institutions import gazetteer
from erasmusdesk.institutions.models import Institution


@dataclass(frozen=True)
class Place:
    """One end of the journey: a name, its country (ISO alpha-2) and coordinates."""

    name: str
    country: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class GrantEstimate:
    """An estimate and where it comes from: ``carried_over`` when no table covers ``year``
    and the latest table's figures stand in for it (unconfirmed)."""

    table: RateTable
    origin: Place
    destination: Place
    breakdown: calc.Breakdown
    lines: list[ExplainedLine]
    year: int
    carried_over: bool = False

    @property
    def confirmed(self) -> bool:
        return self.table.is_confirmed and not self.carried_over

    @property
    def whole_km(self) -> int:
        return band_distance(self.breakdown.distance_km)


def place_of_city(reference: str, *, field: str) -> Place:
    """A city written "Name, CC" (ISO country code), found in the offline gazetteer."""
    try:
        city = gazetteer.parse_reference(reference)
    except ValueError as error:
        raise DomainError(
            _('Write the city as "Name, CC" with the ISO country code, e.g. "Berlin, DE".'),
            field=field,
        ) from error
    if city is None:
        raise DomainError(
            _("%(city)s is not in the gazetteer of cities.") % {"city": reference}, field=field
        )
    return Place(city.label, city.country, city.latitude, city.longitude)


def place_of_institution(institution: Institution, *, field: str) -> Place:
    """An institution's city; its coordinates must be known."""
    if institution.latitude is None or institution.longitude is None:
        raise DomainError(
            _("The coordinates of %(name)s are not known.") % {"name": institution.name},
            field=field,
        )
    return Place(
        f"{institution.name} ({institution.city})",
        institution.country.code,
        float(institution.latitude),
        float(institution.longitude),
    )


def estimate_grant(
    *,
    year: int,
    activity: Activity,
    origin: Place,
    destination: Place,
    start: date,
    end: date,
    green: bool = False,
    travel_days: int = 0,
    fewer_opportunities: bool = False,
) -> GrantEstimate:
    """The breakdown of a grant with the rate table of the call year ``year``.

    A year after the last table uses the latest table, carried over and unconfirmed
    (``RateTable.objects.for_year_or_latest``). Raises DomainError naming the field: no table
    for the year (before the first one), an unknown host country, dates in the wrong order, a
    duration outside the table's range, too many travel days.
    """
    chosen = RateTable.objects.with_rules().for_year_or_latest(year)
    if chosen is None:
        raise DomainError(
            _("There is no rate table for the call year %(year)s.") % {"year": year},
            field="year",
        )
    table = chosen.table
    distance = great_circle_km(
        origin.latitude, origin.longitude, destination.latitude, destination.longitude
    )
    try:
        breakdown = calc.calculate(
            calc.Estimate(
                table=table.to_rules(),
                activity=activity,
                host_country=destination.country,
                distance_km=distance,
                start=start,
                end=end,
                green=green,
                travel_days=travel_days,
                fewer_opportunities=fewer_opportunities,
            )
        )
    except calc.CalculationError as error:
        raise DomainError(_error_message(error), field=error.field) from error
    return GrantEstimate(
        table,
        origin,
        destination,
        breakdown,
        explain(breakdown),
        year=year,
        carried_over=chosen.carried_over,
    )


def _error_message(error: calc.CalculationError) -> str:
    """The calculator's refusal in the active language."""
    params = error.params
    if error.code == "end_before_start":
        return _("The end date (%(end)s) is before the start date (%(start)s).") % params
    if error.code == "duration_out_of_range":
        unit = _("months") if params["unit"] == "months" else _("days")
        return _(
            "The duration must be between %(minimum)s and %(maximum)s %(unit)s for this "
            "activity; these dates give %(days)s days."
        ) % {**params, "unit": unit}
    if error.code == "unknown_country":
        return _("The host country %(country)s has no group in the rate table.") % params
    if error.code == "travel_days_out_of_range":
        return _("The funded travel days must be between 0 and %(maximum)s.") % params
    if error.code == "missing_rate":
        return _("The rate table has no rate for country group %(group)s.") % params
    return error.message


def money(value: Decimal | None) -> str | None:
    """Money as a string with two decimals ("4250.00"), as the API gives it."""
    return None if value is None else f"{calc.cents(value):.2f}"
