"""The audit log (every service function that changes data leaves one entry), and the
keys of background work done once (see ``core.tasks``)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did what to which object, when; the action is a dotted name.

    Example action: ``erasmusdesk.enquiry.received``. ``data`` holds the facts worth keeping
    (never passwords or document contents).
    """

    created = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class CompletedTask(models.Model):
    """A mail a background task has sent: its key (the task's key and a digest of the
    recipients and subject) is written in the transaction that sends it, so that a retried
    or re-run task finds it and does not send it again."""

    key = models.CharField(_("key"), max_length=128, unique=True)
    done = models.DateTimeField(_("done"), auto_now_add=True)

    class Meta:
        verbose_name = _("completed task")
        verbose_name_plural = _("completed tasks")

    def __str__(self) -> str:
        return self.key
