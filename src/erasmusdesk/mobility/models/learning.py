"""The learning agreement: versions, components and signatures (EWP OMobility LAs v1.2)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from erasmusdesk.mobility.models.mobility import Mobility


class LearningAgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PROPOSED = "proposed", _("waiting for approval")
    APPROVED = "approved", _("approved")
    SUPERSEDED = "superseded", _("replaced by a later version")
    WITHDRAWN = "withdrawn", _("proposal withdrawn")


class LearningAgreement(models.Model):
    """One version of a mobility's learning agreement: EWP OMobility LAs v1.2 ``la``. The
    first version is its ``first-version``; each later one a ``changes-proposal`` (``id`` is
    ``proposal_id``) that becomes the ``approved-changes`` once the three parties approved
    it. ``number`` counts the versions from 1. ``student_language`` and
    ``student_cefr_level`` are its ``student-language-skill``."""

    mobility = models.ForeignKey(
        Mobility, on_delete=models.CASCADE, related_name="learning_agreements"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    proposal_id = models.UUIDField(_("proposal id (EWP)"), default=uuid.uuid4, unique=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=LearningAgreementStatus.choices,
        default=LearningAgreementStatus.DRAFT,
    )
    student_language = models.CharField(_("language of instruction"), max_length=5, blank=True)
    student_cefr_level = models.CharField(_("your level (CEFR)"), max_length=2, blank=True)
    # Traineeships (Learning Agreement for Traineeships) and staff (Mobility Agreement).
    work_plan = models.TextField(_("work plan or teaching programme"), blank=True)
    knowledge_and_skills = models.TextField(_("knowledge, skills and competences"), blank=True)
    mentor = models.CharField(_("mentor"), max_length=200, blank=True)
    hours_per_week = models.DecimalField(
        _("hours a week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    teaching_hours = models.DecimalField(
        _("teaching hours in total"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_(
            "Staff teaching: at least 8 hours a week, or for a shorter stay; the incomplete "
            "week of a longer stay pro rata (Programme Guide)."
        ),
    )
    comment = models.TextField(_("last comment"), blank=True)
    created = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("learning agreement")
        verbose_name_plural = _("learning agreements")
        ordering = ["mobility", "number"]
        constraints = [
            models.UniqueConstraint(fields=["mobility", "number"], name="one_la_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.mobility} · v{self.number}"

    @property
    def is_change(self) -> bool:
        return self.number > 1


class Table(models.TextChoices):
    """The tables of the Learning Agreement for Studies (EWP: ``components-studied``,
    ``components-recognized``, ``virtual-components``)."""

    A = "A", _("Table A: components at the host")
    B = "B", _("Table B: components recognised at home")
    C = "C", _("Table C: virtual components")


class ComponentStatus(models.TextChoices):
    """EWP ``component/status`` in a changes proposal."""

    UNCHANGED = "", _("unchanged")
    INSERTED = "inserted", _("inserted")
    DELETED = "deleted", _("deleted")


class ReasonCode(models.TextChoices):
    """EWP OMobility LAs v1.2 ``reason-code`` of a changed component."""

    NOT_AVAILABLE = "not-available", _("the component is not available")
    LANGUAGE_MISMATCH = "language-mismatch", _("the language is not the one announced")
    TIMETABLE_CONFLICT = "timetable-conflict", _("timetable conflict")
    SUBSTITUTING_DELETED = "substituting-deleted", _("substitutes a deleted component")
    EXTENDING_MOBILITY = "extending-mobility", _("extends the mobility")
    ADDING_VIRTUAL_COMPONENT = "adding-virtual-component", _("adds a virtual component")


class Component(models.Model):
    """One row of a table: EWP ``component`` (``los_code``, ``title``, ``term_id``,
    ``credit`` with scheme "ects" and its ``value``, ``status`` with ``reason_code`` and
    ``reason_text`` in a change, ``recognition_conditions`` in Table B,
    ``short_description`` in Table C)."""

    learning_agreement = models.ForeignKey(
        LearningAgreement, on_delete=models.CASCADE, related_name="components"
    )
    table = models.CharField(_("table"), max_length=1, choices=Table.choices)
    position = models.PositiveSmallIntegerField(default=0)
    los_code = models.CharField(_("code"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=255)
    term_id = models.CharField(_("term"), max_length=40, help_text=_("e.g. 2026/2027 autumn"))
    credits = models.DecimalField(_("ECTS credits"), max_digits=5, decimal_places=1)
    status = models.CharField(
        _("change"), max_length=10, choices=ComponentStatus.choices, blank=True, default=""
    )
    reason_code = models.CharField(
        _("reason of the change"), max_length=30, choices=ReasonCode.choices, blank=True
    )
    reason_text = models.CharField(_("explanation"), max_length=255, blank=True)
    recognition_conditions = models.TextField(_("recognition conditions"), blank=True)
    short_description = models.TextField(_("short description"), blank=True)

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["table", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.table} {self.los_code} {self.title}".strip()

    @property
    def counts(self) -> bool:
        """Whether the component counts in the totals (a deleted one does not)."""
        return self.status != ComponentStatus.DELETED


class SignerParty(models.TextChoices):
    STUDENT = "student", _("participant")
    SENDING = "sending", _("sending institution")
    RECEIVING = "receiving", _("receiving institution")


class Signature(models.Model):
    """One party's approval (or comment) of one version: EWP ``Signature``
    (``signer_name``, ``signer_position``, ``signer_email``, ``timestamp``, ``signer_app``)
    as ``student-signature``, ``sending-hei-signature`` or ``receiving-hei-signature``.
    ``sha256`` is the SHA-256 of the exact content signed (``learning.content_digest``)."""

    learning_agreement = models.ForeignKey(
        LearningAgreement, on_delete=models.CASCADE, related_name="signatures"
    )
    party = models.CharField(_("party"), max_length=10, choices=SignerParty.choices)
    approved = models.BooleanField(_("approved"), default=True)
    comment = models.TextField(_("comment"), blank=True)
    signer_name = models.CharField(_("name"), max_length=200)
    signer_position = models.CharField(_("position"), max_length=200, blank=True)
    signer_email = models.EmailField(_("e-mail"))
    timestamp = models.DateTimeField(_("when"))
    signer_app = models.CharField(max_length=60, default="Erasmus Desk")
    sha256 = models.CharField("SHA-256", max_length=64)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["timestamp", "pk"]
        constraints = [
            # Two people approving the same content for the same party at once: one stays.
            models.UniqueConstraint(
                fields=["learning_agreement", "party", "sha256"], name="one_signature_per_party"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()}: {self.signer_name}"
