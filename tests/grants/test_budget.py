"""Budgets of a call: lines per activity, the over-budget warning, setting amounts, the pages."""

import re
from datetime import date
from decimal import Decimal
from itertools import count

import pytest
from django.contrib.auth import get_user_model

from erasmusdesk.calls.models import Call
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.grants.budget import budget_lines, budget_warning, set_budget, total_line
from erasmusdesk.grants.models import (
    Budget,
    GrantAgreement,
    GrantAgreementStatus,
    Payment,
    PaymentKind,
)
from erasmusdesk.institutions.models import Institution
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["owner", "other_applicant", "evaluator", "coordinator", "partner_contact", "anonymous"]
INDEX = "/en/office/grants/budget/"
_references = count(1)


@pytest.fixture
def call(db) -> Call:
    return factories.call(slug="budget-2026", title="ICM 2026")


def _agreement(call: Call | None, activity: str = "study", total: str = "1000.00", **fields):
    home = Institution.objects.get(is_home=True)
    host = Institution.objects.filter(is_home=False).first() or factories.partner()
    return GrantAgreement.objects.create(
        reference=f"GA-TEST-{next(_references)}",
        call=call,
        participant_name="Aigerim Test",
        home_institution=home,
        host_institution=host,
        activity=activity,
        call_year=2026,
        start=date(2026, 9, 1),
        end=date(2027, 1, 31),
        total=Decimal(total),
        rate_table_name="KA171 2024-2026 (shipped default)",
        **fields,
    )


def _pay(agreement: GrantAgreement, amount: str, kind: str = PaymentKind.PREFINANCING) -> Payment:
    return Payment.objects.create(
        agreement=agreement, kind=kind, amount=Decimal(amount), paid_on=date(2026, 8, 1)
    )


def _budget(call: Call, activity: str, awarded: str) -> Budget:
    return Budget.objects.create(call=call, activity=activity, awarded=Decimal(awarded))


def _figures(lines) -> list[tuple]:
    return [(line.activity, line.awarded, line.committed, line.paid) for line in lines]


# budget_lines


def test_lines_of_a_call_without_budget_or_agreements_are_empty(call):
    assert budget_lines(call) == []


def test_line_with_a_budget_and_no_agreement(call):
    _budget(call, "study", "20000")

    [line] = budget_lines(call)

    assert _figures([line]) == [("study", Decimal("20000.00"), Decimal("0.00"), Decimal("0.00"))]
    assert line.remaining == Decimal("20000.00")
    assert line.share_committed == Decimal("0.0")
    assert line.label == "study"


def test_lines_add_up_agreements_per_activity_in_the_order_of_the_activities(demo, call):
    _budget(call, "teaching", "5000")
    _budget(call, "study", "10000")
    _agreement(call, "study", "2500.00")
    _agreement(call, "study", "1500.50")
    _agreement(call, "teaching", "900.00")

    lines = budget_lines(call)

    assert _figures(lines) == [
        ("study", Decimal("10000.00"), Decimal("4000.50"), Decimal("0.00")),
        ("teaching", Decimal("5000.00"), Decimal("900.00"), Decimal("0.00")),
    ]
    assert lines[0].remaining == Decimal("5999.50")
    assert lines[0].share_committed == Decimal("40.0")
    assert lines[1].share_committed == Decimal("18.0")


def test_activity_with_agreements_but_no_budget_line_appears_with_nothing_awarded(demo, call):
    _agreement(call, "training", "700.00")

    [line] = budget_lines(call)

    assert _figures([line]) == [("training", Decimal("0.00"), Decimal("700.00"), Decimal("0.00"))]
    assert line.has_budget is False
    assert line.share_committed is None
    assert line.over_budget is False


def test_cancelled_agreements_commit_nothing_and_their_payments_do_not_count(demo, call):
    _budget(call, "study", "10000")
    kept = _agreement(call, "study", "3000.00")
    cancelled = _agreement(call, "study", "4000.00", status=GrantAgreementStatus.CANCELLED)
    _pay(kept, "2400.00")
    _pay(cancelled, "3200.00")

    [line] = budget_lines(call)

    assert (line.committed, line.paid) == (Decimal("3000.00"), Decimal("2400.00"))


