"""After the mobility: the host's Transcript of Records (EWP ToRs v3 with ELMO 2.1.1), the
grading tables of the ECTS Users' Guide 2015, and the home institution's recognition."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from erasmusdesk.institutions.models import EqfLevel, Institution
from erasmusdesk.mobility.models.learning import Component
from erasmusdesk.mobility.models.mobility import Mobility


class GradingTable(models.Model):
    """A grading distribution table (ECTS Users' Guide 2015, 4.3.1; Egracons): for one
    institution, ISCED-F field and cycle, the share of each passing grade given over two or
    three years. ELMO 2.1.1 ``report/gradeConversionTable`` (``grading_scheme`` is its
    ``gradingSchemeLocalId``)."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="grading_tables"
    )
    isced_f_code = models.CharField(_("field (ISCED-F 2013)"), max_length=4)
    eqf_level = models.CharField(_("cycle (EQF)"), max_length=1, choices=EqfLevel.choices)
    grading_scheme = models.CharField(_("grading scale"), max_length=80)
    years = models.CharField(_("years counted"), max_length=40, help_text=_("e.g. 2023-2025"))
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("grading table")
        verbose_name_plural = _("grading tables")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "isced_f_code", "eqf_level"], name="one_grading_table"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.isced_f_code} · EQF {self.eqf_level}"


class GradingTableRow(models.Model):
    """One grade of a table and its percentage of the passing grades given (ELMO
    ``gradeFrequency``). ``position`` orders the grades from the best (1)."""

    table = models.ForeignKey(GradingTable, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveSmallIntegerField(_("rank (1 = best)"))
    grade = models.CharField(_("grade"), max_length=20)
    percentage = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("grade share")
        verbose_name_plural = _("grade shares")
        ordering = ["table", "position"]
        constraints = [
            models.UniqueConstraint(fields=["table", "grade"], name="one_row_per_grade"),
            models.UniqueConstraint(fields=["table", "position"], name="one_row_per_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.grade}: {self.percentage} %"


class Transcript(models.Model):
    """The host's Transcript of Records of one mobility: EWP ToRs v3 ``tor`` (an ELMO
    ``report`` issued by the receiving institution on ``issue_date``). ``pdf`` is the host's
    own document, where the office uploaded it and keyed its content in."""

    mobility = models.OneToOneField(Mobility, on_delete=models.CASCADE, related_name="transcript")
    issue_date = models.DateField(_("issued on"))
    grading_scheme = models.CharField(_("host's grading scale"), max_length=80)
    pdf = models.FileField(_("host's PDF"), upload_to="transcripts/%Y/", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered"))

    class Meta:
        verbose_name = _("transcript of records")
        verbose_name_plural = _("transcripts of records")

    def __str__(self) -> str:
        return f"{self.mobility} · {self.issue_date}"


class TranscriptResult(models.Model):
    """One component's result: ELMO ``learningOpportunitySpecification`` (``los_code``,
    ``title``) with its ``learningOpportunityInstance`` (``credits`` ECTS, ``grade`` its
    ``resultLabel``, ``passed`` its status)."""

    transcript = models.ForeignKey(Transcript, on_delete=models.CASCADE, related_name="results")
    los_code = models.CharField(_("code"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=255)
    credits = models.DecimalField(_("ECTS credits"), max_digits=5, decimal_places=1)
    grade = models.CharField(_("grade"), max_length=20)
    passed = models.BooleanField(_("passed"), default=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["transcript", "pk"]

    def __str__(self) -> str:
        return f"{self.title}: {self.grade}"


class RecognitionDecision(models.TextChoices):
    FULL = "full", _("full recognition")
    PARTIAL = "partial", _("partial recognition")
    REFUSED = "refused", _("recognition refused")


class Recognition(models.Model):
    """The home institution's recognition decision of one mobility (no EWP element yet;
    the Learning Agreement's Table B says what was to be recognised)."""

    mobility = models.OneToOneField(Mobility, on_delete=models.CASCADE, related_name="recognition")
    decision = models.CharField(_("decision"), max_length=10, choices=RecognitionDecision.choices)
    reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"))

    class Meta:
        verbose_name = _("recognition")
        verbose_name_plural = _("recognitions")

    def __str__(self) -> str:
        return f"{self.mobility} · {self.get_decision_display()}"


class RecognizedComponent(models.Model):
    """One Table B component and the host results it is recognised from: the credits, the
    host grade, the converted home grade and the explanation in words (``method`` "table"
    by the grading tables, "manual" with ``manual_reason`` where no table exists)."""

    recognition = models.ForeignKey(Recognition, on_delete=models.CASCADE, related_name="items")
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="+")
    results = models.ManyToManyField(TranscriptResult, related_name="+")
    credits = models.DecimalField(_("ECTS credits recognised"), max_digits=5, decimal_places=1)
    host_grade = models.CharField(_("host grade"), max_length=20, blank=True)
    converted_grade = models.CharField(_("home grade"), max_length=20, blank=True)
    method = models.CharField(_("conversion"), max_length=10, default="table")
    explanation = models.TextField(_("explanation"), blank=True)
    manual_reason = models.TextField(_("why converted by hand"), blank=True)

    class Meta:
        verbose_name = _("recognised component")
        verbose_name_plural = _("recognised components")
        ordering = ["recognition", "pk"]

    def __str__(self) -> str:
        return f"{self.component}: {self.converted_grade}"


class CertificateStatus(models.TextChoices):
    PENDING = "pending", _("waiting for the office")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class AttendanceCertificate(models.Model):
    """The certificate of attendance the participant uploads (the host's confirmation of
    the stay's dates, signed); once the office accepts it, its dates are the actual ones
    (EWP IMobilities v2 ``actual-arrival-date`` / ``actual-departure-date``)."""

    mobility = models.ForeignKey(Mobility, on_delete=models.CASCADE, related_name="certificates")
    file = models.FileField(_("certificate (PDF)"), max_length=200)
    arrival_date = models.DateField(_("arrival on the certificate"))
    departure_date = models.DateField(_("departure on the certificate"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CertificateStatus.choices,
        default=CertificateStatus.PENDING,
    )
    uploaded_at = models.DateTimeField(_("uploaded"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("certificate of attendance")
        verbose_name_plural = _("certificates of attendance")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.mobility} · {self.arrival_date}"
