"""The selection committee: its members, who reads which application, conflicts of interest
declared, and the points each member gives."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from erasmusdesk.applications.models import Application
from erasmusdesk.selection.models.selection import Criterion, Selection


class Member(models.Model):
    """A member of a call's selection committee (an evaluator)."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="selection_memberships",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "user"], name="one_membership_per_call")
        ]

    def __str__(self) -> str:
        return str(self.user)


class Assignment(models.Model):
    """One application given to one member to score. A member who declares a conflict of
    interest keeps the row (the declaration is the record) but can no longer see or score
    the application; another member takes it over when one is free."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="assignments")
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="selection_assignments"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluator"),
        on_delete=models.PROTECT,
        related_name="selection_assignments",
    )
    conflict = models.BooleanField(_("conflict of interest declared"), default=False)
    conflict_reason = models.TextField(_("conflict of interest"), blank=True)
    conflict_declared_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(_("scored"), null=True, blank=True)
    created = models.DateTimeField(_("assigned"), auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["application__reference", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "evaluator"], name="one_assignment_per_evaluator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.evaluator}"


class Score(models.Model):
    """The points one member gave one application on one criterion (changes: audit log)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    updated = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.points}"
