"""The grants app's models: rate tables, and grant agreements with payments and budgets."""

from erasmusdesk.grants.models.agreement import (
    Budget,
    GrantAgreement,
    GrantAgreementStatus,
    Payment,
    PaymentKind,
)
from erasmusdesk.grants.models.rates import (
    ActivityChoice,
    CountryGroup,
    DurationLimit,
    DurationUnitChoice,
    HostGroup,
    MonthlyRate,
    RateTable,
    StaffDailyRate,
    TableForYear,
    TravelBand,
    band_conflict,
    group_label,
)

__all__ = [
    "band_conflict",
    "group_label",
    "ActivityChoice",
    "Budget",
    "CountryGroup",
    "DurationLimit",
    "DurationUnitChoice",
    "GrantAgreement",
    "GrantAgreementStatus",
    "HostGroup",
    "MonthlyRate",
    "Payment",
    "PaymentKind",
    "RateTable",
    "StaffDailyRate",
    "TableForYear",
    "TravelBand",
]