def test_final_total_is_preferred_to_the_frozen_total(demo, call):
    _budget(call, "study", "10000")
    _agreement(call, "study", "3000.00", final_total=Decimal("2750.25"))
    _agreement(call, "study", "1000.00")

    [line] = budget_lines(call)

    assert line.committed == Decimal("3750.25")


def test_paid_subtracts_recoveries(demo, call):
    _budget(call, "study", "10000")
    agreement = _agreement(call, "study", "3000.00", final_total=Decimal("2000.00"))
    _pay(agreement, "2400.00")
    _pay(agreement, "400.00", PaymentKind.RECOVERY)

    [line] = budget_lines(call)

    assert line.paid == Decimal("2000.00")


def test_agreements_of_other_calls_do_not_count(demo, call):
    other = factories.call(slug="other-2026")
    _budget(call, "study", "10000")
    _agreement(other, "study", "3000.00")
    _agreement(None, "study", "3000.00")

    assert budget_lines(call)[0].committed == Decimal("0.00")


def test_total_line_adds_up_the_lines(demo, call):
    _budget(call, "study", "10000")
    _budget(call, "teaching", "2000")
    _agreement(call, "study", "2500.00")
    _pay(_agreement(call, "teaching", "1000.00"), "800.00")

    total = total_line(budget_lines(call))

    assert (total.awarded, total.committed, total.paid, total.remaining) == (
        Decimal("12000.00"),
        Decimal("3500.00"),
        Decimal("800.00"),
        Decimal("8500.00"),
    )
    assert total.share_committed == Decimal("29.2")


@pytest.mark.parametrize("activities", [["study"], ["study", "teaching", "training"]])
def test_budget_lines_run_three_queries_whatever_the_activities(
    demo, call, activities, django_assert_num_queries
):
    for activity in activities:
        _budget(call, activity, "5000")
        _pay(_agreement(call, activity, "1000.00"), "800.00")
        _agreement(call, activity, "500.00")

    with django_assert_num_queries(3):
        lines = budget_lines(call)

    assert [line.committed for line in lines] == [Decimal("1500.00")] * len(activities)


# budget_warning


def test_no_warning_exactly_at_the_budget(demo, call):
    _budget(call, "study", "5000")
    _agreement(call, "study", "3000.00")

    assert budget_warning(call, "study", Decimal("2000.00")) is None


def test_warning_one_cent_over_the_budget_gives_the_figures(demo, call):
    _budget(call, "study", "5000")
    _agreement(call, "study", "3000.00")

    warning = budget_warning(call, "study", Decimal("2000.01"))

    assert warning == (
        "Issuing this agreement commits 5000.01 EUR of the 5000.00 EUR awarded for study: "
        "0.01 EUR over the budget."
    )


def test_warning_counts_final_totals_and_ignores_cancelled_agreements(demo, call):
    _budget(call, "study", "5000")
    _agreement(call, "study", "3000.00", final_total=Decimal("2000.00"))
    _agreement(call, "study", "4000.00", status=GrantAgreementStatus.CANCELLED)

    assert budget_warning(call, "study", Decimal("3000.00")) is None
    assert budget_warning(call, "study", Decimal("3000.01")) == (
        "Issuing this agreement commits 5000.01 EUR of the 5000.00 EUR awarded for study: "
        "0.01 EUR over the budget."
    )


def test_no_warning_without_a_call(demo):
    assert budget_warning(None, "study", Decimal("1000000.00")) is None


def test_no_warning_without_a_budget_line_for_the_activity(demo, call):
    _budget(call, "teaching", "100")

    assert budget_warning(call, "study", Decimal("1000000.00")) is None


def test_a_zero_budget_warns_for_any_amount(demo, call):
    _budget(call, "study", "0")

    assert budget_warning(call, "study", Decimal("0.00")) is None
    assert budget_warning(call, "study", Decimal("0.01")) is not None


# set_budget


