"""The office's rules of "which opportunity fits me" (sourced defaults: defaults.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from erasmusdesk.advisor import fit


class FitRule(models.Model):
    """Who may take part in one catalogue opportunity (and, for credit mobility, activity)."""

    slug = models.SlugField(_("opportunity (catalogue address)"), max_length=80)
    activity = models.CharField(
        _("activity"),
        max_length=20,
        blank=True,
        help_text=_("study, traineeship, teaching or training; empty for the whole opportunity"),
    )
    roles = models.JSONField(
        _("roles"),
        default=list,
        blank=True,
        help_text=_("student, teacher, staff; empty: only the institution applies"),
    )
    levels = models.JSONField(
        _("students' levels"), default=list, blank=True, help_text=_("bachelor, master, doctoral")
    )
    min_year_bachelor = models.PositiveSmallIntegerField(
        _("bachelor students from year"), null=True, blank=True
    )
    needs_first_degree = models.BooleanField(_("needs a first degree"), default=False)
    min_language = models.CharField(
        _("minimum language level (CEFR)"),
        max_length=2,
        blank=True,
        choices=[(level, level) for level in fit.CEFR],
    )
    positions = models.JSONField(
        _("teachers' positions"),
        default=list,
        blank=True,
        help_text=_("professor, senior_lecturer, lecturer, researcher; empty: any"),
    )
    source = models.TextField(_("source"))
    position = models.PositiveSmallIntegerField(_("position in lists"), default=100)

    class Meta:
        verbose_name = _("eligibility rule of the advisor")
        verbose_name_plural = _("eligibility rules of the advisor")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "activity"], name="advisor_rule_unique")
        ]

    def __str__(self) -> str:
        return f"{self.slug} {self.activity}".strip()

    def to_rule(self) -> fit.Rule:
        return fit.Rule(
            slug=self.slug,
            source=self.source,
            activity=self.activity,
            roles=tuple(fit.Role(role) for role in self.roles),
            levels=tuple(fit.Level(level) for level in self.levels),
            min_year_bachelor=self.min_year_bachelor,
            needs_first_degree=self.needs_first_degree,
            min_language=self.min_language or None,
            positions=tuple(self.positions),
        )
