"""Back office views of applications: read-only records (changes go through the office's
pages and their services, which keep the state history and the audit log)."""

from django.contrib import admin

from erasmusdesk.applications.models import Application, Document, Preference, StateChange


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class PreferenceInline(ReadOnlyInline):
    model = Preference
    fields = ["position", "place"]


class DocumentInline(ReadOnlyInline):
    model = Document
    fields = ["document_type", "slot", "display_name", "size", "sha256", "review"]


class StateChangeInline(ReadOnlyInline):
    model = StateChange
    fields = ["at", "from_state", "to_state", "by", "reason"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["reference", "applicant", "call", "state", "round", "submitted_at"]
    list_filter = ["state", "round", "category", "call"]
    search_fields = ["reference", "applicant__email", "applicant__profile__family_name"]
    inlines = [PreferenceInline, DocumentInline, StateChangeInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
