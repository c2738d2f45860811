"""Criterion texts edited per language (en, ru, kk)."""

from modeltranslation.translator import TranslationOptions, register

from erasmusdesk.selection.models import Criterion


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name", "guidance")
    required_languages = ("en",)
