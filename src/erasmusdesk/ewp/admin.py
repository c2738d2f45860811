"""The back office's EWP pages: the factsheet (written through the service) and, read-only,
the communication log."""

from django.contrib import admin

from erasmusdesk.ewp.models import Exchange, Factsheet
from erasmusdesk.ewp.services import save_factsheet


@admin.register(Factsheet)
class FactsheetAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not Factsheet.objects.exists()

    def save_model(self, request, obj, form, change) -> None:
        save_factsheet(obj, by=request.user)


@admin.register(Exchange)
class ExchangeAdmin(admin.ModelAdmin):
    list_display = ("at", "direction", "api", "partner_hei_id", "status", "duration_ms")
    list_filter = ("direction", "api")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
