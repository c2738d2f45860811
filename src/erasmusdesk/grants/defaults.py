"""Sourced default rate tables of International Credit Mobility (KA107, then KA171).

Every figure and its source comes from ../shared/reference/erasmus-rules.md sections 1 and 2;
each table copies the sources as the reference names them. Figures the reference marks
UNCONFIRMED are shipped as data the office must check against its own grant agreement: a table
with unconfirmed rates is shipped with ``is_confirmed`` off, and a confirmed table names its
unconfirmed parts (staff rates and supplements from 2021) in its note.

Country codes: the reference uses Erasmus+ usage (EL Greece, UK United Kingdom); the tables
store ISO 3166-1 alpha-2 (GR, GB), converted by ``_iso``.

``load_default_tables()`` creates the missing tables by name and leaves existing ones (and the
office's edits) alone; the data migration 0002, the tests and the demo call it.
"""

from decimal import Decimal

from django.apps import apps as global_apps
from django.db import transaction

from erasmusdesk.grants.rules import Activity, DurationUnit

_ERASMUS_TO_ISO = {"EL": "GR", "UK": "GB"}


def _iso(codes: str) -> list[str]:
    """Space-separated Erasmus+ country codes as ISO 3166-1 alpha-2 codes."""
    return [_ERASMUS_TO_ISO.get(code, code) for code in codes.split()]


# Host-country groups by period (reference section 1, "Host-country groups").
GROUPS_2014_2017 = {
    1: _iso("AT DK FI FR IE IT LI NO SE UK"),
    2: _iso("BE HR CZ CY DE EL IS LU NL PT SI ES TR"),
    3: _iso("BG EE HU LV LT MT PL RO SK MK"),
}
GROUPS_2018_2023 = {
    1: _iso("DK FI IS IE LU SE LI NO"),
    2: _iso("AT BE DE FR IT EL ES CY NL MT PT"),
    3: _iso("BG HR CZ EE LV LT HU PL RO RS SK SI MK TR"),
}
GROUPS_2019_2020 = {**GROUPS_2018_2023, 1: [*GROUPS_2018_2023[1], "GB"]}  # UK until 2020
# Serbia became a Programme country on 5 February 2019: no host country of the 2018 call.
GROUPS_2018 = {
    group: [country for country in countries if country != "RS"]
    for group, countries in GROUPS_2019_2020.items()
}
GROUPS_2024 = {
    1: _iso("AT BE DK FI FR DE IS IE IT LI LU NL NO SE"),
    2: _iso("CY CZ EE EL LV MT PT SK SI ES"),
    3: _iso("BG HR HU LT MK PL RO RS TR"),
}


# Staff host-country groups of the 2014 rules, four of them (docest.com/doc/425664): their
# daily rates are 160 / 140 / 120 / 100 EUR.
STAFF_GROUPS_2014_2017 = {
    1: _iso("DK IE NL SE UK"),
    2: _iso("BE BG CZ EL FR IT CY LU HU AT PL RO FI IS LI NO TR"),
    3: _iso("DE ES LV MT PT SK MK"),
    4: _iso("EE HR LT SI"),
}


def _euros(*amounts: int) -> dict[int, Decimal]:
    """Amounts of groups 1, 2, 3."""
    return {group: Decimal(amount) for group, amount in enumerate(amounts, start=1)}


def _bands(*rows: tuple[int, int | None, int, int | None]) -> list[tuple]:
    """(min_km, max_km or None, standard EUR, green EUR or None) rows."""
    return [
        (low, high, Decimal(standard), None if green is None else Decimal(green))
        for low, high, standard, green in rows
    ]


# Travel bands (reference section 2), one-way km, inclusive; amounts for the return trip.
BANDS_2014_2017 = _bands(
    (100, 499, 180, None),
    (500, 1999, 275, None),
    (2000, 2999, 360, None),
    (3000, 3999, 530, None),
    (4000, 7999, 820, None),
    (8000, None, 1100, None),
)
BANDS_2018_2020 = _bands(
    (10, 99, 20, None),
    (100, 499, 180, None),
    (500, 1999, 275, None),
    (2000, 2999, 360, None),
    (3000, 3999, 530, None),
    (4000, 7999, 820, None),
    (8000, None, 1500, None),  # one source says 1300
)


