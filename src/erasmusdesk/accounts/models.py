"""Users and the applicant's profile: the facts about a person every application needs once
(name as in the passport, birth, citizenship, studies, grades, language certificates)."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from erasmusdesk.calls.models import ApplicantCategory
from erasmusdesk.core import clock
from erasmusdesk.institutions.models import CefrLevel

MINIMUM_AGE = 15
STUDENT_CATEGORIES = frozenset(
    {ApplicantCategory.BACHELOR, ApplicantCategory.MASTER, ApplicantCategory.DOCTORAL}
)


class User(AbstractUser):
    """A person who signs in: applicant, coordinator, evaluator, partner contact or admin."""

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")


# Names as printed in the machine-readable zone and the Latin line of a passport: the form the
# partner university and the grant agreement must use.
latin_name = RegexValidator(
    r"^[A-Za-z]+(?:[ '\-][A-Za-z]+)*$",
    _(
        "Use Latin letters (A-Z) only, as in your passport; spaces, hyphens and apostrophes "
        "may separate the parts of a name."
    ),
    code="latin_name",
)
phone_number = RegexValidator(
    r"^\+?[0-9][0-9 ()\-]{5,22}[0-9]$",
    _("Enter the phone number with its country code, digits only, e.g. +7 701 234 56 78."),
    code="phone",
)


class GradeScale(models.TextChoices):
    """The scale of a grade average; the value is the scale's maximum."""

    FOUR = "4.0", _("out of 4.0 (GPA)")
    FIVE = "5", _("out of 5")
    HUNDRED = "100", _("out of 100")

    @property
    def maximum(self) -> Decimal:
        return Decimal(self.value)


def age_on(born: date, day: date) -> int:
    """Whole years of age on ``day`` of a person born on ``born`` (29 February: 1 March)."""
    had_birthday = (day.month, day.day) >= (born.month, born.day)
    return day.year - born.year - (0 if had_birthday else 1)


