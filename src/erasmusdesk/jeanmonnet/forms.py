"""The teacher's proposal form, the public checker's form and the office's review forms.

The team, the teaching plan and the partners are typed one per line (works without
JavaScript, on a phone): "name; role", "year; course; hours", "name; country code".
"""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from erasmusdesk.core import clock
from erasmusdesk.core.erasmus_countries import country_code
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.forms import AccessibleErrorsMixin
from erasmusdesk.jeanmonnet.models import (
    ACTION_CHOICES,
    DOCUMENT_LABELS,
    POSITION_CHOICES,
    document_label,
)
from erasmusdesk.jeanmonnet.rules import Action, HolderPosition, Partner, ProposalFacts
from erasmusdesk.jeanmonnet.services import Draft


def _lines(text: str) -> list[tuple[int, list[str]]]:
    return [
        (number, [part.strip() for part in line.split(";")])
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


def _partners(text: str) -> tuple[tuple[str, str], ...]:
    partners = []
    for number, parts in _lines(text):
        if len(parts) != 2 or not parts[0]:
            raise forms.ValidationError(
                _('Line %(line)s: write "name; country code", e.g. "University of Athens; EL".')
                % {"line": number}
            )
        try:
            partners.append((parts[0], country_code(parts[1], field="partners")))
        except DomainError as error:
            raise forms.ValidationError(
                _("Line %(line)s: %(error)s") % {"line": number, "error": error.message}
            ) from None
    return tuple(partners)


def _year_range():
    year = clock.local_year()
    return [(y, str(y)) for y in range(year + 1, 2013, -1)]


class ProposalForm(AccessibleErrorsMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    action = forms.ChoiceField(label=gettext_lazy("Action"), choices=ACTION_CHOICES)
    call_year = forms.TypedChoiceField(label=gettext_lazy("Call year"), coerce=int, choices=())
    holder_position = forms.ChoiceField(
        label=gettext_lazy("Position of the holder"), choices=POSITION_CHOICES
    )
    duration_months = forms.IntegerField(
        label=gettext_lazy("Duration (months)"), min_value=1, max_value=120, required=False
    )
    requested_eur = forms.DecimalField(
        label=gettext_lazy("EU grant requested (EUR)"),
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        required=False,
    )
    team = forms.CharField(
        label=gettext_lazy("Team"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy('One person a line: "name; role", e.g. "Aigerim Sadykova; holder".'),
    )
    teaching = forms.CharField(
        label=gettext_lazy("Teaching plan"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            'One course a line: "academic year of the project; course; hours", e.g. '
            '"1; EU energy law; 40".'
        ),
    )
    partners = forms.CharField(
        label=gettext_lazy("Partners"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            'One partner a line: "name; country code" (ISO, EL for Greece), e.g. '
            '"University of Athens; EL".'
        ),
    )
    work_plan = forms.CharField(
        label=gettext_lazy("Work plan"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    commission_deadline = forms.DateField(
        label=gettext_lazy("The Commission's deadline"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    internal_days_before = forms.IntegerField(
        label=gettext_lazy("Internal deadline: days before the Commission's"),
        min_value=0,
        max_value=120,
        initial=14,
    )
    documents_ready = forms.MultipleChoiceField(
        label=gettext_lazy("Documents ready"),
        required=False,
        choices=list(DOCUMENT_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call_year"].choices = _year_range()

    def clean_team(self):
        team = []
        for number, parts in _lines(self.cleaned_data["team"]):
            if len(parts) > 2 or not parts[0]:
                raise forms.ValidationError(
                    _('Line %(line)s: write "name; role".') % {"line": number}
                )
            team.append((parts[0], parts[1] if len(parts) > 1 else ""))
        return tuple(team)

    def clean_teaching(self):
        plan = []
        for number, parts in _lines(self.cleaned_data["teaching"]):
            try:
                year, course, hours = parts
                year, hours = int(year), int(hours)
                if not 1 <= year <= 6 or not 0 <= hours <= 2000 or not course:
                    raise ValueError
            except ValueError:
                raise forms.ValidationError(
                    _(
                        'Line %(line)s: write "academic year (1-6); course; hours", e.g. '
                        '"1; EU energy law; 40".'
                    )
                    % {"line": number}
                ) from None
            plan.append((year, course, hours))
        return tuple(plan)

    def clean_partners(self):
        return _partners(self.cleaned_data["partners"])

    def draft(self) -> Draft:
        data = self.cleaned_data
        return Draft(
            title=data["title"],
            action=data["action"],
            call_year=data["call_year"],
            holder_position=data["holder_position"],
            duration_months=data["duration_months"],
            requested_eur=data["requested_eur"],
            work_plan=data["work_plan"],
            commission_deadline=data["commission_deadline"],
            internal_days_before=data["internal_days_before"],
            documents_ready=tuple(data["documents_ready"]),
            team=data["team"],
            teaching=data["teaching"],
            partners=data["partners"],
        )

    @classmethod
    def initial_of(cls, proposal) -> dict:
        return {
            "title": proposal.title,
            "action": proposal.action,
            "call_year": proposal.call_year,
            "holder_position": proposal.holder_position,
            "duration_months": proposal.duration_months,
            "requested_eur": proposal.requested_eur,
            "work_plan": proposal.work_plan,
            "commission_deadline": proposal.commission_deadline,
            "internal_days_before": proposal.internal_days_before,
            "documents_ready": proposal.documents_ready,
            "team": "\n".join(
                f"{m.name}; {m.role}" if m.role else m.name for m in proposal.team.all()
            ),
            "teaching": "\n".join(
                f"{line.academic_year}; {line.course}; {line.hours}"
                for line in proposal.teaching.all()
            ),
            "partners": "\n".join(f"{p.name}; {p.country}" for p in proposal.partners.all()),
        }


class CheckerForm(AccessibleErrorsMixin, forms.Form):
    """The public checker: the facts of the API, typed in a form (GET, bookmarkable)."""

    action = forms.ChoiceField(label=gettext_lazy("Action"), choices=ACTION_CHOICES)
    call_year = forms.TypedChoiceField(label=gettext_lazy("Call year"), coerce=int, choices=())
    holder_position = forms.ChoiceField(
        label=gettext_lazy("Position of the holder"), choices=POSITION_CHOICES
    )
    duration_months = forms.IntegerField(
        label=gettext_lazy("Duration (months)"), min_value=1, max_value=120, required=False
    )
    hours_per_year = forms.CharField(
        label=gettext_lazy("Teaching hours per academic year"),
        required=False,
        help_text=gettext_lazy("Separated by commas, e.g. 40, 40, 45."),
    )
    requested_eur = forms.DecimalField(
        label=gettext_lazy("EU grant requested (EUR)"),
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        required=False,
    )
    partners = forms.CharField(
        label=gettext_lazy("Partners"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            'One partner a line: "name; country code" (ISO, EL for Greece), e.g. '
            '"University of Athens; EL".'
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call_year"].choices = _year_range()

    def clean_hours_per_year(self):
        text = self.cleaned_data["hours_per_year"].strip()
        if not text:
            return ()
        try:
            hours = tuple(int(part) for part in text.split(","))
        except ValueError:
            raise forms.ValidationError(_("Give whole numbers separated by commas.")) from None
        if any(h < 0 for h in hours):
            raise forms.ValidationError(_("Give whole numbers separated by commas."))
        return hours

    def clean_partners(self):
        return _partners(self.cleaned_data["partners"])

    def facts(self) -> ProposalFacts:
        data = self.cleaned_data
        return ProposalFacts(
            action=Action(data["action"]),
            call_year=data["call_year"],
            hours_per_year=data["hours_per_year"],
            duration_months=data["duration_months"],
            requested_eur=data["requested_eur"],
            partners=tuple(Partner(name, country) for name, country in data["partners"]),
            holder_position=HolderPosition(data["holder_position"]),
        )


class CommentForm(AccessibleErrorsMixin, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DeliverableForm(AccessibleErrorsMixin, forms.Form):
    title = forms.CharField(label=gettext_lazy("Deliverable or report"), max_length=200)
    due = forms.DateField(label=gettext_lazy("Due"), widget=forms.DateInput(attrs={"type": "date"}))


class ProposalDocumentForm(AccessibleErrorsMixin, forms.Form):
    """One file for one of the documents the proposal's call needs."""

    code = forms.ChoiceField(label=gettext_lazy("Document"))
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(code, document_label(code)) for code in codes]
