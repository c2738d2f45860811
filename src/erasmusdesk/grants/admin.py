"""Back office for the rate tables: one page per table, every child edited inline."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from erasmusdesk.grants.models import (
    CountryGroup,
    DurationLimit,
    MonthlyRate,
    RateTable,
    StaffDailyRate,
    TravelBand,
    band_conflict,
)


class MonthlyRateInline(admin.TabularInline):
    model = MonthlyRate
    extra = 0
    max_num = 3


class StaffDailyRateInline(admin.TabularInline):
    model = StaffDailyRate
    extra = 0
    max_num = 3


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
                ]
            },
        ),
        (_("Sources"), {"fields": ["source", "note"]}),
    ]

    @admin.display(description=_("call years"), ordering="first_call_year")
    def years(self, obj: RateTable) -> str:
        return obj.years_label
