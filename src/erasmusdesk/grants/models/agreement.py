"""Grant agreements with participants, their payments, and the budgets they draw on.

A grant agreement freezes an estimate's breakdown (grants/services.py): the amounts no
longer follow later edits of the rate table. The pre-financing share is data per agreement
(default 80 %: upv.es KA171; Tübingen 80/20, reference section 1).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from erasmusdesk.grants.models.rates import ActivityChoice

_MONEY = {"max_digits": 10, "decimal_places": 2}


class GrantAgreementStatus(models.TextChoices):
    ISSUED = "issued", _("issued")
    SIGNED = "signed", _("signed by the participant")
    CLOSED = "closed", _("closed (final amount settled)")
    CANCELLED = "cancelled", _("cancelled")


class GrantAgreement(models.Model):
    """The grant of one participant for one mobility, with its frozen breakdown."""

    reference = models.CharField(_("reference"), max_length=40, unique=True)
    call = models.ForeignKey(
        "calls.Call",
        verbose_name=_("call"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant_agreements",
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant's account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grant_agreements",
    )
    participant_name = models.CharField(
        _("participant's name"),
        max_length=200,
        help_text=_("As in the passport; the agreement prints it as written here."),
    )
    participant_language = models.CharField(
        _("language of the agreement"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    home_institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("sending institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    host_institution = models.ForeignKey(
        "institutions.Institution",
        verbose_name=_("receiving institution"),
        on_delete=models.PROTECT,
        related_name="hosted_grants",
    )
    departure_city = models.CharField(
        _("other departure city"),
        max_length=120,
        blank=True,
        help_text=_('"City, CC" when the participant leaves from elsewhere; give the reason.'),
    )
    departure_reason = models.CharField(_("reason for the other city"), max_length=300, blank=True)
    activity = models.CharField(_("activity"), max_length=20, choices=ActivityChoice.choices)
    call_year = models.PositiveSmallIntegerField(_("call year"))
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    green_travel = models.BooleanField(_("green travel"), default=False)
    travel_days = models.PositiveSmallIntegerField(_("funded travel days"), default=0)
    fewer_opportunities = models.BooleanField(_("fewer opportunities"), default=False)
    rate_table_name = models.CharField(_("rate table"), max_length=200)
    breakdown = models.JSONField(_("frozen breakdown"), default=dict)
    total = models.DecimalField(_("grant"), **_MONEY)
    prefinancing_percent = models.PositiveSmallIntegerField(
        _("pre-financing (%)"),
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    actual_start = models.DateField(_("actual first day"), null=True, blank=True)
    actual_end = models.DateField(_("actual last day"), null=True, blank=True)
    final_breakdown = models.JSONField(_("final breakdown"), null=True, blank=True)
    final_total = models.DecimalField(_("final grant"), null=True, blank=True, **_MONEY)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=GrantAgreementStatus.choices,
        default=GrantAgreementStatus.ISSUED,
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(_("issued on"), auto_now_add=True)

    class Meta:
        verbose_name = _("grant agreement")
        verbose_name_plural = _("grant agreements")
        ordering = ["-created", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="grant_agreement_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} · {self.participant_name}"

    @property
    def prefinancing(self) -> Decimal:
        """The pre-financing instalment, rounded to cents."""
        return (self.total * self.prefinancing_percent / 100).quantize(Decimal("0.01"))

    @property
    def balance(self) -> Decimal:
        """What remains after pre-financing, on the frozen (or final) total."""
        return (
            self.final_total if self.final_total is not None else self.total
        ) - self.prefinancing

    @property
    def paid(self) -> Decimal:
        return sum((payment.signed_amount for payment in self.payments.all()), Decimal("0.00"))

    @property
    def outstanding(self) -> Decimal:
        """Positive: still to pay; negative: to recover from the participant."""
        due = self.final_total if self.final_total is not None else self.total
        return due - self.paid


class PaymentKind(models.TextChoices):
    PREFINANCING = "prefinancing", _("pre-financing")
    BALANCE = "balance", _("balance")
    RECOVERY = "recovery", _("recovery from the participant")


class Payment(models.Model):
    """Money paid to (or recovered from) a participant under a grant agreement."""

    agreement = models.ForeignKey(GrantAgreement, on_delete=models.CASCADE, related_name="payments")
    kind = models.CharField(_("kind"), max_length=20, choices=PaymentKind.choices)
    amount = models.DecimalField(_("amount (EUR)"), validators=[MinValueValidator(0)], **_MONEY)
    paid_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["paid_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} EUR"

    @property
    def signed_amount(self) -> Decimal:
        """Recoveries count against what was paid."""
        return -self.amount if self.kind == PaymentKind.RECOVERY else self.amount


class Budget(models.Model):
    """The money awarded for one activity of a call, against which agreements commit."""

    call = models.ForeignKey(
        "calls.Call", verbose_name=_("call"), on_delete=models.CASCADE, related_name="budgets"
    )
    activity = models.CharField(_("activity"), max_length=20, choices=ActivityChoice.choices)
    awarded = models.DecimalField(_("awarded (EUR)"), validators=[MinValueValidator(0)], **_MONEY)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(fields=["call", "activity"], name="one_budget_per_activity")
        ]

    def __str__(self) -> str:
        return f"{self.call} · {self.get_activity_display()}"
