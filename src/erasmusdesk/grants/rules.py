"""The rate table as plain data, for the pure calculator (no Django, no I/O).

The database models (grants/models.py) hold the office's editable tables; ``to_rules()`` on a
model table builds this frozen value, which the calculator, the public page and the API share.
Figures and sources: ../shared/reference/erasmus-rules.md sections 1 and 2.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Activity(StrEnum):
    """What the participant does: long-term student mobility, or short staff mobility."""

    STUDY = "study"
    TRAINEESHIP = "traineeship"
    TEACHING = "teaching"
    TRAINING = "training"

    @property
    def is_student(self) -> bool:
        return self in (Activity.STUDY, Activity.TRAINEESHIP)


class DurationUnit(StrEnum):
    DAYS = "days"
    MONTHS = "months"


@dataclass(frozen=True)
class DurationLimit:
    """Allowed duration of an activity, e.g. 3-12 months (study, 2014-2020) or 5-60 days."""

    minimum: int
    maximum: int
    unit: DurationUnit


@dataclass(frozen=True)
class StaffRate:
    """Daily individual support of staff for one country group.

    From day ``reduced_from_day`` on (e.g. 15), ``reduced_percent`` (e.g. 70) of the daily rate
    is paid, where the table says so (2018-2020: bwz.uw.edu.pl); None: no reduction.
    """

    daily: Decimal
    reduced_from_day: int | None = None
    reduced_percent: int | None = None


@dataclass(frozen=True)
class Band:
    """A travel distance band: from ``min_km`` to ``max_km`` inclusive (None: no upper end).

    ``green`` is the amount with green travel, None where the table gives none.
    """

    min_km: int
    max_km: int | None
    standard: Decimal
    green: Decimal | None = None


@dataclass(frozen=True)
class RateTable:
    """One table of rates for a programme and a range of call years."""

    name: str
    first_call_year: int
    last_call_year: int
    confirmed: bool
    source: str
    country_groups: Mapping[str, int]  # ISO 3166-1 alpha-2 host country -> group (1..)
    monthly_rates: Mapping[int, Decimal]  # group -> monthly individual support of students
    staff_rates: Mapping[int, StaffRate]  # group -> daily rate of staff
    bands: tuple[Band, ...]
    fewer_opportunities_monthly: Decimal | None  # supplement per month, None: not in table
    traineeship_monthly: Decimal | None  # top-up per month for traineeships, None: none
    travel_days_standard: int  # funded travel days with standard travel (e.g. 2)
    travel_days_green: int  # with green travel (e.g. 6)
    duration_limits: Mapping[Activity, DurationLimit]
    # The staff grouping where it differs from the students' (2015-2017: four staff groups);
    # empty: staff rates use ``country_groups``.
    staff_country_groups: Mapping[str, int] = field(default_factory=dict)
    # The funded travel days of staff where they follow their own rule (KA107: up to 2, one
    # before and one after the activity); None: ``travel_days_standard`` / ``_green`` apply.
    travel_days_staff: int | None = None
