"""Grant agreements: the frozen breakdown, references, settlement on actual dates, payments."""

from datetime import date
from decimal import Decimal

import pytest

from erasmusdesk.calls.models import Call
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.grants import grant_services
from erasmusdesk.grants.models import Budget, GrantAgreement, MonthlyRate, PaymentKind, RateTable
from erasmusdesk.institutions.models import Institution

pytestmark = pytest.mark.django_db
KAZAKH_NAME = "Әсел Құрманғазықызы"


def _issue(people, **overrides) -> GrantAgreement:
    """Atyrau -> Vienna (2639 km, band 2000-2999: 360 EUR), study 5 months at 850 EUR (2022)."""
    fields = {
        "participant_name": KAZAKH_NAME,
        "participant_language": "kk",
        "host_institution": Institution.objects.get(erasmus_code="A  WIEN01"),
        "activity": "study",
        "call_year": 2022,
        "start": date(2022, 9, 1),
        "end": date(2023, 1, 31),
        "by": people["coordinator"],
    }
    fields.update(overrides)
    return grant_services.issue_grant_agreement(**fields)


def _lines(breakdown: dict) -> dict:
    return {line["key"]: line for line in breakdown["lines"]}


def test_issue_freezes_the_breakdown_in_the_participants_language(demo, people):
    agreement = _issue(people)
    lines = _lines(agreement.breakdown)
    assert agreement.total == Decimal("4610.00")
    assert agreement.breakdown["total"] == "4610.00"
    assert lines["individual_support"]["amount"] == "4250.00"
    assert lines["individual_support"]["label"] == "Жеке қолдау"
    assert lines["travel"]["amount"] == "360.00"
    assert lines["duration"]["amount"] is None
    assert agreement.breakdown["months"] == 5
    assert agreement.breakdown["distance_km"] == 2639
    assert agreement.breakdown["monthly_rate"] == "850.00"
    assert agreement.home_institution.is_home
    assert agreement.rate_table_name == RateTable.objects.for_year(2022).name
    assert AuditEntry.objects.filter(action="erasmusdesk.grant_agreement.issued").count() == 1


def test_issue_in_english_explains_in_english(demo, people):
    agreement = _issue(people, participant_language="en")
    assert _lines(agreement.breakdown)["individual_support"]["label"] == "Individual support"


def test_changing_the_rate_table_afterwards_does_not_change_the_agreement(demo, people):
    agreement = _issue(people)
    frozen = agreement.breakdown
    table = RateTable.objects.for_year(2022)
    MonthlyRate.objects.filter(table=table, group=2).update(amount=Decimal("999.00"))
    agreement.refresh_from_db()
    assert agreement.total == Decimal("4610.00")
    assert agreement.breakdown == frozen
    assert _issue(people).total == Decimal("5355.00")  # 5 x 999 + 360: the edit took effect


def test_references_are_sequential_per_call_year(demo, people):
    first, second = _issue(people), _issue(people)
    next_year = _issue(people, call_year=2023, start=date(2023, 9, 1), end=date(2024, 1, 31))
    assert [first.reference, second.reference] == ["GA-2022-0001", "GA-2022-0002"]
    assert next_year.reference == "GA-2023-0001"


def test_reference_follows_the_highest_number_of_the_year(demo, people):
    _issue(people)
    GrantAgreement.objects.filter(reference="GA-2022-0001").update(reference="GA-2022-0041")
    assert _issue(people).reference == "GA-2022-0042"


def test_refused_estimate_saves_nothing(demo, people):
    with pytest.raises(DomainError) as refusal:
        _issue(people, end=date(2022, 10, 1))
    assert refusal.value.field == "end"
    assert GrantAgreement.objects.count() == 0
    assert AuditEntry.objects.filter(action__startswith="erasmusdesk.grant").count() == 0


def test_other_departure_city_needs_a_reason(demo, people):
    with pytest.raises(DomainError) as refusal:
        _issue(people, departure_city="Almaty, KZ")
    assert refusal.value.field == "departure_reason"
    assert GrantAgreement.objects.count() == 0


def test_other_departure_city_changes_the_distance(demo, people):
    agreement = _issue(people, departure_city="Almaty, KZ", departure_reason="lives there")
    assert agreement.breakdown["distance_km"] != 2639
    assert agreement.breakdown["origin"].startswith("Almaty")


