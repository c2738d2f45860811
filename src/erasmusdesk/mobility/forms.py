"""Forms of the mobility's pages: the host's answer, the office's stage moves, a changed
nomination and a mobility created by hand."""

from django import forms
from django.utils.translation import gettext_lazy as _

from erasmusdesk.core.forms import AccessibleErrorsMixin
from erasmusdesk.institutions import isced
from erasmusdesk.institutions.models import CefrLevel, EqfLevel, Institution, MobilityCondition
from erasmusdesk.institutions.models.agreement import LANGUAGES
from erasmusdesk.mobility.models import (
    ActivityAttributes,
    ActivityType,
    GrantPayer,
    LearningAgreement,
    Mobility,
    ReasonCode,
    RecognitionDecision,
    StayChangeKind,
    Table,
)
from erasmusdesk.mobility.services import NewMobility


class AnswerForm(AccessibleErrorsMixin, forms.Form):
    """The host's answer to a nomination: accept or reject, with a comment (needed to
    reject: the sending office and the participant read it)."""

    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("Accept the nomination")), ("reject", _("Reject the nomination"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose to accept or to reject the nomination.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to reject: say why."),
    )
    name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=200,
        help_text=_("Who answers for the host (kept with the answer)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, name_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if name_required:
            self.fields["name"].required = True
            self.fields["name"].error_messages["required"] = _(
                "Give your name: it is kept with the answer."
            )
        else:
            del self.fields["name"]

    def clean(self):
        data = super().clean()
        if data.get("answer") == "reject" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Give the reason of the rejection."))
        return data


class StageForm(AccessibleErrorsMixin, forms.Form):
    """The office moves a mobility to its next stage."""

    to = forms.ChoiceField(label=_("New stage"))
    reason = forms.CharField(
        label=_("Reason or note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = choices


class CancelForm(AccessibleErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the mobility cancelled?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason: the participant and the host read it.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class _DatesMixin:
    def clean(self):
        data = super().clean()
        arrival, departure = data.get("planned_arrival_date"), data.get("planned_departure_date")
        if arrival and departure and arrival > departure:
            self.add_error(
                "planned_departure_date",
                _("The planned departure must not be before the planned arrival."),
            )
        code = data.get("isced_f_code")
        if code and not isced.is_valid(code):
            self.add_error(
                "isced_f_code",
                _("%(code)s is not a four-digit code of the ISCED-F 2013 list.") % {"code": code},
            )
        return data


class NominationForm(_DatesMixin, AccessibleErrorsMixin, forms.ModelForm):
    """What the sending office may change in a nomination."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Mobility
        fields = [
            "planned_arrival_date",
            "planned_departure_date",
            "isced_f_code",
            "eqf_level_studied_at_departure",
            "activity_attributes",
            "language",
            "cefr_level",
            "comment",
        ]
        widgets = {
            "planned_arrival_date": forms.DateInput(attrs={"type": "date"}),
            "planned_departure_date": forms.DateInput(attrs={"type": "date"}),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }


class NewMobilityForm(_DatesMixin, AccessibleErrorsMixin, forms.Form):
    """A mobility created by hand: staff mobility, or a student a partner nominates."""

    given_names = forms.CharField(label=_("Given names"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    activity_type = forms.ChoiceField(label=_("Type of mobility"), choices=ActivityType.choices)
    activity_attributes = forms.ChoiceField(
        label=_("Format"), choices=ActivityAttributes.choices, initial=ActivityAttributes.LONG_TERM
    )
    sending_hei = forms.ModelChoiceField(
        label=_("Sending institution"), queryset=Institution.objects.order_by("-is_home", "name")
    )
    receiving_hei = forms.ModelChoiceField(
        label=_("Receiving institution"), queryset=Institution.objects.order_by("is_home", "name")
    )
    place = forms.ModelChoiceField(
        label=_("Place of the agreement (optional)"),
        required=False,
        queryset=MobilityCondition.objects.select_related("agreement__partner").order_by(
            "agreement__partner__name", "mobility_type"
        ),
        help_text=_("The place it uses up of the agreement's yearly quota."),
    )
    planned_arrival_date = forms.DateField(
        label=_("Planned arrival"), widget=forms.DateInput(attrs={"type": "date"})
    )
    planned_departure_date = forms.DateField(
        label=_("Planned departure"), widget=forms.DateInput(attrs={"type": "date"})
    )
    isced_f_code = forms.CharField(label=_("Subject area (ISCED-F 2013)"), max_length=4)
    eqf_level_studied_at_departure = forms.ChoiceField(
        label=_("EQF level"), required=False, choices=[("", "—"), *EqfLevel.choices]
    )
    language = forms.ChoiceField(
        label=_("Language of instruction"), required=False, choices=[("", "—"), *LANGUAGES]
    )
    cefr_level = forms.ChoiceField(
        label=_("Language level asked (CEFR)"),
        required=False,
        choices=[("", "—"), *CefrLevel.choices],
    )
    comment = forms.CharField(
        label=_("Comment to the host"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def new_mobility(self) -> NewMobility:
        return NewMobility(**self.cleaned_data)


class ComponentForm(AccessibleErrorsMixin, forms.Form):
    """One component of a learning agreement's table."""

    table = forms.ChoiceField(label=_("Table"), choices=Table.choices)
    los_code = forms.CharField(label=_("Code"), required=False, max_length=40)
    title = forms.CharField(label=_("Title"), max_length=255)
    term_id = forms.CharField(label=_("Term"), max_length=40, help_text=_("e.g. 2026/2027 autumn"))
    credits = forms.DecimalField(
        label=_("ECTS credits"),
        max_digits=5,
        decimal_places=1,
        error_messages={"invalid": _("ECTS credits: a number, e.g. 6 or 7.5.")},
    )
    recognition_conditions = forms.CharField(
        label=_("Recognition conditions (Table B)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    short_description = forms.CharField(
        label=_("Short description (Table C)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reason_code = forms.ChoiceField(
        label=_("Reason of the change"),
        required=False,
        choices=[("", "—"), *ReasonCode.choices],
    )
    reason_text = forms.CharField(label=_("Explanation"), required=False, max_length=255)

    def __init__(self, *args, change: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not change:
            del self.fields["reason_code"]
            del self.fields["reason_text"]


class CourseForm(AccessibleErrorsMixin, forms.Form):
    """A course picked from the host's course list for table A."""

    course = forms.ModelChoiceField(
        label=_("Course at the host"),
        queryset=None,
        error_messages={
            "required": _("Choose a course of the receiving institution's course list."),
            "invalid_choice": _("Choose a course of the receiving institution's course list."),
        },
    )
    term_id = forms.CharField(
        label=_("Term"),
        required=False,
        max_length=40,
        help_text=_("Empty: the course's term."),
    )
    reason_code = forms.ChoiceField(
        label=_("Reason of the change"),
        required=False,
        choices=[("", "—"), *ReasonCode.choices],
    )
    reason_text = forms.CharField(label=_("Explanation"), required=False, max_length=255)

    def __init__(self, *args, courses, change: bool = False, **kwargs):
        kwargs.setdefault("auto_id", "course_%s")
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses
        if not change:
            del self.fields["reason_code"]
            del self.fields["reason_text"]


class DeleteComponentForm(AccessibleErrorsMixin, forms.Form):
    reason_code = forms.ChoiceField(
        label=_("Reason of the change"), required=False, choices=[("", "—"), *ReasonCode.choices]
    )
    reason_text = forms.CharField(label=_("Explanation"), required=False, max_length=255)


class SignForm(AccessibleErrorsMixin, forms.Form):
    """An institution's approval of the version it read, or its comment."""

    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("approve", _("Approve this version")), ("comment", _("Ask for changes"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose to approve or to ask for changes.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to ask for changes: the participant reads it."),
    )
    signer_name = forms.CharField(label=_("Your name"), max_length=200)
    signer_position = forms.CharField(label=_("Your position"), max_length=200, required=False)
    signer_email = forms.EmailField(label=_("Your e-mail"))
    digest = forms.CharField(widget=forms.HiddenInput)


class DateForm(AccessibleErrorsMixin, forms.Form):
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))


class TranscriptForm(AccessibleErrorsMixin, forms.Form):
    """The host's Transcript of Records, typed in (one result per line), with the host's
    grade distribution table where it gives one."""

    issue_date = forms.DateField(
        label=_("Issued on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    grading_scheme = forms.CharField(
        label=_("Host's grading scale"), max_length=80, help_text=_("e.g. 2-5, or A-F")
    )
    results = forms.CharField(
        label=_("Results"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "One component per line: code; title; ECTS; grade; passed (yes or no). "
            "E.g. ECO101; Microeconomics; 6; 4.5; yes"
        ),
    )
    grading_table = forms.CharField(
        label=_("Grade distribution table of the field (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One grade per line from the best: grade; percentage of the passing grades "
            "given over two or three years. E.g. 5; 20"
        ),
    )
    years = forms.CharField(
        label=_("Years the table counts"), required=False, max_length=40, initial=""
    )
    pdf = forms.FileField(label=_("The host's PDF (optional)"), required=False)

    def __init__(self, *args, office: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not office:
            del self.fields["pdf"]


class RecognitionForm(AccessibleErrorsMixin, forms.Form):
    """The recognition: per Table B component the host results it comes from, its credits
    and (where no grading table converts) the home grade and why; then the decision."""

    decision = forms.ChoiceField(label=_("Decision"), choices=RecognitionDecision.choices)
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed for a partial or refused recognition."),
    )

    def __init__(self, *args, components, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.components = components
        choices = [(str(r.pk), f"{r.title} · {r.credits} ECTS · {r.grade}") for r in results]
        passed = [str(r.pk) for r in results if r.passed]
        for component in components:
            key = component.pk
            self.fields[f"results_{key}"] = forms.MultipleChoiceField(
                label=_("%(component)s: from the results") % {"component": component.title},
                choices=choices,
                required=False,
                initial=passed,
                widget=forms.CheckboxSelectMultiple,
            )
            self.fields[f"credits_{key}"] = forms.DecimalField(
                label=_("%(component)s: ECTS credits recognised") % {"component": component.title},
                max_digits=5,
                decimal_places=1,
                initial=component.credits,
                min_value=0,
            )
            self.fields[f"grade_{key}"] = forms.CharField(
                label=_("%(component)s: home grade, if converted by hand")
                % {"component": component.title},
                required=False,
                max_length=20,
            )
            self.fields[f"why_{key}"] = forms.CharField(
                label=_("%(component)s: why converted by hand") % {"component": component.title},
                required=False,
                max_length=500,
            )

    def rows(self):
        """(component, its four bound fields) for the template."""
        return [
            (
                c,
                self[f"results_{c.pk}"],
                self[f"credits_{c.pk}"],
                self[f"grade_{c.pk}"],
                self[f"why_{c.pk}"],
            )
            for c in self.components
        ]


class GrantForm(AccessibleErrorsMixin, forms.Form):
    """The grant agreement from the mobility: only what the mobility does not hold."""

    payer = forms.ChoiceField(label=_("Who pays the grant"), choices=GrantPayer.choices)
    prefinancing_percent = forms.IntegerField(
        label=_("Pre-financing (%)"), min_value=0, max_value=100, initial=80
    )
    green = forms.BooleanField(label=_("Green travel (train, bus, car-sharing)"), required=False)
    travel_days = forms.IntegerField(
        label=_("Funded travel days"), min_value=0, max_value=30, initial=0
    )
    fewer_opportunities = forms.BooleanField(
        label=_("Participant with fewer opportunities"), required=False
    )
    confirm_over_budget = forms.BooleanField(
        label=_("Issue it although the budget of the call is exceeded"), required=False
    )


class DetailsForm(AccessibleErrorsMixin, forms.ModelForm):
    """A traineeship's work plan and mentor, or a staff member's programme and hours."""

    class Meta:
        model = LearningAgreement
        fields = ["work_plan", "knowledge_and_skills", "mentor", "hours_per_week", "teaching_hours"]
        widgets = {
            "work_plan": forms.Textarea(attrs={"rows": 4}),
            "knowledge_and_skills": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, staff: bool = False, teaching: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if staff:
            del self.fields["knowledge_and_skills"]
            del self.fields["mentor"]
        if teaching:
            del self.fields["hours_per_week"]
        else:
            del self.fields["teaching_hours"]


class GradingImportForm(AccessibleErrorsMixin, forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: institution (Erasmus code, empty for us), isced_f_code, eqf_level, "
            "grading_scheme, years, grade, percentage; the grades of a table from the best."
        ),
    )


class CertificateForm(AccessibleErrorsMixin, forms.Form):
    file = forms.FileField(label=_("Certificate of attendance (PDF)"))
    arrival_date = forms.DateField(
        label=_("Arrival on the certificate"), widget=forms.DateInput(attrs={"type": "date"})
    )
    departure_date = forms.DateField(
        label=_("Departure on the certificate (once you leave)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class StayChangeForm(AccessibleErrorsMixin, forms.Form):
    """The participant's proposal to end the stay later or earlier, with the reason."""

    kind = forms.ChoiceField(
        label=_("Change"),
        choices=StayChangeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an extension or an interruption.")},
    )
    new_departure = forms.DateField(
        label=_("New day of departure"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Give the new day of departure."),
            "invalid": _("Give the new day of departure as a date (day, month, year)."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The two institutions read it before they approve."),
        error_messages={"required": _("Give the reason of the change.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class StayDecisionForm(AccessibleErrorsMixin, forms.Form):
    """An institution's approval of a change of the stay, or its refusal with a comment."""

    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("approve", _("Approve the change")), ("refuse", _("Refuse the change"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose to approve or to refuse the change.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to refuse: the participant reads it."),
    )
    name = forms.CharField(
        label=_("Your name"),
        required=False,
        max_length=200,
        help_text=_("Who decides for the host (kept with the decision)."),
    )

    def __init__(self, *args, name_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if name_required:
            self.fields["name"].required = True
            self.fields["name"].error_messages["required"] = _(
                "Give your name: it is kept with the decision."
            )
        else:
            del self.fields["name"]


def stay_decision_form(mobility: Mobility, party: str, *, named: bool) -> StayDecisionForm | None:
    """The form of an institution's decision on the open change of the stay, while that
    institution has not decided."""
    from erasmusdesk.mobility.stay_changes import open_change

    change = open_change(mobility)
    if change is None or getattr(change, f"{party}_decision"):
        return None
    return StayDecisionForm(name_required=named, auto_id="stay_%s")
