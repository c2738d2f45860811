"""The enquiry form of the contact block."""

from django import forms
from django.utils.translation import gettext_lazy as _

from erasmusdesk.catalogue.models import Opportunity
from erasmusdesk.core.forms import AccessibleErrorsMixin


class EnquiryForm(AccessibleErrorsMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("Your e-mail"), max_length=254)
    opportunity = forms.ModelChoiceField(
        label=_("About"),
        queryset=Opportunity.objects.published(),
        required=False,
        empty_label=_("General question"),
    )
    message = forms.CharField(
        label=_("Your question"),
        max_length=3000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if any(ord(char) < 32 for char in name):
            raise forms.ValidationError(_("The name must not contain control characters."))
        return name
