"""The summary box: an opportunity's structured facts as (label, value) lines to show."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from erasmusdesk.catalogue.models import Opportunity


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    value: str


def euros(amount: int) -> str:
    """ "30,000 EUR" with the language's thousands separator."""
    return _("%(amount)s EUR") % {"amount": number_format(amount, force_grouping=True)}


def _range(low: int | None, high: int | None) -> tuple[str, int] | None:
    """'3–12' (or '36' when both are equal) and the number that chooses the plural form."""
    if low is None and high is None:
        return None
    if low is None or high is None or low == high:
        value = low if high is None else high
        return number_format(value, force_grouping=True), value
    low_text = number_format(low, force_grouping=True)
    return f"{low_text}–{number_format(high, force_grouping=True)}", high


def _share(percent: int) -> str:
    return _("up to %(percent)d %% of eligible costs") % {"percent": percent}


def _for_years(value: str, row) -> str:
    """ "35,000 EUR (calls from 2025)": a figure with the call years it belongs to."""
    return _("%(value)s (%(years)s)") % {"value": value, "years": row.years_label}


def summary_facts(opp: Opportunity) -> list[Fact]:
    """The facts of the summary box, in a fixed order, leaving out those not set."""
    facts: list[Fact] = []
    months = _range(opp.duration_min_months, opp.duration_max_months)
    if months:
        text, count = months
        facts.append(
            Fact(
                "duration",
                _("Duration"),
                ngettext("%(range)s month", "%(range)s months", count) % {"range": text},
            )
        )
    grant = _range(opp.monthly_grant_min_eur, opp.monthly_grant_max_eur)
    if grant:
        text, _count = grant
        facts.append(
            Fact(
                "monthly_grant",
                _("Monthly grant"),
                _("%(range)s EUR a month") % {"range": text},
            )
        )
    if opp.travel_support:
        facts.append(Fact("travel", _("Travel support"), _("By distance band")))
    figures = opp.call_year_figures.all() if opp.pk else []
    by_years = sorted(figures, key=lambda row: -row.sort_year)
    grants = [_for_years(euros(row.max_grant_eur), row) for row in by_years if row.max_grant_eur]
    if grants:
        facts.append(Fact("max_grant", _("Maximum grant"), "; ".join(grants)))
    elif opp.max_grant_eur is not None:
        facts.append(Fact("max_grant", _("Maximum grant"), euros(opp.max_grant_eur)))
    shares = [
        _for_years(_share(row.funding_rate_percent), row)
        for row in by_years
        if row.funding_rate_percent
    ]
    if shares:
        facts.append(Fact("funding_rate", _("EU share of costs"), "; ".join(shares)))
    elif opp.funding_rate_percent is not None:
        facts.append(Fact("funding_rate", _("EU share of costs"), _share(opp.funding_rate_percent)))
    if opp.min_teaching_hours is not None:
        facts.append(
            Fact(
                "teaching_hours",
                _("Teaching"),
                ngettext(
                    "at least %(hours)d hour per academic year",
                    "at least %(hours)d hours per academic year",
                    opp.min_teaching_hours,
                )
                % {"hours": opp.min_teaching_hours},
            )
        )
    if opp.ects_list:
        facts.append(
            Fact(
                "ects",
                _("ECTS credits"),
                " / ".join(str(credits) for credits in opp.ects_list),
            )
        )
    if opp.min_partners is not None:
        facts.append(
            Fact(
                "partners",
                _("Partners"),
                ngettext(
                    "at least %(count)d institution",
                    "at least %(count)d institutions",
                    opp.min_partners,
                )
                % {"count": opp.min_partners},
            )
        )
    if opp.min_countries is not None:
        facts.append(
            Fact(
                "countries",
                _("Countries"),
                ngettext(
                    "at least %(count)d country",
                    "at least %(count)d countries",
                    opp.min_countries,
                )
                % {"count": opp.min_countries},
            )
        )
    return facts