class ApplicantProfile(models.Model):
    """What every application of a person reuses. Rules (our own, from the office's forms):
    names in Latin letters as in the passport, at least 15 years old, and for students the year
    of study and the grade average on its scale."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    given_names = models.CharField(
        _("given names"),
        max_length=100,
        validators=[latin_name],
        help_text=_("In Latin letters, exactly as in your passport."),
    )
    family_name = models.CharField(
        _("family name"),
        max_length=100,
        validators=[latin_name],
        help_text=_("In Latin letters, exactly as in your passport."),
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    citizenship = CountryField(_("citizenship"), blank=True)
    category = models.CharField(
        _("applicant category"), max_length=20, choices=ApplicantCategory.choices, blank=True
    )
    faculty = models.CharField(_("faculty or department"), max_length=200, blank=True)
    programme = models.CharField(
        _("study programme"),
        max_length=200,
        blank=True,
        help_text=_("Students: the programme you are enrolled in."),
    )
    year_of_study = models.PositiveSmallIntegerField(
        _("year of study"),
        null=True,
        blank=True,
        help_text=_("Students: 1 to 6."),
    )
    grade_average = models.DecimalField(
        _("grade average"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Students: your average grade so far, as on your transcript."),
    )
    grade_scale = models.CharField(
        _("grade scale"), max_length=5, choices=GradeScale.choices, blank=True
    )
    phone = models.CharField(
        _("phone"),
        max_length=30,
        blank=True,
        validators=[phone_number],
        help_text=_("Optional. With the country code."),
    )
    updated = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("applicant profile")
        verbose_name_plural = _("applicant profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year_of_study__isnull=True)
                | models.Q(year_of_study__gte=1, year_of_study__lte=6),
                name="profile_year_of_study_1_to_6",
            ),
            models.CheckConstraint(
                condition=models.Q(grade_average__isnull=True) | models.Q(grade_average__gt=0),
                name="profile_grade_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family_name.upper()} {self.given_names}".strip() or str(self.user)

    @property
    def is_student(self) -> bool:
        return self.category in STUDENT_CATEGORIES

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.date_of_birth is not None:
            today = clock.localdate()
            if self.date_of_birth >= today:
                errors.setdefault("date_of_birth", []).append(
                    _("The date of birth must be in the past.")
                )
            elif age_on(self.date_of_birth, today) < MINIMUM_AGE:
                errors.setdefault("date_of_birth", []).append(
                    _("You must be at least %(age)d years old to apply.") % {"age": MINIMUM_AGE}
                )
        if self.year_of_study is not None and not 1 <= self.year_of_study <= 6:
            errors.setdefault("year_of_study", []).append(
                _("The year of study must be a whole number from 1 to 6.")
            )
        if self.is_student:
            if self.year_of_study is None:
                errors.setdefault("year_of_study", []).append(
                    _("Students must give their year of study (1 to 6).")
                )
            if self.grade_average is None:
                errors.setdefault("grade_average", []).append(
                    _("Students must give their grade average.")
                )
            if not self.grade_scale:
                errors.setdefault("grade_scale", []).append(
                    _("Students must give the scale of their grade average.")
                )
        if self.grade_average is not None:
            if self.grade_average <= 0:
                errors.setdefault("grade_average", []).append(
                    _("The grade average must be greater than 0.")
                )
            elif self.grade_scale in GradeScale.values:
                maximum = GradeScale(self.grade_scale).maximum
                if self.grade_average > maximum:
                    errors.setdefault("grade_average", []).append(
                        _("The grade average cannot be more than %(maximum)s on this scale.")
                        % {"maximum": maximum}
                    )
            elif not self.grade_scale:
                errors.setdefault("grade_scale", []).append(
                    _("Choose the scale of your grade average.")
                )
        if errors:
            raise ValidationError(errors)


class LanguageTest(models.TextChoices):
    IELTS_ACADEMIC = "ielts_academic", _("IELTS Academic")
    TOEFL_IBT = "toefl_ibt", _("TOEFL iBT")
    CAMBRIDGE = "cambridge", _("Cambridge English (scale score)")
    DUOLINGO = "duolingo", _("Duolingo English Test")
    OTHER = "other", _("Other (give its name)")


# (lowest, highest, step) of each test's overall score, as the test owners publish them:
# IELTS bands 0-9 in half bands; TOEFL iBT 0-120; Cambridge English Scale 80-230;
# Duolingo English Test 10-160.
SCORE_RANGES: dict[str, tuple[Decimal, Decimal, Decimal]] = {
    LanguageTest.IELTS_ACADEMIC: (Decimal("0"), Decimal("9"), Decimal("0.5")),
    LanguageTest.TOEFL_IBT: (Decimal("0"), Decimal("120"), Decimal("1")),
    LanguageTest.CAMBRIDGE: (Decimal("80"), Decimal("230"), Decimal("1")),
    LanguageTest.DUOLINGO: (Decimal("10"), Decimal("160"), Decimal("1")),
}


def score_error(test: str, score: str):
    """The translated reason why ``score`` is not a valid overall score of ``test``, or None.

    Scores of "Other" tests are free text (a level, a band or a number)."""
    if test not in SCORE_RANGES:
        return None
    lowest, highest, step = SCORE_RANGES[test]
    try:
        value = Decimal(score.strip().replace(",", "."))
    except InvalidOperation:
        value = None
    in_steps = value is not None and value.is_finite() and (value - lowest) % step == 0
    if value is not None and in_steps and lowest <= value <= highest:
        return None
    names = {
        LanguageTest.IELTS_ACADEMIC: _(
            "An IELTS score is a band from 0 to 9 in steps of 0.5, e.g. 6.5."
        ),
        LanguageTest.TOEFL_IBT: _("A TOEFL iBT score is a whole number from 0 to 120."),
        LanguageTest.CAMBRIDGE: _(
            "A Cambridge English Scale score is a whole number from 80 to 230."
        ),
        LanguageTest.DUOLINGO: _("A Duolingo English Test score is a whole number from 10 to 160."),
    }
    return names[test]


class LanguageCertificate(models.Model):
    """A language test result of the applicant (overall score)."""

    profile = models.ForeignKey(
        ApplicantProfile,
        verbose_name=_("profile"),
        on_delete=models.CASCADE,
        related_name="certificates",
    )
    test = models.CharField(_("test"), max_length=20, choices=LanguageTest.choices)
    other_name = models.CharField(
        _("name of the test"),
        max_length=120,
        blank=True,
        help_text=_("Only for “Other”: the name of the test or certificate."),
    )
    score = models.CharField(_("overall score"), max_length=20)
    taken_on = models.DateField(_("date taken"))
    cefr_level = models.CharField(
        _("CEFR level"),
        max_length=2,
        choices=CefrLevel.choices,
        blank=True,
        help_text=_("Optional: the level printed on the certificate."),
    )

    class Meta:
        verbose_name = _("language certificate")
        verbose_name_plural = _("language certificates")
        ordering = ["-taken_on", "pk"]

    def __str__(self) -> str:
        return f"{self.test_name} {self.score}"

    @property
    def test_name(self) -> str:
        if self.test == LanguageTest.OTHER and self.other_name:
            return self.other_name
        return str(self.get_test_display())

    @property
    def numeric_score(self) -> Decimal | None:
        """The score as a number when it is one (always for the four known tests)."""
        try:
            return Decimal(self.score.strip().replace(",", "."))
        except InvalidOperation:
            return None

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.test and self.score:
            problem = score_error(self.test, self.score)
            if problem:
                errors["score"] = [problem]
            elif self.test != LanguageTest.OTHER:
                self.score = _normal_score(self.score)
        if self.test == LanguageTest.OTHER and not self.other_name.strip():
            errors["other_name"] = [_("Give the name of the test when you choose “Other”.")]
        if self.taken_on and self.taken_on > clock.localdate():
            errors["taken_on"] = [_("The date taken cannot be in the future.")]
        if errors:
            raise ValidationError(errors)


def _normal_score(score: str) -> str:
    """6,50 -> 6.5; 095 -> 95: one spelling of each score."""
    value = Decimal(score.strip().replace(",", ".")).normalize()
    return f"{value:f}"
