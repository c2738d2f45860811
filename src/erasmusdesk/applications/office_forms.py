"""The office's forms on applications: the filters of a call's list, the review of one
document, and the decisions (return for completion, eligible, ineligible).

The forms check the shape of the input; the rules (which moves the state table allows, when
a reason is required) are the services' (decisions.py, filing.py), whose DomainError lands
on the field it names.
"""

from django import forms
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from erasmusdesk.applications.models import STATE_CHOICES, Preference
from erasmusdesk.calls.models import ApplicantCategory, Call
from erasmusdesk.core.forms import AccessibleErrorsMixin
from erasmusdesk.core.transliteration import spellings
from erasmusdesk.institutions.models import Institution

SORTS = {
    "submitted": _("submitted, earliest first"),
    "-submitted": _("submitted, latest first"),
    "reference": _("reference, A to Z"),
    "-reference": _("reference, Z to A"),
}
REASON_MAX = 2000


class ApplicationFilterForm(AccessibleErrorsMixin, forms.Form):
    """GET filters of a call's applications. An invalid value is named in the error summary
    and that one filter is left out; the valid ones still apply."""

    q = forms.CharField(
        label=_("Reference or name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("any state")), *STATE_CHOICES]
    )
    category = forms.ChoiceField(
        label=_("Category"),
        required=False,
        choices=[("", _("any category")), *ApplicantCategory.choices],
    )
    faculty = forms.ChoiceField(label=_("Faculty"), required=False)
    partner = forms.ModelChoiceField(
        label=_("Preferred partner"),
        required=False,
        queryset=Institution.objects.none(),
        empty_label=_("any partner"),
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=list(SORTS.items()),
    )

    def __init__(self, *args, call: Call, faculties: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = (
            Institution.objects.filter(agreements__calls=call).distinct().order_by("name")
        )
        self.fields["faculty"].choices = [("", _("any faculty"))] + [(f, f) for f in faculties]

    def filtered(self, queryset: QuerySet) -> QuerySet:
        """``queryset`` narrowed by every valid filter, in the chosen order."""
        data = self.cleaned_data if self.is_bound else {}
        if data.get("state"):
            queryset = queryset.filter(state=data["state"])
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        if data.get("faculty"):
            queryset = queryset.filter(applicant__profile__faculty=data["faculty"])
        if data.get("partner"):
            chose = Preference.objects.filter(place__agreement__partner=data["partner"])
            queryset = queryset.filter(pk__in=chose.values("application_id"))
        for word in (data.get("q") or "").split():
            queryset = queryset.filter(_matches(word))
        return queryset.order_by(*_ordering(data.get("sort") or "submitted"))


def _matches(word: str) -> Q:
    """One word of the search: the reference, a name (passport or account) or the e-mail, in
    the script typed or the other (core/transliteration.py: "Нурлан" finds Nurlan)."""
    condition = Q(reference__icontains=word) | Q(applicant__email__icontains=word)
    # SQLite folds the case of ASCII letters only: a Cyrillic spelling is also tried
    # capitalised, as names are written.
    variants = {v for spelling in spellings(word) for v in (spelling, spelling.capitalize())}
    for spelling in sorted(variants):
        condition |= (
            Q(applicant__first_name__icontains=spelling)
            | Q(applicant__last_name__icontains=spelling)
            | Q(applicant__profile__family_name__icontains=spelling)
            | Q(applicant__profile__given_names__icontains=spelling)
        )
    return condition


def _ordering(sort: str) -> list:
    """Submission time (drafts, never submitted, last) or reference; ties by reference."""
    if sort == "reference":
        return ["reference", "pk"]
    if sort == "-reference":
        return ["-reference", "-pk"]
    if sort == "-submitted":
        return [F("submitted_at").desc(nulls_last=True), "-reference"]
    return [F("submitted_at").asc(nulls_last=True), "reference"]


class ReviewForm(AccessibleErrorsMixin, forms.Form):
    """Accept or reject one document (two buttons named "decision"); a rejection needs the
    reason the applicant will read."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("accept", pgettext_lazy("document review", "accept")),
            ("reject", pgettext_lazy("document review", "reject")),
        ],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Reason for a rejection"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required to reject: the applicant reads it and replaces the file."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason the file is rejected."))
        return cleaned

    @property
    def accepted(self) -> bool:
        return self.cleaned_data["decision"] == "accept"


class ReturnForm(AccessibleErrorsMixin, forms.Form):
    note = forms.CharField(
        label=_("What the applicant must complete"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The applicant reads this note, completes the application and submits it again."
        ),
        error_messages={"required": _("Write the note: the applicant will read it.")},
    )


class EligibleForm(AccessibleErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason (required when the application was found ineligible before)"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IneligibleForm(AccessibleErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why the application is ineligible"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The applicant reads this reason."),
        error_messages={"required": _("Give the reason: the applicant will read it.")},
    )
