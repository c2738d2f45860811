"""Mail about a mobility, sent by background tasks after the change commits (tasks take
ids; with no queue configured they run at once, in-process).

- The host's contacts get the nomination (and each reminder) with a signed link to answer it
  without an account, each in the language of correspondence on file for them (the host
  contact's account, or the institution's contact), else in English, the language of the
  exchange.
- The participant gets each stage, in the language of their application.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from erasmusdesk.applications.notifications import site_url
from erasmusdesk.core.tasks import background_task, deliver, subtask_key
from erasmusdesk.mobility.links import link_days, make_token
from erasmusdesk.mobility.models import Mobility
from erasmusdesk.mobility.states import MobilityState

HOST_KINDS = ("nomination", "reminder", "changed", "transcript", "stay_change")
HOST_LANGUAGE = "en"


def notify_stage(mobility: Mobility, state: MobilityState) -> None:
    """Queue the mails of a new stage for when the transaction commits."""
    pk = mobility.pk
    if state == MobilityState.NOMINATED:
        kind = "changed" if mobility.history.exclude(from_state="").exists() else "nomination"
        transaction.on_commit(lambda: send_host_mail.enqueue(pk, kind))
    if mobility.email:
        transaction.on_commit(lambda: send_participant_mail.enqueue(pk, str(state)))


def notify_created(mobility_ids: list[int]) -> None:
    """Queue the nominations of newly created mobilities (to each host, and the
    participant told) for when the transaction commits: one task for them all."""
    if mobility_ids:
        transaction.on_commit(lambda: send_created_mail.enqueue(list(mobility_ids)))


def notify_host(mobility: Mobility, kind: str) -> None:
    assert kind in HOST_KINDS
    pk = mobility.pk
    transaction.on_commit(lambda: send_host_mail.enqueue(pk, kind))


def _language(code: str) -> str:
    return code if code in dict(settings.LANGUAGES) else HOST_LANGUAGE


def host_recipients(mobility: Mobility) -> list[tuple[str, bool, str]]:
    """(e-mail, has an account, language) of the receiving institution's contacts: the
    accounts tied to it, then its contacts on file that have no account; each in their
    language of correspondence, English when none is on file."""
    accounts = [
        (contact.user.email, True, _language(contact.language))
        for contact in mobility.receiving_hei.host_contacts.select_related("user")
        if contact.user.is_active and contact.user.email
    ]
    with_account = {email for email, _has, _language_code in accounts}
    others = [
        (contact.email, False, _language(contact.language))
        for contact in mobility.receiving_hei.contacts.all()
        if contact.email and contact.email not in with_account
    ]
    return accounts + others


@background_task
def send_host_mail(mobility_id: int, kind: str) -> None:
    """The nomination (new, changed, or a reminder) to each contact of the host."""
    mobility = Mobility.objects.select_related("receiving_hei", "sending_hei").get(pk=mobility_id)
    messages = []
    for email, has_account, language in host_recipients(mobility):
        with translation.override(language):
            if has_account:
                url = site_url(reverse("mobility:host_detail", args=[mobility.omobility_id]))
            else:
                url = site_url(reverse("mobility:link", args=[make_token(mobility, email)]))
            context = {
                "mobility": mobility,
                "url": url,
                "has_account": has_account,
                "days": link_days(),
                "kind": kind,
            }
            subject = render_to_string("mobility/mail/host_subject.txt", context)
            body = render_to_string("mobility/mail/host.txt", context)
            messages.append(EmailMessage(" ".join(subject.split()), body, to=[email]))
    deliver(messages)


@background_task
def send_participant_mail(mobility_id: int, state: str) -> None:
    """The participant told of their mobility's new stage."""
    mobility = Mobility.objects.select_related("receiving_hei", "application").get(pk=mobility_id)
    language = mobility.application.language if mobility.application_id else HOST_LANGUAGE
    with translation.override(language):
        context = {
            "mobility": mobility,
            "url": site_url(mobility.get_absolute_url()),
            "stage": mobility.state_label,
            "reason": mobility.history.order_by("-at", "-pk")
            .values_list("reason", flat=True)
            .first(),
        }
        subject = render_to_string("mobility/mail/stage_subject.txt", context)
        body = render_to_string("mobility/mail/stage.txt", context)
    deliver([EmailMessage(" ".join(subject.split()), body, to=[mobility.email])])


@background_task
def send_created_mail(mobility_ids: list[int]) -> None:
    """The nomination of each new mobility to its host, and the participant told."""
    for pk in mobility_ids:
        send_host_mail.enqueue(pk, "nomination", _key=subtask_key(f"host-{pk}"))
        send_participant_mail.enqueue(
            pk, MobilityState.NOMINATED.value, _key=subtask_key(f"participant-{pk}")
        )
