"""allauth's own texts that can still reach a person, listed so that ``makemessages`` keeps
them in our catalogues: allauth ships no Kazakh, and Django prefers our translation of the
same msgid (LOCALE_PATHS come first) over allauth's own.

Everything else a person sees on the account pages is ours: the templates, the form labels
(accounts/forms.py), the adapter's error texts (accounts/adapter.py) and the mails. The msgids
must match allauth's exactly; tests/accounts/test_translations.py checks them against
allauth's catalogue.
"""

from django.utils.translation import gettext_noop

ALLAUTH_MESSAGES = (
    # Signing up, resetting, changing or setting a password with two different entries.
    gettext_noop("You must type the same password each time."),
    # The back office's names of allauth's records.
    gettext_noop("Accounts"),
    gettext_noop("email address"),
    gettext_noop("email addresses"),
    gettext_noop("verified"),
    gettext_noop("primary"),
    gettext_noop("email confirmation"),
    gettext_noop("email confirmations"),
    gettext_noop("created"),
    gettext_noop("sent"),
    gettext_noop("key"),
)
