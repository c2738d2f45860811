"""What the applications tell the apps above them (selection, mobility) without importing them.

ARCHITECTURE: apps depend one way (applications -> selection -> mobility); a lower app that
must trigger work in a higher one sends a signal, which the higher app's ``receivers.py``
connects in its ``AppConfig.ready``. Receivers run inside the sender's transaction, so that
their writes commit or roll back with the change that caused them.
"""

from django.dispatch import Signal

# Sent by ``submission.withdraw`` inside its transaction before the application's row is
# locked (kwargs: ``application``). The selection takes its own lock first, as publishing
# does, so that a withdrawal and a publication never wait on each other's locks in turn.
withdrawal_starting = Signal()

# Sent by ``submission.withdraw`` after the application became withdrawn, inside the same
# transaction (kwargs: ``application``, ``previous`` the state it left, ``by`` the actor).
application_withdrawn = Signal()

# Sent by the hourly ``remind`` command after the applications' own reminders (no kwargs but
# ``now``): apps above send theirs (the mobility's overdue steps) and answer how many.
reminders_due = Signal()
