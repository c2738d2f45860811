"""The applicant's forms: the application (a draft at any step), a document upload."""

from django import forms
from django.utils.translation import gettext_lazy as _

from erasmusdesk.applications.drafting import Draft
from erasmusdesk.applications.models import Application, Period
from erasmusdesk.applications.places import place_label
from erasmusdesk.core.forms import AccessibleErrorsMixin
from erasmusdesk.institutions import isced

CHOICE_LABELS = (_("First choice"), _("Second choice"), _("Third choice"))


class ApplicationForm(AccessibleErrorsMixin, forms.Form):
    """Every field may stay empty in a draft; the completeness panel says what is needed
    before submission. The places offered are those that fit the applicant (places.py)."""

    subject_area = forms.ChoiceField(
        label=_("Subject area (ISCED-F 2013)"),
        required=False,
        help_text=_("The field you study or teach: it decides which places fit you."),
    )
    place_1 = forms.TypedChoiceField(
        label=CHOICE_LABELS[0], required=False, coerce=int, empty_value=None
    )
    place_2 = forms.TypedChoiceField(
        label=CHOICE_LABELS[1], required=False, coerce=int, empty_value=None
    )
    place_3 = forms.TypedChoiceField(
        label=CHOICE_LABELS[2], required=False, coerce=int, empty_value=None
    )
    period = forms.ChoiceField(
        label=_("Intended period"),
        required=False,
        widget=forms.RadioSelect,
        choices=Period.choices,
    )
    starts_on = forms.DateField(
        label=_("First day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only for exact dates."),
    )
    ends_on = forms.DateField(
        label=_("Last day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    motivation = forms.CharField(
        label=_("Motivation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "maxlength": 5000}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, application: Application, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject_area"].choices = [("", _("— choose —"))] + isced.choices()
        options = [("", _("— none —"))] + [(place.pk, place_label(place)) for place in places]
        for index in range(1, 4):
            self.fields[f"place_{index}"].choices = options
        self.fields["motivation"].help_text = _(
            "Why this mobility, why these places, and what you will bring back "
            "(%(low)d to 5,000 characters)."
        ) % {"low": application.call.motivation_min_characters}

    @staticmethod
    def initial_for(application: Application) -> dict:
        initial = {
            "subject_area": application.subject_area,
            "period": application.period,
            "starts_on": application.starts_on,
            "ends_on": application.ends_on,
            "motivation": application.motivation,
            "version": application.version,
        }
        for preference in application.preferences.all():
            initial[f"place_{preference.position}"] = preference.place_id
        return initial

    def draft(self) -> Draft:
        data = self.cleaned_data
        chosen = [data.get(f"place_{index}") for index in range(1, 4)]
        return Draft(
            subject_area=data.get("subject_area") or "",
            period=data.get("period") or "",
            starts_on=data.get("starts_on"),
            ends_on=data.get("ends_on"),
            motivation=(data.get("motivation") or "").strip(),
            place_ids=tuple(pk for pk in chosen if pk),
        )

    def add_domain_errors(self, errors: dict[str, str]) -> None:
        """Put the service's errors on the fields they concern ("places" on the first
        place field)."""
        for field, message in errors.items():
            self.add_error("place_1" if field == "places" else field, message)


class UploadForm(AccessibleErrorsMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        error_messages={
            "empty": _("The file is empty: choose the file again, or another one."),
            "required": _("Choose a file to upload."),
        },
    )
    replaces = forms.IntegerField(required=False, widget=forms.HiddenInput)


class WithdrawForm(AccessibleErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
