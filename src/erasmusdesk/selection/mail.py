"""Mail to applicants about their selection results, sent by background tasks after the
change commits (tasks take ids; with no queue configured they run at once, in-process).

One task writes the mails of a whole publication (a constant number of queries, one SMTP
connection), each in the language the applicant used: their result (selected, reserve, not
selected), a place offered to them, their appeal decided.
"""

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from erasmusdesk.applications.notifications import site_url
from erasmusdesk.core.tasks import background_task, deliver
from erasmusdesk.selection.models import Result

KINDS = ("selected", "reserve", "not_selected", "offered", "appeal_upheld", "appeal_rejected")


def _results():
    # The run's snapshot of inputs is large (every application's): never read it per result.
    return (
        Result.objects.select_related(
            "application__applicant", "application__call", "place__agreement__partner", "run"
        )
        .select_related("appeal")
        .defer("run__inputs")
    )


def _message(result: Result, kind: str) -> EmailMessage:
    from django.urls import reverse

    application = result.application
    with translation.override(application.language):
        context = {
            "application": application,
            "result": result,
            "url": site_url(
                reverse("selection:result", kwargs={"reference": application.reference})
            ),
        }
        subject = render_to_string(f"selection/mail/{kind}_subject.txt", context)
        body = render_to_string(f"selection/mail/{kind}.txt", context)
    return EmailMessage(" ".join(subject.split()), body, to=[application.applicant.email])


def _send(messages: list[EmailMessage]) -> None:
    deliver(messages)


@background_task
def send_results(run_id: int, application_ids: list[int]) -> None:
    """Tell each of ``application_ids`` their result in run ``run_id``."""
    wanted = set(application_ids)
    results = _results().filter(run_id=run_id).order_by("position")
    _send([_message(r, r.outcome) for r in results if r.application_id in wanted])


@background_task
def send_selection_mail(kind: str, result_ids: list[int]) -> None:
    """One mail of ``kind`` ("offered", "appeal_upheld", ...) per result of ``result_ids``."""
    assert kind in KINDS
    _send([_message(result, kind) for result in _results().filter(pk__in=result_ids)])


@background_task
def send_assignment_mail(selection_id: int, counts: dict[str, int], language: str) -> None:
    """Tell each evaluator of ``counts`` (user id -> applications newly given to them) that
    applications of the selection wait for their scores, with the link to their list."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from erasmusdesk.selection.models import Selection

    selection = Selection.objects.select_related("call").get(pk=selection_id)
    users = get_user_model().objects.in_bulk([int(pk) for pk in counts])
    messages = []
    with translation.override(language):
        url = site_url(reverse("selection:mine"))
        for pk, count in counts.items():
            user = users.get(int(pk))
            if user is None or not user.email:
                continue
            context = {"call": selection.call, "count": count, "url": url, "evaluator": user}
            subject = render_to_string("selection/mail/assigned_subject.txt", context)
            body = render_to_string("selection/mail/assigned.txt", context)
            messages.append(EmailMessage(" ".join(subject.split()), body, to=[user.email]))
    _send(messages)


def office_recipients() -> list[str]:
    """The addresses of the coordinators who run selections: active staff holding the
    selection's change permission (through a role group or their own)."""
    from django.contrib.auth import get_user_model

    from erasmusdesk.selection.access import CHANGE_PERMISSION

    # Permissions live in ModelBackend (the other backends only sign people in).
    users = get_user_model().objects.with_perm(
        CHANGE_PERMISSION,
        is_active=True,
        include_superusers=False,
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return sorted({user.email for user in users.filter(is_staff=True) if user.email})


@background_task
def send_short_of_evaluators_mail(
    selection_id: int, application_id: int, evaluators: int, required: int, language: str
) -> None:
    """Tell the coordinators that a conflict of interest left an application with
    ``evaluators`` of the ``required`` evaluators and no member free to take it over, with
    the link to the selection's page (where a member is added and applications assigned)."""
    from django.urls import reverse

    from erasmusdesk.selection.models import Selection

    recipients = office_recipients()
    if not recipients:
        return
    selection = Selection.objects.select_related("call").get(pk=selection_id)
    application = selection.call.applications.get(pk=application_id)
    with translation.override(language):
        context = {
            "call": selection.call,
            "application": application,
            "evaluators": evaluators,
            "required": required,
            "url": site_url(
                reverse("selection_office:overview", kwargs={"slug": selection.call.slug})
            ),
        }
        subject = render_to_string("selection/mail/short_of_evaluators_subject.txt", context)
        body = render_to_string("selection/mail/short_of_evaluators.txt", context)
    _send([EmailMessage(" ".join(subject.split()), body, to=recipients)])
