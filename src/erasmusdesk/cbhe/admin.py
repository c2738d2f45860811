"""Back office: the register of capacity-building projects with partners, work packages and
reporting dates (inline), and the rules per call year (saved through the services)."""

from django.contrib import admin

from erasmusdesk.cbhe import services
from erasmusdesk.cbhe.models import (
    CapacityProject,
    CapacityRule,
    ProjectPartner,
    ReportingDate,
    WorkPackage,
)


class PartnerInline(admin.TabularInline):
    model = ProjectPartner
    extra = 1


class WorkPackageInline(admin.StackedInline):
    model = WorkPackage
    extra = 1


class ReportingDateInline(admin.TabularInline):
    model = ReportingDate
    extra = 1


@admin.register(CapacityProject)
class CapacityProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "acronym", "strand", "call_year", "start", "duration_months")
    inlines = [PartnerInline, WorkPackageInline, ReportingDateInline]

    def save_model(self, request, obj, form, change) -> None:
        services.save_project(obj, by=request.user)

    def save_formset(self, request, form, formset, change) -> None:
        services.save_project_parts(form.instance, formset, by=request.user)


@admin.register(CapacityRule)
class CapacityRuleAdmin(admin.ModelAdmin):
    list_display = ("first_call_year", "last_call_year")

    def save_model(self, request, obj, form, change) -> None:
        services.save_rule(obj, by=request.user)
