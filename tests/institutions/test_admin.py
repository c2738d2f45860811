"""Agreements edited in the back office: conditions validated, duplicates refused."""

import pytest

from erasmusdesk.core.models import AuditEntry
from erasmusdesk.institutions.models import Agreement
from tests import factories

pytestmark = pytest.mark.django_db


def _agreement_form(partner_id: int, conditions: list[dict]) -> dict:
    data = {
        "partner": partner_id,
        "first_academic_year": "2026",
        "last_academic_year": "2030",
        "status": "draft",
        "home_signer": "",
        "home_signed_on": "",
        "partner_signer": "",
        "partner_signed_on": "",
        "terminated_on": "",
        "ewp_iia_id": "",
        "notes": "",
        "conditions-TOTAL_FORMS": str(len(conditions)),
        "conditions-INITIAL_FORMS": "0",
        "conditions-MIN_NUM_FORMS": "0",
        "conditions-MAX_NUM_FORMS": "1000",
    }
    for index, condition in enumerate(conditions):
        values = {
            "direction": "outgoing",
            "mobility_type": "student_studies",
            "isced_code": "0311",
            "eqf_levels": ["6"],
            "mobilities_per_year": "2",
            "total_months_per_year": "10",
            "total_days_per_year": "",
            "language": "en",
            "cefr_level": "B2",
            "receiving_unit": "",
            "other_terms": "",
        }
        values.update(condition)
        data.update({f"conditions-{index}-{key}": value for key, value in values.items()})
    return data


def test_coordinator_adds_an_agreement_with_conditions(client_as, people):
    partner = factories.partner()
    response = client_as(people["coordinator"]).post(
        "/en/admin/institutions/agreement/add/",
        _agreement_form(partner.pk, [{}, {"isced_code": "0413", "eqf_levels": ["6", "7"]}]),
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert sorted(c.isced_code for c in agreement.conditions.all()) == ["0311", "0413"]


def test_duplicate_conditions_are_refused_with_a_message_and_nothing_saved(client_as, people):
    partner = factories.partner()
    response = client_as(people["coordinator"]).post(
        "/en/admin/institutions/agreement/add/",
        _agreement_form(partner.pk, [{}, {"eqf_levels": ["6", "7"]}]),
    )
    assert response.status_code == 200
    assert "appears twice for the same EQF level" in response.content.decode()
    assert Agreement.objects.count() == 0


def test_unknown_isced_code_is_refused_naming_the_field(client_as, people):
    partner = factories.partner()
    response = client_as(people["coordinator"]).post(
        "/en/admin/institutions/agreement/add/",
        _agreement_form(partner.pk, [{"isced_code": "9998"}]),
    )
    assert response.status_code == 200
    assert "9998 is not a four-digit code of the ISCED-F 2013 list." in response.content.decode()
    assert Agreement.objects.count() == 0


def test_an_agreement_changed_in_the_back_office_leaves_the_audit_entry_of_an_import(
    client_as, people
):
    partner = factories.partner()
    client = client_as(people["coordinator"])
    client.post(
        "/en/admin/institutions/agreement/add/",
        _agreement_form(partner.pk, [{}, {"isced_code": "0413"}]),
    )
    agreement = Agreement.objects.get()
    created = AuditEntry.objects.get(action="erasmusdesk.agreement.created")
    assert (created.object_id, created.actor, created.data["conditions"]) == (
        str(agreement.pk),
        people["coordinator"],
        2,
    )
    assert created.data["via"] == "admin"

    kept, dropped = agreement.conditions.order_by("isced_code")
    data = _agreement_form(partner.pk, [])
    data.update({"last_academic_year": "2029", "notes": "Renewed by e-mail"})
    data.update(
        {
            "conditions-TOTAL_FORMS": "2",
            "conditions-INITIAL_FORMS": "2",
            **_existing(0, kept),
            **_existing(1, dropped),
            "conditions-1-DELETE": "on",
        }
    )
    response = client.post(f"/en/admin/institutions/agreement/{agreement.pk}/change/", data)
    assert response.status_code == 302
    changed = AuditEntry.objects.get(action="erasmusdesk.agreement.changed")
    assert changed.actor == people["coordinator"]
    assert set(changed.data["fields"]) == {"last_academic_year", "notes"}
    assert (changed.data["conditions"], changed.data["conditions_removed"]) == (1, 1)
    assert [c.isced_code for c in agreement.conditions.all()] == [kept.isced_code]


def _existing(index: int, condition) -> dict:
    values = {
        "id": condition.pk,
        "agreement": condition.agreement_id,
        "direction": condition.direction,
        "mobility_type": condition.mobility_type,
        "isced_code": condition.isced_code,
        "eqf_levels": [str(level) for level in condition.eqf_levels],
        "mobilities_per_year": str(condition.mobilities_per_year),
        "total_months_per_year": str(condition.total_months_per_year or ""),
        "total_days_per_year": str(condition.total_days_per_year or ""),
        "language": condition.language,
        "cefr_level": condition.cefr_level,
        "receiving_unit": "",
        "other_terms": condition.other_terms,
    }
    return {f"conditions-{index}-{key}": value for key, value in values.items()}
