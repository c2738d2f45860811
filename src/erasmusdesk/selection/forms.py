"""Forms of the selection's pages: scoring, conflicts, appeals, and the office's forms."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from erasmusdesk.accounts.roles import Role
from erasmusdesk.core import clock
from erasmusdesk.core.forms import AccessibleErrorsMixin
from erasmusdesk.selection.explain import plain
from erasmusdesk.selection.models import Criterion


def _points_field(criterion: Criterion, *, required: bool = True) -> forms.DecimalField:
    maximum = plain(criterion.max_points)
    rule = _("%(criterion)s: points from 0 to %(maximum)s, at most two decimals.") % {
        "criterion": criterion.name,
        "maximum": maximum,
    }
    return forms.DecimalField(
        label=criterion.name,
        required=required,
        min_value=Decimal(0),
        max_value=criterion.max_points,
        decimal_places=2,
        step_size=criterion.step,
        help_text=criterion.guidance,
        error_messages={
            "required": _("Give the points for %(criterion)s.") % {"criterion": criterion.name},
            "min_value": rule,
            "max_value": rule,
            "max_decimal_places": rule,
            "invalid": rule,
            "max_digits": rule,
            "step_size": _("%(criterion)s: the points go in steps of %(step)s.")
            % {"criterion": criterion.name, "step": plain(criterion.step)},
        },
        widget=forms.NumberInput(
            attrs={"step": plain(criterion.step), "min": "0", "max": str(maximum)}
        ),
    )


class ScoreForm(AccessibleErrorsMixin, forms.Form):
    """Points and an optional comment for each evaluators' criterion of the call."""

    def __init__(self, *args, criteria: list[Criterion], scores: dict | None = None, **kwargs):
        initial = {}
        for score in (scores or {}).values():
            initial[f"points_{score.criterion.code}"] = plain(score.points)
            initial[f"comment_{score.criterion.code}"] = score.comment
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"points_{criterion.code}"] = _points_field(criterion)
            self.fields[f"comment_{criterion.code}"] = forms.CharField(
                label=_("Comment on %(criterion)s (optional)") % {"criterion": criterion.name},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def pairs(self):
        """(points field, comment field) per criterion, for the template."""
        return [
            (self[f"points_{criterion.code}"], self[f"comment_{criterion.code}"])
            for criterion in self.criteria
        ]

    def points(self) -> dict[str, Decimal]:
        return {c.code: self.cleaned_data[f"points_{c.code}"] for c in self.criteria}

    def comments(self) -> dict[str, str]:
        return {c.code: self.cleaned_data[f"comment_{c.code}"] for c in self.criteria}


class ConflictForm(AccessibleErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("What is the conflict of interest?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "E.g. a relative, your own thesis student. You will no longer see or score this "
            "application; another member takes it over."
        ),
        error_messages={
            "required": _("Say what the conflict is (e.g. a relative, your own thesis student).")
        },
    )


class AppealForm(AccessibleErrorsMixin, forms.Form):
    text = forms.CharField(
        label=_("Your appeal"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say what you think is wrong in your result and why."),
        error_messages={"required": _("Say what you appeal against and why.")},
    )


class MemberForm(AccessibleErrorsMixin, forms.Form):
    user = forms.ModelChoiceField(
        label=_("Evaluator"),
        queryset=get_user_model().objects.none(),
        error_messages={"required": _("Choose an evaluator to add.")},
    )

    def __init__(self, *args, selection, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Role.EVALUATOR, is_active=True)
            .exclude(selection_memberships__selection=selection)
            .order_by("last_name", "username")
        )
        self.fields["user"].label_from_instance = lambda user: (
            f"{user.get_full_name() or user.get_username()} ({user.email})"
        )


def end_of_local_day(day) -> datetime:
    zone = timezone.get_default_timezone()
    return datetime.combine(day, time(23, 59, 59), tzinfo=zone)


class PublishForm(AccessibleErrorsMixin, forms.Form):
    """Publishing (or re-running) the results: the appeal deadline, and the run looked at."""

    appeal_until = forms.DateField(
        label=_("Applicants may appeal until (end of the day, Almaty time)"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Give the last day to appeal.")},
    )
    expected_run = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    confirm = forms.BooleanField(
        label=_("I have checked the results: send each applicant their result by e-mail."),
        error_messages={"required": _("Tick the box to confirm what will be sent.")},
    )

    def __init__(self, *args, selection=None, today=None, mailing=None, **kwargs):
        """``mailing``: (selected, reserve, not selected), the mails that publishing sends,
        named in the confirmation."""
        super().__init__(*args, **kwargs)
        if mailing is not None:
            selected, reserve, not_selected = mailing
            self.fields["confirm"].label = _(
                "I have checked the results: send %(total)s applicants their result by e-mail "
                "(%(selected)s selected, %(reserve)s on the reserve list, %(not_selected)s not "
                "selected)."
            ) % {
                "total": selected + reserve + not_selected,
                "selected": selected,
                "reserve": reserve,
                "not_selected": not_selected,
            }
        if selection is not None and not self.is_bound:
            today = today or clock.localdate()
            self.initial = {
                "appeal_until": today + timedelta(days=selection.appeal_days),
                "expected_run": selection.run,
            }

    def appeal_deadline(self) -> datetime:
        return end_of_local_day(self.cleaned_data["appeal_until"])


class PlacesForm(AccessibleErrorsMixin, forms.Form):
    """The "what if" numbers of places of the preview (GET): one field per place."""

    def __init__(self, *args, places: list, counts: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.places = places
        for place in places:
            self.fields[f"place_{place.pk}"] = forms.IntegerField(
                label=f"{place.agreement.partner.name} ({place.subject_area_label})",
                min_value=0,
                max_value=999,
                required=False,
                initial=counts.get(place.pk, 0),
                error_messages={
                    "min_value": _("Places: a whole number from 0 to 999."),
                    "max_value": _("Places: a whole number from 0 to 999."),
                    "invalid": _("Places: a whole number from 0 to 999."),
                },
                widget=forms.NumberInput(attrs={"min": "0", "max": "999", "class": "places-input"}),
            )

    def changed_places(self, counts: dict[int, int]) -> dict[int, int]:
        """The places whose number differs from the agreements' (only when valid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        changed = {}
        for place in self.places:
            value = self.cleaned_data.get(f"place_{place.pk}")
            if value is not None and value != counts.get(place.pk, 0):
                changed[place.pk] = value
        return changed


class DecisionForm(AccessibleErrorsMixin, forms.Form):
    """The coordinator's decision on an appeal, with corrected points when upheld."""

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("upheld", _("Uphold the appeal")), ("rejected", _("Reject the appeal"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to uphold or reject the appeal.")},
    )
    decision = forms.CharField(
        label=_("Reason (the applicant reads it)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason: the applicant will read it.")},
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            field = _points_field(criterion, required=False)
            field.label = _("Corrected points: %(criterion)s") % {"criterion": criterion.name}
            field.help_text = _("Leave empty to keep the points.")
            self.fields[f"points_{criterion.code}"] = field

    def clean(self):
        data = super().clean()
        if data.get("outcome") == "rejected" and self.corrections():
            raise forms.ValidationError(_("Only an upheld appeal corrects points."))
        return data

    def corrections(self) -> dict[str, Decimal]:
        return {
            c.code: self.cleaned_data[f"points_{c.code}"]
            for c in self.criteria
            if self.cleaned_data.get(f"points_{c.code}") is not None
        }
