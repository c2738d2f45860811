"""Rate tables: the office's editable Erasmus+ ICM rates, country groups, bands and durations.

Rates are data, never constants in code (ARCHITECTURE.md): the app ships sourced defaults
(grants/defaults.py, figures and sources from ../shared/reference/erasmus-rules.md sections 1
and 2), marks which ones are unconfirmed, and the office edits them or adds its own table from
its grant agreement. ``RateTable.to_rules()`` turns a table into the frozen value of
grants/rules.py that the pure calculator takes.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from erasmusdesk.grants import rules

FIRST_YEAR = 2014  # the Erasmus+ programme starts with the 2014 call
LAST_YEAR = 2100
_YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]
_MONEY = {"max_digits": 10, "decimal_places": 2, "validators": [MinValueValidator(0)]}

_CHILD_RELATIONS = (
    "country_groups",
    "monthly_rates",
    "staff_rates",
    "travel_bands",
    "duration_limits",
)


class HostGroup(models.IntegerChoices):
    """The usual host-country groups of the ICM rates (1: highest living costs, 3: lowest).

    A table's number of groups is data: the groups are those its rows use, and the staff
    grouping may differ from the students' (the 2014 rules had four staff groups,
    docest.com/doc/425664). ``GROUP_VALIDATORS`` bound a group number.
    """

    ONE = 1, _("group 1")
    TWO = 2, _("group 2")
    THREE = 3, _("group 3")


MAX_GROUP = 9
GROUP_VALIDATORS = [MinValueValidator(1), MaxValueValidator(MAX_GROUP)]


def group_label(group: int | None) -> str:
    """ "group 4": the label of a host-country group, whatever the table's number of groups."""
    return gettext("group %(group)s") % {"group": group}


class ActivityChoice(models.TextChoices):
    """The activities of grants.rules.Activity, with translated labels."""

    STUDY = rules.Activity.STUDY.value, _("study")
    TRAINEESHIP = rules.Activity.TRAINEESHIP.value, _("traineeship")
    TEACHING = rules.Activity.TEACHING.value, _("staff mobility for teaching")
    TRAINING = rules.Activity.TRAINING.value, _("staff mobility for training")


class DurationUnitChoice(models.TextChoices):
    DAYS = rules.DurationUnit.DAYS.value, _("days")
    MONTHS = rules.DurationUnit.MONTHS.value, _("months")


#: The suffix of the tables the project ships (grants/defaults.py); their names are keys (a
#: grant agreement keeps the name of its table), so only the shown name is translated.
SHIPPED_SUFFIX = " (shipped default)"


def rate_table_display_name(name: str) -> str:
    """A rate table's name as shown: a shipped table's suffix in the reader's language
    ("KA171 2024-2026 (shipped default)" -> "KA171 2024-2026 (таблица по умолчанию)")."""
    if name.endswith(SHIPPED_SUFFIX):
        return gettext("%(name)s (shipped default)") % {"name": name[: -len(SHIPPED_SUFFIX)]}
    return name


class RateTableQuerySet(models.QuerySet):
    def covering(self, year: int) -> "RateTableQuerySet":
        """Tables whose call years include ``year``, the preferred one first.

        Preference: confirmed before unconfirmed (the office's own confirmed table beats a
        shipped unconfirmed default for the same years), then the most recently updated.
        """
        return self.filter(first_call_year__lte=year, last_call_year__gte=year).order_by(
            "-is_confirmed", "-updated", "-pk"
        )

    def for_year(self, year: int) -> "RateTable | None":
        """The table to use for the call of ``year``, or None when no table covers it."""
        return self.covering(year).first()

    def for_year_or_latest(self, year: int) -> "TableForYear | None":
        """The table of the call of ``year``; past the last table, the latest one, carried over.

        Rule (our own, for the years the Commission has not yet published rates for): a call
        year after every table's last call year uses the table with the latest last call year,
        marked as carried over and so unconfirmed, until the office adds the new table. A year
        before the first table has no table (None).
        """
        table = self.for_year(year)
        if table is not None:
            return TableForYear(table, year, carried_over=False)
        latest = (
            self.filter(last_call_year__lt=year)
            .order_by("-last_call_year", "-is_confirmed", "-updated", "-pk")
            .first()
        )
        return TableForYear(latest, year, carried_over=True) if latest is not None else None

    def with_rules(self) -> "RateTableQuerySet":
        """Prefetch every child relation, so that ``to_rules()`` needs no further query."""
        return self.prefetch_related(*_CHILD_RELATIONS)


@dataclass(frozen=True)
class TableForYear:
    """The table chosen for a call year, and whether it is carried over from an earlier year."""

    table: "RateTable"
    year: int
    carried_over: bool

    @property
    def confirmed(self) -> bool:
        """A carried-over table is never confirmed for the year it is carried to."""
        return self.table.is_confirmed and not self.carried_over


