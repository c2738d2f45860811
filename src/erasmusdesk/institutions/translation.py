"""Fields edited per language (en, ru, kk) in the back office."""

from modeltranslation.translator import TranslationOptions, register

from erasmusdesk.institutions.models import Institution, InternationalOffice, OrganisationalUnit


@register(Institution)
class InstitutionTranslation(TranslationOptions):
    fields = ("name", "city")
    required_languages = ("en",)


@register(OrganisationalUnit)
class OrganisationalUnitTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(InternationalOffice)
class InternationalOfficeTranslation(TranslationOptions):
    fields = ("name", "address", "opening_hours")
    required_languages = ("en",)
