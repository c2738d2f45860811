"""Django's four password rules with texts of our own, so that they read the same in English,
Russian and Kazakh (Django's Kazakh catalogue lacks them), and a rule of variety."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class LengthValidator(password_validation.MinimumLengthValidator):
    def __init__(self, min_length: int = 10):
        super().__init__(min_length)

    def get_error_message(self) -> str:
        return ngettext(
            "The password is too short: use at least %(min_length)d character.",
            "The password is too short: use at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "At least %(min_length)d character.",
            "At least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class SimilarToAccountValidator(password_validation.UserAttributeSimilarityValidator):
    def validate(self, password, user=None) -> None:
        try:
            super().validate(password, user)
        except ValidationError as error:
            raise ValidationError(self.get_error_message(), code="password_too_similar") from error

    def get_error_message(self) -> str:
        return _("The password is too similar to your e-mail address or your name.")

    def get_help_text(self) -> str:
        return _("Not similar to your e-mail address or your name.")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("This password is one of the most common ones: choose another.")

    def get_help_text(self) -> str:
        return _("Not a commonly used password.")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("The password cannot be digits only.")

    def get_help_text(self) -> str:
        return _("Not digits only.")


class VarietyValidator:
    """A password must be more than blanks and repeats: not empty or whitespace only, and of
    at least ``min_distinct`` different characters ("          " and "aaaaabbbbb" are refused;
    NIST SP 800-63B, 5.1.1.2, asks to refuse "repetitive or sequential characters")."""

    def __init__(self, min_distinct: int = 5):
        self.min_distinct = min_distinct

    def validate(self, password, user=None) -> None:
        if not password.strip():
            raise ValidationError(
                _("The password cannot be blank or spaces only."), code="password_blank"
            )
        if len(set(password)) < self.min_distinct:
            raise ValidationError(self.get_error_message(), code="password_too_repetitive")

    def get_error_message(self) -> str:
        return ngettext(
            "The password repeats too few characters: use at least %(count)d different one.",
            "The password repeats too few characters: use at least %(count)d different ones.",
            self.min_distinct,
        ) % {"count": self.min_distinct}

    def get_help_text(self) -> str:
        return ngettext(
            "At least %(count)d different character, not spaces only.",
            "At least %(count)d different characters, not spaces only.",
            self.min_distinct,
        ) % {"count": self.min_distinct}
