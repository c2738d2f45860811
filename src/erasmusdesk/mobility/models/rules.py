"""The figures the mobility's rules use, as data the office edits (one row)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

SOURCES = (
    "ECTS Users' Guide 2015, 3.1: 60 ECTS credits are allocated to the learning outcomes "
    "and workload of a full-time academic year, 30 to a semester. "
    "Learning Agreement for Studies guidelines (European Commission, 2021-2027): changes "
    "are agreed within 5 weeks after the start of each semester or term, and the receiving "
    "institution issues the Transcript of Records within 5 weeks after the end of the "
    "mobility. Erasmus+ Programme Guide 2026, part B (staff mobility for teaching): at "
    "least 8 hours of teaching per week, pro rata for a shorter stay."
)


class MobilityRules(models.Model):
    """The norms of the mobility (no EWP element): the usual ECTS load of a term and the
    tolerance before a load is flagged, the deadlines after a term's start and a
    mobility's end, the minimum teaching hours of staff. Defaults and their sources in
    ``SOURCES``."""

    ects_per_term = models.DecimalField(
        _("usual ECTS credits per term"), max_digits=5, decimal_places=1, default=Decimal("30")
    )
    ects_tolerance = models.DecimalField(
        _("flag a term load differing by more than (ECTS)"),
        max_digits=5,
        decimal_places=1,
        default=Decimal("5"),
    )
    change_weeks_after_start = models.PositiveSmallIntegerField(
        _("changes within (weeks after the term's start)"), default=5
    )
    transcript_weeks_after_end = models.PositiveSmallIntegerField(
        _("transcript within (weeks after the mobility's end)"), default=5
    )
    staff_teaching_hours_per_week = models.DecimalField(
        _("staff: minimum teaching hours a week"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("8"),
    )
    source = models.TextField(_("sources"), default=SOURCES)

    class Meta:
        verbose_name = _("mobility rules")
        verbose_name_plural = _("mobility rules")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "MobilityRules":
        """The one row (the sourced defaults until the office changes them)."""
        found = cls.objects.order_by("pk").first()
        return found if found is not None else cls()
