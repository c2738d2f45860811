"""The accounts' mail (confirmation, password reset, notices), sent by a background task.

allauth renders each message in the request (its context holds the request, the account and
one-time keys, none of which a task can take); the task receives only the finished texts and
the address, and sends them. A mail that fails is retried with back-off (core/tasks.py).
"""

from django.core.mail import EmailMessage, EmailMultiAlternatives

from erasmusdesk.core.tasks import background_task, deliver


def send_later(message: EmailMessage) -> None:
    """Queue ``message`` for sending. With a queue in the database, the task is a row written
    in the request's own transaction: it exists exactly when the request's change does."""
    html = ""
    if isinstance(message, EmailMultiAlternatives):
        html = next(
            (content for content, mimetype in message.alternatives if mimetype == "text/html"),
            "",
        )
    send_account_mail.enqueue(
        message.subject,
        message.body,
        list(message.to),
        message.from_email,
        html,
        message.content_subtype,
    )


@background_task
def send_account_mail(
    subject: str, body: str, to: list[str], from_email: str, html: str = "", subtype: str = ""
) -> None:
    """Send one rendered account mail."""
    if html:
        message = EmailMultiAlternatives(subject, body, from_email, to)
        message.attach_alternative(html, "text/html")
    else:
        message = EmailMessage(subject, body, from_email, to)
        if subtype:
            message.content_subtype = subtype
    deliver([message])