def test_unknown_departure_city_is_named(demo, people):
    with pytest.raises(DomainError) as refusal:
        _issue(people, departure_city="Nowhere, KZ", departure_reason="x")
    assert refusal.value.field == "departure_city"


def test_schedule_splits_80_20(demo, people):
    agreement = _issue(people)
    schedule = grant_services.payment_schedule(agreement)
    assert [row["amount"] for row in schedule] == [Decimal("3688.00"), Decimal("922.00")]


def test_prefinancing_rounds_to_cents(demo, people):
    agreement = _issue(people, prefinancing_percent=33)
    assert agreement.prefinancing == Decimal("1521.30")
    assert agreement.balance == Decimal("3088.70")


def test_over_budget_needs_confirmation(demo, people):
    call = Call.objects.first()
    Budget.objects.create(call=call, activity="study", awarded=Decimal("4610.00"))
    _issue(people, call=call)  # exactly at the budget: no warning
    with pytest.raises(DomainError) as refusal:
        _issue(people, call=call)
    assert refusal.value.field == "confirm_over_budget"
    assert GrantAgreement.objects.count() == 1
    assert _issue(people, call=call, confirm_over_budget=True).total == Decimal("4610.00")


def test_shorter_stay_after_full_prefinancing_is_recovered(demo, people):
    agreement = _issue(people, prefinancing_percent=100)
    grant_services.record_payment(
        agreement,
        kind=PaymentKind.PREFINANCING,
        amount=agreement.prefinancing,
        paid_on=date(2022, 9, 5),
        by=people["coordinator"],
    )
    settled = grant_services.record_actual_dates(
        agreement, actual_start=date(2022, 9, 1), actual_end=date(2022, 12, 31), by=None
    )
    assert settled.final_total == Decimal("3760.00")  # 4 x 850 + 360
    assert settled.total == Decimal("4610.00")
    assert settled.outstanding == Decimal("-850.00")
    assert _lines(settled.final_breakdown)["individual_support"]["amount"] == "3400.00"


def test_shorter_stay_after_80_percent_prefinancing(demo, people):
    agreement = _issue(people)
    grant_services.record_payment(
        agreement, kind="prefinancing", amount=Decimal("3688.00"), paid_on=date(2022, 9, 5), by=None
    )
    settled = grant_services.record_actual_dates(
        agreement, actual_start=date(2022, 9, 1), actual_end=date(2022, 11, 30), by=None
    )
    assert settled.final_total == Decimal("2910.00")  # 3 x 850 + 360
    assert settled.outstanding == Decimal("-778.00")


def test_actual_dates_keep_the_frozen_table_year_and_name_the_field(demo, people):
    agreement = _issue(people)
    with pytest.raises(DomainError) as refusal:
        grant_services.record_actual_dates(
            agreement, actual_start=date(2022, 9, 1), actual_end=date(2022, 9, 30), by=None
        )
    assert refusal.value.field == "actual_end"
    agreement.refresh_from_db()
    assert agreement.final_total is None


def test_payment_must_be_more_than_zero(demo, people):
    agreement = _issue(people)
    with pytest.raises(DomainError) as refusal:
        grant_services.record_payment(
            agreement, kind="prefinancing", amount=Decimal("0"), paid_on=date(2022, 9, 5), by=None
        )
    assert refusal.value.field == "amount"
    assert agreement.payments.count() == 0


def test_recovery_cannot_exceed_what_was_paid(demo, people):
    agreement = _issue(people)
    grant_services.record_payment(
        agreement, kind="prefinancing", amount=Decimal("100.00"), paid_on=date(2022, 9, 5), by=None
    )
    with pytest.raises(DomainError) as refusal:
        grant_services.record_payment(
            agreement, kind="recovery", amount=Decimal("100.01"), paid_on=date(2023, 3, 1), by=None
        )
    assert refusal.value.field == "amount"
    grant_services.record_payment(
        agreement, kind="recovery", amount=Decimal("100.00"), paid_on=date(2023, 3, 1), by=None
    )
    assert agreement.paid == Decimal("0.00")
    assert agreement.outstanding == Decimal("4610.00")
    assert AuditEntry.objects.filter(action="erasmusdesk.grant_payment.recorded").count() == 2
