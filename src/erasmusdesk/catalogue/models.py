"""The catalogue of Erasmus+ opportunities open to a university in a partner country.

Text sections are translated per language (see translation.py); facts are structured fields
shown in the summary box. Initial content with its sources lies in ``content/*.toml``.
"""

from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    validate_comma_separated_integer_list,
)
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class OpportunityKind(models.TextChoices):
    CREDIT_MOBILITY = "icm", _("International Credit Mobility")
    JOINT_MASTERS = "emjm", _("Erasmus Mundus Joint Masters")
    JEAN_MONNET = "jean_monnet", _("Jean Monnet")
    CAPACITY_BUILDING = "cbhe", _("Capacity Building in Higher Education")


class OpportunityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def top_level(self):
        return self.filter(parent__isnull=True)


class Opportunity(models.Model):
    """One page of the catalogue: an opportunity, or one action of Jean Monnet (a child)."""

    SECTIONS = (
        "what_it_is",
        "duration",
        "financial_support",
        "academic_result",
        "who_can_apply",
        "how_to_apply",
        "documents",
    )

    slug = models.SlugField(_("address (slug)"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OpportunityKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("For the actions of Jean Monnet: the Jean Monnet page."),
    )
    position = models.PositiveIntegerField(_("position in lists"), default=100)
    is_published = models.BooleanField(_("published"), default=True)

    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary for the list"), max_length=400)
    what_it_is = models.TextField(_("what it is"))
    duration = models.TextField(_("duration"), blank=True)
    financial_support = models.TextField(_("financial support"), blank=True)
    academic_result = models.TextField(_("academic result"), blank=True)
    who_can_apply = models.TextField(_("who can apply"), blank=True)
    how_to_apply = models.TextField(_("how to apply"), blank=True)
    documents = models.TextField(_("documents"), blank=True)

    duration_min_months = models.PositiveSmallIntegerField(
        _("shortest duration (months)"), null=True, blank=True
    )
    duration_max_months = models.PositiveSmallIntegerField(
        _("longest duration (months)"), null=True, blank=True
    )
    monthly_grant_min_eur = models.PositiveIntegerField(
        _("lowest monthly grant (EUR)"), null=True, blank=True
    )
    monthly_grant_max_eur = models.PositiveIntegerField(
        _("highest monthly grant (EUR)"), null=True, blank=True
    )
    max_grant_eur = models.PositiveIntegerField(_("maximum grant (EUR)"), null=True, blank=True)
    min_teaching_hours = models.PositiveSmallIntegerField(
        _("minimum teaching hours per academic year"), null=True, blank=True
    )
    ects_options = models.CharField(
        _("ECTS credit options"),
        max_length=40,
        blank=True,
        validators=[validate_comma_separated_integer_list],
        help_text=_("Comma-separated, e.g. 60,90,120."),
    )
    min_partners = models.PositiveSmallIntegerField(
        _("minimum partner institutions"), null=True, blank=True
    )
    min_countries = models.PositiveSmallIntegerField(_("minimum countries"), null=True, blank=True)
    funding_rate_percent = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("maximum funding rate (% of eligible costs)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    travel_support = models.BooleanField(_("travel support by distance band"), default=False)
    sources = models.TextField(
        _("sources"), blank=True, help_text=_("Where the facts come from, one source per line.")
    )

    updated = models.DateTimeField(_("last changed"), auto_now=True)

    objects = OpportunityQuerySet.as_manager()

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["position", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_min_months__isnull=True)
                | Q(duration_max_months__isnull=True)
                | Q(duration_min_months__lte=F("duration_max_months")),
                name="opportunity_duration_range",
                violation_error_message=_(
                    "The shortest duration must not exceed the longest duration."
                ),
            ),
            models.CheckConstraint(
                condition=Q(monthly_grant_min_eur__isnull=True)
                | Q(monthly_grant_max_eur__isnull=True)
                | Q(monthly_grant_min_eur__lte=F("monthly_grant_max_eur")),
                name="opportunity_monthly_grant_range",
                violation_error_message=_(
                    "The lowest monthly grant must not exceed the highest monthly grant."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalogue:detail", kwargs={"slug": self.slug})

    @property
    def ects_list(self) -> list[int]:
        return [int(part) for part in self.ects_options.split(",") if part.strip()]


class CallYearFigure(models.Model):
    """A figure of an opportunity that belongs to some call years, not to all of them.

    E.g. the maximum EU grant of a Jean Monnet Module: 30,000 EUR up to the 2023 call,
    35,000 EUR from the 2025 call; a Chair: 50,000 EUR at 75 % up to the 2025 call, 60,000 EUR
    at 80 % in the 2026 call (sources in ``source``). Open ends: no first year means "up to",
    no last year "from". The catalogue shows each figure with its years.
    """

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="call_year_figures"
    )
    first_call_year = models.PositiveSmallIntegerField(
        _("first call year"), null=True, blank=True, help_text=_("Empty: every earlier call.")
    )
    last_call_year = models.PositiveSmallIntegerField(
        _("last call year"), null=True, blank=True, help_text=_("Empty: every later call.")
    )
    max_grant_eur = models.PositiveIntegerField(_("maximum grant (EUR)"), null=True, blank=True)
    funding_rate_percent = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("maximum funding rate (% of eligible costs)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    source = models.TextField(_("sources"), help_text=_("Where the figures come from."))

    class Meta:
        verbose_name = _("figure of some call years")
        verbose_name_plural = _("figures of some call years")
        ordering = ["opportunity", "-last_call_year", "-first_call_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_call_year__isnull=True)
                | Q(last_call_year__isnull=True)
                | Q(first_call_year__lte=F("last_call_year")),
                name="call_year_figure_years_in_order",
                violation_error_message=_("The last call year must not come before the first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity.slug}: {self.years_label}"

    @property
    def years_label(self) -> str:
        """ "calls up to 2023", "calls from 2025", "the 2026 call", "calls 2021-2023"."""
        first, last = self.first_call_year, self.last_call_year
        if first is None and last is None:
            return gettext("every call")
        if first is None:
            return gettext("calls up to %(year)s") % {"year": last}
        if last is None:
            return gettext("calls from %(year)s") % {"year": first}
        if first == last:
            return gettext("the %(year)s call") % {"year": first}
        return gettext("calls %(first)s-%(last)s") % {"first": first, "last": last}

    @property
    def sort_year(self) -> int:
        """Latest years first: a row open to later calls sorts before closed ones."""
        return self.last_call_year or 10_000


class Enquiry(models.Model):
    """A question sent to the international office from a public page's contact form."""

    created = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("about"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enquiries",
    )
    message = models.TextField(_("message"), max_length=3000)
    language = models.CharField(_("language"), max_length=10)
    ip_address = models.GenericIPAddressField(_("sender's address"), db_index=True)
    is_answered = models.BooleanField(_("answered"), default=False)

    class Meta:
        verbose_name = _("enquiry")
        verbose_name_plural = _("enquiries")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"
