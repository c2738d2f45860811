"""Form fields for the instants of a call: a date, or a date and a time, in local time."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from erasmusdesk.calls.deadlines import LAST_INSTANT, end_of_day

_FORMATS_WITH_TIME = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M")


class InstantField(forms.Field):
    """Reads "2027-01-15" or "2027-01-15 17:00" in the institution's time zone.

    A bare date means the start of the day for an opening and the end of the day (its last
    instant) for a deadline (rule in calls/deadlines.py).
    """

    widget = forms.TextInput(attrs={"placeholder": "YYYY-MM-DD [HH:MM]", "size": 20})
    default_error_messages = {
        "invalid": _("Enter a date as YYYY-MM-DD, or a date and time as YYYY-MM-DD HH:MM."),
    }

    def __init__(self, *, end_of_day: bool, **kwargs):
        self.end_of_day = end_of_day
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        zone = timezone.get_current_timezone()
        for fmt in _FORMATS_WITH_TIME:
            try:
                return datetime.strptime(text, fmt).replace(tzinfo=zone)
            except ValueError:
                continue
        try:
            day = datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if self.end_of_day:
            return end_of_day(day, zone)
        return datetime.combine(day, time(0, 0), tzinfo=zone)

    def prepare_value(self, value):
        if not isinstance(value, datetime):
            return value
        local = timezone.localtime(value)
        whole_day = LAST_INSTANT if self.end_of_day else time(0, 0)
        if local.time() == whole_day:
            return local.strftime("%Y-%m-%d")
        return local.strftime("%Y-%m-%d %H:%M")
