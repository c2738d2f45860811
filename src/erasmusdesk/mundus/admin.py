"""Back office: the directory of Joint Masters with their members, and the rules and rates
(every save through the services)."""

from django.contrib import admin

from erasmusdesk.mundus import services
from erasmusdesk.mundus.models import (
    ConsortiumMember,
    ConsortiumRule,
    JointMaster,
    MundusApplication,
    ScholarshipRate,
)


class MemberInline(admin.TabularInline):
    model = ConsortiumMember
    extra = 1


@admin.register(JointMaster)
class JointMasterAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "ects", "duration_months", "call_year", "is_published")
    inlines = [MemberInline]

    def save_model(self, request, obj, form, change) -> None:
        services.save_programme(obj, None, by=request.user)

    def save_formset(self, request, form, formset, change) -> None:
        services.save_members(form.instance, formset, by=request.user)


@admin.register(ConsortiumRule)
class ConsortiumRuleAdmin(admin.ModelAdmin):
    list_display = ("first_call_year", "last_call_year", "min_institutions", "min_countries")

    def save_model(self, request, obj, form, change) -> None:
        services.save_rule_row(obj, by=request.user)


@admin.register(ScholarshipRate)
class ScholarshipRateAdmin(admin.ModelAdmin):
    list_display = ("first_call_year", "last_call_year", "monthly_eur")

    def save_model(self, request, obj, form, change) -> None:
        services.save_rule_row(obj, by=request.user)


@admin.register(MundusApplication)
class MundusApplicationAdmin(admin.ModelAdmin):
    list_display = ("programme", "student", "intake_year", "outcome")
    list_filter = ("intake_year", "outcome")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
