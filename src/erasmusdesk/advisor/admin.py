"""Back office: the advisor's rules per opportunity and activity (saved through the service)."""

from django.contrib import admin

from erasmusdesk.advisor.models import FitRule
from erasmusdesk.advisor.services import save_fit_rule


@admin.register(FitRule)
class FitRuleAdmin(admin.ModelAdmin):
    list_display = ("slug", "activity", "roles", "levels", "needs_first_degree", "position")
    list_filter = ("slug",)

    def save_model(self, request, obj, form, change) -> None:
        save_fit_rule(obj, by=request.user)
