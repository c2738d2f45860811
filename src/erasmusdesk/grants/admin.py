"""Back office: the rate tables (one page per table, every child edited inline), grant
agreements with their payments (read-mostly: the services issue and settle them), budgets."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from erasmusdesk.core import clock
from erasmusdesk.grants.budget import set_budget
from erasmusdesk.grants.models import (
    Budget,
    CountryGroup,
    DurationLimit,
    GrantAgreement,
    MonthlyRate,
    Payment,
    RateTable,
    StaffDailyRate,
    TravelBand,
    band_conflict,
)
from erasmusdesk.grants.models.rates import MAX_GROUP


class MonthlyRateInline(admin.TabularInline):
    model = MonthlyRate
    extra = 0
    max_num = MAX_GROUP


class StaffDailyRateInline(admin.TabularInline):
    model = StaffDailyRate
    extra = 0
    max_num = MAX_GROUP


class TravelBandForm(forms.ModelForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The formset compares the bands as edited, not with the stored ones.
        self.instance.check_siblings = False


class TravelBandFormSet(forms.BaseInlineFormSet):
    """Refuses overlapping bands, and an open-ended band below another (models rule)."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.instance
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for index, band in enumerate(kept):
            conflict = band_conflict(band, kept[:index] + kept[index + 1 :])
            if conflict:
                raise conflict[1]


class TravelBandInline(admin.TabularInline):
    model = TravelBand
    form = TravelBandForm
    formset = TravelBandFormSet
    extra = 0


class DurationLimitInline(admin.TabularInline):
    model = DurationLimit
    extra = 0
    max_num = len(DurationLimit._meta.get_field("activity").choices)


class CountryGroupInline(admin.TabularInline):
    model = CountryGroup
    extra = 0


@admin.register(RateTable)
class RateTableAdmin(admin.ModelAdmin):
    list_display = ["name", "programme", "years", "is_confirmed", "updated"]
    list_filter = ["is_confirmed", "programme", "first_call_year"]
    search_fields = ["name", "programme", "source", "note"]
    readonly_fields = ["updated"]
    save_as = True  # "Save as new" copies a shipped table with its rows, to confirm as our own
    inlines = [
        MonthlyRateInline,
        StaffDailyRateInline,
        TravelBandInline,
        DurationLimitInline,
        CountryGroupInline,
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "programme",
                    ("first_call_year", "last_call_year"),
                    "is_confirmed",
                    "updated",
                ],
                "description": _(
                    "The shipped tables come from public sources, not from your grant "
                    "agreement. An unconfirmed table (and every part a note marks UNCONFIRMED) "
                    "must be checked against the office's own grant agreement before grants "
                    "are calculated with it; then tick “confirmed”. Where several tables cover "
                    "a call year, the confirmed one changed most recently is used."
                ),
            },
        ),
        (
            _("Supplements and travel days"),
            {
                "fields": [
                    ("fewer_opportunities_monthly", "traineeship_monthly"),
                    ("travel_days_standard", "travel_days_green"),
                    "travel_days_staff",
                ]
            },
        ),
        (_("Sources"), {"fields": ["source", "note"]}),
    ]

    @admin.display(description=_("call years"), ordering="first_call_year")
    def years(self, obj: RateTable) -> str:
        return obj.years_label

    def changelist_view(self, request, extra_context=None):
        """Warn when this year's call has no table of its own and the latest is carried over."""
        year = clock.local_year()
        chosen = RateTable.objects.for_year_or_latest(year)
        if chosen is not None and chosen.carried_over:
            messages.warning(
                request,
                _(
                    "No rate table covers the call year %(year)s: the calculator and the grant "
                    "agreements carry over “%(name)s”, marked unconfirmed. Add the table of "
                    "%(year)s: open the latest table and use “Save as new”, then change its "
                    "years and figures."
                )
                % {"year": year, "name": chosen.table.name},
            )
        return super().changelist_view(request, extra_context)


class PaymentInline(admin.TabularInline):
    """Payments as recorded by the office's services; shown, never edited here."""

    model = Payment
    extra = 0
    can_delete = False
    fields = ["paid_on", "kind", "amount", "note", "recorded_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(GrantAgreement)
class GrantAgreementAdmin(admin.ModelAdmin):
    """Read-mostly: the amounts were frozen when the agreement was issued; only the
    participant's name, the language and the departure details can be corrected here."""

    list_display = [
        "reference",
        "participant_name",
        "host_institution",
        "start",
        "end",
        "total",
        "final_total",
        "status",
    ]
    list_filter = ["status", "activity", "call_year", "call"]
    list_select_related = ["host_institution"]
    search_fields = ["reference", "participant_name", "host_institution__name"]
    date_hierarchy = "start"
    inlines = [PaymentInline]
    readonly_fields = [
        "reference",
        "call",
        "participant",
        "home_institution",
        "host_institution",
        "activity",
        "call_year",
        "start",
        "end",
        "green_travel",
        "travel_days",
        "fewer_opportunities",
        "rate_table_name",
        "breakdown",
        "total",
        "prefinancing_percent",
        "actual_start",
        "actual_end",
        "final_breakdown",
        "final_total",
        "status",
        "issued_by",
        "created",
    ]

    def has_add_permission(self, request) -> bool:
        return False  # agreements are issued from an estimate, never typed in

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # an issued agreement is cancelled, never deleted


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """View only: payments are recorded through the office's services, which keep the audit."""

    list_display = ["agreement", "kind", "amount", "paid_on", "recorded_by"]
    list_filter = ["kind", "paid_on"]
    list_select_related = ["agreement", "recorded_by"]
    search_fields = ["agreement__reference", "agreement__participant_name", "note"]
    date_hierarchy = "paid_on"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin):
    """Saves through budget.set_budget, so that every amount set is checked and audited."""

    list_display = ["call", "activity", "awarded"]
    list_filter = ["activity", "call__academic_year", "call"]
    list_select_related = ["call"]
    search_fields = ["call__title", "call__slug"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return ["call", "activity"] if obj is not None else []

    def save_model(self, request, obj: Budget, form, change: bool) -> None:
        saved = set_budget(obj.call, obj.activity, obj.awarded, by=request.user)
        obj.pk = saved.pk
