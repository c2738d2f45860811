"""Rate tables: choosing the table of a call year, the frozen rules value, validation, defaults."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms import inlineformset_factory
from django.urls import reverse

from erasmusdesk.grants import rules
from erasmusdesk.grants.admin import TravelBandForm, TravelBandFormSet
from erasmusdesk.grants.defaults import (
    DEFAULT_TABLES,
    correct_shipped_tables,
    load_default_tables,
)
from erasmusdesk.grants.models import (
    CountryGroup,
    DurationLimit,
    MonthlyRate,
    RateTable,
    StaffDailyRate,
    TravelBand,
    band_conflict,
)

pytestmark = pytest.mark.django_db

KA107_2015 = "KA107 2015-2017 (shipped default)"
KA107_2018 = "KA107 2018 (shipped default)"
KA107_2019 = "KA107 2019-2020 (shipped default)"
KA171_2021 = "KA171 2021 (shipped default)"
KA171_2022 = "KA171 2022 (shipped default)"
KA171_2023 = "KA171 2023 (shipped default)"
KA171_2024 = "KA171 2024-2026 (shipped default)"


@pytest.fixture
def tables(db) -> None:
    """The shipped tables (the migration loads them; transactional tests may have flushed)."""
    load_default_tables()


def _rules(year: int) -> rules.RateTable:
    return RateTable.objects.for_year(year).to_rules()


def _table(name: str = "Office table", first: int = 2024, last: int = 2024, **extra) -> RateTable:
    return RateTable.objects.create(
        name=name,
        programme="KA171",
        first_call_year=first,
        last_call_year=last,
        source="Our grant agreement",
        **extra,
    )


@pytest.mark.parametrize(
    ("year", "name"),
    [
        (2015, KA107_2015),
        (2016, KA107_2015),
        (2017, KA107_2015),
        (2018, KA107_2018),
        (2019, KA107_2019),
        (2020, KA107_2019),
        (2021, KA171_2021),
        (2022, KA171_2022),
        (2023, KA171_2023),
        (2024, KA171_2024),
        (2025, KA171_2024),
        (2026, KA171_2024),
    ],
)
def test_for_year_picks_the_shipped_table_covering_the_call_year(tables, year, name):
    assert RateTable.objects.for_year(year).name == name


@pytest.mark.parametrize("year", [2014, 2027, 2031])
def test_for_year_outside_every_table_is_none(tables, year):
    assert RateTable.objects.for_year(year) is None


@pytest.mark.parametrize("year", [2027, 2031, 2100])
def test_a_year_past_the_last_table_carries_the_latest_table_over(tables, year):
    chosen = RateTable.objects.for_year_or_latest(year)
    assert (chosen.table.name, chosen.year, chosen.carried_over) == (KA171_2024, year, True)
    assert chosen.confirmed is False


def test_a_covered_year_is_not_carried_over_and_keeps_its_confirmation(tables):
    chosen = RateTable.objects.for_year_or_latest(2022)
    assert (chosen.table.name, chosen.carried_over, chosen.confirmed) == (KA171_2022, False, True)


def test_a_year_before_the_first_table_has_no_table(tables):
    assert RateTable.objects.for_year_or_latest(2014) is None


def test_the_office_table_for_a_new_year_ends_the_carrying_over(tables):
    office = _table("KA171 2027 (our agreement)", first=2027, last=2027, is_confirmed=True)
    chosen = RateTable.objects.for_year_or_latest(2027)
    assert (chosen.table, chosen.carried_over, chosen.confirmed) == (office, False, True)
    assert RateTable.objects.for_year_or_latest(2028).table == office


def test_shipped_tables_are_confirmed_only_where_the_reference_confirms_the_rates(tables):
    confirmed = dict(RateTable.objects.values_list("name", "is_confirmed"))
    assert confirmed == {
        KA107_2015: True,
        KA107_2018: True,
        KA107_2019: True,
        KA171_2021: True,
        KA171_2022: True,
        KA171_2023: False,
        KA171_2024: False,
    }


def test_confirmed_office_table_beats_the_shipped_unconfirmed_one(tables):
    office = _table(is_confirmed=True)
    assert RateTable.objects.for_year(2024) == office
    assert RateTable.objects.for_year(2025).name == KA171_2024


def test_unconfirmed_office_table_does_not_beat_a_confirmed_shipped_one(tables):
    _table(first=2022, last=2022, is_confirmed=False)
    assert RateTable.objects.for_year(2022).name == KA171_2022


def test_among_confirmed_tables_the_most_recently_updated_wins(tables):
    older = _table("Office table A", is_confirmed=True)
    newer = _table("Office table B", is_confirmed=True)
    assert RateTable.objects.for_year(2024) == newer
    older.note = "checked again"
    older.save()
    assert RateTable.objects.for_year(2024) == older


def test_germany_moves_from_group_2_to_group_1_in_2024(tables):
    assert _rules(2018).country_groups["DE"] == 2
    assert _rules(2023).country_groups["DE"] == 2
    assert _rules(2024).country_groups["DE"] == 1


@pytest.mark.parametrize("year", range(2015, 2027))
def test_united_kingdom_is_in_group_1_until_2020_only(tables, year):
    assert _rules(year).country_groups.get("GB") == (1 if year <= 2020 else None)


def test_greece_is_stored_under_its_iso_code(tables):
    groups = _rules(2024).country_groups
    assert groups["GR"] == 2
    assert "EL" not in groups


@pytest.mark.parametrize(
    ("year", "countries"),
    [(2015, 33), (2018, 33), (2019, 34), (2021, 33), (2023, 33), (2024, 33)],
)
def test_every_programme_country_has_a_group(tables, year, countries):
    groups = _rules(year).country_groups
    assert len(groups) == countries
    assert set(groups.values()) == {1, 2, 3}


@pytest.mark.parametrize(("year", "hosts_serbia"), [(2018, False), (2019, True), (2020, True)])
def test_serbia_is_a_host_country_from_the_2019_call(tables, year, hosts_serbia):
    assert ("RS" in _rules(year).country_groups) is hosts_serbia


def test_to_rules_builds_the_2019_2020_table_exactly(tables):
    value = _rules(2019)
    staff = {
        group: rules.StaffRate(Decimal(daily), reduced_from_day=15, reduced_percent=70)
        for group, daily in [(1, 180), (2, 160), (3, 140)]
    }
    months, days = rules.DurationUnit.MONTHS, rules.DurationUnit.DAYS
    assert (value.name, value.first_call_year, value.last_call_year) == (KA107_2019, 2019, 2020)
    assert value.confirmed is True
    assert value.source.startswith("Monthly rates 2018-2020: bwz.uw.edu.pl (KA107 2018)")
    assert value.monthly_rates == {1: Decimal(900), 2: Decimal(850), 3: Decimal(800)}
    assert value.staff_rates == staff
    assert value.bands == (
        rules.Band(10, 99, Decimal(20)),
        rules.Band(100, 499, Decimal(180)),
        rules.Band(500, 1999, Decimal(275)),
        rules.Band(2000, 2999, Decimal(360)),
        rules.Band(3000, 3999, Decimal(530)),
        rules.Band(4000, 7999, Decimal(820)),
        rules.Band(8000, None, Decimal(1500)),
    )
    assert value.fewer_opportunities_monthly is None
    assert value.traineeship_monthly is None
    assert (value.travel_days_standard, value.travel_days_green) == (0, 0)
    assert value.travel_days_staff == 2
    assert value.staff_country_groups == {}
    assert value.duration_limits == {
        rules.Activity.STUDY: rules.DurationLimit(3, 12, months),
        rules.Activity.TRAINEESHIP: rules.DurationLimit(2, 12, months),
        rules.Activity.TEACHING: rules.DurationLimit(5, 60, days),
        rules.Activity.TRAINING: rules.DurationLimit(5, 60, days),
    }


def test_to_rules_builds_the_2024_table_with_green_amounts_and_supplements(tables):
    value = _rules(2024)
    assert value.confirmed is False
    assert value.bands[0] == rules.Band(10, 99, Decimal(28), Decimal(56))
    assert value.bands[-2:] == (
        rules.Band(4000, 7999, Decimal(1188)),
        rules.Band(8000, None, Decimal(1735)),
    )
    assert value.fewer_opportunities_monthly == Decimal(250)
    assert value.traineeship_monthly == Decimal(150)
    assert (value.travel_days_standard, value.travel_days_green) == (2, 6)
    assert value.duration_limits[rules.Activity.STUDY] == rules.DurationLimit(
        2, 12, rules.DurationUnit.MONTHS
    )


def test_the_short_distance_band_pays_20_in_2021_and_23_in_2022_and_2023(tables):
    assert [_rules(year).bands[0].standard for year in (2021, 2022, 2023)] == [20, 23, 23]


def test_2015_2017_has_no_band_below_100_km_and_four_staff_groups(tables):
    value = _rules(2016)
    assert value.monthly_rates == {1: Decimal(850), 2: Decimal(800), 3: Decimal(750)}
    assert value.bands[0] == rules.Band(100, 499, Decimal(180))
    assert value.bands[-1] == rules.Band(8000, None, Decimal(1100))
    assert {group: rate.daily for group, rate in value.staff_rates.items()} == {
        1: Decimal(160),
        2: Decimal(140),
        3: Decimal(120),
        4: Decimal(100),
    }
    assert set(value.country_groups.values()) == {1, 2, 3}
    assert set(value.staff_country_groups.values()) == {1, 2, 3, 4}
    assert set(value.staff_country_groups) == set(value.country_groups)
    staff = value.staff_country_groups
    assert (staff["NL"], staff["AT"], staff["DE"], staff["SI"]) == (1, 2, 3, 4)
    # Students keep their own three groups: the Netherlands is group 2, Austria group 1.
    assert (value.country_groups["NL"], value.country_groups["AT"]) == (2, 1)


def test_2024_staff_rates_are_190_170_148(tables):
    rates = _rules(2024).staff_rates
    assert {group: rate.daily for group, rate in rates.items()} == {
        1: Decimal(190),
        2: Decimal(170),
        3: Decimal(148),
    }
    note = RateTable.objects.get(name=KA171_2024).note
    assert "group 2 (170 EUR)" in note
    source = RateTable.objects.get(name=KA171_2024).source
    assert "erasmuska171.zut.edu.pl" in source and "uacg.bg" in source


def test_2024_bands_from_3000_km_are_no_longer_marked_unconfirmed(tables):
    table = RateTable.objects.get(name=KA171_2024)
    assert "single unofficial source" not in table.source + table.note
    assert "confirmed by several universities' 2024 KA171 pages" in table.source


def test_correction_of_an_older_database_renames_splits_and_fixes_the_shipped_tables(tables):
    """A database migrated before the correction: one KA107 2018-2020 table with Serbia,
    180 / 160 / 140 EUR staff rates in 2024-2026, no staff groups in 2015-2017."""
    RateTable.objects.filter(name=KA107_2018).delete()
    RateTable.objects.filter(name=KA107_2019).update(
        name="KA107 2018-2020 (shipped default)", first_call_year=2018, travel_days_staff=None
    )
    CountryGroup.objects.filter(table__name=KA107_2015).update(staff_group=None)
    StaffDailyRate.objects.filter(table__name=KA107_2015).delete()
    for group, old in [(1, 180), (2, 160), (3, 140)]:
        StaffDailyRate.objects.filter(table__name=KA171_2024, group=group).update(daily_amount=old)
    office = _table("Our own 2018 table", first=2018, last=2018, is_confirmed=True)
    correct_shipped_tables()
    correct_shipped_tables()  # idempotent
    assert RateTable.objects.get(name=KA107_2019).first_call_year == 2019
    assert "RS" not in RateTable.objects.get(name=KA107_2018).to_rules().country_groups
    assert "RS" in RateTable.objects.get(name=KA107_2019).to_rules().country_groups
    assert RateTable.objects.get(name=KA107_2019).travel_days_staff == 2
    assert set(RateTable.objects.get(name=KA107_2015).to_rules().staff_country_groups.values()) == {
        1,
        2,
        3,
        4,
    }
    assert _rules(2024).staff_rates[3].daily == Decimal(148)
    office.refresh_from_db()
    assert (office.note, office.travel_days_staff) == ("", None)


def test_unconfirmed_parts_of_confirmed_tables_are_named_in_their_notes(tables):
    for name in (KA171_2021, KA171_2022):
        note = RateTable.objects.get(name=name).note
        assert "staff daily rates" in note
        assert "UNCONFIRMED for KA171" in note


def test_to_rules_runs_one_query_per_child_relation(tables, django_assert_num_queries):
    table = RateTable.objects.get(name=KA171_2024)
    with django_assert_num_queries(5):
        table.to_rules()


def test_to_rules_of_a_prefetched_table_runs_no_further_query(tables, django_assert_num_queries):
    with django_assert_num_queries(6):
        table = RateTable.objects.with_rules().for_year(2024)
        table.to_rules()
    with django_assert_num_queries(0):
        table.to_rules()


def test_inverted_call_years_are_refused_naming_the_field():
    table = RateTable(
        name="Inverted", programme="KA171", first_call_year=2025, last_call_year=2024, source="x"
    )
    with pytest.raises(ValidationError) as error:
        table.full_clean()
    assert error.value.message_dict == {
        "last_call_year": ["The last call year must not come before the first."]
    }


def test_inverted_call_years_are_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        _table(first=2025, last=2024)


def test_fewer_green_than_standard_travel_days_are_refused_naming_the_field():
    table = RateTable(
        name="Days",
        programme="KA171",
        first_call_year=2024,
        last_call_year=2024,
        source="x",
        travel_days_standard=2,
        travel_days_green=1,
    )
    with pytest.raises(ValidationError) as error:
        table.full_clean()
    assert error.value.message_dict == {
        "travel_days_green": [
            "Green travel must fund at least as many travel days as standard travel."
        ]
    }


def _band(table: RateTable, low: int, high: int | None, amount: int = 100) -> TravelBand:
    return TravelBand(table=table, min_km=low, max_km=high, standard_amount=Decimal(amount))


def test_overlapping_band_is_refused_naming_both_bands():
    table = _table()
    _band(table, 100, 499).save()
    with pytest.raises(ValidationError) as error:
        _band(table, 400, 999).full_clean()
    assert error.value.message_dict == {
        "min_km": ["The band 400-999 km overlaps the band 100-499 km."]
    }


def test_band_starting_right_after_the_previous_one_is_accepted():
    table = _table()
    _band(table, 100, 499).save()
    _band(table, 500, 1999).full_clean()


def test_band_sharing_its_boundary_km_overlaps():
    table = _table()
    _band(table, 100, 499).save()
    with pytest.raises(ValidationError) as error:
        _band(table, 499, 999).full_clean()
    assert list(error.value.message_dict) == ["min_km"]


def test_open_ended_band_below_another_band_is_refused_naming_the_upper_end():
    table = _table()
    _band(table, 8000, None).save()
    with pytest.raises(ValidationError) as error:
        _band(table, 4000, None).full_clean()
    assert error.value.message_dict == {
        "max_km": ["Only the highest band may have no upper end: 4000+ km lies below 8000+ km."]
    }


def test_band_with_its_upper_end_below_its_lower_end_is_refused():
    with pytest.raises(ValidationError) as error:
        _band(_table(), 500, 100).full_clean()
    assert error.value.message_dict == {
        "max_km": ["The upper end must not be below the lower end."]
    }


def test_editing_a_band_does_not_conflict_with_itself():
    table = _table()
    band = _band(table, 100, 499)
    band.save()
    band.max_km = 599
    band.full_clean()


def test_reduced_staff_rate_without_its_percentage_is_refused_naming_the_field():
    rate = StaffDailyRate(table=_table(), group=1, daily_amount=Decimal(180), reduced_from_day=15)
    with pytest.raises(ValidationError) as error:
        rate.full_clean()
    assert error.value.message_dict == {
        "reduced_percent": ["Give the percentage paid from the reduced day on."]
    }


def test_reduced_staff_percentage_without_its_day_is_refused_naming_the_field():
    rate = StaffDailyRate(table=_table(), group=1, daily_amount=Decimal(180), reduced_percent=70)
    with pytest.raises(ValidationError) as error:
        rate.full_clean()
    assert error.value.message_dict == {
        "reduced_from_day": ["Give the day from which the reduced percentage is paid."]
    }


def test_reduced_percentage_above_100_is_refused():
    rate = StaffDailyRate(
        table=_table(),
        group=1,
        daily_amount=Decimal(180),
        reduced_from_day=15,
        reduced_percent=101,
    )
    with pytest.raises(ValidationError) as error:
        rate.full_clean()
    assert list(error.value.message_dict) == ["reduced_percent"]


def test_half_given_reduction_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffDailyRate.objects.create(
            table=_table(), group=1, daily_amount=Decimal(180), reduced_from_day=15
        )


def test_duration_maximum_below_minimum_is_refused_naming_the_field():
    limit = DurationLimit(table=_table(), activity="study", minimum=12, maximum=2, unit="months")
    with pytest.raises(ValidationError) as error:
        limit.full_clean()
    assert error.value.message_dict == {"maximum": ["The maximum must not be below the minimum."]}


def test_a_country_has_one_group_per_table():
    table = _table()
    CountryGroup.objects.create(table=table, country="DE", group=1)
    with pytest.raises(ValidationError) as error:
        CountryGroup(table=table, country="DE", group=2).full_clean()
    assert error.value.messages == ["This country already has a group in this table."]


def test_a_group_has_one_monthly_rate_per_table():
    table = _table()
    MonthlyRate.objects.create(table=table, group=1, amount=Decimal(900))
    with pytest.raises(ValidationError) as error:
        MonthlyRate(table=table, group=1, amount=Decimal(950)).full_clean()
    assert error.value.messages == ["This group already has a monthly rate in this table."]


def test_every_shipped_row_passes_validation(tables):
    for table in RateTable.objects.all():
        table.full_clean()
        for relation in ("country_groups", "monthly_rates", "staff_rates", "duration_limits"):
            for row in getattr(table, relation).all():
                row.full_clean()
        for band in table.travel_bands.all():
            band.full_clean()


def test_loader_is_idempotent_and_keeps_the_office_edits(tables):
    assert load_default_tables() == 0
    assert RateTable.objects.count() == len(DEFAULT_TABLES) == 7
    rate = MonthlyRate.objects.get(table__name=KA171_2024, group=1)
    rate.amount = Decimal(1070)
    rate.save()
    RateTable.objects.filter(name=KA171_2023).delete()
    assert load_default_tables() == 1
    assert load_default_tables() == 0
    assert _rules(2024).monthly_rates[1] == Decimal(1070)
    assert _rules(2023).monthly_rates[1] == Decimal(900)


def _band_formset(table: RateTable, rows: list[tuple[int, int | None]]):
    """The admin's band formset, posted with the given rows over the stored bands."""
    formset_class = inlineformset_factory(
        RateTable,
        TravelBand,
        form=TravelBandForm,
        formset=TravelBandFormSet,
        fields=["min_km", "max_km", "standard_amount", "green_amount"],
        extra=0,
    )
    stored = list(table.travel_bands.all())
    data = {
        "travel_bands-TOTAL_FORMS": str(len(rows)),
        "travel_bands-INITIAL_FORMS": str(len(stored)),
    }
    for index, (low, high) in enumerate(rows):
        prefix = f"travel_bands-{index}-"
        data |= {
            f"{prefix}min_km": str(low),
            f"{prefix}max_km": "" if high is None else str(high),
            f"{prefix}standard_amount": "100",
            f"{prefix}id": str(stored[index].pk) if index < len(stored) else "",
            f"{prefix}table": str(table.pk),
        }
    return formset_class(data, instance=table, prefix="travel_bands")


