"""Back office: the Jean Monnet rules per action and call year (edited through the service),
and the proposals, read-only (the workspace and the review pages change them)."""

from django.contrib import admin

from erasmusdesk.jeanmonnet.models import ActionRule, Proposal
from erasmusdesk.jeanmonnet.services import save_action_rule


@admin.register(ActionRule)
class ActionRuleAdmin(admin.ModelAdmin):
    list_display = (
        "action",
        "first_call_year",
        "last_call_year",
        "min_hours_per_year",
        "max_grant_eur",
        "funding_rate_percent",
    )
    list_filter = ("action",)

    def save_model(self, request, obj: ActionRule, form, change: bool) -> None:
        save_action_rule(obj, by=request.user)


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("title", "action", "call_year", "owner", "state")
    list_filter = ("action", "state", "call_year")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
