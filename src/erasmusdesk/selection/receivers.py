"""The selection's answers to the applications' signals (``applications.signals``).

A withdrawal locks the call's selection first (as publishing does), then frees the seat the
applicant held or was offered and offers it to the next reserve (``offers.place_released``).
"""

from erasmusdesk.applications.signals import application_withdrawn, withdrawal_starting
from erasmusdesk.selection import offers


def hold_selection_on_withdrawal(sender, application, **kwargs) -> None:
    offers.hold_selection(application)


def release_place_on_withdrawal(sender, application, previous, by, **kwargs) -> None:
    offers.place_released(application, previous, by=by)


def connect() -> None:
    withdrawal_starting.connect(hold_selection_on_withdrawal, dispatch_uid="selection.hold")
    application_withdrawn.connect(release_place_on_withdrawal, dispatch_uid="selection.release")