def test_set_budget_creates_then_changes_the_line_and_audits_both(people, call):
    set_budget(call, "study", Decimal("1000"), by=people["coordinator"])
    set_budget(call, "study", Decimal("1500.50"), by=people["coordinator"])

    assert list(Budget.objects.values_list("activity", "awarded")) == [
        ("study", Decimal("1500.50"))
    ]
    entries = AuditEntry.objects.filter(action="erasmusdesk.budget.set").order_by("pk")
    assert [(entry.data["previous"], entry.data["awarded"]) for entry in entries] == [
        (None, "1000.00"),
        ("1000.00", "1500.50"),
    ]
    assert entries[0].actor == people["coordinator"]


def test_set_budget_accepts_zero(people, call):
    assert set_budget(call, "study", Decimal("0"), by=people["coordinator"]).awarded == 0


@pytest.mark.parametrize(
    ("activity", "awarded", "field", "message"),
    [
        ("study", "-0.01", "awarded", "The awarded amount must be zero or more."),
        ("study", "0.001", "awarded", "The awarded amount must be given in whole cents."),
        ("study", "100000000", "awarded", "The awarded amount must be at most 99999999.99 EUR."),
        ("sightseeing", "10", "activity", "Choose one of the activities in the list."),
    ],
)
def test_set_budget_refuses_bad_input_naming_the_field(
    people, call, activity, awarded, field, message
):
    with pytest.raises(DomainError) as refused:
        set_budget(call, activity, Decimal(awarded), by=people["coordinator"])

    assert (refused.value.field, str(refused.value.message)) == (field, message)
    assert not Budget.objects.exists()
    assert not AuditEntry.objects.filter(action="erasmusdesk.budget.set").exists()


# Pages


def _detail(call: Call) -> str:
    return f"/en/office/grants/budget/{call.slug}/"


@pytest.mark.parametrize("role", ROLES)
def test_pages_are_for_coordinators_only(client_as, people, call, role):
    client = client_as(people[role])
    for path in [INDEX, _detail(call)]:
        response = client.get(path)
        if role == "coordinator":
            assert response.status_code == 200, path
        elif role == "anonymous":
            assert response.status_code == 302, path
            assert response["Location"] == f"/en/admin/login/?next={path}", path
        else:
            assert response.status_code == 404, path


@pytest.mark.parametrize("role", ["owner", "evaluator", "partner_contact", "anonymous"])
def test_others_cannot_set_a_budget(client_as, people, call, role):
    client_as(people[role]).post(_detail(call), {"activity": "study", "awarded": "10"})

    assert not Budget.objects.exists()


def test_unknown_call_is_404(client_as, people):
    assert client_as(people["coordinator"]).get(f"{INDEX}no-such-call/").status_code == 404


def test_page_shows_the_figures_and_the_chart(client_as, people, demo, call):
    _budget(call, "study", "10000")
    _budget(call, "teaching", "2000")
    _pay(_agreement(call, "study", "4000.00"), "3200.00")

    html = client_as(people["coordinator"]).get(_detail(call)).content.decode()

    assert "<svg" in html
    assert len(re.findall(r"<rect class=\"budget-bar-(?:awarded|committed)\"", html)) == 4
    assert "<desc" in html
    assert "study: 10000.00 EUR awarded, 4000.00 EUR committed" in html
    for figure in ["10000.00", "4000.00", "3200.00", "6000.00", "40.0 %", "12000.00"]:
        assert figure in html, figure
    assert "over the budget" not in html.split("<svg")[0].lower()
    assert 'style="' not in html.split("<svg")[1]
    assert "<script" not in html


def test_page_warns_where_committed_exceeds_awarded(client_as, people, demo, call):
    _budget(call, "study", "1000")
    _agreement(call, "study", "1200.00")

    html = client_as(people["coordinator"]).get(_detail(call)).content.decode()

    assert "budget-warning" in html
    assert "Over the budget: study commits 200.00 EUR more than awarded." in html
    assert 'fill="#b00020"' in html


def test_page_without_budget_says_so_and_draws_no_chart(client_as, people, call):
    html = client_as(people["coordinator"]).get(_detail(call)).content.decode()

    assert "This call has no budget and no grant agreement yet." in html
    assert "<svg" not in html


