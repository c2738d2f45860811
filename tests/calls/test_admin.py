"""The office creates, edits and closes calls and agreements in the back office."""

import pytest

from erasmusdesk.calls.demo import open_call_slug
from erasmusdesk.calls.models import Call
from erasmusdesk.core import clock
from erasmusdesk.institutions.models import Agreement, Institution

pytestmark = pytest.mark.django_db
ROLES = ["owner", "other_applicant", "evaluator", "coordinator", "partner_contact", "anonymous"]


def _call_form(**overrides) -> dict:
    data = {
        "slug": "icm-made-in-the-office",
        "opportunity": "",
        "academic_year": "2027",
        "title_en": "Credit mobility 2027/2028",
        "title_ru": "",
        "title_kk": "",
        "description_en": "",
        "description_ru": "",
        "description_kk": "",
        "opens_at": "2027-10-01",
        "deadline": "2028-01-15",
        "late_deadline": "2028-05-01",
        "closed_at": "",
        "eligible_categories": ["bachelor", "master"],
        "is_published": "on",
        "retention_months": "24",
        "motivation_min_characters": "300",
        "required_documents-TOTAL_FORMS": "0",
        "required_documents-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_coordinator_creates_a_call_with_date_deadlines(client_as, people, demo):
    from erasmusdesk.catalogue.models import Opportunity

    client = client_as(people["coordinator"])
    icm = Opportunity.objects.get(slug="international-credit-mobility")
    response = client.post("/en/admin/calls/call/add/", _call_form(opportunity=icm.pk))
    assert response.status_code == 302
    call = Call.objects.get(slug="icm-made-in-the-office")
    assert call.deadline.isoformat() == "2028-01-15T18:59:59.999999+00:00"


def test_late_deadline_before_deadline_is_refused_and_nothing_saved(client_as, people, demo):
    from erasmusdesk.catalogue.models import Opportunity

    client = client_as(people["coordinator"])
    icm = Opportunity.objects.get(slug="international-credit-mobility")
    response = client.post(
        "/en/admin/calls/call/add/", _call_form(opportunity=icm.pk, late_deadline="2028-01-01")
    )
    assert response.status_code == 200
    assert "The late deadline must come after the normal deadline." in response.content.decode()
    assert not Call.objects.filter(slug="icm-made-in-the-office").exists()


def test_close_action_closes_the_call(client_as, people, demo):
    client = client_as(people["coordinator"])
    call = Call.objects.get(slug=open_call_slug(clock.localdate()))
    response = client.post(
        "/en/admin/calls/call/",
        {"action": "close_now", "_selected_action": [call.pk]},
        follow=True,
    )
    assert "1 call closed." in response.content.decode()
    call.refresh_from_db()
    assert call.status == "closed"


@pytest.mark.parametrize(("role", "allowed"), [(role, role == "coordinator") for role in ROLES])
def test_back_office_pages_of_calls_and_agreements_are_for_coordinators(
    client_as, people, demo, role, allowed
):
    client = client_as(people[role])
    call = Call.objects.get(slug=open_call_slug(clock.localdate()))
    agreement = Agreement.objects.first()
    partner = Institution.objects.partners().first()
    for path in [
        "/en/admin/calls/call/",
        f"/en/admin/calls/call/{call.pk}/change/",
        "/en/admin/institutions/agreement/",
        f"/en/admin/institutions/agreement/{agreement.pk}/change/",
        f"/en/admin/institutions/institution/{partner.pk}/change/",
    ]:
        response = client.get(path)
        assert response.status_code == (200 if allowed else 302), path


def test_a_call_saved_in_the_back_office_goes_through_the_service_with_its_audit_entry(
    client_as, people, demo
):
    from erasmusdesk.calls.services import CALL_CHANGED, CALL_CREATED
    from erasmusdesk.catalogue.models import Opportunity
    from erasmusdesk.core.models import AuditEntry

    client = client_as(people["coordinator"])
    icm = Opportunity.objects.get(slug="international-credit-mobility")
    agreement = Agreement.objects.filter(status="signed").first()
    assert agreement.covers(2027)
    response = client.post(
        "/en/admin/calls/call/add/", _call_form(opportunity=icm.pk, agreements=[agreement.pk])
    )
    assert response.status_code == 302
    call = Call.objects.get(slug="icm-made-in-the-office")
    assert list(call.agreements.all()) == [agreement]
    created = AuditEntry.objects.get(action=CALL_CREATED, object_id=str(call.pk))
    assert created.actor == people["coordinator"]
    assert created.data["via"] == "admin"

    response = client.post(
        f"/en/admin/calls/call/{call.pk}/change/",
        _call_form(opportunity=icm.pk, agreements=[agreement.pk], title_ru="Мобильность"),
    )
    assert response.status_code == 302
    changed = AuditEntry.objects.get(action=CALL_CHANGED, object_id=str(call.pk))
    assert "title_ru" in changed.data["fields"]


def test_the_call_service_refuses_an_agreement_outside_the_calls_year(people, demo):
    from erasmusdesk.calls.services import save_call
    from erasmusdesk.core.errors import DomainError
    from erasmusdesk.core.models import AuditEntry

    call = Call.objects.get(slug=open_call_slug(clock.localdate()))
    outside = Agreement.objects.first()
    Agreement.objects.filter(pk=outside.pk).update(
        first_academic_year=call.academic_year + 5, last_academic_year=call.academic_year + 6
    )
    outside.refresh_from_db()
    before = AuditEntry.objects.count()
    with pytest.raises(DomainError, match="do not cover") as refusal:
        save_call(call, agreements=[outside], by=people["coordinator"])
    assert refusal.value.field == "agreements"
    assert AuditEntry.objects.count() == before
