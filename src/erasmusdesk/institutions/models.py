"""Institutions: the home university and, later, its partners in Europe."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Institution(models.Model):
    """A higher education institution with its city and the city's coordinates.

    The coordinates serve the distance bands of the travel grant (WGS84 degrees).
    """

    name = models.CharField(_("name"), max_length=255)
    name_original = models.CharField(_("name in the original language"), max_length=255, blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use the two-letter ISO 3166-1 code."))],
        help_text=_("ISO 3166-1 alpha-2 code, e.g. KZ."),
    )
    city = models.CharField(_("city"), max_length=120)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    website = models.URLField(_("website"), blank=True)
    is_home = models.BooleanField(
        _("home institution"),
        default=False,
        help_text=_("The university that runs this Erasmus Desk. There is exactly one."),
    )

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_home"], condition=Q(is_home=True), name="one_home_institution"
            )
        ]

    def __str__(self) -> str:
        return self.name


class InternationalOffice(models.Model):
    """The home university's international office: the contact block on every public page."""

    institution = models.OneToOneField(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="international_office",
    )
    name = models.CharField(_("name"), max_length=255)
    address = models.TextField(_("address"))
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=40)
    opening_hours = models.CharField(_("opening hours"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("international office")
        verbose_name_plural = _("international offices")

    def __str__(self) -> str:
        return self.name
