"""Model fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class MultipleChoiceField(models.CharField):
    """A set of choices stored as sorted, comma-separated values ("bachelor,master").

    Portable across SQLite and PostgreSQL; choose values that are not substrings of one
    another, so that ``field__contains=value`` filters exactly. Edited as checkboxes.
    """

    def __init__(self, *args, choices=None, **kwargs):
        self.item_choices = list(choices or [])
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choices"] = self.item_choices
        return name, path, args, kwargs

    def _values(self) -> list[str]:
        return [str(value) for value, _label in self.item_choices]

    def to_python(self, value):
        if isinstance(value, list | tuple | set):
            order = {item: index for index, item in enumerate(self._values())}
            items = sorted({str(item) for item in value}, key=lambda v: (order.get(v, 99), v))
            return ",".join(items)
        return super().to_python(value)

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        unknown = [item for item in split(value) if item not in self._values()]
        if unknown:
            raise ValidationError(
                _("Unknown value(s): %(values)s."), params={"values": ", ".join(unknown)}
            )

    def get_prep_value(self, value):
        return self.to_python(value)

    def formfield(self, **kwargs):
        defaults = {
            "form_class": _CommaSeparatedChoiceFormField,
            "choices": self.item_choices,
            "required": not self.blank,
            "label": self.verbose_name,
            "help_text": self.help_text,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        widget = defaults["widget"]
        widget_class = widget if isinstance(widget, type) else type(widget)
        if not issubclass(widget_class, forms.SelectMultiple):
            # The admin offers a text input for every CharField; a set needs checkboxes.
            defaults["widget"] = forms.CheckboxSelectMultiple
        form_class = defaults.pop("form_class")
        for key in ("max_length", "empty_value", "choices_form_class", "coerce"):
            defaults.pop(key, None)
        return form_class(**defaults)


class _CommaSeparatedChoiceFormField(forms.MultipleChoiceField):
    def prepare_value(self, value):
        return split(value) if isinstance(value, str) else value

    def clean(self, value):
        return ",".join(super().clean(value))


def split(value: str | None) -> list[str]:
    """The items of a stored multiple-choice value."""
    return [item for item in (value or "").split(",") if item]
