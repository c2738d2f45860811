"""The back office: host contacts (through the service), mobilities read-only (they change
through the office's pages, each move a row)."""

from django.contrib import admin

from erasmusdesk.mobility import checklist, learning, services
from erasmusdesk.mobility.models import (
    DepartureChecklist,
    HostContact,
    HostCourse,
    Mobility,
    MobilityStateChange,
)


@admin.register(HostContact)
class HostContactAdmin(admin.ModelAdmin):
    list_display = ["user", "institution", "position", "language"]
    list_filter = ["institution"]
    search_fields = ["user__username", "user__email", "institution__name"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj: HostContact, form, change: bool) -> None:
        saved = services.set_host_contact(
            obj.user,
            obj.institution,
            position=obj.position,
            language=obj.language,
            by=request.user,
        )
        obj.pk = saved.pk

    def delete_model(self, request, obj: HostContact) -> None:
        services.remove_host_contact(obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for contact in queryset:
            services.remove_host_contact(contact, by=request.user)


class StateChangeInline(admin.TabularInline):
    model = MobilityStateChange
    extra = 0
    can_delete = False
    readonly_fields = ["from_state", "to_state", "by", "by_name", "at", "reason"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Mobility)
class MobilityAdmin(admin.ModelAdmin):
    list_display = ["__str__", "state", "receiving_academic_year_id", "planned_arrival_date"]
    list_filter = ["state", "activity_type", "receiving_academic_year_id"]
    search_fields = ["given_names", "family_name", "email", "omobility_id"]
    inlines = [StateChangeInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DepartureChecklist)
class DepartureChecklistAdmin(admin.ModelAdmin):
    """The steps each call asks for (data): written through the service."""

    list_display = ["call", "steps"]

    def save_model(self, request, obj: DepartureChecklist, form, change: bool) -> None:
        saved = checklist.set_steps(obj.call, obj.step_list, by=request.user)
        obj.pk = saved.pk


@admin.register(HostCourse)
class HostCourseAdmin(admin.ModelAdmin):
    """A partner's course list, which the participants pick from in table A."""

    list_display = ["title", "los_code", "credits", "term", "institution", "active"]
    list_filter = ["institution", "active"]
    search_fields = ["title", "los_code", "institution__name"]

    def save_model(self, request, obj: HostCourse, form, change: bool) -> None:
        learning.save_host_course(obj, by=request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a course no longer offered is unticked ("offered"), not deleted
