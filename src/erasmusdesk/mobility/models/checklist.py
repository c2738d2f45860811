"""The pre-departure checklist: which steps each call asks for (data), and each
participant's ticks."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from erasmusdesk.calls.models import Call
from erasmusdesk.core.fields import MultipleChoiceField, split
from erasmusdesk.mobility.models.mobility import Mobility


class DepartureStep(models.TextChoices):
    """The usual steps before an Erasmus+ stay (Programme Guide 2026, part B: insurance
    cover, the grant agreement signed before departure, the language assessment where it
    applies; the visa and accommodation of a partner-country participant)."""

    VISA = "visa", _("visa obtained")
    INSURANCE = "insurance", _("insurance taken out")
    ACCOMMODATION = "accommodation", _("accommodation found")
    LANGUAGE = "language", _("language assessment done")
    GRANT = "grant", _("grant agreement signed")


class DepartureChecklist(models.Model):
    """The steps a call asks its participants to complete before leaving (no EWP element);
    a call without one asks for every step."""

    call = models.OneToOneField(Call, on_delete=models.CASCADE, related_name="departure_checklist")
    steps = MultipleChoiceField(_("steps"), choices=DepartureStep.choices, max_length=80)

    class Meta:
        verbose_name = _("pre-departure checklist")
        verbose_name_plural = _("pre-departure checklists")

    def __str__(self) -> str:
        return str(self.call)

    @property
    def step_list(self) -> list[str]:
        return split(self.steps)


class DepartureTick(models.Model):
    """One step done by one participant, and when."""

    mobility = models.ForeignKey(Mobility, on_delete=models.CASCADE, related_name="ticks")
    step = models.CharField(_("step"), max_length=20, choices=DepartureStep.choices)
    done_at = models.DateTimeField(_("done"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("step done")
        verbose_name_plural = _("steps done")
        constraints = [
            models.UniqueConstraint(fields=["mobility", "step"], name="one_tick_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.mobility} · {self.step}"
