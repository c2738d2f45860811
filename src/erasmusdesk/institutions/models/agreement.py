"""Inter-institutional agreements (IIAs) and their cooperation conditions.

Modelled after EWP Interinstitutional Agreements API v7 (get-response.xsd,
``cooperation-conditions``): per direction and mobility type, the subject area (ISCED-F 2013,
four digits), the EQF levels, mobilities and total months or days per year, and the
recommended language skill (CEFR).
"""

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from erasmusdesk.core.fields import MultipleChoiceField, split
from erasmusdesk.institutions import isced
from erasmusdesk.institutions.models.institution import Contact, Institution, OrganisationalUnit


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNED = "signed", _("signed")
    TERMINATED = "terminated", _("terminated")


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("from us to the partner")
    INCOMING = "incoming", _("from the partner to us")


class MobilityType(models.TextChoices):
    STUDENT_STUDIES = "student_studies", _("student mobility for studies")
    STUDENT_TRAINEESHIP = "student_traineeship", _("student mobility for traineeships")
    STAFF_TEACHING = "staff_teaching", _("staff mobility for teaching")
    STAFF_TRAINING = "staff_training", _("staff mobility for training")

    @classmethod
    def student_types(cls) -> set[str]:
        return {cls.STUDENT_STUDIES, cls.STUDENT_TRAINEESHIP}


class EqfLevel(models.TextChoices):
    """European Qualifications Framework levels of higher education (5 short cycle - 8)."""

    SHORT_CYCLE = "5", _("EQF 5 (short cycle)")
    BACHELOR = "6", _("EQF 6 (bachelor)")
    MASTER = "7", _("EQF 7 (master)")
    DOCTORATE = "8", _("EQF 8 (doctorate)")


class CefrLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


