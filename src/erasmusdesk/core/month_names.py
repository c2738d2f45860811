"""Month names in dates ("15 January 2027"), so that our catalogues can override Django's.

Rule: Kazakh writes month names in lower case inside a date ("15 қаңтар 2027"); Django's own
Kazakh catalogue capitalises them. These msgids carry Django's context "alt. month" (used by
the date format letter E), so the translations in our ru/kk catalogues take precedence.
Never called: the module exists for the message extraction.
"""

from django.utils.translation import pgettext_lazy

MONTHS_IN_DATES = (
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
)
