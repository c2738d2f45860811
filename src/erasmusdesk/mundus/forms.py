from django import forms
from django.utils.translation import gettext_lazy as _

from erasmusdesk.core import clock
from erasmusdesk.core.forms import AccessibleErrorsMixin
from erasmusdesk.mundus.explain import RESIDENCE_LABELS
from erasmusdesk.mundus.models import JointMaster, Outcome
from erasmusdesk.mundus.rules import PARTNER


class ScholarshipForm(AccessibleErrorsMixin, forms.Form):
    ects = forms.TypedChoiceField(
        label=_("ECTS credits"), coerce=int, choices=[(60, "60"), (90, "90"), (120, "120")]
    )
    call_year = forms.IntegerField(label=_("Call year"), min_value=2014, max_value=2100)
    residence = forms.ChoiceField(
        label=_("Scholarship holder (2014-2020 calls)"),
        choices=list(RESIDENCE_LABELS.items()),
        initial=PARTNER,
        required=False,
        help_text=_(
            "The calls of 2014-2020 paid Partner- and Programme-country holders differently."
        ),
    )
    distance_km = forms.IntegerField(
        label=_("Distance from home to the coordinating university (km, 2014-2020 calls)"),
        min_value=0,
        max_value=20000,
        required=False,
        help_text=_("Optional: it decides the travel band of a Partner-country holder."),
    )

    def clean_residence(self):
        return self.cleaned_data["residence"] or PARTNER


class ApplicationForm(AccessibleErrorsMixin, forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=JointMaster.objects.filter(is_published=True)
    )
    intake_year = forms.IntegerField(label=_("Intake year"), min_value=2014, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intake_year"].initial = clock.local_year() + 1


class OutcomeForm(AccessibleErrorsMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)


class ImportForm(AccessibleErrorsMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: name, acronym, ects, duration_months, degree_type (joint or multiple), "
            "call_year, applications_open, applications_close (YYYY-MM-DD), website, members "
            '("Name (CC); Name (CC)", the coordinator first).'
        ),
    )
