"""Capacity Building in Higher Education: the office's rules for project ideas and the
register of the projects the university takes part in."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from erasmusdesk.cbhe import rules as pure

_YEARS = [MinValueValidator(2014), MaxValueValidator(2100)]


class CapacityRule(models.Model):
    first_call_year = models.PositiveSmallIntegerField(_("first call year"), validators=_YEARS)
    last_call_year = models.PositiveSmallIntegerField(_("last call year"), validators=_YEARS)
    durations = models.JSONField(
        _("allowed durations per strand (months)"),
        default=dict,
        help_text=_('e.g. {"1": [24, 36], "2": [24, 36], "3": [36, 48]}'),
    )
    programme_countries = models.JSONField(
        _("EU Member States and associated countries (codes)"), default=list
    )
    min_programme_countries = models.PositiveSmallIntegerField(
        _("minimum EU or associated countries"), default=2
    )
    min_heis_per_third_country = models.PositiveSmallIntegerField(
        _("minimum higher education institutions per third country"), default=2
    )
    source = models.TextField(_("source"))

    class Meta:
        verbose_name = _("capacity-building rule")
        verbose_name_plural = _("capacity-building rules")
        ordering = ["first_call_year"]
        constraints = [
            models.UniqueConstraint(fields=["first_call_year"], name="cbhe_rule_unique_start")
        ]

    def __str__(self) -> str:
        return f"{self.first_call_year}–{self.last_call_year}"

    def to_rules(self) -> pure.IdeaRules:
        return pure.IdeaRules(
            first_call_year=self.first_call_year,
            last_call_year=self.last_call_year,
            durations={str(k): tuple(v) for k, v in self.durations.items()},
            programme_countries=frozenset(c.upper() for c in self.programme_countries),
            source=self.source,
            min_programme_countries=self.min_programme_countries,
            min_heis_per_third_country=self.min_heis_per_third_country,
        )


STRAND_CHOICES = [
    ("1", _("Strand 1: fostering access to cooperation")),
    ("2", _("Strand 2: partnerships for transformation")),
    ("3", _("Strand 3: structural reform")),
]


class CapacityProject(models.Model):
    """A capacity-building project the university takes part in."""

    title = models.CharField(_("title"), max_length=250)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    reference = models.CharField(_("project number"), max_length=60, blank=True)
    strand = models.CharField(_("strand"), max_length=1, choices=STRAND_CHOICES)
    call_year = models.PositiveSmallIntegerField(_("call year"), validators=_YEARS)
    start = models.DateField(_("start"))
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"))
    budget_eur = models.DecimalField(
        _("EU grant of the project (EUR)"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    our_budget_eur = models.DecimalField(
        _("our share (EUR)"), max_digits=12, decimal_places=2, default=Decimal(0)
    )

    class Meta:
        verbose_name = _("capacity-building project")
        verbose_name_plural = _("capacity-building projects")
        ordering = ["-start"]

    def __str__(self) -> str:
        return self.acronym or self.title

    def partner_values(self) -> list[pure.Partner]:
        return [pure.Partner(p.name, p.country, p.is_hei) for p in self.partners.all()]

    @property
    def coordinator(self):
        return next((p for p in self.partners.all() if p.is_coordinator), None)


class ProjectPartner(models.Model):
    project = models.ForeignKey(CapacityProject, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("organisation"), max_length=200)
    country = models.CharField(_("country (ISO code, EL for Greece)"), max_length=2)
    is_hei = models.BooleanField(_("higher education institution"), default=True)
    is_coordinator = models.BooleanField(_("coordinator"), default=False)

    class Meta:
        ordering = ["-is_coordinator", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class WorkPackage(models.Model):
    project = models.ForeignKey(
        CapacityProject, on_delete=models.CASCADE, related_name="work_packages"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    our_tasks = models.TextField(_("our tasks"), blank=True)

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"WP{self.number}: {self.title}"


class ReportingDate(models.Model):
    project = models.ForeignKey(
        CapacityProject, on_delete=models.CASCADE, related_name="reporting_dates"
    )
    title = models.CharField(_("report"), max_length=200)
    due = models.DateField(_("due"))
    done = models.BooleanField(_("done"), default=False)
    reminded_on = models.DateField(_("reminder sent"), null=True, blank=True)

    class Meta:
        ordering = ["due"]

    def __str__(self) -> str:
        return f"{self.due}: {self.title}"
