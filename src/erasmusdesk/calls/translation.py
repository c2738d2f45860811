"""Call and document-type texts edited per language (en, ru, kk)."""

from modeltranslation.translator import TranslationOptions, register

from erasmusdesk.calls.models import Call, DocumentType


@register(Call)
class CallTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("en",)


@register(DocumentType)
class DocumentTypeTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("en",)
