"""The office's forms on personal data: finding applicants to erase, confirming an erasure,
and the filters of the document access log."""

from django import forms
from django.utils.translation import gettext_lazy as _

from erasmusdesk.core.forms import AccessibleErrorsMixin


class ApplicantSearchForm(AccessibleErrorsMixin, forms.Form):
    q = forms.CharField(
        label=_("E-mail or name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class EraseForm(AccessibleErrorsMixin, forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that this erases the applicant's personal data for good."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )


class DocumentAccessFilterForm(AccessibleErrorsMixin, forms.Form):
    """GET filters of the document access log. An invalid value is named in the error
    summary and that one filter is left out."""

    who = forms.CharField(
        label=_("Staff member (e-mail or username)"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    since = forms.DateField(
        label=_("From (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    application = forms.CharField(label=_("Application reference"), required=False, max_length=20)
    document = forms.IntegerField(label=_("Document number"), required=False, min_value=1)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date must not come before the start date."))
        return cleaned
