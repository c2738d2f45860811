"""An import of inter-institutional agreements from a CSV or XLSX file, and its report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    FINISHED = "finished", _("finished")
    FAILED = "failed", _("failed")


class RowStatus(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class AgreementImport(models.Model):
    """One uploaded file of agreement conditions, processed row by row in the background.

    ``report`` holds one entry per data row, in file order:
    ``{"row": 2, "status": "accepted" | "rejected", "partner": "...", "messages": [...]}``;
    ``row`` is the row number as a spreadsheet shows it (the header is row 1).
    """

    file = models.FileField(_("file"), upload_to="imports/")
    original_name = models.CharField(_("file name"), max_length=255)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(
        _("language of the report"), max_length=10, default=settings.LANGUAGE_CODE
    )
    created = models.DateTimeField(_("started"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("processed rows"), default=0)
    accepted_rows = models.PositiveIntegerField(_("accepted rows"), default=0)
    rejected_rows = models.PositiveIntegerField(_("rejected rows"), default=0)
    report = models.JSONField(_("report"), default=list, blank=True)
    ignored_columns = models.JSONField(
        _("ignored columns"),
        default=list,
        blank=True,
        help_text=_("Column names of the file that are not columns of an import."),
    )
    error = models.TextField(_("error"), blank=True)
    # When the job last committed progress (an old one while running: its process stopped),
    # and how many times it was started (the first run and each resumption).
    heartbeat = models.DateTimeField(_("last progress"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("agreement import")
        verbose_name_plural = _("agreement imports")
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_done(self) -> bool:
        return self.status in {ImportStatus.FINISHED, ImportStatus.FAILED}

    @property
    def percent(self) -> int:
        """Processed rows as a whole percentage of all rows (100 for an empty job)."""
        if not self.total_rows:
            return 100
        return self.processed_rows * 100 // self.total_rows
