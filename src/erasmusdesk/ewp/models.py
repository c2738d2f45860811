"""What our EWP node keeps: the communication log, the partners' agreements, notifications."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExchangeDirection(models.TextChoices):
    INCOMING = "in", _("request to us")
    OUTGOING = "out", _("request by us")


class Exchange(models.Model):
    """One request in or out of our node, with its answer: the office's communication log."""

    direction = models.CharField(_("direction"), max_length=3, choices=ExchangeDirection.choices)
    api = models.CharField(_("API"), max_length=60)
    method = models.CharField(_("method"), max_length=8, default="GET")
    url = models.CharField(_("address"), max_length=1000)
    partner_hei_id = models.CharField(_("partner's HEI id"), max_length=253, blank=True)
    status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    error = models.TextField(_("error"), blank=True)
    request_body = models.TextField(_("request body"), blank=True)
    response_body = models.TextField(_("response body"), blank=True)
    request_id = models.CharField("X-Request-Id", max_length=64, blank=True)
    at = models.DateTimeField(_("at"), db_index=True)

    class Meta:
        verbose_name = _("EWP exchange")
        verbose_name_plural = _("EWP exchanges")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.direction} {self.api} {self.status}"

    @property
    def failed(self) -> bool:
        return bool(self.error) or self.status is None or self.status >= 400


class PartnerIiaState(models.TextChoices):
    FETCHED = "fetched", _("fetched")
    APPROVED = "approved", pgettext_lazy("agreement", "approved")
    GONE = "gone", _("no longer served by the partner")


class PartnerIia(models.Model):
    """The partner's copy of an agreement, as its node serves it (IIAs API v7 get)."""

    partner_hei_id = models.CharField(_("partner's HEI id"), max_length=253)
    partner_iia_id = models.CharField(_("partner's IIA id"), max_length=64)
    our_iia_id = models.CharField(_("our IIA id"), max_length=64, blank=True)
    iia_hash = models.CharField(_("IIA hash"), max_length=64, blank=True)
    xml = models.TextField(_("the partner's XML"))
    state = models.CharField(
        _("state"), max_length=20, choices=PartnerIiaState.choices, default=PartnerIiaState.FETCHED
    )
    approved_hash = models.CharField(_("hash we approved"), max_length=64, blank=True)
    fetched_at = models.DateTimeField(_("fetched at"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner's agreement")
        verbose_name_plural = _("partners' agreements")
        ordering = ["partner_hei_id", "partner_iia_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner_hei_id", "partner_iia_id"], name="one_copy_per_partner_iia"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner_hei_id} {self.partner_iia_id}"


class IiaApproval(models.Model):
    """A partner's approval of one of our agreements (IIA Approval API v2, pulled after a
    notification): the hash it approved must be the agreement's current hash."""

    agreement = models.ForeignKey(
        "institutions.Agreement", on_delete=models.CASCADE, related_name="ewp_approvals"
    )
    partner_hei_id = models.CharField(_("partner's HEI id"), max_length=253)
    iia_hash = models.CharField(_("IIA hash"), max_length=64)
    received_at = models.DateTimeField(_("received at"))

    class Meta:
        verbose_name = _("partner's approval")
        verbose_name_plural = _("partners' approvals")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.partner_hei_id} {self.iia_hash[:12]}"


class NotificationState(models.TextChoices):
    PENDING = "pending", _("waiting")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
    EXPIRED = "expired", _("expired")


