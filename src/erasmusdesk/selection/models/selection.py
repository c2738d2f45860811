"""A call's selection: its settings, criteria and partners' own rules (data the office edits
per call, with the sourced defaults of ``defaults.py``)."""

import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from erasmusdesk.calls.models import Call
from erasmusdesk.institutions.models import Agreement, CefrLevel
from erasmusdesk.selection import defaults, ranking

SUBJECT_AREA = re.compile(r"^\d{2,4}$")


def default_tie_rules() -> list[list[str]]:
    return [list(rule) for rule in defaults.TIE_RULES]


class TieField(models.TextChoices):
    """What a tie rule may compare (besides a criterion's points)."""

    GRADE = "grade_normalised", _("grade average (normalised)")
    LANGUAGE = "cefr_rank", _("language level (CEFR)")
    SUBMITTED = "submitted_at", _("submission instant")
    YEAR = "year_of_study", _("year of study")


class Selection(models.Model):
    """The competitive selection of one call: settings, and how far it has gone.

    ``run`` is the number of the results last published (0: none yet); publishing locks this
    row, so that two coordinators never publish the same run twice.
    """

    call = models.OneToOneField(
        Call,
        verbose_name=pgettext_lazy("call for applications", "call"),
        on_delete=models.PROTECT,
        related_name="selection",
    )
    evaluators_per_application = models.PositiveSmallIntegerField(
        _("evaluators per application"),
        default=defaults.EVALUATORS_PER_APPLICATION,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    max_spread = models.DecimalField(
        _("allowed spread between evaluators"),
        max_digits=6,
        decimal_places=2,
        default=defaults.MAX_SPREAD,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "Points: when the highest and lowest scores of a criterion differ by more, the "
            "application is flagged for the committee."
        ),
    )
    tie_rules = models.JSONField(
        _("tie rules"),
        default=default_tie_rules,
        blank=True,
        help_text=_(
            'In order, after the total: [["grade_normalised", "desc"], ["cefr_rank", "desc"], '
            '["submitted_at", "asc"]]; a criterion code may be named too. The application '
            "reference decides last."
        ),
    )
    min_total = models.DecimalField(
        _("lowest total for a place"),
        max_digits=5,
        decimal_places=2,
        default=defaults.MIN_TOTAL,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Out of 100; applications below it are not selected (0: no minimum)."),
    )
    appeal_days = models.PositiveSmallIntegerField(
        _("days to appeal"),
        default=defaults.APPEAL_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    run = models.PositiveSmallIntegerField(_("results published"), default=0, editable=False)
    published_at = models.DateTimeField(_("last published"), null=True, blank=True, editable=False)
    updated = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        ordering = ["-call__academic_year", "call__opens_at"]

    def __str__(self) -> str:
        return str(self.call)

    @property
    def is_published(self) -> bool:
        return self.run > 0

    def tie_rule_list(self, criterion_codes=()) -> tuple[ranking.TieRule, ...]:
        """The tie rules as the ranking reads them; ValueError naming a bad one."""
        rules = []
        for index, rule in enumerate(self.tie_rules or [], start=1):
            if not (isinstance(rule, list | tuple) and len(rule) == 2):
                raise ValueError(index)
            name, direction = rule
            if name not in TieField.values and name not in criterion_codes:
                raise ValueError(index)
            if direction not in {way.value for way in ranking.Direction}:
                raise ValueError(index)
            rules.append(ranking.TieRule(name, ranking.Direction(direction)))
        return tuple(rules)

    def clean(self) -> None:
        codes = set(self.criteria.values_list("code", flat=True)) if self.pk else set()
        try:
            self.tie_rule_list(codes)
        except ValueError as error:
            raise ValidationError(
                {
                    "tie_rules": _(
                        "Tie rule %(number)s is not [field, direction]: the field is one of "
                        "%(fields)s or a criterion code, the direction asc or desc."
                    )
                    % {"number": error.args[0], "fields": ", ".join(TieField.values)}
                }
            ) from None


class CriterionSource(models.TextChoices):
    GRADE = "grade", _("computed: grade average")
    LANGUAGE = "language", _("computed: language level (CEFR)")
    YEAR = "year_of_study", _("computed: year of study")
    EVALUATORS = "evaluators", _("scored by the evaluators")


class Criterion(models.Model):
    """One criterion of a call's selection, with its weight, maximum points and guidance."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(
        _("code"),
        max_length=30,
        help_text=_("Short, unique in the call; partners' weights and tie rules name it."),
    )
    name = models.CharField(_("name"), max_length=120)
    guidance = models.TextField(_("guidance for evaluators"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=CriterionSource.choices)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    max_points = models.DecimalField(
        _("maximum points"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    step = models.DecimalField(
        _("step of the points"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.5"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_(
            "Evaluators give points in steps of this size: with 0.5, 7 and 7.5 are accepted, "
            "7.3 is not; 0.01 accepts any value with two decimals. The office's default is "
            "0.5, the half points of its scoring grid."
        ),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "code"], name="one_criterion_per_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_scored(self) -> bool:
        return self.source == CriterionSource.EVALUATORS

    def follows_step(self, points: Decimal) -> bool:
        """Whether ``points`` is a whole number of steps (7.5 with a step of 0.5; not 7.3)."""
        return Decimal(points) % self.step == 0

    def to_rule(self) -> ranking.Criterion:
        return ranking.Criterion(self.code, self.weight, self.max_points)

    def clean(self) -> None:
        if self.code in ranking.ENTRY_FIELDS or self.code == ranking.TOTAL:
            raise ValidationError(
                {
                    "code": _("%(code)s is a field of the ranking: choose another code.")
                    % {"code": self.code}
                }
            )


class PartnerRule(models.Model):
    """A partner agreement's own requirement and weights in one call: the partner then ranks
    the applicants who chose its places by its own criteria."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="partner_rules")
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="+"
    )
    min_cefr = models.CharField(
        _("lowest language level (CEFR)"), max_length=2, choices=CefrLevel.choices, blank=True
    )
    subject_areas = models.CharField(
        _("subject areas (ISCED-F 2013)"),
        max_length=200,
        blank=True,
        help_text=_("Codes or their first digits, separated by commas, e.g. 06, 0413."),
    )
    weights = models.JSONField(
        _("own weights"),
        default=dict,
        blank=True,
        help_text=_('Criterion code: weight, e.g. {"language": 40}; others keep the call\'s.'),
    )

    class Meta:
        verbose_name = _("partner's rule")
        verbose_name_plural = _("partners' rules")
        constraints = [
            models.UniqueConstraint(
                fields=["selection", "agreement"], name="one_rule_per_partner_agreement"
            )
        ]

    def __str__(self) -> str:
        return str(self.agreement)

    @property
    def subject_area_list(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.subject_areas.split(",") if part.strip())

    def clean(self) -> None:
        errors = {}
        bad = [code for code in self.subject_area_list if not SUBJECT_AREA.match(code)]
        if bad:
            errors["subject_areas"] = _(
                "%(codes)s: a subject area is 2 to 4 digits of ISCED-F 2013 (e.g. 06 or 0613)."
            ) % {"codes": ", ".join(bad)}
        if not isinstance(self.weights, dict):
            errors["weights"] = _('Give the weights as {"criterion code": weight}.')
        else:
            codes = (
                set(self.selection.criteria.values_list("code", flat=True))
                if self.selection_id
                else set()
            )
            for code, weight in self.weights.items():
                if code not in codes:
                    errors["weights"] = _("%(code)s is not a criterion of this call.") % {
                        "code": code
                    }
                    break
                try:
                    value = Decimal(str(weight))
                except InvalidOperation:
                    value = None
                if value is None or not value.is_finite() or value < 0:
                    errors["weights"] = _(
                        "The weight of %(code)s must be a number of 0 or more."
                    ) % {"code": code}
                    break
        if errors:
            raise ValidationError(errors)

    def to_rule(self, criteria: tuple[ranking.Criterion, ...]) -> ranking.PartnerRule:
        from erasmusdesk.selection.scales import cefr_level

        requirement = ranking.Requirement(
            min_cefr=cefr_level(self.min_cefr) if self.min_cefr else None,
            subject_areas=self.subject_area_list,
        )
        own = ranking.with_weights(criteria, self.weights) if self.weights else None
        return ranking.PartnerRule(requirement=requirement, criteria=own)