def _bands_2021_2023(short_distance: int) -> list[tuple]:
    """The 2021-2023 bands; the 10-99 km band pays 20 EUR in 2021 and 23 EUR in 2022-2023."""
    return _bands(
        (10, 99, short_distance, None),
        (100, 499, 180, 210),
        (500, 1999, 275, 320),
        (2000, 2999, 360, 410),
        (3000, 3999, 530, 610),
        (4000, 7999, 820, None),
        (8000, None, 1500, None),
    )


BANDS_2024 = _bands(
    (10, 99, 28, 56),
    (100, 499, 211, 285),
    (500, 1999, 309, 417),
    (2000, 2999, 395, 535),
    (3000, 3999, 580, 785),
    (4000, 7999, 1188, None),
    (8000, None, 1735, None),
)

# Durations (reference section 1): (minimum, maximum, unit) per activity.
_MONTHS, _DAYS = DurationUnit.MONTHS.value, DurationUnit.DAYS.value
DURATIONS_2014_2020 = {
    Activity.STUDY.value: (3, 12, _MONTHS),
    Activity.TRAINEESHIP.value: (2, 12, _MONTHS),
    Activity.TEACHING.value: (5, 60, _DAYS),  # "5 days - 2 months"
    Activity.TRAINING.value: (5, 60, _DAYS),
}
DURATIONS_2021 = {
    Activity.STUDY.value: (2, 12, _MONTHS),
    Activity.TRAINEESHIP.value: (2, 12, _MONTHS),
    Activity.TEACHING.value: (5, 60, _DAYS),
    Activity.TRAINING.value: (5, 60, _DAYS),
}

# Staff daily rates 2018-2022 (bwz.uw.edu.pl): 180 / 160 / 140, 70 % from day 15.
STAFF_2018 = {"daily": _euros(180, 160, 140), "reduced_from_day": 15, "reduced_percent": 70}
# Staff daily rates of the 2014 rules, four groups (docest.com/doc/425664), 70 % from day 15.
STAFF_2015 = {"daily": _euros(160, 140, 120, 100), "reduced_from_day": 15, "reduced_percent": 70}
# Staff daily rates KA171 from the 2024 call: 190 / 170 / 148 (the 5.9 % rise of 2024 on
# 180 / 160 / 140); group 1 from erasmuska171.zut.edu.pl, group 3 from uacg.bg, group 2
# UNCONFIRMED.
STAFF_2024 = {"daily": _euros(190, 170, 148), "reduced_from_day": 15, "reduced_percent": 70}
# KA107 (2014-2020 calls): up to two funded travel days for staff, one before and one after.
KA107_STAFF_TRAVEL_DAYS = 2

# Supplements (KA131 context, kozminski.edu.pl): UNCONFIRMED for KA171.
FEWER_OPPORTUNITIES_MONTHLY = Decimal(250)
TRAINEESHIP_MONTHLY = Decimal(150)

