"""Calls for applications, their deadlines, places and required documents."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from erasmusdesk.calls.deadlines import CallStatus, Schedule
from erasmusdesk.catalogue.models import Opportunity
from erasmusdesk.core import clock
from erasmusdesk.core.fields import MultipleChoiceField, split
from erasmusdesk.institutions.models import Agreement, AgreementStatus
from erasmusdesk.institutions.models.agreement import academic_year_label

STATUS_LABELS = {
    CallStatus.UPCOMING: pgettext_lazy("call status", "upcoming"),
    CallStatus.OPEN: pgettext_lazy("call status", "open"),
    CallStatus.LATE: pgettext_lazy("call status", "late round"),
    CallStatus.CLOSED: pgettext_lazy("call status", "closed"),
}


# The office's policy default for keeping applicants' personal data after a call's academic
# year ends (31 August of its second year): long enough for the selection's appeals, the
# mobility, the participant reports and the final report on the call's project, after which
# only anonymous statistics are needed. The Erasmus+ grant agreement may ask the beneficiary
# to keep the records of funded mobilities longer (its record-keeping article: several years
# after the balance is paid); the office then sets a longer retention on that call. Editable
# per call.
DEFAULT_RETENTION_MONTHS = 24


class ApplicantCategory(models.TextChoices):
    BACHELOR = "bachelor", _("bachelor student")
    MASTER = "master", _("master student")
    DOCTORAL = "doctoral", _("doctoral student")
    TEACHER = "teacher", _("teacher")
    STAFF = "staff", _("staff member")


class FileType(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpg", "JPEG"
    PNG = "png", "PNG"


class DocumentType(models.Model):
    """A kind of document applicants upload (data, editable by the office).

    Sourced defaults (seed text of the first user's calls): application form or CV appendix,
    university transcript, diplomas and certificates, IELTS or TOEFL certificate, two letters
    of recommendation, passport copy; peers add a motivation letter (itu.edu.tr; vum.bg).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)

    class Meta:
        verbose_name = _("document type")
        verbose_name_plural = _("document types")
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


def status_condition(status: CallStatus, now) -> models.Q:
    """The database condition of ``deadlines.Schedule.status(now) == status``.

    The same rule as the pure one: a call closed early (``closed_at <= now``) is closed;
    otherwise upcoming before its opening, open up to its deadline inclusive, in its late
    round up to its late deadline inclusive, closed after that. The four conditions put every
    call in exactly one status.
    """
    not_closed_early = models.Q(closed_at__isnull=True) | models.Q(closed_at__gt=now)
    if status is CallStatus.UPCOMING:
        return not_closed_early & models.Q(opens_at__gt=now)
    if status is CallStatus.OPEN:
        return not_closed_early & models.Q(opens_at__lte=now, deadline__gte=now)
    if status is CallStatus.LATE:
        return not_closed_early & models.Q(
            opens_at__lte=now, deadline__lt=now, late_deadline__gte=now
        )
    past_deadlines = models.Q(deadline__lt=now) & (
        models.Q(late_deadline__isnull=True) | models.Q(late_deadline__lt=now)
    )
    return models.Q(closed_at__lte=now) | (models.Q(opens_at__lte=now) & past_deadlines)


class CallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def with_status(self, status: CallStatus, now=None):
        """Calls whose status at ``now`` is ``status`` (see status_condition)."""
        return self.filter(status_condition(status, now or clock.now()))

    def accepting(self, now=None):
        """Calls open (normal or late round) at ``now``."""
        now = now or clock.now()
        return self.filter(
            status_condition(CallStatus.OPEN, now) | status_condition(CallStatus.LATE, now)
        )

    def not_closed(self, now=None):
        """Calls upcoming, open or in their late round at ``now``."""
        now = now or clock.now()
        return self.filter(
            status_condition(CallStatus.UPCOMING, now)
            | status_condition(CallStatus.OPEN, now)
            | status_condition(CallStatus.LATE, now)
        )


