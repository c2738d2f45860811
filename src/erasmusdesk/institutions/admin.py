from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from erasmusdesk.institutions.models import Institution, InternationalOffice


class InternationalOfficeInline(TranslationStackedInline):
    model = InternationalOffice
    extra = 0
    max_num = 1


@admin.register(Institution)
class InstitutionAdmin(TranslationAdmin):
    list_display = ["name", "city", "country", "is_home", "website"]
    list_filter = ["is_home", "country"]
    search_fields = ["name", "name_ru", "name_kk", "name_original", "city"]
    inlines = [InternationalOfficeInline]