_SOURCE_GROUPS = (
    "Country groups: cu.edu.ge; erasmus.ur.krakow.pl; msu.edu.mk; inclusivemobility.eu; "
    "hs-ansbach.de."
)
_SOURCE_GROUPS_2024 = (
    "Country groups (2024 grouping): cu.edu.ge; erasmus.ur.krakow.pl; msu.edu.mk; "
    "inclusivemobility.eu; hs-ansbach.de; erasmus.kilis.edu.tr (2024 grouping; one source "
    "still shows the 2021 grouping in late 2024)."
)
_SOURCE_BANDS = (
    "Travel bands: docest.com/doc/425664; international.ue-varna.bg; ehu.eus; "
    "erasmus.gidatarim.edu.tr; ru.nl."
)
_SOURCE_BANDS_2024 = (
    "Travel bands: vu.nl (2024, first four bands); the bands from 3000 km (580 / 785, 1188, "
    "1735 EUR) are confirmed by several universities' 2024 KA171 pages."
)
_SOURCE_TRAVEL_DAYS = (
    "Funded travel days: 2 standard, up to 6 green (green travel adds up to 4 extra funded "
    "travel days), with the travel band sources."
)
_SOURCE_STAFF = "Staff daily rates 2018-2022 and 70 % from day 15 (2018-2020): bwz.uw.edu.pl."
_SOURCE_STAFF_2015 = (
    "Staff daily rates of the 2014 rules, four staff country groups: 160 (DK IE NL SE UK), "
    "140 (BE BG CZ EL FR IT CY LU HU AT PL RO FI IS LI NO TR), 120 (DE ES LV MT PT SK MK), "
    "100 (EE HR LT SI) EUR a day, 70 % from day 15: docest.com/doc/425664."
)
_SOURCE_STAFF_2024 = (
    "Staff daily rates KA171 from the 2024 call: group 1 190 EUR (erasmuska171.zut.edu.pl, "
    "KA171_2024), group 3 148 EUR (uacg.bg, KA171 2024), both the 5.9 % rise of 2024 on "
    "180 / 160 / 140; group 2 170 EUR UNCONFIRMED. 70 % from day 15 carried over from "
    "2018-2020 (bwz.uw.edu.pl), UNCONFIRMED for 2024."
)
_SOURCE_KA107_STAFF_TRAVEL = (
    "KA107 staff: up to two funded travel days, one before the first day of the activity and "
    "one after the last (Erasmus+ Programme Guide 2014-2020, staff mobility)."
)
_SOURCE_SERBIA = (
    "Serbia: a Programme country from 5 February 2019, so a host country from the 2019 call, "
    "not in the 2018 call's table."
)
_SOURCE_SUPPLEMENTS = (
    "Supplements: fewer opportunities 250 EUR/month (KA131 context, kozminski.edu.pl); "
    "traineeship top-up 150 EUR/month. UNCONFIRMED for KA171."
)
_SOURCE_DURATIONS_2014 = (
    "Durations (reference facts, no source named): study 3-12 months (2014-2020, and the "
    "seed); traineeship 2-12 months; staff 5 days - 2 months (2014-2020)."
)
_SOURCE_DURATIONS_2021 = (
    "Durations (reference facts, no source named): study 2-12 months (2021-2027); traineeship "
    "2-12 months; staff 5-60 days (2021-2027)."
)
_SOURCE_RATES_2021 = (
    "Monthly rates 2021-2022: erasmus.euc.ac.cy (2022, G2 850); asu.edu.kz "
    '("800-900 depending on host country").'
)
_SOURCE_RATES_2023 = (
    "Monthly rates 2023-2026: UNCONFIRMED. agensir.it (2023-11-28): individual support rose "
    '12.27 % in 2023 and 5.9 % in 2024 "for most actions". The amounts shipped are the '
    "2021-2022 ones, carried over until the office enters its own."
)

_NOTE_STAFF_2014 = "Staff duration 5 days - 2 months, stored as 5-60 days."
_NOTE_UNCONFIRMED_2021 = (
    "UNCONFIRMED parts: the staff daily rates 180 / 160 / 140 EUR and 70 % from day 15 are "
    "sourced for 2018-2020 (rates to 2022) and UNCONFIRMED for 2021+; the supplements (fewer "
    "opportunities 250 EUR/month, traineeship 150 EUR/month) are KA131-context figures, "
    "UNCONFIRMED for KA171."
)
_NOTE_CARRIED = (
    "Whole table UNCONFIRMED: the monthly rates 900 / 850 / 800 EUR and the staff rates "
    "180 / 160 / 140 EUR (70 % from day 15) are the 2021-2022 amounts carried over; agensir.it "
    "reports rises of individual support of 12.27 % in 2023 and 5.9 % in 2024 for most actions. "
    "The supplements are KA131-context figures, UNCONFIRMED for KA171."
)
_NOTE_2024 = (
    "UNCONFIRMED parts: the monthly rates 900 / 850 / 800 EUR are the 2021-2022 amounts carried "
    "over (agensir.it reports rises of individual support of 12.27 % in 2023 and 5.9 % in 2024 "
    "for most actions); the staff rate of group 2 (170 EUR) and the 70 % from day 15; the "
    "supplements are KA131-context figures. Confirmed: staff rates of groups 1 and 3 (190 and "
    "148 EUR) and the travel bands."
)