class RateTable(models.Model):
    """The rates of one programme for a range of call years.

    Tables of the same programme may overlap in years: the office may add its own confirmed
    table beside a shipped unconfirmed default, and ``for_year`` then prefers the confirmed
    one. ``is_confirmed`` says the office (or a source we trust) vouches for every figure;
    an unconfirmed table must be checked against the office's own grant agreement.
    """

    name = models.CharField(_("name"), max_length=120, unique=True)
    programme = models.CharField(
        _("programme"),
        max_length=60,
        help_text=_("The key action, e.g. KA107 (2014-2020) or KA171 (2021-2027)."),
    )
    first_call_year = models.PositiveSmallIntegerField(
        _("first call year"), validators=_YEAR_VALIDATORS
    )
    last_call_year = models.PositiveSmallIntegerField(
        _("last call year"), validators=_YEAR_VALIDATORS
    )
    is_confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("Tick only once every figure has been checked against the grant agreement."),
    )
    source = models.TextField(_("sources"), help_text=_("Where each figure comes from."))
    note = models.TextField(_("note"), blank=True)
    travel_days_standard = models.PositiveSmallIntegerField(
        _("funded travel days, standard travel"), default=0
    )
    travel_days_green = models.PositiveSmallIntegerField(
        _("funded travel days, green travel"), default=0
    )
    travel_days_staff = models.PositiveSmallIntegerField(
        _("funded travel days, staff"),
        null=True,
        blank=True,
        help_text=_(
            "Only where staff travel days follow their own rule (KA107: up to two, one before "
            "and one after the activity). Empty: the travel days above apply to staff too."
        ),
    )
    fewer_opportunities_monthly = models.DecimalField(
        _("supplement for fewer opportunities (EUR per month)"), null=True, blank=True, **_MONEY
    )
    traineeship_monthly = models.DecimalField(
        _("traineeship top-up (EUR per month)"), null=True, blank=True, **_MONEY
    )
    updated = models.DateTimeField(_("last changed"), auto_now=True)

    objects = RateTableQuerySet.as_manager()

    class Meta:
        verbose_name = _("rate table")
        verbose_name_plural = _("rate tables")
        ordering = ["-first_call_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_call_year__lte=models.F("last_call_year")),
                name="rate_table_years_in_order",
                violation_error_message=_("The last call year must not come before the first."),
            ),
            models.CheckConstraint(
                condition=models.Q(travel_days_green__gte=models.F("travel_days_standard")),
                name="rate_table_green_days_not_fewer",
                violation_error_message=_(
                    "Green travel must fund at least as many travel days as standard travel."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """The name in the reader's language (see ``rate_table_display_name``)."""
        return rate_table_display_name(self.name)

    @property
    def years_label(self) -> str:
        if self.first_call_year == self.last_call_year:
            return str(self.first_call_year)
        return f"{self.first_call_year}-{self.last_call_year}"

    def clean(self) -> None:
        errors = {}
        first, last = self.first_call_year, self.last_call_year
        if first is not None and last is not None and last < first:
            errors["last_call_year"] = _("The last call year must not come before the first.")
        standard, green = self.travel_days_standard, self.travel_days_green
        if standard is not None and green is not None and green < standard:
            errors["travel_days_green"] = _(
                "Green travel must fund at least as many travel days as standard travel."
            )
        if errors:
            raise ValidationError(errors)

    def to_rules(self) -> rules.RateTable:
        """The frozen value the pure calculator takes (grants/rules.py).

        One query per child relation (five), none when the table comes from ``with_rules()``.
        Countries are ISO 3166-1 alpha-2 codes (Greece GR, United Kingdom GB).
        """
        staff_rates = {
            rate.group: rules.StaffRate(
                daily=rate.daily_amount,
                reduced_from_day=rate.reduced_from_day,
                reduced_percent=rate.reduced_percent,
            )
            for rate in self.staff_rates.all()
        }
        limits = {
            rules.Activity(limit.activity): rules.DurationLimit(
                minimum=limit.minimum, maximum=limit.maximum, unit=rules.DurationUnit(limit.unit)
            )
            for limit in self.duration_limits.all()
        }
        bands = sorted(self.travel_bands.all(), key=lambda band: band.min_km)
        groups = list(self.country_groups.all())
        return rules.RateTable(
            name=self.name,
            first_call_year=self.first_call_year,
            last_call_year=self.last_call_year,
            confirmed=self.is_confirmed,
            source=self.source,
            country_groups={entry.country.code: entry.group for entry in groups},
            staff_country_groups={
                entry.country.code: entry.staff_group
                for entry in groups
                if entry.staff_group is not None
            },
            travel_days_staff=self.travel_days_staff,
            monthly_rates={rate.group: rate.amount for rate in self.monthly_rates.all()},
            staff_rates=staff_rates,
            bands=tuple(
                rules.Band(band.min_km, band.max_km, band.standard_amount, band.green_amount)
                for band in bands
            ),
            fewer_opportunities_monthly=self.fewer_opportunities_monthly,
            traineeship_monthly=self.traineeship_monthly,
            travel_days_standard=self.travel_days_standard,
            travel_days_green=self.travel_days_green,
            duration_limits=limits,
        )


class CountryGroup(models.Model):
    """The group of one host country in a table (reference section 1, by period).

    ``group`` selects the students' monthly rate and, unless ``staff_group`` is given, the
    staff daily rate; ``staff_group`` serves tables whose staff grouping differs (2015-2017:
    four staff groups against three student groups, docest.com/doc/425664).
    """

    table = models.ForeignKey(RateTable, on_delete=models.CASCADE, related_name="country_groups")
    country = CountryField(_("host country"))
    group = models.PositiveSmallIntegerField(_("group"), validators=GROUP_VALIDATORS)
    staff_group = models.PositiveSmallIntegerField(
        _("group for staff"),
        null=True,
        blank=True,
        validators=GROUP_VALIDATORS,
        help_text=_(
            "Only where the table groups staff differently from students (the 2014 rules had "
            "four staff groups). Empty: the staff rates use the group above."
        ),
    )

    class Meta:
        verbose_name = _("country group")
        verbose_name_plural = _("country groups")
        ordering = ["table", "group", "country"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "country"],
                name="country_group_once_per_table",
                violation_error_message=_("This country already has a group in this table."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.country.name}: {group_label(self.group)}"


class MonthlyRate(models.Model):
    """Monthly individual support of an incoming student for one host-country group."""

    table = models.ForeignKey(RateTable, on_delete=models.CASCADE, related_name="monthly_rates")
    group = models.PositiveSmallIntegerField(_("group"), validators=GROUP_VALIDATORS)
    amount = models.DecimalField(_("EUR per month"), **_MONEY)

    class Meta:
        verbose_name = _("monthly rate")
        verbose_name_plural = _("monthly rates")
        ordering = ["table", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "group"],
                name="monthly_rate_once_per_group",
                violation_error_message=_("This group already has a monthly rate in this table."),
            )
        ]

    def __str__(self) -> str:
        return f"{group_label(self.group)}: {self.amount} EUR"


