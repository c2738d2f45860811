"""The office's grant agreement pages: coordinators only, forms with named errors, the PDF."""

from datetime import date
from decimal import Decimal

import pytest

from erasmusdesk.grants import grant_services
from erasmusdesk.grants.models import GrantAgreement
from erasmusdesk.institutions.models import Institution

pytestmark = pytest.mark.django_db
ROLES = ["owner", "other_applicant", "evaluator", "partner_contact"]


def _vienna() -> Institution:
    return Institution.objects.get(erasmus_code="A  WIEN01")


def _agreement(people) -> GrantAgreement:
    return grant_services.issue_grant_agreement(
        participant_name="Әсел Құрманғазықызы",
        participant_language="kk",
        host_institution=_vienna(),
        activity="study",
        call_year=2022,
        start=date(2022, 9, 1),
        end=date(2023, 1, 31),
        prefinancing_percent=100,
        by=people["coordinator"],
    )


def _pages(agreement) -> list[str]:
    return [
        "/en/office/grants/",
        "/en/office/grants/new/",
        f"/en/office/grants/{agreement.pk}/",
        f"/en/office/grants/{agreement.pk}/agreement.pdf",
    ]


def _form(**overrides) -> dict:
    data = {
        "participant_name": "Asel Kurmangazykyzy",
        "participant_language": "en",
        "host_institution": str(_vienna().pk),
        "activity": "study",
        "call_year": "2022",
        "start": "2022-09-01",
        "end": "2023-01-31",
        "travel_days": "0",
        "prefinancing_percent": "80",
    }
    data.update(overrides)
    return data


def test_coordinator_sees_every_page(client_as, demo, people):
    agreement = _agreement(people)
    client = client_as(people["coordinator"])
    for url in _pages(agreement):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", ROLES)
def test_others_get_404(client_as, demo, people, role):
    agreement = _agreement(people)
    client = client_as(people[role])
    for url in _pages(agreement):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/en/office/grants/{agreement.pk}/payments/", {})
    assert response.status_code == 404


def test_anonymous_goes_to_sign_in(client_as, demo, people):
    agreement = _agreement(people)
    client = client_as(None)
    for url in _pages(agreement):
        response = client.get(url)
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_list_shows_paid_and_outstanding(client_as, demo, people):
    agreement = _agreement(people)
    grant_services.record_payment(
        agreement, kind="prefinancing", amount=Decimal("1000.00"), paid_on=date(2022, 9, 5), by=None
    )
    content = client_as(people["coordinator"]).get("/en/office/grants/").content.decode()
    for text in ["GA-2022-0001", "Әсел Құрманғазықызы", "4610.00", "1000.00", "3610.00"]:
        assert text in content


def test_create_redirects_to_the_detail(client_as, demo, people):
    client = client_as(people["coordinator"])
    response = client.post("/en/office/grants/new/", _form())
    agreement = GrantAgreement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/office/grants/{agreement.pk}/"
    content = client.get(response["Location"]).content.decode()
    assert "Grant: 4610.00 EUR" in content
    assert "Individual support" in content
    assert "3688.00 EUR" in content


def test_create_names_the_duration_rule_on_the_last_day(client_as, demo, people):
    response = client_as(people["coordinator"]).post(
        "/en/office/grants/new/", _form(end="2022-10-01")
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Last day: The duration must be between 2 and 12 months" in content
    assert 'aria-describedby="id_end-error"' in content
    assert GrantAgreement.objects.count() == 0


def test_create_requires_the_reason_for_another_city(client_as, demo, people):
    response = client_as(people["coordinator"]).post(
        "/en/office/grants/new/", _form(departure_city="Almaty, KZ")
    )
    assert response.status_code == 400
    assert 'id="id_departure_reason-error"' in response.content.decode()


def test_create_asks_to_confirm_over_budget(client_as, demo, people):
    from erasmusdesk.calls.models import Call
    from erasmusdesk.grants.models import Budget

    call = Call.objects.first()
    Budget.objects.create(call=call, activity="study", awarded=Decimal("1000.00"))
    client = client_as(people["coordinator"])
    response = client.post("/en/office/grants/new/", _form(call=str(call.pk)))
    assert response.status_code == 400
    assert 'name="confirm_over_budget"' in response.content.decode()
    assert GrantAgreement.objects.count() == 0
    confirmed = _form(call=str(call.pk), confirm_over_budget="on")
    assert client.post("/en/office/grants/new/", confirmed).status_code == 302
    assert GrantAgreement.objects.count() == 1


def test_confirm_checkbox_is_hidden_without_a_warning(client_as, demo, people):
    content = client_as(people["coordinator"]).get("/en/office/grants/new/").content.decode()
    assert 'name="confirm_over_budget"' not in content


def test_payment_and_recovery_through_the_page(client_as, demo, people):
    agreement = _agreement(people)
    client = client_as(people["coordinator"])
    url = f"/en/office/grants/{agreement.pk}/payments/"
    paid = {"payment-kind": "prefinancing", "payment-amount": "4610.00"}
    assert client.post(url, {**paid, "payment-paid_on": "2022-09-05"}).status_code == 302
    too_much = {
        "payment-kind": "recovery",
        "payment-amount": "5000.00",
        "payment-paid_on": "2023-03-01",
    }
    response = client.post(url, too_much)
    assert response.status_code == 400
    assert "A recovery cannot exceed what has been paid (4610.00 EUR)." in response.content.decode()
    assert agreement.payments.count() == 1


def test_actual_dates_show_what_to_recover(client_as, demo, people):
    agreement = _agreement(people)
    grant_services.record_payment(
        agreement, kind="prefinancing", amount=Decimal("4610.00"), paid_on=date(2022, 9, 5), by=None
    )
    client = client_as(people["coordinator"])
    response = client.post(
        f"/en/office/grants/{agreement.pk}/actual-dates/",
        {"actual-actual_start": "2022-09-01", "actual-actual_end": "2022-12-31"},
    )
    assert response.status_code == 302
    content = client.get(response["Location"]).content.decode()
    assert "Final grant: 3760.00 EUR" in content
    assert "To recover from the participant: 850.00 EUR" in content


def test_actual_dates_error_is_named(client_as, demo, people):
    agreement = _agreement(people)
    response = client_as(people["coordinator"]).post(
        f"/en/office/grants/{agreement.pk}/actual-dates/",
        {"actual-actual_start": "2022-09-01", "actual-actual_end": "2022-09-10"},
    )
    assert response.status_code == 400
    assert "Actual last day: The duration must be between" in response.content.decode()


def test_pdf_is_an_attachment(client_as, demo, people):
    agreement = _agreement(people)
    response = client_as(people["coordinator"]).get(
        f"/en/office/grants/{agreement.pk}/agreement.pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="GA-2022-0001.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"%PDF")


def test_detail_only_takes_get(client_as, demo, people):
    agreement = _agreement(people)
    response = client_as(people["coordinator"]).post(f"/en/office/grants/{agreement.pk}/")
    assert response.status_code == 405