_NO_SUPPLEMENTS = {"fewer_opportunities_monthly": None, "traineeship_monthly": None}
_KA171_EXTRAS = {
    "fewer_opportunities_monthly": FEWER_OPPORTUNITIES_MONTHLY,
    "traineeship_monthly": TRAINEESHIP_MONTHLY,
    "travel_days_standard": 2,
    "travel_days_green": 6,
    "travel_days_staff": None,
    "durations": DURATIONS_2021,
}
_KA107_EXTRAS = {
    **_NO_SUPPLEMENTS,
    "travel_days_standard": 0,
    "travel_days_green": 0,
    "travel_days_staff": KA107_STAFF_TRAVEL_DAYS,
    "durations": DURATIONS_2014_2020,
}


def _ka107_2018_2020(first: int, last: int, groups: dict[int, list[str]]) -> dict:
    """The KA107 table of 2018 (without Serbia) or of 2019-2020 (with Serbia)."""
    years = str(first) if first == last else f"{first}-{last}"
    serbia = (
        "Serbia (RS) is not a host country: it became a Programme country on 5 February 2019."
        if first < 2019
        else "Serbia (RS) in group 3, a Programme country from 5 February 2019."
    )
    return {
        "name": f"KA107 {years} (shipped default)",
        "programme": "KA107",
        "first_call_year": first,
        "last_call_year": last,
        "is_confirmed": True,
        "source": " ".join(
            [
                "Monthly rates 2018-2020: bwz.uw.edu.pl (KA107 2018); ehu.eus ICM 2018/2019; "
                'erasmusplus.kg ("800-850-900").',
                _SOURCE_STAFF,
                _SOURCE_GROUPS,
                _SOURCE_SERBIA,
                _SOURCE_BANDS,
                _SOURCE_KA107_STAFF_TRAVEL,
                _SOURCE_DURATIONS_2014,
            ]
        ),
        "note": (
            "Country groups of 2018-2023, with the United Kingdom (GB) in group 1 until 2020. "
            f"{serbia} 8000+ km band: 1500 EUR; one source says 1300 EUR. Up to two funded "
            f"travel days for staff, none for students; no supplements. {_NOTE_STAFF_2014}"
        ),
        "groups": groups,
        "monthly": _euros(900, 850, 800),
        "staff": STAFF_2018,
        "bands": BANDS_2018_2020,
        **_KA107_EXTRAS,
    }


def _ka171_2021_2022(year: int, short_distance: int) -> dict:
    return {
        "name": f"KA171 {year} (shipped default)",
        "programme": "KA171",
        "first_call_year": year,
        "last_call_year": year,
        "is_confirmed": True,
        "source": " ".join(
            [
                _SOURCE_RATES_2021,
                _SOURCE_STAFF,
                _SOURCE_GROUPS,
                _SOURCE_BANDS,
                _SOURCE_TRAVEL_DAYS,
                _SOURCE_SUPPLEMENTS,
                _SOURCE_DURATIONS_2021,
            ]
        ),
        "note": (
            f"{_NOTE_UNCONFIRMED_2021} The 10-99 km band pays 20 EUR in 2021 and 23 EUR in "
            f"2022-2023 (this table: {short_distance} EUR). United Kingdom no longer a host "
            "country from 2021."
        ),
        "groups": GROUPS_2018_2023,
        "monthly": _euros(900, 850, 800),
        "staff": STAFF_2018,
        "bands": _bands_2021_2023(short_distance),
        **_KA171_EXTRAS,
    }


