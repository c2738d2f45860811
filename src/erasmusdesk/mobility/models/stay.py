"""A change of the stay's dates while it runs: an extension or an interruption, proposed by
the participant and approved by the receiving and the sending institution (Programme Guide
2026, part B: an extension is agreed by the sending and the receiving organisation before
the planned end; the grant follows the period actually spent abroad)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from erasmusdesk.mobility.models.mobility import Mobility

_MONEY = {"max_digits": 10, "decimal_places": 2, "null": True, "blank": True}


class StayChangeKind(models.TextChoices):
    EXTENSION = "extension", _("extension (the stay ends later)")
    INTERRUPTION = "interruption", _("interruption (the stay ends earlier)")


class StayChangeStatus(models.TextChoices):
    PROPOSED = "proposed", _("waiting for the institutions")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")


class StayChange(models.Model):
    """One proposal to move the planned end of the stay, with each institution's decision
    and the grant before and after it (estimated on the planned dates with the call year's
    rate table; the final grant still follows the confirmed actual dates)."""

    mobility = models.ForeignKey(Mobility, on_delete=models.CASCADE, related_name="stay_changes")
    kind = models.CharField(_("kind of change"), max_length=20, choices=StayChangeKind.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=StayChangeStatus.choices,
        default=StayChangeStatus.PROPOSED,
    )
    reason = models.TextField(_("reason"))
    start = models.DateField(_("first day"))
    old_departure = models.DateField(_("planned departure before the change"))
    new_departure = models.DateField(_("new planned departure"))
    grant_before = models.DecimalField(_("grant before the change"), **_MONEY)
    grant_after = models.DecimalField(_("grant after the change"), **_MONEY)
    grant_note = models.TextField(_("why the grant could not be estimated"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    receiving_decision = models.CharField(
        _("receiving institution's decision"), max_length=10, blank=True
    )
    receiving_by_name = models.CharField(_("decided by (receiving)"), max_length=200, blank=True)
    receiving_at = models.DateTimeField(null=True, blank=True)
    sending_decision = models.CharField(
        _("sending institution's decision"), max_length=10, blank=True
    )
    sending_by_name = models.CharField(_("decided by (sending)"), max_length=200, blank=True)
    sending_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("change of the stay")
        verbose_name_plural = _("changes of the stay")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mobility"],
                condition=models.Q(status="proposed"),
                name="one_open_stay_change",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.old_departure} → {self.new_departure}"

    @property
    def old_days(self) -> int:
        return (self.old_departure - self.start).days + 1

    @property
    def new_days(self) -> int:
        return (self.new_departure - self.start).days + 1

    @property
    def grant_difference(self):
        if self.grant_before is None or self.grant_after is None:
            return None
        return self.grant_after - self.grant_before