class Call(models.Model):
    """A call for applications to one opportunity for one academic year.

    Its status (upcoming, open, late round, closed) is derived from the current instant by
    ``deadlines.Schedule``, never stored.
    """

    slug = models.SlugField(_("address (slug)"), max_length=80, unique=True)
    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.PROTECT,
        related_name="calls",
    )
    academic_year = models.PositiveSmallIntegerField(
        _("academic year"),
        validators=[MinValueValidator(2014), MaxValueValidator(2100)],
        help_text=_("The first year of the academic year, e.g. 2026 for 2026/2027."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.DateTimeField(_("applications open"))
    deadline = models.DateTimeField(_("deadline"))
    late_deadline = models.DateTimeField(_("late deadline"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("closed early at"),
        null=True,
        blank=True,
        help_text=_("Set when the office closes the call before its deadlines."),
    )
    agreements = models.ManyToManyField(
        Agreement,
        verbose_name=_("agreements offered"),
        blank=True,
        related_name="calls",
        limit_choices_to={"status": AgreementStatus.SIGNED},
    )
    eligible_categories = MultipleChoiceField(
        _("who may apply"), choices=ApplicantCategory.choices, max_length=60
    )
    is_published = models.BooleanField(_("published"), default=True)
    retention_months = models.PositiveSmallIntegerField(
        _("keep applicants' personal data for (months)"),
        default=DEFAULT_RETENTION_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_(
            "Months after the end of the call's academic year (31 August) during which the "
            "applicants' personal data is kept; after that the office may erase it, keeping "
            "anonymous statistics. The office's default is 24 months; lengthen it for calls "
            "whose grant agreements require their records to be kept longer."
        ),
    )
    motivation_min_characters = models.PositiveSmallIntegerField(
        _("shortest motivation (characters)"),
        default=300,
        validators=[MaxValueValidator(5000)],
        help_text=_(
            "An application can be submitted once its motivation has at least this many "
            "characters (at most 5,000 are accepted). The office's default is 300, about "
            "half a page; 0 makes the motivation optional."
        ),
    )
    updated = models.DateTimeField(_("last changed"), auto_now=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("call for applications", "call")
        verbose_name_plural = pgettext_lazy("call for applications", "calls")
        ordering = ["-academic_year", "opens_at"]
        permissions = [
            (
                "erase_personal_data",
                _("Can erase applicants' personal data after their calls' retention period"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gt=models.F("opens_at")),
                name="call_deadline_after_opening",
                violation_error_message=_("The deadline must come after the opening."),
            ),
            models.CheckConstraint(
                condition=models.Q(late_deadline__isnull=True)
                | models.Q(late_deadline__gt=models.F("deadline")),
                name="call_late_deadline_after_deadline",
                violation_error_message=_("The late deadline must come after the normal deadline."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calls:detail", kwargs={"slug": self.slug})

    @property
    def schedule(self) -> Schedule:
        return Schedule(self.opens_at, self.deadline, self.late_deadline, self.closed_at)

    @property
    def status(self) -> CallStatus:
        return self.schedule.status(clock.now())

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def academic_year_label(self) -> str:
        return academic_year_label(self.academic_year)

    @property
    def category_list(self) -> list[str]:
        return split(self.eligible_categories)

    def clean(self) -> None:
        errors = {}
        if self.opens_at and self.deadline and self.deadline <= self.opens_at:
            errors["deadline"] = _("The deadline must come after the opening.")
        if self.late_deadline and self.deadline and self.late_deadline <= self.deadline:
            errors["late_deadline"] = _("The late deadline must come after the normal deadline.")
        if self.closed_at and self.opens_at and self.closed_at < self.opens_at:
            errors["closed_at"] = _("A call cannot close before it opens.")
        if errors:
            raise ValidationError(errors)


class RequiredDocument(models.Model):
    """A document a call requires from one category of applicants, with its file rules."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="required_documents")
    category = models.CharField(
        _("applicant category"), max_length=20, choices=ApplicantCategory.choices
    )
    document_type = models.ForeignKey(
        DocumentType, verbose_name=_("document"), on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveSmallIntegerField(
        _("how many"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    is_required = models.BooleanField(_("required"), default=True)
    allowed_types = MultipleChoiceField(
        _("allowed file types"), choices=FileType.choices, max_length=20, default="pdf"
    )
    max_size_mb = models.PositiveSmallIntegerField(
        _("maximum size (MB)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    must_be_in_english = models.BooleanField(_("must be in English"), default=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["category", "document_type__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "category", "document_type"], name="one_rule_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_type} × {self.count}"

    @property
    def allowed_type_list(self) -> list[str]:
        return split(self.allowed_types)
