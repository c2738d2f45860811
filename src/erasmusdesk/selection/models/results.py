"""Published results: each run of the allocation, every application's result in it, the
appeals against a result and the corrections an upheld appeal makes."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from erasmusdesk.applications.models import Application
from erasmusdesk.institutions.models import MobilityCondition
from erasmusdesk.selection.models.selection import Criterion, Selection


class Outcome(models.TextChoices):
    SELECTED = "selected", _("selected")
    RESERVE = "reserve", _("reserve list")
    NOT_SELECTED = "not_selected", _("not selected")


class Run(models.Model):
    """One publication of a call's results: the first, then each re-run after appeals.

    ``inputs`` keeps what the allocation was computed from (criteria and weights, tie rules,
    partners' rules, places, allowed spread, lowest total), so that a result can be checked
    and reproduced later.
    """

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="runs")
    number = models.PositiveSmallIntegerField(_("run"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    appeal_deadline = models.DateTimeField(_("appeals until"))
    inputs = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("published run")
        verbose_name_plural = _("published runs")
        ordering = ["selection", "number"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "number"], name="one_run_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.selection} #{self.number}"


class Result(models.Model):
    """One application's result in one run, as published: its position in the call's
    ranking, total and points, outcome, and the explanation as data (``refusals``: one entry
    per preferred place it did not get, see ``allocation.Refusal``).

    ``place`` and ``seat`` say which of a place's seats the applicant holds now (or is
    offered): no two results of a run hold the same seat, so a place is never double-booked,
    whoever acts at the same time. A withdrawal frees the seat (``seat`` empty).
    """

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="results")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="selection_results"
    )
    position = models.PositiveIntegerField(_("rank"))
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2)
    points = models.JSONField(_("points"), default=dict)
    flags = models.JSONField(default=list, blank=True)
    decided_by = models.CharField(max_length=40, blank=True)
    outcome = models.CharField(_("result"), max_length=20, choices=Outcome.choices)
    preference = models.PositiveSmallIntegerField(null=True, blank=True)
    partner_rank = models.PositiveIntegerField(null=True, blank=True)
    reserve_position = models.PositiveIntegerField(_("reserve position"), null=True, blank=True)
    refusals = models.JSONField(default=list, blank=True)
    place = models.ForeignKey(
        MobilityCondition,
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    seat = models.PositiveSmallIntegerField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    declined = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "application"], name="one_result_per_run"),
            models.UniqueConstraint(
                fields=["run", "place", "seat"],
                condition=Q(seat__isnull=False),
                name="one_holder_per_seat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} #{self.position}"


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("waiting for a decision")
    UPHELD = "upheld", _("upheld")
    REJECTED = "rejected", _("rejected")


class Appeal(models.Model):
    """An applicant's appeal against their published result, and the coordinator's decision."""

    result = models.OneToOneField(Result, on_delete=models.CASCADE, related_name="appeal")
    text = models.TextField(_("your appeal"))
    filed_at = models.DateTimeField(_("filed"))
    status = models.CharField(
        _("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decision = models.TextField(_("decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["filed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.result.application} ({self.get_status_display()})"


class Correction(models.Model):
    """Points of one criterion of one application set by an upheld appeal: they replace the
    evaluators' mean (or the computed points) in every later run."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="corrections")
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="corrections")

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="one_correction_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.criterion.code}: {self.points}"
