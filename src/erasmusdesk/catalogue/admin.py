"""Back office for the catalogue: each language edited in its own section."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from erasmusdesk.catalogue.models import CallYearFigure, Enquiry, Opportunity

_TEXT_FIELDS = ("title", "summary", *Opportunity.SECTIONS)


def _language_fieldsets() -> list:
    """One collapsible fieldset per language, in the order of settings.LANGUAGES."""
    return [
        (
            name,
            {
                "fields": [f"{field}_{code}" for field in _TEXT_FIELDS],
                "classes": [] if code == settings.LANGUAGE_CODE else ["collapse"],
            },
        )
        for code, name in settings.LANGUAGES
    ]


class CallYearFigureInline(admin.TabularInline):
    model = CallYearFigure
    extra = 0


@admin.register(Opportunity)
class OpportunityAdmin(TranslationAdmin):
    inlines = [CallYearFigureInline]
    list_display = ["title", "kind", "parent", "position", "is_published"]
    list_editable = ["position", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["slug", "title_en", "title_ru", "title_kk"]
    list_select_related = ["parent"]
    prepopulated_fields = {"slug": ["title_en"]}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name.startswith("summary"):
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "cols": 80})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        return [
            (None, {"fields": ["slug", "kind", "parent", "position", "is_published"]}),
            *_language_fieldsets(),
            (
                _("Facts for the summary box"),
                {
                    "fields": [
                        ("duration_min_months", "duration_max_months"),
                        ("monthly_grant_min_eur", "monthly_grant_max_eur"),
                        "travel_support",
                        "max_grant_eur",
                        "funding_rate_percent",
                        "min_teaching_hours",
                        "ects_options",
                        ("min_partners", "min_countries"),
                        "sources",
                    ]
                },
            ),
        ]


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = ["created", "name", "email", "opportunity", "language", "is_answered"]
    list_filter = ["is_answered", "language", "opportunity"]
    list_editable = ["is_answered"]
    search_fields = ["name", "email", "message"]
    date_hierarchy = "created"
    readonly_fields = [
        "created",
        "name",
        "email",
        "opportunity",
        "message",
        "language",
        "ip_address",
    ]

    def has_add_permission(self, request) -> bool:
        return False