def test_admin_may_move_a_boundary_between_two_stored_bands():
    table = _table()
    _band(table, 10, 99).save()
    _band(table, 100, 499).save()
    formset = _band_formset(table, [(10, 149), (150, 499)])
    assert formset.is_valid(), formset.errors
    formset.save()
    assert [(band.min_km, band.max_km) for band in table.travel_bands.all()] == [
        (10, 149),
        (150, 499),
    ]


def test_admin_refuses_overlapping_bands_as_edited():
    table = _table()
    _band(table, 10, 99).save()
    _band(table, 100, 499).save()
    formset = _band_formset(table, [(10, 199), (100, 499)])
    assert not formset.is_valid()
    assert formset.non_form_errors() == ["The band 10-199 km overlaps the band 100-499 km."]


def test_band_conflict_of_the_shipped_bands_is_none(tables):
    for table in RateTable.objects.all():
        bands = list(table.travel_bands.all())
        for index, band in enumerate(bands):
            assert band_conflict(band, bands[:index] + bands[index + 1 :]) is None


def test_admin_pages_of_a_table_open(tables, admin_client):
    table = RateTable.objects.get(name=KA171_2024)
    assert admin_client.get(reverse("admin:grants_ratetable_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:grants_ratetable_change", args=[table.pk]))
    assert page.status_code == 200
    assert "checked against the office" in page.content.decode()