DEFAULT_TABLES: list[dict] = [
    {
        "name": "KA107 2015-2017 (shipped default)",
        "programme": "KA107",
        "first_call_year": 2015,
        "last_call_year": 2017,
        "is_confirmed": True,
        "source": " ".join(
            [
                "Monthly rates 2015-2017: cu.edu.ge (dafinanseba); upv.es OAI 946135; "
                "erasmus.akdeniz.edu.tr.",
                _SOURCE_STAFF_2015,
                _SOURCE_GROUPS,
                _SOURCE_BANDS,
                _SOURCE_KA107_STAFF_TRAVEL,
                _SOURCE_DURATIONS_2014,
            ]
        ),
        "note": (
            "Country groups of 2014-2017 for students (three groups); staff have four groups of "
            "their own. No 10-99 km band in 2014-2017. Up to two funded travel days for staff, "
            f"none for students; no supplements. {_NOTE_STAFF_2014}"
        ),
        "groups": GROUPS_2014_2017,
        "staff_groups": STAFF_GROUPS_2014_2017,
        "monthly": _euros(850, 800, 750),
        "staff": STAFF_2015,
        "bands": BANDS_2014_2017,
        **_KA107_EXTRAS,
    },
    _ka107_2018_2020(2018, 2018, GROUPS_2018),
    _ka107_2018_2020(2019, 2020, GROUPS_2019_2020),
    _ka171_2021_2022(2021, 20),
    _ka171_2021_2022(2022, 23),
    {
        "name": "KA171 2023 (shipped default)",
        "programme": "KA171",
        "first_call_year": 2023,
        "last_call_year": 2023,
        "is_confirmed": False,
        "source": " ".join(
            [
                _SOURCE_RATES_2023,
                _SOURCE_STAFF,
                _SOURCE_GROUPS,
                _SOURCE_BANDS,
                _SOURCE_TRAVEL_DAYS,
                _SOURCE_SUPPLEMENTS,
                _SOURCE_DURATIONS_2021,
            ]
        ),
        "note": f"{_NOTE_CARRIED} Country groups of 2018-2023; travel bands of 2021-2023.",
        "groups": GROUPS_2018_2023,
        "monthly": _euros(900, 850, 800),
        "staff": STAFF_2018,
        "bands": _bands_2021_2023(23),
        **_KA171_EXTRAS,
    },
    {
        "name": "KA171 2024-2026 (shipped default)",
        "programme": "KA171",
        "first_call_year": 2024,
        "last_call_year": 2026,
        "is_confirmed": False,
        "source": " ".join(
            [
                _SOURCE_RATES_2023,
                _SOURCE_STAFF_2024,
                _SOURCE_GROUPS_2024,
                _SOURCE_BANDS_2024,
                _SOURCE_TRAVEL_DAYS,
                _SOURCE_SUPPLEMENTS,
                _SOURCE_DURATIONS_2021,
            ]
        ),
        "note": (
            f"{_NOTE_2024} Country groups of 2024 (one source still shows the 2021 grouping in "
            "late 2024). Travel bands of 2024."
        ),
        "groups": GROUPS_2024,
        "monthly": _euros(900, 850, 800),
        "staff": STAFF_2024,
        "bands": BANDS_2024,
        **_KA171_EXTRAS,
    },
]

_TABLE_FIELDS = (
    "programme",
    "first_call_year",
    "last_call_year",
    "is_confirmed",
    "source",
    "note",
    "travel_days_standard",
    "travel_days_green",
    "travel_days_staff",
    "fewer_opportunities_monthly",
    "traineeship_monthly",
)


def load_default_tables(apps=None) -> int:
    """Create the default tables that are missing (by name); return how many were created.

    ``apps``: the app registry, the historical one inside a migration (default: the project's).
    Existing tables are left as they are, whatever the office changed in them.
    """
    registry = apps or global_apps
    models = {
        name: registry.get_model("grants", name)
        for name in (
            "RateTable",
            "CountryGroup",
            "MonthlyRate",
            "StaffDailyRate",
            "TravelBand",
            "DurationLimit",
        )
    }
    table_model = models["RateTable"]
    # An earlier migration's historical models lack the later fields; a later one sets them.
    known = {field.name for field in table_model._meta.get_fields()}
    table_fields = [field for field in _TABLE_FIELDS if field in known]
    existing = set(table_model.objects.values_list("name", flat=True))
    created = 0
    with transaction.atomic():
        for spec in DEFAULT_TABLES:
            if spec["name"] in existing:
                continue
            table = table_model.objects.create(
                name=spec["name"], **{field: spec[field] for field in table_fields}
            )
            _create_children(models, table, spec)
            created += 1
    return created