def test_posting_a_budget_saves_it_and_redirects(client_as, people, call):
    client = client_as(people["coordinator"])

    response = client.post(_detail(call), {"activity": "study", "awarded": "12500.50"})

    assert response.status_code == 302
    assert response["Location"] == _detail(call)
    assert Budget.objects.get(call=call, activity="study").awarded == Decimal("12500.50")
    assert "The budget for study is now 12500.50 EUR." in client.get(_detail(call)).content.decode()


def test_posting_a_negative_budget_shows_the_error_at_the_field(client_as, people, call):
    response = client_as(people["coordinator"]).post(
        _detail(call), {"activity": "study", "awarded": "-1"}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "The awarded amount must be zero or more." in html
    assert 'id="id_awarded-error"' in html
    assert not Budget.objects.exists()


def test_staff_coordinator_without_budget_permission_sees_but_cannot_set(client_as, people, call):
    viewer = get_user_model().objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(
        *people["coordinator"]
        .groups.get()
        .permissions.exclude(codename__in=["add_budget", "change_budget"])
    )
    client = client_as(viewer)

    assert "Set the amount awarded" not in client.get(_detail(call)).content.decode()
    assert client.post(_detail(call), {"activity": "study", "awarded": "1"}).status_code == 403
    assert not Budget.objects.exists()


def test_index_lists_calls_with_a_budget_or_agreements_and_their_totals(
    client_as, people, demo, call
):
    _budget(call, "study", "10000")
    with_agreement = factories.call(slug="agreements-only-2026", title="Agreements only")
    _agreement(with_agreement, "study", "750.00")
    factories.call(slug="nothing-2026", title="Nothing yet")

    html = client_as(people["coordinator"]).get(INDEX).content.decode()
    listed = html.split("Set the budget of another call")[0]

    assert 'href="/en/office/grants/budget/budget-2026/"' in listed
    assert 'href="/en/office/grants/budget/agreements-only-2026/"' in listed
    assert "10000.00" in listed and "750.00" in listed
    assert "Nothing yet" not in listed
    assert '<option value="nothing-2026">' in html


def test_index_opens_the_chosen_call(client_as, people, call):
    response = client_as(people["coordinator"]).get(INDEX, {"call": call.slug})

    assert response["Location"] == _detail(call)


# Back office


@pytest.mark.parametrize("model", ["grantagreement", "payment", "budget"])
def test_admin_lists_load_for_the_coordinator(client_as, people, demo, call, model):
    agreement = _agreement(call, "study", "1000.00")
    _pay(agreement, "800.00")
    _budget(call, "study", "5000")

    response = client_as(people["coordinator"]).get(f"/en/admin/grants/{model}/")

    assert response.status_code == 200
    assert "1000.00" in response.content.decode() or model != "grantagreement"


def test_admin_agreement_page_is_read_only_and_cannot_be_deleted(client_as, people, demo, call):
    agreement = _agreement(call, "study", "1000.00")
    client = client_as(people["coordinator"])

    html = client.get(f"/en/admin/grants/grantagreement/{agreement.pk}/change/").content.decode()

    assert 'name="total"' not in html
    assert 'name="participant_name"' in html
    assert client.get("/en/admin/grants/grantagreement/add/").status_code == 403
    path = f"/en/admin/grants/grantagreement/{agreement.pk}/delete/"
    assert client.get(path).status_code == 403


def test_admin_budget_is_saved_through_set_budget(client_as, people, call):
    response = client_as(people["coordinator"]).post(
        "/en/admin/grants/budget/add/", {"call": call.pk, "activity": "study", "awarded": "900"}
    )

    assert response.status_code == 302
    assert Budget.objects.get().awarded == Decimal("900.00")
    assert AuditEntry.objects.filter(action="erasmusdesk.budget.set").count() == 1


@pytest.mark.parametrize(("language", "figure"), [("ru", "1200,50"), ("kk", "1200.50")])
def test_page_renders_in_every_language(client_as, people, demo, call, language, figure):
    _budget(call, "study", "1000")
    _agreement(call, "study", "1200.50")

    response = client_as(people["coordinator"]).get(
        f"/{language}/office/grants/budget/{call.slug}/"
    )

    assert response.status_code == 200
    assert figure in response.content.decode()
