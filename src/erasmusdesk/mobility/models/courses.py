"""The host's course list: the courses a partner institution offers to incoming students,
as the office has them (from the partner's catalogue, or the EWP Courses API's learning
opportunity specifications). The participant picks from it in table A of the learning
agreement."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from erasmusdesk.institutions.models import Institution


class HostCourse(models.Model):
    """One course of a partner's catalogue (EWP Courses API ``learningOpportunitySpecification``:
    ``los-code``, ``title``, the ECTS credits of its ``credit``)."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="host_courses",
        limit_choices_to={"is_home": False},
    )
    los_code = models.CharField(_("code"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=255)
    credits = models.DecimalField(
        _("ECTS credits"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("60"))],
    )
    term = models.CharField(
        _("term"), max_length=40, blank=True, help_text=_("e.g. 2026/2027 autumn")
    )
    language = models.CharField(_("language of instruction"), max_length=40, blank=True)
    active = models.BooleanField(_("offered"), default=True)

    class Meta:
        verbose_name = _("host course")
        verbose_name_plural = _("host courses")
        ordering = ["institution", "los_code", "title"]

    def __str__(self) -> str:
        code = f"{self.los_code} " if self.los_code else ""
        return f"{code}{self.title} ({self.credits} ECTS)"
