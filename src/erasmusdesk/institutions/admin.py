"""Back office for institutions and inter-institutional agreements."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)

from erasmusdesk.core.forms import inline_changes
from erasmusdesk.institutions.models import (
    Agreement,
    AgreementImport,
    Contact,
    Institution,
    InternationalOffice,
    MobilityCondition,
    OrganisationalUnit,
)
from erasmusdesk.institutions.services import (
    overlap_message,
    overlapping_conditions,
    save_agreement,
)


class InternationalOfficeInline(TranslationStackedInline):
    model = InternationalOffice
    extra = 0
    max_num = 1


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0


class UnitInline(TranslationTabularInline):
    model = OrganisationalUnit
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(TranslationAdmin):
    list_display = ["name", "city", "country", "erasmus_code", "ewp_hei_id", "is_home"]
    list_filter = ["is_home", "country"]
    search_fields = [
        "name",
        "name_ru",
        "name_kk",
        "name_original",
        "city",
        "erasmus_code",
        "ewp_hei_id",
    ]
    inlines = [ContactInline, UnitInline, InternationalOfficeInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "name_original", "is_home", "website"]}),
        (_("Identifiers"), {"fields": ["erasmus_code", "ewp_hei_id"]}),
        (
            _("City"),
            {
                "fields": ["country", "city", ("latitude", "longitude"), "geonames_id"],
                "description": _(
                    "Leave the coordinates empty to take them from the offline gazetteer "
                    "(GeoNames cities of 15,000+ inhabitants); type them for a smaller place."
                ),
            },
        ),
    ]
    readonly_fields = ["geonames_id"]


class ConditionFormSet(forms.BaseInlineFormSet):
    """Refuses a condition that duplicates another of the same partner (services rule)."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        duplicates = overlapping_conditions(self.instance, kept)
        if duplicates:
            raise forms.ValidationError(overlap_message(*duplicates[0]))


class ConditionInline(admin.StackedInline):
    model = MobilityCondition
    formset = ConditionFormSet
    extra = 0
    fields = [
        ("direction", "mobility_type"),
        "isced_code",
        "eqf_levels",
        ("mobilities_per_year", "total_months_per_year", "total_days_per_year"),
        ("language", "cefr_level"),
        "receiving_unit",
        "other_terms",
    ]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["partner", "partner_country", "years_label", "status", "condition_count"]
    list_filter = ["status", "partner__country", "first_academic_year"]
    search_fields = ["partner__name", "partner__erasmus_code", "ewp_iia_id"]
    list_select_related = ["partner"]
    autocomplete_fields = ["partner"]
    inlines = [ConditionInline]
    fieldsets = [
        (None, {"fields": ["partner", ("first_academic_year", "last_academic_year"), "status"]}),
        (
            _("Signatures"),
            {
                "fields": [
                    ("home_signer", "home_signed_on"),
                    ("partner_signer", "partner_signed_on"),
                    "signed_pdf",
                    "terminated_on",
                ]
            },
        ),
        (_("Other"), {"fields": ["ewp_iia_id", "notes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(conditions_total=Count("conditions"))

    def save_model(self, request, obj, form, change) -> None:
        """Nothing yet: the agreement is saved with its conditions by the service, in
        ``save_related``, with the same validation and audit entry as an import."""

    def save_related(self, request, form, formsets, change) -> None:
        conditions = next(f for f in formsets if f.model is MobilityCondition)
        kept, removed = inline_changes(conditions)
        save_agreement(
            form.instance,
            kept,
            removed=removed,
            by=request.user,
            via="admin",
            fields=form.changed_data,
        )

    @admin.display(description=_("country"), ordering="partner__country")
    def partner_country(self, obj: Agreement) -> str:
        return obj.partner.country.name

    @admin.display(description=_("conditions"), ordering="conditions_total")
    def condition_count(self, obj: Agreement) -> int:
        return obj.conditions_total


@admin.register(AgreementImport)
class AgreementImportAdmin(admin.ModelAdmin):
    """Imports are started and followed on their own pages; the back office lists them."""

    list_display = [
        "created",
        "started_by",
        "status",
        "total_rows",
        "accepted_rows",
        "rejected_rows",
        "job_page",
    ]
    list_filter = ["status"]
    readonly_fields = [field.name for field in AgreementImport._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("progress and report"))
    def job_page(self, obj: AgreementImport) -> str:
        url = reverse("institutions_office:agreement_import_detail", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, _("open"))
