"""The advisor's questions (a GET form: bookmarkable, works without JavaScript)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from erasmusdesk.advisor import fit
from erasmusdesk.advisor.explain import LEVEL_LABELS, POSITION_LABELS, ROLE_LABELS
from erasmusdesk.core.forms import AccessibleErrorsMixin

_ANY = [("", "—")]


class AdvisorForm(AccessibleErrorsMixin, forms.Form):
    role = forms.ChoiceField(
        label=_("I am a"), choices=list(ROLE_LABELS.items()), widget=forms.RadioSelect
    )
    level = forms.ChoiceField(
        label=_("Students: level of study"),
        choices=_ANY + list(LEVEL_LABELS.items()),
        required=False,
    )
    year = forms.IntegerField(
        label=_("Students: year of study"), min_value=1, max_value=8, required=False
    )
    has_degree = forms.BooleanField(
        label=_("Students: I hold a first degree (bachelor's or equivalent)"), required=False
    )
    language = forms.ChoiceField(
        label=_("Students: level of English (CEFR)"),
        choices=_ANY + [(level, level) for level in fit.CEFR],
        required=False,
    )
    position = forms.ChoiceField(
        label=_("Teachers: position"),
        choices=_ANY + list(POSITION_LABELS.items()),
        required=False,
    )

    def visitor(self) -> fit.Visitor:
        data = self.cleaned_data
        role = fit.Role(data["role"])
        student = role == fit.Role.STUDENT
        return fit.Visitor(
            role=role,
            level=fit.Level(data["level"]) if student and data["level"] else None,
            year=data["year"] if student else None,
            has_degree=data["has_degree"] if student else None,
            language=(data["language"] or None) if student else None,
            position=(data["position"] or None) if role == fit.Role.TEACHER else None,
        )
