"""Erasmus Mundus Joint Masters: the office's rules, the directory of programmes and the
students' applications to them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from erasmusdesk.mundus import rules as pure

_YEARS = [MinValueValidator(2014), MaxValueValidator(2100)]


class ConsortiumRule(models.Model):
    """What a consortium needs in a range of call years (sourced defaults: defaults.py)."""

    first_call_year = models.PositiveSmallIntegerField(_("first call year"), validators=_YEARS)
    last_call_year = models.PositiveSmallIntegerField(_("last call year"), validators=_YEARS)
    min_institutions = models.PositiveSmallIntegerField(_("minimum institutions"))
    min_countries = models.PositiveSmallIntegerField(_("minimum countries"))
    min_programme_countries = models.PositiveSmallIntegerField(
        _("minimum EU or associated countries")
    )
    programme_countries = models.JSONField(
        _("EU Member States and associated countries (codes)"), default=list
    )
    source = models.TextField(_("source"))

    class Meta:
        verbose_name = _("Erasmus Mundus consortium rule")
        verbose_name_plural = _("Erasmus Mundus consortium rules")
        ordering = ["first_call_year"]
        constraints = [
            models.UniqueConstraint(fields=["first_call_year"], name="mundus_rule_unique_start")
        ]

    def __str__(self) -> str:
        return f"{self.first_call_year}–{self.last_call_year}"

    def to_rules(self) -> pure.ConsortiumRules:
        return pure.ConsortiumRules(
            first_call_year=self.first_call_year,
            last_call_year=self.last_call_year,
            min_institutions=self.min_institutions,
            min_countries=self.min_countries,
            min_programme_countries=self.min_programme_countries,
            programme_countries=frozenset(code.upper() for code in self.programme_countries),
            source=self.source,
        )


def _eur(label):
    return models.DecimalField(label, max_digits=8, decimal_places=2, null=True, blank=True)


class ScholarshipRate(models.Model):
    """The scholarship of a range of call years (sourced defaults: defaults.py). Without
    participation costs (2021-2027) the monthly amount covers everything; with them
    (2014-2020) the monthly amount is the subsistence and the other lines are added."""

    first_call_year = models.PositiveSmallIntegerField(_("first call year"), validators=_YEARS)
    last_call_year = models.PositiveSmallIntegerField(_("last call year"), validators=_YEARS)
    monthly_eur = models.DecimalField(
        _("monthly scholarship (EUR)"), max_digits=8, decimal_places=2
    )
    nationality_cap_percent = models.PositiveSmallIntegerField(
        _("at most this share of scholarships to one nationality (%)"), default=10
    )
    participation_partner_eur = _eur(_("participation costs a year, Partner-country holder (EUR)"))
    participation_programme_eur = _eur(
        _("participation costs a year, Programme-country holder (EUR)")
    )
    travel_programme_eur = _eur(_("travel a year, Programme-country resident (EUR)"))
    travel_near_eur = _eur(_("travel a year, Partner-country resident, nearer (EUR)"))
    travel_far_eur = _eur(_("travel a year, Partner-country resident, farther (EUR)"))
    installation_eur = _eur(_("installation, once, Partner-country resident (EUR)"))
    far_from_km = models.PositiveIntegerField(
        _("the farther travel band starts at (km)"), null=True, blank=True
    )
    max_months = models.PositiveSmallIntegerField(
        _("subsistence for at most (months)"), null=True, blank=True
    )
    is_confirmed = models.BooleanField(
        _("figures confirmed"),
        default=True,
        help_text=_("Untick while the figures come from secondary sources only."),
    )
    source = models.TextField(_("source"))

    class Meta:
        verbose_name = _("Erasmus Mundus scholarship rate")
        verbose_name_plural = _("Erasmus Mundus scholarship rates")
        ordering = ["first_call_year"]
        constraints = [
            models.UniqueConstraint(fields=["first_call_year"], name="mundus_rate_unique_start")
        ]

    def __str__(self) -> str:
        return f"{self.first_call_year}–{self.last_call_year}: {self.monthly_eur} EUR"

    COST_FIELDS = (
        "participation_partner_eur",
        "participation_programme_eur",
        "travel_programme_eur",
        "travel_near_eur",
        "travel_far_eur",
        "installation_eur",
        "far_from_km",
        "max_months",
    )

    def clean(self) -> None:
        """The 2014-2020 lines come together: either none of them or all."""
        given = [name for name in self.COST_FIELDS if getattr(self, name) is not None]
        if given and len(given) != len(self.COST_FIELDS):
            raise ValidationError(
                {
                    name: _("With participation costs, give every line of the scholarship.")
                    for name in self.COST_FIELDS
                    if getattr(self, name) is None
                }
            )

    def to_rate(self) -> pure.ScholarshipRate:
        return pure.ScholarshipRate(
            first_call_year=self.first_call_year,
            last_call_year=self.last_call_year,
            monthly_eur=self.monthly_eur,
            nationality_cap_percent=self.nationality_cap_percent,
            source=self.source,
            participation_partner_eur=self.participation_partner_eur,
            participation_programme_eur=self.participation_programme_eur,
            travel_programme_eur=self.travel_programme_eur,
            travel_near_eur=self.travel_near_eur,
            travel_far_eur=self.travel_far_eur,
            installation_eur=self.installation_eur,
            far_from_km=self.far_from_km,
            max_months=self.max_months,
            is_confirmed=self.is_confirmed,
        )


class DegreeType(models.TextChoices):
    JOINT = "joint", _("joint degree (one certificate on behalf of the institutions)")
    MULTIPLE = "multiple", _("multiple degree (two or more certificates)")


class JointMaster(models.Model):
    """An Erasmus Mundus Joint Master our students may apply to (the office's directory)."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    ects = models.PositiveSmallIntegerField(_("ECTS credits"))
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"))
    degree_type = models.CharField(_("degree"), max_length=10, choices=DegreeType.choices)
    call_year = models.PositiveSmallIntegerField(
        _("selection year (call)"),
        validators=_YEARS,
        help_text=_("The year of the Erasmus+ call that selected the programme."),
    )
    applications_open = models.DateField(_("applications open"), null=True, blank=True)
    applications_close = models.DateField(_("applications close"), null=True, blank=True)
    website = models.URLField(_("programme's own site"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("Erasmus Mundus Joint Master")
        verbose_name_plural = _("Erasmus Mundus Joint Masters")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def member_values(self) -> list[pure.Member]:
        return [pure.Member(m.name, m.country) for m in self.members.all()]


class ConsortiumMember(models.Model):
    programme = models.ForeignKey(JointMaster, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("institution"), max_length=200)
    country = models.CharField(_("country (ISO code, EL for Greece)"), max_length=2)
    is_coordinator = models.BooleanField(_("coordinator"), default=False)

    class Meta:
        ordering = ["-is_coordinator", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class Outcome(models.TextChoices):
    APPLIED = "applied", _("applied, waiting")
    SCHOLARSHIP = "scholarship", _("admitted with a scholarship")
    SELF_FUNDED = "self_funded", _("admitted without a scholarship")
    RESERVE = "reserve", _("on the reserve list")
    REJECTED = "rejected", _("not admitted")
    WITHDRAWN = "withdrawn", _("withdrawn")


class MundusApplication(models.Model):
    """A student's application to a Joint Master, recorded by the student; the office
    records the outcome."""

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mundus_applications"
    )
    programme = models.ForeignKey(
        JointMaster, on_delete=models.PROTECT, related_name="applications"
    )
    intake_year = models.PositiveSmallIntegerField(_("intake year"), validators=_YEARS)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.APPLIED
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("application to a Joint Master")
        verbose_name_plural = _("applications to Joint Masters")
        ordering = ["-intake_year", "programme__name"]
        permissions = [("follow_outcomes", _("Can follow students' Erasmus Mundus outcomes"))]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "programme", "intake_year"], name="mundus_application_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.intake_year}"