class StaffDailyRate(models.Model):
    """Daily individual support of incoming staff for one group, with an optional reduction.

    From day ``reduced_from_day`` on, ``reduced_percent`` of the daily rate is paid (2018-2020:
    70 % from day 15, bwz.uw.edu.pl); both fields are given or neither.
    """

    table = models.ForeignKey(RateTable, on_delete=models.CASCADE, related_name="staff_rates")
    group = models.PositiveSmallIntegerField(_("group"), validators=GROUP_VALIDATORS)
    daily_amount = models.DecimalField(_("EUR per day"), **_MONEY)
    reduced_from_day = models.PositiveSmallIntegerField(
        _("reduced from day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2)],
        help_text=_("E.g. 15: from the 15th day on, only the percentage below is paid."),
    )
    reduced_percent = models.PositiveSmallIntegerField(
        _("percentage paid from that day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("staff daily rate")
        verbose_name_plural = _("staff daily rates")
        ordering = ["table", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "group"],
                name="staff_rate_once_per_group",
                violation_error_message=_("This group already has a staff rate in this table."),
            ),
            models.CheckConstraint(
                condition=models.Q(reduced_from_day__isnull=True, reduced_percent__isnull=True)
                | models.Q(reduced_from_day__isnull=False, reduced_percent__isnull=False),
                name="staff_rate_reduction_complete",
                violation_error_message=_(
                    "Give both the day the reduction starts and its percentage, or neither."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(reduced_percent__isnull=True)
                | models.Q(reduced_percent__gte=1, reduced_percent__lte=100),
                name="staff_rate_percent_range",
                violation_error_message=_("The percentage must be between 1 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{group_label(self.group)}: {self.daily_amount} EUR"

    def clean(self) -> None:
        if self.reduced_from_day is not None and self.reduced_percent is None:
            raise ValidationError(
                {"reduced_percent": _("Give the percentage paid from the reduced day on.")}
            )
        if self.reduced_percent is not None and self.reduced_from_day is None:
            raise ValidationError(
                {"reduced_from_day": _("Give the day from which the reduced percentage is paid.")}
            )


def _range_label(min_km: int, max_km: int | None) -> str:
    if max_km is None:
        return gettext("%(min)s+ km") % {"min": min_km}
    return gettext("%(min)s-%(max)s km") % {"min": min_km, "max": max_km}


def band_conflict(
    band: "TravelBand", others: Iterable["TravelBand"]
) -> tuple[str, ValidationError] | None:
    """The first conflict of ``band`` with the other bands of its table, or None.

    Rule: bands run from ``min_km`` to ``max_km`` inclusive and must not overlap; only the
    highest band may be open-ended (the last band of every table in reference section 2 is
    "8000+"). Returns the field of ``band`` to blame and the error, which names both bands.
    """
    top = band.max_km
    for other in sorted(others, key=lambda item: item.min_km):
        params = {
            "band": _range_label(band.min_km, band.max_km),
            "other": _range_label(other.min_km, other.max_km),
        }
        if top is None and other.min_km > band.min_km:
            message = _(
                "Only the highest band may have no upper end: %(band)s lies below %(other)s."
            )
            return "max_km", ValidationError(message, params=params)
        below = top is not None and top < other.min_km
        above = other.max_km is not None and band.min_km > other.max_km
        if not below and not above:
            message = _("The band %(band)s overlaps the band %(other)s.")
            return "min_km", ValidationError(message, params=params)
    return None


class TravelBand(models.Model):
    """A travel distance band: one-way distance between the two cities selects the amount.

    The amount is a contribution to the return trip; ``green_amount`` applies with green
    travel where the table gives one (2021+). Reference section 2.
    """

    table = models.ForeignKey(RateTable, on_delete=models.CASCADE, related_name="travel_bands")
    min_km = models.PositiveIntegerField(_("from (km)"))
    max_km = models.PositiveIntegerField(
        _("to (km, inclusive)"), null=True, blank=True, help_text=_("Empty: no upper end.")
    )
    standard_amount = models.DecimalField(_("standard travel (EUR)"), **_MONEY)
    green_amount = models.DecimalField(
        _("green travel (EUR)"),
        null=True,
        blank=True,
        help_text=_("Empty: the table gives no green-travel amount for this band."),
        **_MONEY,
    )

    # The admin's formset checks the bands of a table together and turns this off.
    check_siblings = True

    class Meta:
        verbose_name = _("travel band")
        verbose_name_plural = _("travel bands")
        ordering = ["table", "min_km"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "min_km"],
                name="travel_band_start_once_per_table",
                violation_error_message=_("Another band of this table starts at this distance."),
            ),
            models.CheckConstraint(
                condition=models.Q(max_km__isnull=True) | models.Q(max_km__gte=models.F("min_km")),
                name="travel_band_range_in_order",
                violation_error_message=_("The upper end must not be below the lower end."),
            ),
        ]

    def __str__(self) -> str:
        return _range_label(self.min_km, self.max_km)

    def clean(self) -> None:
        if self.min_km is None:
            return
        if self.max_km is not None and self.max_km < self.min_km:
            raise ValidationError({"max_km": _("The upper end must not be below the lower end.")})
        if not self.check_siblings or self.table_id is None:
            return
        siblings = TravelBand.objects.filter(table_id=self.table_id).exclude(pk=self.pk)
        conflict = band_conflict(self, siblings)
        if conflict:
            field, error = conflict
            raise ValidationError({field: error})


class DurationLimit(models.Model):
    """The allowed duration of one activity (reference section 1, "Duration").

    E.g. study 3-12 months (2014-2020) or 2-12 months (2021-2027); staff 5-60 days.
    """

    table = models.ForeignKey(RateTable, on_delete=models.CASCADE, related_name="duration_limits")
    activity = models.CharField(_("activity"), max_length=20, choices=ActivityChoice.choices)
    minimum = models.PositiveSmallIntegerField(_("minimum"), validators=[MinValueValidator(1)])
    maximum = models.PositiveSmallIntegerField(_("maximum"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit"), max_length=10, choices=DurationUnitChoice.choices)

    class Meta:
        verbose_name = _("duration limit")
        verbose_name_plural = _("duration limits")
        ordering = ["table", "activity"]
        constraints = [
            models.UniqueConstraint(
                fields=["table", "activity"],
                name="duration_limit_once_per_activity",
                violation_error_message=_("This activity already has a duration in this table."),
            ),
            models.CheckConstraint(
                condition=models.Q(maximum__gte=models.F("minimum")),
                name="duration_limit_in_order",
                violation_error_message=_("The maximum must not be below the minimum."),
            ),
        ]

    def __str__(self) -> str:
        span = f"{self.minimum}-{self.maximum}"
        return f"{self.get_activity_display()}: {span} {self.get_unit_display()}"

    def clean(self) -> None:
        if self.minimum is not None and self.maximum is not None and self.maximum < self.minimum:
            raise ValidationError({"maximum": _("The maximum must not be below the minimum.")})