LANGUAGES = [
    ("en", _("English")),
    ("de", _("German")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("pt", _("Portuguese")),
    ("pl", _("Polish")),
    ("cs", _("Czech")),
    ("nl", _("Dutch")),
    ("sv", _("Swedish")),
    ("fi", _("Finnish")),
    ("et", _("Estonian")),
    ("lv", _("Latvian")),
    ("lt", _("Lithuanian")),
    ("hu", _("Hungarian")),
    ("ro", _("Romanian")),
    ("bg", _("Bulgarian")),
    ("el", _("Greek")),
    ("hr", _("Croatian")),
    ("sl", _("Slovenian")),
    ("sk", _("Slovak")),
    ("tr", _("Turkish")),
    ("da", _("Danish")),
    ("no", _("Norwegian")),
    ("ru", _("Russian")),
    ("kk", _("Kazakh")),
]


def validate_pdf_signature(upload) -> None:
    """The file must start with the PDF signature "%PDF-" (ISO 32000-1, 7.5.2), whatever its
    name says; the full check of uploaded documents comes with the applicant portal."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(5)
    upload.seek(position)
    if head != b"%PDF-":
        raise ValidationError(_("This file is not a PDF document."))


def academic_year_label(start_year: int) -> str:
    """2026 -> "2026/2027" (an academic year starts in the autumn of its first year)."""
    return f"{start_year}/{start_year + 1}"


class Agreement(models.Model):
    """A bilateral agreement between the home university and one partner institution."""

    partner = models.ForeignKey(
        Institution,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="agreements",
        limit_choices_to={"is_home": False},
    )
    first_academic_year = models.PositiveSmallIntegerField(
        _("from academic year"),
        validators=[MinValueValidator(2014), MaxValueValidator(2100)],
        help_text=_("The first year of the academic year, e.g. 2026 for 2026/2027."),
    )
    last_academic_year = models.PositiveSmallIntegerField(
        _("to academic year"),
        validators=[MinValueValidator(2014), MaxValueValidator(2100)],
        help_text=_("The first year of the last academic year covered, e.g. 2028 for 2028/2029."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    home_signer = models.ForeignKey(
        Contact,
        verbose_name=_("signed for us by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    home_signed_on = models.DateField(_("signed by us on"), null=True, blank=True)
    partner_signer = models.ForeignKey(
        Contact,
        verbose_name=_("signed for the partner by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partner_signed_on = models.DateField(_("signed by the partner on"), null=True, blank=True)
    signed_pdf = models.FileField(
        _("signed agreement (PDF)"),
        upload_to="agreements/%Y/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_signature],
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    ewp_iia_id = models.CharField(_("EWP IIA id"), max_length=64, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    updated = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("inter-institutional agreement")
        verbose_name_plural = _("inter-institutional agreements")
        ordering = ["partner__name", "-first_academic_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_academic_year__lte=F("last_academic_year")),
                name="agreement_years_in_order",
                violation_error_message=_(
                    "The first academic year must not be after the last academic year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.years_label}"

    @property
    def years_label(self) -> str:
        first = academic_year_label(self.first_academic_year)
        if self.first_academic_year == self.last_academic_year:
            return first
        return f"{first} – {academic_year_label(self.last_academic_year)}"

    def covers(self, academic_year: int) -> bool:
        return self.first_academic_year <= academic_year <= self.last_academic_year

    def clean(self) -> None:
        errors: dict[str, object] = {}
        first, last = self.first_academic_year, self.last_academic_year
        if first is not None and last is not None and first > last:
            errors["last_academic_year"] = _(
                "The last academic year (%(last)s) is before the first (%(first)s)."
            ) % {"last": academic_year_label(last), "first": academic_year_label(first)}
        if self.partner_id and self.partner.is_home:
            errors["partner"] = _("The partner cannot be the home institution itself.")
        if self.status == AgreementStatus.SIGNED and not (
            self.home_signed_on and self.partner_signed_on
        ):
            errors["status"] = _(
                "A signed agreement needs the dates on which both sides signed it."
            )
        if self.status == AgreementStatus.TERMINATED and not self.terminated_on:
            errors["terminated_on"] = _("Give the date on which the agreement was terminated.")
        if self.partner_signer_id and self.partner_signer.institution_id != self.partner_id:
            errors["partner_signer"] = _("The partner's signer must be a contact of the partner.")
        if self.home_signer_id and not self.home_signer.institution.is_home:
            errors["home_signer"] = _("Our signer must be a contact of the home institution.")
        if errors:
            raise ValidationError(errors)


class MobilityCondition(models.Model):
    """One cooperation condition: who may go where, in which field and level, how many."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="conditions")
    direction = models.CharField(
        _("direction"), max_length=20, choices=Direction.choices, default=Direction.OUTGOING
    )
    mobility_type = models.CharField(
        pgettext_lazy("agreement", "mobility type"), max_length=30, choices=MobilityType.choices
    )
    isced_code = models.CharField(
        _("subject area (ISCED-F 2013)"),
        max_length=4,
        help_text=_("Four-digit ISCED-F 2013 code, e.g. 0413 Management and administration."),
    )
    eqf_levels = MultipleChoiceField(
        _("EQF levels"), choices=EqfLevel.choices, max_length=20, blank=True
    )
    receiving_unit = models.ForeignKey(
        OrganisationalUnit,
        verbose_name=_("receiving faculty or unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mobilities_per_year = models.PositiveSmallIntegerField(
        _("mobilities per year"), validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    total_months_per_year = models.DecimalField(
        _("total months per year (students)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    total_days_per_year = models.PositiveIntegerField(
        _("total days per year (staff)"), null=True, blank=True
    )
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGES, blank=True)
    cefr_level = models.CharField(
        _("recommended level (CEFR)"), max_length=2, choices=CefrLevel.choices, blank=True
    )
    other_terms = models.TextField(_("other terms"), blank=True)

    class Meta:
        verbose_name = _("cooperation condition")
        verbose_name_plural = _("cooperation conditions")
        ordering = ["direction", "mobility_type", "isced_code"]

    def __str__(self) -> str:
        return f"{self.get_mobility_type_display()} · {self.isced_code}"

    @property
    def is_student_mobility(self) -> bool:
        return self.mobility_type in MobilityType.student_types()

    @property
    def eqf_level_list(self) -> list[str]:
        return split(self.eqf_levels)

    @property
    def subject_area_label(self) -> str:
        return isced.label(self.isced_code) if isced.is_valid(self.isced_code) else self.isced_code

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.isced_code and not isced.is_valid(self.isced_code):
            errors["isced_code"] = _(
                "%(code)s is not a four-digit code of the ISCED-F 2013 list."
            ) % {"code": self.isced_code}
        if self.mobility_type in MobilityType.student_types():
            if not self.eqf_levels:
                errors["eqf_levels"] = _("Student mobility needs at least one EQF level.")
            if self.total_months_per_year is None:
                errors["total_months_per_year"] = _(
                    "Student mobility needs the total months per year."
                )
            if self.total_days_per_year is not None:
                errors["total_days_per_year"] = _("Days per year apply to staff mobility only.")
        elif self.mobility_type:
            if self.total_days_per_year is None:
                errors["total_days_per_year"] = _("Staff mobility needs the total days per year.")
            if self.total_months_per_year is not None:
                errors["total_months_per_year"] = _(
                    "Months per year apply to student mobility only."
                )
        if bool(self.language) != bool(self.cefr_level):
            errors["cefr_level"] = _("Give the language and its CEFR level together.")
        if errors:
            raise ValidationError(errors)
