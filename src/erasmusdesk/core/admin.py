from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from erasmusdesk.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is read-only: it records what happened."""

    list_display = ["created", "action", "actor", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["action", "object_id", "actor__username", "actor__email"]
    date_hierarchy = "created"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


admin.site.site_header = _("Erasmus Desk back office")
admin.site.site_title = _("Erasmus Desk")
admin.site.index_title = _("International office")
