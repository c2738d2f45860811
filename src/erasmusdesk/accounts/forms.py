"""Forms of the account pages (allauth's, with our own labels and error texts) and of the
applicant's profile."""

from allauth.account import forms as allauth_forms
from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from erasmusdesk.accounts import services
from erasmusdesk.accounts.models import ApplicantProfile, LanguageCertificate
from erasmusdesk.core.forms import AccessibleErrorsMixin

_EMAIL = {
    "label": _("E-mail address"),
    "required": _("Enter your e-mail address."),
    "invalid": _("Enter an e-mail address in the form name@example.org."),
}
_CHARACTERS = _("At most %(limit_value)d characters (this has %(show_value)d).")


class DescribedFieldsMixin(AccessibleErrorsMixin):
    """Each field's hint and error are tied to its input for assistive technology: the
    templates give them the ids ``<id>-hint`` and ``<id>-error``. Placeholders are dropped:
    every field has a visible label instead.

    ``texts`` (field name -> label, help_text and error codes) replaces the texts of fields
    defined elsewhere, such as allauth's."""

    texts: dict[str, dict] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, spec in self.texts.items():
            field = self.fields.get(name)
            if field is None:
                continue
            for key, value in spec.items():
                if key in ("label", "help_text"):
                    setattr(field, key, value)
                else:
                    field.error_messages[key] = value
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if isinstance(field, forms.CharField):
                field.error_messages.setdefault("max_length", _CHARACTERS)
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                auto_id = self[name].auto_id
                described = [f"{auto_id}-error"]
                if self.fields[name].help_text:
                    described.append(f"{auto_id}-hint")
                self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)


_PASSWORD = {
    "label": _("Password"),
    "required": _("Enter your password."),
    "help_text": "",
}
_NEW_PASSWORD = {"label": _("Password"), "required": _("Choose a password.")}
_PASSWORD_AGAIN = {
    "label": _("Password again"),
    "required": _("Enter the password a second time."),
    "help_text": "",
}


class SignInForm(DescribedFieldsMixin, allauth_forms.LoginForm):
    texts = {
        "login": _EMAIL,
        "password": _PASSWORD,
        "remember": {"label": _("Keep me signed in on this device")},
    }


class SignUpForm(DescribedFieldsMixin, allauth_forms.SignupForm):
    texts = {"email": _EMAIL, "password1": _NEW_PASSWORD, "password2": _PASSWORD_AGAIN}


class PasswordResetForm(DescribedFieldsMixin, allauth_forms.ResetPasswordForm):
    texts = {"email": _EMAIL}


class NewPasswordForm(DescribedFieldsMixin, allauth_forms.ResetPasswordKeyForm):
    texts = {
        "password1": {"label": _("New password"), "required": _("Choose a new password.")},
        "password2": {**_PASSWORD_AGAIN, "label": _("New password again")},
    }


class PasswordChangeForm(DescribedFieldsMixin, allauth_forms.ChangePasswordForm):
    texts = {
        "oldpassword": {
            "label": _("Current password"),
            "required": _("Enter your current password."),
            "help_text": "",
        },
        "password1": {"label": _("New password"), "required": _("Choose a new password.")},
        "password2": {**_PASSWORD_AGAIN, "label": _("New password again")},
    }


class PasswordSetForm(DescribedFieldsMixin, allauth_forms.SetPasswordForm):
    texts = {"password1": _NEW_PASSWORD, "password2": _PASSWORD_AGAIN}


class EmailChangeForm(DescribedFieldsMixin, allauth_forms.AddEmailForm):
    texts = {"email": {**_EMAIL, "label": _("New e-mail address")}}


class ReauthenticateForm(DescribedFieldsMixin, allauth_forms.ReauthenticateForm):
    texts = {"password": _PASSWORD}


# --- the applicant's profile -------------------------------------------------------------


class CommaDecimalField(forms.DecimalField):
    """A decimal that also accepts a comma, as Russian and Kazakh write 3,45."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


class DateInput(forms.DateInput):
    """The browser's own date picker (no script of ours); the value is an ISO date."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TelInput(forms.TextInput):
    input_type = "tel"


YEAR_CHOICES = [("", "—")] + [(year, str(year)) for year in range(1, 7)]


class FirstReasonMixin:
    """The model's rules (``Model.clean``) also see a field whose input the form refused, as
    empty; keep the form's own, more precise reason for such a field."""

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict"):
            errors = ValidationError(
                {name: e for name, e in errors.error_dict.items() if name not in self._errors}
            )
        super()._update_errors(errors)