class Notification(models.Model):
    """A change notification (CNR), received or to send: it carries ids only.

    Outgoing ones are a persistent queue: one row per (partner, API, id) until sent, so that
    repeats merge; failures are retried with back-off until 24 hours have passed.
    """

    direction = models.CharField(_("direction"), max_length=3, choices=ExchangeDirection.choices)
    api = models.CharField(_("API"), max_length=60)
    partner_hei_id = models.CharField(_("partner's HEI id"), max_length=253)
    object_id = models.CharField(_("object id"), max_length=64)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=NotificationState.choices,
        default=NotificationState.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created at"))
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("change notification")
        verbose_name_plural = _("change notifications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.api} {self.partner_hei_id} {self.object_id}"


def _validate_month_day(value: str) -> None:
    from datetime import date

    from django.core.exceptions import ValidationError

    try:
        month, day = (int(part) for part in value.split("-"))
        date(2024, month, day)  # a leap year: 29 February is a day of the calendar
    except (ValueError, TypeError):
        raise ValidationError(
            _("Give a month and a day as MM-DD, e.g. 04-15 for 15 April.")
        ) from None


def _validate_e164(value: str) -> None:
    import re

    from django.core.exceptions import ValidationError

    if not re.fullmatch(r"\+[0-9]{1,15}", value):
        raise ValidationError(
            _("Give the number in international form, + and digits only, e.g. +77122275577.")
        )


class Factsheet(models.Model):
    """Our factsheet for incoming students (Factsheet API v1): the deadlines by which
    partners nominate and their students apply, how fast we decide and send transcripts, and
    where applicants find application, housing, visa and insurance information.

    Served only once the office has filled it in (back office); nothing here is guessed.
    """

    nominations_autumn = models.CharField(
        _("nominations for the autumn term by (MM-DD)"),
        max_length=5,
        validators=[_validate_month_day],
    )
    nominations_spring = models.CharField(
        _("nominations for the spring term by (MM-DD)"),
        max_length=5,
        validators=[_validate_month_day],
    )
    applications_autumn = models.CharField(
        _("applications for the autumn term by (MM-DD)"),
        max_length=5,
        validators=[_validate_month_day],
    )
    applications_spring = models.CharField(
        _("applications for the spring term by (MM-DD)"),
        max_length=5,
        validators=[_validate_month_day],
    )
    decision_weeks = models.PositiveSmallIntegerField(_("weeks to decide on an application"))
    tor_weeks = models.PositiveSmallIntegerField(
        _("weeks to send the transcript of records"),
        default=5,
        help_text=_(
            "Five weeks after the results are published: Erasmus Charter for Higher "
            "Education 2021-2027, annotated guidelines."
        ),
    )
    email = models.EmailField(_("e-mail for incoming students"))
    phone = models.CharField(
        _("phone for incoming students (+ and digits)"),
        max_length=16,
        validators=[_validate_e164],
    )
    application_url = models.URLField(_("application information (web page)"))
    housing_url = models.URLField(_("housing information (web page)"))
    visa_url = models.URLField(_("visa information (web page)"))
    insurance_url = models.URLField(_("insurance information (web page)"))

    class Meta:
        verbose_name = _("factsheet for incoming students")
        verbose_name_plural = _("factsheets for incoming students")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class PartnerLaState(models.TextChoices):
    WAITING = "waiting", _("waiting for our answer")
    APPROVED = "approved", pgettext_lazy("learning agreement", "approved by us")
    COMMENTED = "commented", _("commented by us")
    SETTLED = "settled", _("nothing waiting")


class PartnerLearningAgreement(models.Model):
    """The learning agreement of a student a partner sends us, as its node serves it
    (Outgoing Mobility LAs v1.2 get): the sending HEI keeps it; we approve or comment its
    ``changes-proposal`` through the partner's update endpoint."""

    partner_hei_id = models.CharField(_("partner's HEI id"), max_length=253)
    omobility_id = models.CharField(_("mobility id (EWP)"), max_length=64)
    proposal_id = models.CharField(_("proposal waiting"), max_length=120, blank=True)
    xml = models.TextField(_("the partner's XML"))
    state = models.CharField(
        _("state"), max_length=10, choices=PartnerLaState.choices, default=PartnerLaState.SETTLED
    )
    answered_proposal_id = models.CharField(_("proposal we answered"), max_length=120, blank=True)
    comment = models.TextField(_("our comment"), blank=True)
    fetched_at = models.DateTimeField(_("fetched at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner's learning agreement")
        verbose_name_plural = _("partners' learning agreements")
        ordering = ["partner_hei_id", "omobility_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner_hei_id", "omobility_id"], name="one_copy_per_partner_la"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner_hei_id} {self.omobility_id}"
