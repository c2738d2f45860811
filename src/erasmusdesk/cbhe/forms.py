from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from erasmusdesk.cbhe.models import STRAND_CHOICES
from erasmusdesk.cbhe.rules import Partner
from erasmusdesk.core.erasmus_countries import country_code
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import AccessibleErrorsMixin


class IdeaForm(AccessibleErrorsMixin, forms.Form):
    strand = forms.ChoiceField(label=gettext_lazy("Strand"), choices=STRAND_CHOICES)
    call_year = forms.IntegerField(label=gettext_lazy("Call year"), min_value=2014, max_value=2100)
    duration_months = forms.IntegerField(
        label=gettext_lazy("Duration (months)"), min_value=1, max_value=120
    )
    partners = forms.CharField(
        label=gettext_lazy("Partners"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            'One organisation a line: "name; country code; hei" or "name; country code; '
            'other", e.g. "Atyrau University; KZ; hei".'
        ),
    )

    def clean_partners(self):
        partners = []
        for number, line in enumerate(self.cleaned_data["partners"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";")]
            if len(parts) != 3 or not parts[0] or parts[2].lower() not in ("hei", "other"):
                raise forms.ValidationError(
                    _('Line %(line)s: write "name; country code; hei" or "...; other".')
                    % {"line": number}
                )
            try:
                country = country_code(parts[1], field="partners")
            except DomainError as error:
                raise forms.ValidationError(
                    _("Line %(line)s: %(error)s") % {"line": number, "error": error.message}
                ) from None
            partners.append(Partner(parts[0], country, parts[2].lower() == "hei"))
        return partners
