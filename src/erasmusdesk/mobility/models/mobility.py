"""The mobility and its history, and the host's contacts.

Field names follow the Erasmus Without Paper models (OMobilities v3 ``student-mobility``,
IMobilities v2, OMobility LAs v1.2), so that the EWP exchange is a mapping of these fields.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from erasmusdesk.applications.models import Application
from erasmusdesk.institutions.models import (
    Agreement,
    CefrLevel,
    EqfLevel,
    Institution,
    MobilityCondition,
    OrganisationalUnit,
)
from erasmusdesk.institutions.models.agreement import LANGUAGES
from erasmusdesk.mobility.states import MobilityState, ewp_status


class ActivityType(models.TextChoices):
    """EWP OMobilities v3 ``MobilityActivityType`` ("student-studies"), extended with the
    Programme Guide's other activities of a credit mobility (traineeship, staff teaching and
    training) that EWP does not exchange yet."""

    STUDENT_STUDIES = "student-studies", _("student mobility for studies")
    STUDENT_TRAINEESHIP = "student-traineeship", _("student mobility for traineeships")
    STAFF_TEACHING = "staff-teaching", _("staff mobility for teaching")
    STAFF_TRAINING = "staff-training", _("staff mobility for training")


class ActivityAttributes(models.TextChoices):
    """EWP OMobilities v3 ``MobilityActivityAttributes``."""

    LONG_TERM = "long-term", _("long-term")
    SHORT_TERM_BLENDED = "short-term-blended", _("short-term blended")
    SHORT_TERM_DOCTORAL = "short-term-doctoral", _("short-term doctoral")


# The agreement's mobility type -> the mobility's activity type.
ACTIVITY_OF_PLACE = {
    "student_studies": ActivityType.STUDENT_STUDIES,
    "student_traineeship": ActivityType.STUDENT_TRAINEESHIP,
    "staff_teaching": ActivityType.STAFF_TEACHING,
    "staff_training": ActivityType.STAFF_TRAINING,
}

STATE_LABELS = {
    MobilityState.NOMINATED: _("nominated, waiting for the host's answer"),
    MobilityState.ACCEPTED: _("accepted by the host"),
    MobilityState.REJECTED: _("rejected by the host"),
    MobilityState.LA_APPROVED: _("learning agreement approved"),
    MobilityState.ARRIVED: _("arrived at the host"),
    MobilityState.DEPARTED: _("left the host"),
    MobilityState.TRANSCRIPT_RECEIVED: _("transcript of records received"),
    MobilityState.RECOGNISED: _("credits recognised"),
    MobilityState.CLOSED: _("closed"),
    MobilityState.CANCELLED: _("cancelled"),
}
STATE_CHOICES = [(state.value, label) for state, label in STATE_LABELS.items()]


class Mobility(models.Model):
    """One participant's stay at a host: EWP OMobilities v3 ``student-mobility`` (the
    sending side's record) and IMobilities v2 ``student-mobility`` (the actual dates).

    ``omobility_id`` is the UUID both partners name the mobility by. The ``student`` element's
    data (``given_names``, ``family_name``, ``birth_date``, ``email``) are copied from the
    participant's profile when the mobility is created, as the partner was sent them; a
    partner's nomination (incoming) may have no account (``participant`` empty).
    """

    omobility_id = models.UUIDField(_("mobility id (EWP)"), default=uuid.uuid4, unique=True)
    application = models.ForeignKey(
        Application,
        verbose_name=_("application"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mobilities",
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mobilities",
    )
    given_names = models.CharField(_("given names"), max_length=150)
    family_name = models.CharField(_("family name"), max_length=150)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("e-mail"))
    # EWP ``sending-hei`` / ``receiving-hei`` with their ``ounit-id`` and ``iia-id``.
    sending_hei = models.ForeignKey(
        Institution,
        verbose_name=_("sending institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sending_ounit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name=_("sending faculty or unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    receiving_hei = models.ForeignKey(
        Institution,
        verbose_name=_("receiving institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    receiving_ounit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name=_("receiving faculty or unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("inter-institutional agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mobilities",
    )
    place = models.ForeignKey(
        MobilityCondition,
        verbose_name=_("place (cooperation condition)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mobilities",
    )
    activity_type = models.CharField(
        pgettext_lazy("erasmus", "type of mobility"), max_length=30, choices=ActivityType.choices
    )
    activity_attributes = models.CharField(
        _("format"),
        max_length=30,
        choices=ActivityAttributes.choices,
        default=ActivityAttributes.LONG_TERM,
    )
    receiving_academic_year_id = models.CharField(
        _("academic year at the host"), max_length=9, help_text=_("e.g. 2026/2027")
    )
    planned_arrival_date = models.DateField(_("planned arrival"))
    planned_departure_date = models.DateField(_("planned departure"))
    actual_arrival_date = models.DateField(_("actual arrival"), null=True, blank=True)
    actual_departure_date = models.DateField(_("actual departure"), null=True, blank=True)
    isced_f_code = models.CharField(_("subject area (ISCED-F 2013)"), max_length=4)
    eqf_level_studied_at_departure = models.CharField(
        _("EQF level"), max_length=1, choices=EqfLevel.choices, blank=True
    )
    language = models.CharField(
        _("language of instruction"), max_length=5, choices=LANGUAGES, blank=True
    )
    cefr_level = models.CharField(
        _("language level asked (CEFR)"), max_length=2, choices=CefrLevel.choices, blank=True
    )
    state = models.CharField(
        _("stage"),
        max_length=20,
        choices=STATE_CHOICES,
        default=MobilityState.NOMINATED,
        db_index=True,
    )
    comment = models.TextField(_("comment to the host"), blank=True)
    host_comment = models.TextField(_("host's comment"), blank=True)
    answered_at = models.DateTimeField(_("host answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("host last reminded"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("erasmus", "mobility")
        verbose_name_plural = pgettext_lazy("erasmus", "mobilities")
        ordering = ["-created", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_arrival_date__lte=models.F("planned_departure_date")),
                name="mobility_planned_dates_in_order",
            ),
            # One live mobility per application: a cancelled one stays as history.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(application__isnull=False) & ~Q(state=MobilityState.CANCELLED),
                name="one_live_mobility_per_application",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_names} {self.family_name} → {self.receiving_hei}"

    def get_absolute_url(self) -> str:
        return reverse("mobility:detail", kwargs={"omobility_id": self.omobility_id})

    @property
    def state_label(self) -> str:
        return STATE_LABELS[MobilityState(self.state)]

    @property
    def nomination_status(self) -> str:
        """EWP OMobilities v3 ``status``: pending, approved, rejected or cancelled."""
        return ewp_status(self.state)

    @property
    def participant_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()

    @property
    def is_staff_mobility(self) -> bool:
        return self.activity_type in (ActivityType.STAFF_TEACHING, ActivityType.STAFF_TRAINING)


class MobilityStateChange(models.Model):
    """One move of a mobility: who, when, from, to and why (no EWP element; the partner
    sees the current ``status`` only)."""

    mobility = models.ForeignKey(Mobility, on_delete=models.CASCADE, related_name="history")
    from_state = models.CharField(_("from"), max_length=20, choices=STATE_CHOICES, blank=True)
    to_state = models.CharField(_("to"), max_length=20, choices=STATE_CHOICES)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    by_name = models.CharField(_("by"), max_length=200, blank=True)
    at = models.DateTimeField(_("when"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.mobility_id}: {self.from_state} → {self.to_state}"

    @property
    def to_label(self) -> str:
        return STATE_LABELS[MobilityState(self.to_state)]


class HostContact(models.Model):
    """A partner contact's account tied to their institution: they see and answer only the
    nominations to it (EWP: the receiving HEI's ``contact-person``)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="host_contact",
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="host_contacts",
        limit_choices_to={"is_home": False},
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    language = models.CharField(
        _("language of correspondence"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of the mails to this contact; empty: English."),
    )

    class Meta:
        verbose_name = _("host contact")
        verbose_name_plural = _("host contacts")

    def __str__(self) -> str:
        return f"{self.user} · {self.institution}"


class GrantPayer(models.TextChoices):
    """Who pays the participant's grant: the host, where it is the KA171 beneficiary, or
    the home office (Programme Guide 2026, part B, KA171: the beneficiary may be the
    programme-country institution, which then pays the incoming and outgoing grants)."""

    HOST = "host", _("the host (the KA171 beneficiary)")
    HOME = "home", _("the home office")


class MobilityGrant(models.Model):
    """The grant agreement issued from a mobility, and who pays it (no EWP element)."""

    mobility = models.OneToOneField(Mobility, on_delete=models.CASCADE, related_name="grant")
    grant_agreement = models.OneToOneField(
        "grants.GrantAgreement", on_delete=models.PROTECT, related_name="mobility_link"
    )
    payer = models.CharField(_("paid by"), max_length=10, choices=GrantPayer.choices)

    class Meta:
        verbose_name = _("grant of a mobility")
        verbose_name_plural = _("grants of mobilities")

    def __str__(self) -> str:
        return f"{self.mobility} · {self.grant_agreement}"
