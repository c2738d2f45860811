"""Applications, the places they ask for, their documents and their history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from erasmusdesk.applications.states import State
from erasmusdesk.calls.models import ApplicantCategory, Call, DocumentType
from erasmusdesk.institutions.models import MobilityCondition

STATE_LABELS = {
    State.DRAFT: pgettext_lazy("application state", "draft"),
    State.SUBMITTED: pgettext_lazy("application state", "submitted"),
    State.RETURNED: pgettext_lazy("application state", "returned for completion"),
    State.ELIGIBLE: pgettext_lazy("application state", "eligible"),
    State.INELIGIBLE: pgettext_lazy("application state", "ineligible"),
    State.WITHDRAWN: pgettext_lazy("application state", "withdrawn"),
    State.SELECTED: pgettext_lazy("application state", "selected"),
    State.RESERVE: pgettext_lazy("application state", "on the reserve list"),
    State.NOT_SELECTED: pgettext_lazy("application state", "not selected"),
    State.OFFERED: pgettext_lazy("application state", "offered a place"),
}
STATE_CHOICES = [(state.value, label) for state, label in STATE_LABELS.items()]


class Round(models.TextChoices):
    NORMAL = "normal", pgettext_lazy("application round", "normal round")
    LATE = "late", pgettext_lazy("application round", "late round")


class Period(models.TextChoices):
    """The intended period. A semester counts as 5 months and a year as 10 for the
    opportunity's allowed duration (the home university's calendar: two semesters of about
    15 weeks of teaching plus examinations)."""

    AUTUMN = "autumn", _("autumn semester")
    SPRING = "spring", _("spring semester")
    YEAR = "year", _("full academic year")
    DATES = "dates", _("exact dates")


PERIOD_MONTHS = {Period.AUTUMN: 5, Period.SPRING: 5, Period.YEAR: 10}


class Application(models.Model):
    """One person's application to one call; its content is theirs, its state the machine's."""

    reference = models.CharField(_("reference"), max_length=20, unique=True, blank=True)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    call = models.ForeignKey(
        Call,
        verbose_name=pgettext_lazy("call for applications", "call"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=STATE_CHOICES, default=State.DRAFT, db_index=True
    )
    category = models.CharField(
        _("applicant category"), max_length=20, choices=ApplicantCategory.choices
    )
    subject_area = models.CharField(
        _("subject area (ISCED-F 2013)"),
        max_length=4,
        blank=True,
        help_text=_("The field you study or teach, to find the places that fit it."),
    )
    period = models.CharField(
        _("intended period"), max_length=10, choices=Period.choices, blank=True
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    round = models.CharField(_("round"), max_length=10, choices=Round.choices, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    office_note = models.TextField(
        _("note from the office"),
        blank=True,
        help_text=_("Why the application was returned or found ineligible."),
    )
    language = models.CharField(
        _("language of messages"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    version = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["applicant", "call"],
                condition=~Q(state=State.WITHDRAWN),
                name="one_live_application_per_call",
                violation_error_message=_("You already have an application to this call."),
            )
        ]

    def __str__(self) -> str:
        return self.reference or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("applications:detail", kwargs={"reference": self.reference})

    @property
    def state_label(self) -> str:
        return STATE_LABELS[State(self.state)]


class Preference(models.Model):
    """One of up to three preferred places (a cooperation condition of the call's
    agreements), in the applicant's order."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="preferences"
    )
    position = models.PositiveSmallIntegerField(_("choice"))
    place = models.ForeignKey(
        MobilityCondition, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("preferred place")
        verbose_name_plural = _("preferred places")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "position"], name="one_place_per_choice"
            ),
            models.UniqueConstraint(fields=["application", "place"], name="each_place_once"),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=3), name="at_most_three_choices"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.place}"


class Review(models.TextChoices):
    PENDING = "pending", pgettext_lazy("document review", "not checked yet")
    ACCEPTED = "accepted", pgettext_lazy("document review", "accepted")
    REJECTED = "rejected", pgettext_lazy("document review", "rejected")


class Document(models.Model):
    """One uploaded file in one slot of a required document (a call may ask for two
    recommendation letters: slots 1 and 2). The stored name is random; the shown name is
    the sanitised one the applicant gave; the SHA-256 identifies the exact bytes received."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("document"), on_delete=models.PROTECT, related_name="+"
    )
    slot = models.PositiveSmallIntegerField(_("number"), default=1)
    file = models.FileField(_("file"), max_length=200)
    display_name = models.CharField(_("file name"), max_length=120)
    kind = models.CharField(_("file type"), max_length=5)
    content_type = models.CharField(max_length=40)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    review = models.CharField(
        _("check"), max_length=10, choices=Review.choices, default=Review.PENDING
    )
    review_reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("uploaded document")
        verbose_name_plural = _("uploaded documents")
        ordering = ["document_type__position", "slot"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "document_type", "slot"], name="one_file_per_slot"
            )
        ]

    def __str__(self) -> str:
        return self.display_name


class StateChange(models.Model):
    """One move of the state machine: who, when, from, to and why."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    from_state = models.CharField(_("from"), max_length=20, choices=STATE_CHOICES)
    to_state = models.CharField(_("to"), max_length=20, choices=STATE_CHOICES)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"

    @property
    def to_label(self) -> str:
        return STATE_LABELS[State(self.to_state)]


class Reminder(models.Model):
    """A deadline reminder sent for a draft, so that each is sent once."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    deadline = models.DateTimeField(null=True)
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "deadline", "days_before"],
                name="one_reminder_per_deadline_and_step",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} −{self.days_before}"
