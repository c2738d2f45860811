"""The mobility's answers to the selection's and the applications' signals.

- A published result that selects an applicant, and a reserve taking a place offered,
  create the mobility (nominated to the place's partner).
- A re-run that moves an applicant off the selected list, and a withdrawal, cancel the
  applicant's live mobility (the selection itself frees the seat and offers it on).
"""

from django.utils.translation import gettext as _

from erasmusdesk.applications.models import Application
from erasmusdesk.applications.signals import application_withdrawn, reminders_due
from erasmusdesk.mobility import services
from erasmusdesk.selection.models import Result
from erasmusdesk.selection.signals import offer_accepted, results_published


def create_on_publication(sender, run, selected, deselected, by, **kwargs) -> None:
    results = Result.objects.filter(pk__in=selected, place__isnull=False).select_related(
        "application__call", "application__applicant__profile", "place__agreement__partner"
    )
    services.create_for_selected([(r.application, r.place) for r in results], by=by)
    for application in Application.objects.filter(pk__in=deselected):
        services.cancel_for_application(
            application, by=by, reason=_("The re-run of the selection did not select you.")
        )


def create_on_offer_accepted(sender, result, application, by, **kwargs) -> None:
    result = Result.objects.select_related(
        "application__call", "application__applicant__profile", "place__agreement__partner"
    ).get(pk=result.pk)
    services.create_for_selected([(result.application, result.place)], by=by)


def cancel_on_withdrawal(sender, application, previous, by, **kwargs) -> None:
    services.cancel_for_application(
        application, by=by, reason=_("The applicant withdrew the application.")
    )


def send_reminders(sender, now, **kwargs) -> int:
    from erasmusdesk.mobility.reminders import send_overdue_reminders

    return send_overdue_reminders(now)


def connect() -> None:
    reminders_due.connect(send_reminders, dispatch_uid="mobility.reminders")
    results_published.connect(create_on_publication, dispatch_uid="mobility.publication")
    offer_accepted.connect(create_on_offer_accepted, dispatch_uid="mobility.offer_accepted")
    application_withdrawn.connect(cancel_on_withdrawal, dispatch_uid="mobility.withdrawal")
