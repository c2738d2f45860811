"""The office's forms for grant agreements: issue one, record the actual dates, a payment.

The forms check the shape of the input; the rules (amounts, budget, recoveries) are the
services' (grants/grant_services.py), whose DomainError lands on the field it names.
"""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from erasmusdesk.calls.models import Call
from erasmusdesk.core import clock
from erasmusdesk.core.forms import AccessibleErrorsMixin
from erasmusdesk.grants.models import ActivityChoice, PaymentKind
from erasmusdesk.grants.models.rates import FIRST_YEAR, LAST_YEAR
from erasmusdesk.institutions.models import Institution


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AgreementForm(AccessibleErrorsMixin, forms.Form):
    """Issue a grant agreement by hand (until the selection of applicants provides them)."""

    participant_name = forms.CharField(
        label=_("Participant's name"),
        max_length=200,
        help_text=_("As in the passport; the agreement prints it as written here."),
    )
    participant_language = forms.ChoiceField(
        label=_("Language of the agreement"), choices=settings.LANGUAGES
    )
    participant = forms.ModelChoiceField(
        label=_("Participant's account (number)"),
        queryset=get_user_model().objects.all(),
        required=False,
        widget=forms.NumberInput(attrs={"min": 1}),
        help_text=_("Optional: the number of the participant's account on this site."),
    )
    call = forms.ModelChoiceField(
        label=pgettext_lazy("call for applications", "Call"),
        queryset=Call.objects.none(),
        required=False,
        help_text=_("Optional: the call whose budget the grant draws on."),
    )
    host_institution = forms.ModelChoiceField(
        label=_("Receiving institution"), queryset=Institution.objects.none()
    )
    activity = forms.ChoiceField(label=_("Activity"), choices=ActivityChoice.choices)
    call_year = forms.IntegerField(
        label=_("Call year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("Selects the rate table."),
    )
    start = forms.DateField(label=_("First day"), widget=_date_input())
    end = forms.DateField(label=_("Last day"), widget=_date_input())
    green = forms.BooleanField(label=_("Green travel (train, bus, car-sharing)"), required=False)
    travel_days = forms.IntegerField(
        label=_("Funded travel days"), min_value=0, max_value=30, initial=0
    )
    fewer_opportunities = forms.BooleanField(
        label=_("Participant with fewer opportunities"), required=False
    )
    departure_city = forms.CharField(
        label=_("Other departure city"),
        max_length=120,
        required=False,
        help_text=_('"City, CC" when the participant leaves from elsewhere; give the reason.'),
    )
    departure_reason = forms.CharField(
        label=_("Reason for the other city"), max_length=300, required=False
    )
    prefinancing_percent = forms.IntegerField(
        label=_("Pre-financing (%)"), min_value=0, max_value=100, initial=80
    )
    confirm_over_budget = forms.BooleanField(
        label=_("Issue it although the budget of the call is exceeded"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only partners with a signed agreement still in force this academic year.
        self.fields["host_institution"].queryset = Institution.objects.in_force(
            clock.academic_year()
        ).order_by("name")
        self.fields["call"].queryset = Call.objects.order_by("-academic_year", "slug")
        self.initial.setdefault("call_year", clock.local_year())

    def clean(self):
        """Rule: another departure city needs a reason (reference section 2)."""
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last day is before the first day."))
        if cleaned.get("departure_city") and not cleaned.get("departure_reason"):
            self.add_error(
                "departure_reason",
                _("Give the reason why the participant leaves from another city."),
            )
        return cleaned


class ActualDatesForm(AccessibleErrorsMixin, forms.Form):
    """The dates of the certificate of attendance."""

    actual_start = forms.DateField(label=_("Actual first day"), widget=_date_input())
    actual_end = forms.DateField(label=_("Actual last day"), widget=_date_input())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("actual_start"), cleaned.get("actual_end")
        if start and end and end < start:
            self.add_error("actual_end", _("The last day is before the first day."))
        return cleaned


class PaymentForm(AccessibleErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=PaymentKind.choices)
    amount = forms.DecimalField(
        label=_("Amount (EUR)"), max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )
    paid_on = forms.DateField(label=_("Date"), widget=_date_input())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    override_reason = forms.CharField(
        label=_("Reason to pay more than is due"),
        max_length=300,
        required=False,
        help_text=_("Only for a payment beyond what is due: it confirms the payment."),
    )