class ProfileForm(FirstReasonMixin, DescribedFieldsMixin, forms.ModelForm):
    year_of_study = forms.TypedChoiceField(
        label=_("Year of study"),
        choices=YEAR_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Students: 1 to 6."),
        error_messages={"invalid_choice": _("Choose a year of study from 1 to 6.")},
    )
    grade_average = CommaDecimalField(
        label=_("Grade average"),
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text=_("Students: your average grade so far, as on your transcript, e.g. 3.45."),
        error_messages={
            "invalid": _("Enter the grade average as a number, e.g. 3.45."),
            "max_decimal_places": _("The grade average has at most two decimals."),
            "max_digits": _("The grade average cannot be more than 100."),
            "max_whole_digits": _("The grade average cannot be more than 100."),
        },
    )

    class Meta:
        model = ApplicantProfile
        fields = [
            "given_names",
            "family_name",
            "date_of_birth",
            "citizenship",
            "category",
            "faculty",
            "programme",
            "year_of_study",
            "grade_average",
            "grade_scale",
            "phone",
        ]
        labels = {
            "given_names": _("Given names"),
            "family_name": _("Family name"),
            "date_of_birth": _("Date of birth"),
            "citizenship": _("Citizenship"),
            "category": _("I apply as"),
            "faculty": _("Faculty or department"),
            "programme": _("Study programme"),
            "grade_scale": _("Grade scale"),
            "phone": _("Phone"),
        }
        widgets = {
            "date_of_birth": DateInput(attrs={"autocomplete": "bday"}),
            "phone": TelInput(attrs={"autocomplete": "tel"}),
        }
        error_messages = {
            "given_names": {"required": _("Enter your given names as in your passport.")},
            "family_name": {"required": _("Enter your family name as in your passport.")},
            "date_of_birth": {
                "required": _("Enter your date of birth."),
                "invalid": _("Enter the date of birth as a date, e.g. 2004-09-21."),
            },
            "citizenship": {
                "required": _("Choose your citizenship."),
                "invalid_choice": _("Choose your citizenship from the list."),
            },
            "category": {
                "required": _("Choose whether you apply as a student, a teacher or staff."),
                "invalid_choice": _("Choose whether you apply as a student, a teacher or staff."),
            },
            "faculty": {"required": _("Enter your faculty or department.")},
            "grade_scale": {"invalid_choice": _("Choose a grade scale from the list.")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("date_of_birth", "citizenship", "category", "faculty"):
            self.fields[name].required = True
        self.fields["given_names"].widget.attrs.update(
            {"autocomplete": "given-name", "spellcheck": "false", "lang": "en"}
        )
        self.fields["family_name"].widget.attrs.update(
            {"autocomplete": "family-name", "spellcheck": "false", "lang": "en"}
        )
        for name in ("citizenship", "category", "grade_scale"):
            self.fields[name].choices = [("", "—"), *list(self.fields[name].choices)[1:]]

    def clean_given_names(self) -> str:
        return " ".join(self.cleaned_data["given_names"].split())

    def clean_family_name(self) -> str:
        return " ".join(self.cleaned_data["family_name"].split())


class CertificateForm(FirstReasonMixin, DescribedFieldsMixin, forms.ModelForm):
    class Meta:
        model = LanguageCertificate
        fields = ["test", "other_name", "score", "taken_on", "cefr_level"]
        labels = {
            "test": _("Test"),
            "other_name": _("Name of the test"),
            "score": _("Overall score"),
            "taken_on": _("Date taken"),
            "cefr_level": _("CEFR level"),
        }
        widgets = {"taken_on": DateInput()}
        error_messages = {
            "test": {
                "required": _("Choose the test."),
                "invalid_choice": _("Choose the test from the list."),
            },
            "score": {"required": _("Enter the overall score.")},
            "taken_on": {
                "required": _("Enter the date you took the test."),
                "invalid": _("Enter the date taken as a date, e.g. 2025-05-17."),
            },
            "cefr_level": {"invalid_choice": _("Choose a CEFR level from A1 to C2.")},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["test"].choices = [("", "—"), *self.fields["test"].choices[1:]]
        self.fields["cefr_level"].choices = [("", "—"), *self.fields["cefr_level"].choices[1:]]


MAX_CERTIFICATES = services.MAX_CERTIFICATES


class BaseCertificateFormSet(forms.BaseInlineFormSet):
    default_error_messages = {
        "missing_management_form": _("The form was incomplete: please send it again."),
        "too_many_forms": ngettext_lazy(
            "Give at most %(num)d language certificate.",
            "Give at most %(num)d language certificates.",
            "num",
        ),
        "too_few_forms": ngettext_lazy(
            "Give at least %(num)d language certificate.",
            "Give at least %(num)d language certificates.",
            "num",
        ),
    }

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this certificate")


CertificateFormSet = inlineformset_factory(
    ApplicantProfile,
    LanguageCertificate,
    form=CertificateForm,
    formset=BaseCertificateFormSet,
    extra=MAX_CERTIFICATES,
    max_num=MAX_CERTIFICATES,
    validate_max=True,
    can_delete=True,
)
