"""Institutions: the home university and its partners, with contacts and units."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from erasmusdesk.institutions import gazetteer
from erasmusdesk.institutions.codes import (
    erasmus_country_code,
    is_schac_code,
    normalise_erasmus_code,
)


class InstitutionQuerySet(models.QuerySet):
    def partners(self):
        return self.filter(is_home=False)

    def in_force(self, academic_year: int):
        """Partners with a signed agreement that covers ``academic_year`` or a later one:
        the only ones a grant or a place may name."""
        return (
            self.partners()
            .filter(agreements__status="signed", agreements__last_academic_year__gte=academic_year)
            .distinct()
        )


class Institution(models.Model):
    """A higher education institution with its city and the city's coordinates.

    The coordinates (WGS84 degrees) serve the distance bands of the travel grant. They come
    from the offline gazetteer (GeoNames, cities of 15,000+ inhabitants) when the city is
    found there, or are typed by hand by the coordinator.
    """

    name = models.CharField(_("name"), max_length=255)
    name_original = models.CharField(_("name in the original language"), max_length=255, blank=True)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=120)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Filled from the gazetteer when left empty and the city is found there."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    geonames_id = models.PositiveIntegerField(_("GeoNames id of the city"), null=True, blank=True)
    erasmus_code = models.CharField(
        _("Erasmus code"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        help_text=_("As in the Erasmus Charter register, e.g. PL WARSZAW01."),
    )
    ewp_hei_id = models.CharField(
        _("EWP HEI id (SCHAC code)"),
        max_length=253,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The institution's internet domain as used in EWP, e.g. uw.edu.pl."),
    )
    website = models.URLField(_("website"), blank=True)
    is_home = models.BooleanField(
        _("home institution"),
        default=False,
        help_text=_("The university that runs this Erasmus Desk. There is exactly one."),
    )

    objects = InstitutionQuerySet.as_manager()

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

    @property
    def country_code_erasmus(self) -> str:
        """The country as Erasmus+ writes it (Greece: EL)."""
        return erasmus_country_code(self.country.code)

    def clean(self) -> None:
        errors = {}
        if self.erasmus_code:
            code = normalise_erasmus_code(self.erasmus_code)
            if code is None:
                errors["erasmus_code"] = _(
                    "An Erasmus code is a country prefix, the city and a number, e.g. PL WARSZAW01."
                )
            else:
                self.erasmus_code = code
        else:
            self.erasmus_code = None
        if self.ewp_hei_id:
            self.ewp_hei_id = self.ewp_hei_id.strip().lower()
            if not is_schac_code(self.ewp_hei_id):
                errors["ewp_hei_id"] = _(
                    "An EWP HEI id is the institution's domain name, e.g. uw.edu.pl."
                )
        else:
            self.ewp_hei_id = None
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        elif self.latitude is None and self.city and self.country:
            city = gazetteer.find(self.city, self.country.code)
            if city is None:
                errors["city"] = _(
                    "This city is not in the gazetteer for this country: "
                    "type its latitude and longitude by hand."
                )
            else:
                self.latitude, self.longitude = _degrees(city.latitude), _degrees(city.longitude)
                self.geonames_id = city.geonames_id
        if errors:
            raise ValidationError(errors)


def _degrees(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.000001"))


class Contact(models.Model):
    """A person at an institution: coordinator, signatory, contact for nominations."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language of correspondence"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of the mails to this contact; empty: English."),
    )

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name


class OrganisationalUnit(models.Model):
    """A faculty, department or school of an institution."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("name"), max_length=255)
    code = models.CharField(_("code"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InternationalOffice(models.Model):
    """The home university's international office: the contact block on public pages."""

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
