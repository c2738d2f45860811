"""Catalogue fields edited per language (en, ru, kk); English is required, others fall back."""

from modeltranslation.translator import TranslationOptions, register

from erasmusdesk.catalogue.models import Opportunity


@register(Opportunity)
class OpportunityTranslation(TranslationOptions):
    fields = ("title", "summary", *Opportunity.SECTIONS)
    required_languages = {"en": ("title", "summary", "what_it_is")}
