"""The public grant calculator's form: GET parameters, validated with field-named errors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from erasmusdesk.core import clock
from erasmusdesk.core.forms import AccessibleErrorsMixin
from erasmusdesk.grants.models import RateTable
from erasmusdesk.grants.rules import Activity
from erasmusdesk.institutions.models import Institution

ACTIVITIES = [
    (Activity.STUDY.value, _("Study (students)")),
    (Activity.TRAINEESHIP.value, _("Traineeship (students)")),
    (Activity.TEACHING.value, _("Teaching (staff)")),
    (Activity.TRAINING.value, _("Training (staff)")),
]


def _years() -> list[tuple[int, str]]:
    """The call years of the tables, and the years since the last one up to next year's call,
    whose figures are carried over from the latest table until the office adds theirs."""
    years = set()
    for first, last in RateTable.objects.values_list("first_call_year", "last_call_year"):
        years.update(range(first, last + 1))
    if not years:
        return []
    carried = set(range(max(years) + 1, clock.local_year() + 2))
    return [
        (
            year,
            _CARRIED_LABEL % {"year": year, "next": year + 1}
            if year in carried
            else f"{year}/{year + 1}",
        )
        for year in sorted(years | carried, reverse=True)
    ]


_CARRIED_LABEL = _("%(year)s/%(next)s (figures carried over)")


class CalculatorForm(AccessibleErrorsMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Call year"), coerce=int)
    activity = forms.ChoiceField(label=_("Activity"), choices=ACTIVITIES)
    origin = forms.ModelChoiceField(
        label=_("From (home university)"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("— or type a city below —"),
    )
    origin_city = forms.CharField(
        label=_("or from the city"),
        required=False,
        max_length=120,
        help_text=_('As "City, CC" with the ISO country code, e.g. "Atyrau, KZ".'),
    )
    destination = forms.ModelChoiceField(
        label=_("To (partner university)"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("— or type a city below —"),
    )
    destination_city = forms.CharField(
        label=_("or to the city"),
        required=False,
        max_length=120,
        help_text=_('E.g. "Berlin, DE".'),
    )
    start = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    green = forms.BooleanField(label=_("Green travel (train, bus, car-sharing)"), required=False)
    travel_days = forms.IntegerField(
        label=_("Funded travel days"), min_value=0, max_value=30, initial=0, required=False
    )
    fewer_opportunities = forms.BooleanField(
        label=_("Participant with fewer opportunities"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _years()
        self.fields["origin"].queryset = Institution.objects.filter(is_home=True)
        self.fields["destination"].queryset = Institution.objects.partners().order_by("name")

    def clean(self):
        cleaned = super().clean()
        for place in ("origin", "destination"):
            if not cleaned.get(place) and not cleaned.get(f"{place}_city"):
                self.add_error(
                    f"{place}_city", _('Choose a university or type a city as "City, CC".')
                )
        return cleaned
