from datetime import date
from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from erasmusdesk.cbhe.models import STRAND_CHOICES
from erasmusdesk.cbhe.rules import Partner
from erasmusdesk.cbhe.services import NewProject
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


def _lines(text: str) -> list[tuple[int, list[str]]]:
    return [
        (number, [part.strip() for part in line.split(";")])
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


class ProjectForm(AccessibleErrorsMixin, forms.Form):
    """The office's registration of a capacity-building project; partners, work packages
    and reporting dates one a line, so that the page works without JavaScript."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=250)
    acronym = forms.CharField(label=gettext_lazy("Acronym"), max_length=40, required=False)
    reference = forms.CharField(label=gettext_lazy("Project number"), max_length=60, required=False)
    strand = forms.ChoiceField(label=gettext_lazy("Strand"), choices=STRAND_CHOICES)
    call_year = forms.IntegerField(label=gettext_lazy("Call year"), min_value=2014, max_value=2100)
    start = forms.DateField(
        label=gettext_lazy("Start"), widget=forms.DateInput(attrs={"type": "date"})
    )
    duration_months = forms.IntegerField(
        label=gettext_lazy("Duration (months)"), min_value=1, max_value=120
    )
    budget_eur = forms.DecimalField(
        label=gettext_lazy("EU grant of the project (EUR)"),
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        initial=Decimal(0),
    )
    our_budget_eur = forms.DecimalField(
        label=gettext_lazy("Our share (EUR)"),
        min_value=Decimal(0),
        max_digits=12,
        decimal_places=2,
        initial=Decimal(0),
    )
    partners = forms.CharField(
        label=gettext_lazy("Partners"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            'One organisation a line: "name; country code; hei or other", and "; coordinator" '
            'for the coordinator, e.g. "Université de Montpellier; FR; hei; coordinator".'
        ),
    )
    work_packages = forms.CharField(
        label=gettext_lazy("Work packages and our tasks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            'One a line: "number; title; our tasks", e.g. "2; Curricula; two courses".'
        ),
    )
    reporting_dates = forms.CharField(
        label=gettext_lazy("Reporting dates"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            'One a line: "YYYY-MM-DD; report", e.g. "2026-06-30; Interim report".'
        ),
    )

    def clean_partners(self):
        partners = []
        for number, parts in _lines(self.cleaned_data["partners"]):
            coordinator = len(parts) == 4 and parts[3].lower() == "coordinator"
            if (
                len(parts) not in (3, 4)
                or not parts[0]
                or parts[2].lower() not in ("hei", "other")
                or (len(parts) == 4 and not coordinator)
            ):
                raise forms.ValidationError(
                    _(
                        'Line %(line)s: write "name; country code; hei" or "...; other", and '
                        '"; coordinator" for the coordinator.'
                    )
                    % {"line": number}
                )
            try:
                country = country_code(parts[1], field="partners")
            except DomainError as error:
                raise forms.ValidationError(
                    _("Line %(line)s: %(error)s") % {"line": number, "error": error.message}
                ) from None
            partners.append((parts[0], country, parts[2].lower() == "hei", coordinator))
        return tuple(partners)

    def clean_work_packages(self):
        packages = []
        for number, parts in _lines(self.cleaned_data["work_packages"]):
            if len(parts) not in (2, 3) or not parts[0].isdigit() or not parts[1]:
                raise forms.ValidationError(
                    _('Line %(line)s: write "number; title; our tasks".') % {"line": number}
                )
            packages.append((int(parts[0]), parts[1], parts[2] if len(parts) == 3 else ""))
        return tuple(packages)

    def clean_reporting_dates(self):
        reports = []
        for number, parts in _lines(self.cleaned_data["reporting_dates"]):
            try:
                due = date.fromisoformat(parts[0]) if len(parts) == 2 and parts[1] else None
            except ValueError:
                due = None
            if due is None:
                raise forms.ValidationError(
                    _('Line %(line)s: write "YYYY-MM-DD; report".') % {"line": number}
                )
            reports.append((due, parts[1]))
        return tuple(reports)

    def new_project(self) -> NewProject:
        return NewProject(**self.cleaned_data)