def _staff_group_of(spec: dict) -> dict[str, int]:
    """Country -> staff group, for a table whose staff grouping differs (else empty)."""
    return {
        country: group
        for group, countries in spec.get("staff_groups", {}).items()
        for country in countries
    }


def _create_staff_rates(model, table, staff: dict) -> None:
    """The staff daily rates of a table, one per group, with its reduction rule."""
    model.objects.bulk_create(
        model(
            table=table,
            group=group,
            daily_amount=daily,
            reduced_from_day=staff["reduced_from_day"],
            reduced_percent=staff["reduced_percent"],
        )
        for group, daily in staff["daily"].items()
    )


def _create_children(models: dict, table, spec: dict) -> None:
    staff_groups = _staff_group_of(spec)
    group_model = models["CountryGroup"]
    has_staff_group = any(field.name == "staff_group" for field in group_model._meta.get_fields())
    group_model.objects.bulk_create(
        group_model(
            table=table,
            country=country,
            group=group,
            **({"staff_group": staff_groups.get(country)} if has_staff_group else {}),
        )
        for group, countries in spec["groups"].items()
        for country in countries
    )
    models["MonthlyRate"].objects.bulk_create(
        models["MonthlyRate"](table=table, group=group, amount=amount)
        for group, amount in spec["monthly"].items()
    )
    if spec["staff"]:
        _create_staff_rates(models["StaffDailyRate"], table, spec["staff"])
    models["TravelBand"].objects.bulk_create(
        models["TravelBand"](
            table=table, min_km=low, max_km=high, standard_amount=standard, green_amount=green
        )
        for low, high, standard, green in spec["bands"]
    )
    models["DurationLimit"].objects.bulk_create(
        models["DurationLimit"](
            table=table, activity=activity, minimum=minimum, maximum=maximum, unit=unit
        )
        for activity, (minimum, maximum, unit) in spec["durations"].items()
    )


# Shipped tables renamed by a correction: old name -> (new name, new first call year).
_RENAMED = {"KA107 2018-2020 (shipped default)": ("KA107 2019-2020 (shipped default)", 2019)}


def correct_shipped_tables(apps=None) -> None:
    """Bring the shipped default tables of an existing database to the corrected defaults.

    Corrections (audit of the programme figures, sources in each table): the KA107 2018-2020
    table becomes 2019-2020 and a 2018 table without Serbia is added; the 2015-2017 table gets
    its four staff groups and their daily rates; KA107 staff get two funded travel days; the
    2024-2026 staff rates become 190 / 170 / 148 EUR; sources and notes follow. Only tables
    named "(shipped default)" change; the office's own tables are left alone. Idempotent.
    """
    registry = apps or global_apps
    table_model = registry.get_model("grants", "RateTable")
    group_model = registry.get_model("grants", "CountryGroup")
    staff_model = registry.get_model("grants", "StaffDailyRate")
    with transaction.atomic():
        for old, (new, first) in _RENAMED.items():
            table = table_model.objects.filter(name=old).first()
            if table is not None and not table_model.objects.filter(name=new).exists():
                table.name, table.first_call_year = new, first
                table.save()
        load_default_tables(registry)
        for spec in DEFAULT_TABLES:
            table = table_model.objects.filter(name=spec["name"]).first()
            if table is None:
                continue
            for field in ("source", "note", "travel_days_staff"):
                setattr(table, field, spec[field])
            table.save()
            staff_groups = _staff_group_of(spec)
            for entry in group_model.objects.filter(table=table):
                wanted = staff_groups.get(entry.country)
                if entry.staff_group != wanted:
                    entry.staff_group = wanted
                    entry.save(update_fields=["staff_group"])
            if spec["staff"]:
                staff_model.objects.filter(table=table).delete()
                _create_staff_rates(staff_model, table, spec["staff"])
