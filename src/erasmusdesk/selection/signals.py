"""What the selection tells the apps above it (mobility) without importing them.

ARCHITECTURE: apps depend one way (selection -> mobility); the higher app connects these
signals in its ``receivers.py``. Each is sent inside the selection's transaction, so that a
receiver's writes (the mobility created for a selected applicant) commit with the result.
"""

from django.dispatch import Signal

# Sent by ``publishing.publish_results`` once a run's results and states are written
# (kwargs: ``run``, ``selected`` the ids of the results whose application became selected
# in this run, ``deselected`` the ids of the applications a re-run moved off selected, ``by``).
results_published = Signal()

# Sent by ``offers.accept_offer`` once a reserve took the place offered (kwargs: ``result``
# the result now holding the seat, ``application``, ``by``).
offer_accepted = Signal()
