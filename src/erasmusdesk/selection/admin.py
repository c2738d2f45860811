"""Back office: the selection's data the office edits — each call's settings, criteria (in
three languages) and partners' rules (locked once results are published), the grade scales
and the language certificate scales with their CEFR thresholds. Committee, scores and results
are read here only: they change through the selection's pages and services."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationStackedInline

from erasmusdesk.selection import scales
from erasmusdesk.selection.models import (
    CefrThreshold,
    CertificateScale,
    Criterion,
    GradeScale,
    PartnerRule,
    Run,
    Selection,
)


class LockedAfterPublication:
    """Inline or admin whose rows cannot change once the call's results are published."""

    def _published(self, obj) -> bool:
        selection = obj if isinstance(obj, Selection) else getattr(obj, "selection", None)
        return bool(selection and selection.is_published)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not self._published(obj)

    def has_add_permission(self, request, obj=None) -> bool:
        # Inlines only: the selection itself is never added here (SelectionAdmin).
        return super().has_add_permission(request, obj) and not self._published(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not self._published(obj)


class CriterionInline(LockedAfterPublication, TranslationStackedInline):
    model = Criterion
    extra = 0
    fields = ["position", "code", "name", "source", "weight", "max_points", "guidance"]


class PartnerRuleInline(LockedAfterPublication, admin.TabularInline):
    model = PartnerRule
    extra = 0
    autocomplete_fields = ["agreement"]


@admin.register(Selection)
class SelectionAdmin(LockedAfterPublication, admin.ModelAdmin):
    list_display = ["call", "evaluators_per_application", "max_spread", "min_total", "run"]
    readonly_fields = ["run", "published_at"]
    fields = [
        "call",
        "evaluators_per_application",
        "max_spread",
        "tie_rules",
        "min_total",
        "appeal_days",
        "run",
        "published_at",
    ]
    inlines = [CriterionInline, PartnerRuleInline]

    def has_add_permission(self, request, obj=None) -> bool:
        # A selection is set up from the office's selection page (with its default criteria).
        return False


@admin.register(GradeScale)
class GradeScaleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "profile_scale", "minimum", "maximum", "pass_mark", "confirmed"]


class ThresholdFormSet(forms.BaseInlineFormSet):
    """The thresholds must ascend strictly in score and level (scales.CertificateScale)."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        scale = self.instance
        try:
            scales.CertificateScale(
                scale.code,
                scale.name,
                scale.minimum,
                scale.maximum,
                tuple(
                    (row["lowest_score"], scales.cefr_level(row["level"]))
                    for row in sorted(kept, key=lambda row: row["lowest_score"])
                ),
                scale.confirmed,
                scale.source,
            )
        except ValueError:
            raise forms.ValidationError(
                _(
                    "CEFR thresholds: give at least one; a higher score must give a higher "
                    "level, each within the scale's lowest and highest score."
                )
            ) from None


class CefrThresholdInline(admin.TabularInline):
    model = CefrThreshold
    formset = ThresholdFormSet
    extra = 0


@admin.register(CertificateScale)
class CertificateScaleAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "profile_test", "taken_from", "minimum", "maximum", "confirmed"]
    inlines = [CefrThresholdInline]


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ["selection", "number", "published_at", "published_by", "appeal_deadline"]
    readonly_fields = [field.name for field in Run._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
