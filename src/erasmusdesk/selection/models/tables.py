"""The conversion tables the selection computes with, as data the office edits: grade scales
and language certificates mapped to CEFR levels (shipped with the sourced rows of
``defaults.py``; ``scales.py`` computes with them)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from erasmusdesk.accounts.models import GradeScale as ProfileGradeScale
from erasmusdesk.accounts.models import LanguageTest
from erasmusdesk.institutions.models import CefrLevel
from erasmusdesk.selection import scales


class GradeScale(models.Model):
    """A grading scale: the profile's grade average is divided by its highest grade."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    profile_scale = models.CharField(
        _("scale in applicants' profiles"),
        max_length=5,
        choices=ProfileGradeScale.choices,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The profiles' grade scale this table converts."),
    )
    minimum = models.DecimalField(_("lowest grade"), max_digits=7, decimal_places=2)
    maximum = models.DecimalField(_("highest grade"), max_digits=7, decimal_places=2)
    pass_mark = models.DecimalField(_("lowest passing grade"), max_digits=7, decimal_places=2)
    confirmed = models.BooleanField(_("confirmed against its source"), default=False)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("grade scale")
        verbose_name_plural = _("grade scales")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        values = (self.minimum, self.pass_mark, self.maximum)
        if None in values:
            return
        if not (0 <= self.minimum <= self.pass_mark <= self.maximum and self.maximum > 0):
            raise ValidationError(
                {
                    "maximum": _(
                        "The grades must keep 0 ≤ lowest ≤ passing ≤ highest, and the highest "
                        "above 0."
                    )
                }
            )

    def to_rule(self) -> scales.GradeScale:
        return scales.GradeScale(
            self.code,
            self.name,
            self.minimum,
            self.maximum,
            self.pass_mark,
            self.confirmed,
            self.source,
        )


class CertificateScale(models.Model):
    """A language certificate's overall score and the lowest score of each CEFR level.

    A test may have several scales in force from different days (TOEFL iBT changed its scale
    on 21 January 2026): a certificate is read with the newest scale of its test in force on
    the day it was taken whose range holds the score.
    """

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    profile_test = models.CharField(
        _("test in applicants' profiles"),
        max_length=20,
        choices=LanguageTest.choices,
        blank=True,
    )
    taken_from = models.DateField(
        _("for tests taken from"),
        null=True,
        blank=True,
        help_text=_("Empty: for tests taken on any day."),
    )
    minimum = models.DecimalField(_("lowest score"), max_digits=7, decimal_places=2)
    maximum = models.DecimalField(_("highest score"), max_digits=7, decimal_places=2)
    confirmed = models.BooleanField(_("confirmed against its source"), default=False)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("language certificate scale")
        verbose_name_plural = _("language certificate scales")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValidationError(
                {"maximum": _("The highest score must not be below the lowest score.")}
            )

    def to_rule(self, thresholds=None) -> scales.CertificateScale:
        rows = thresholds if thresholds is not None else self.thresholds.all()
        ordered = sorted(rows, key=lambda row: row.lowest_score)
        return scales.CertificateScale(
            self.code,
            self.name,
            self.minimum,
            self.maximum,
            tuple((row.lowest_score, scales.cefr_level(row.level)) for row in ordered),
            self.confirmed,
            self.source,
        )

    def applies_to(self, taken_on: date | None, score: Decimal) -> bool:
        in_force = self.taken_from is None or (taken_on is not None and taken_on >= self.taken_from)
        return in_force and self.minimum <= score <= self.maximum


class CefrThreshold(models.Model):
    """The lowest score of one CEFR level on a certificate's scale."""

    scale = models.ForeignKey(CertificateScale, on_delete=models.CASCADE, related_name="thresholds")
    level = models.CharField(_("CEFR level"), max_length=2, choices=CefrLevel.choices)
    lowest_score = models.DecimalField(_("lowest score"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("CEFR threshold")
        verbose_name_plural = _("CEFR thresholds")
        ordering = ["scale", "lowest_score"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "level"], name="one_threshold_per_level"),
            models.UniqueConstraint(
                fields=["scale", "lowest_score"], name="one_level_per_threshold"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} ≥ {self.lowest_score}"

    def clean(self) -> None:
        scale = self.scale if self.scale_id else None
        if scale is None or self.lowest_score is None:
            return
        if not scale.minimum <= self.lowest_score <= scale.maximum:
            raise ValidationError(
                {
                    "lowest_score": _(
                        "The lowest score of a level must be within the scale "
                        "(%(minimum)s to %(maximum)s)."
                    )
                    % {"minimum": scale.minimum, "maximum": scale.maximum}
                }
            )
