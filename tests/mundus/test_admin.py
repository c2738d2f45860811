"""The office enters a Joint Master with its consortium in the back office."""

from erasmusdesk.core.models import AuditEntry
from erasmusdesk.mundus.models import JointMaster


def test_a_programme_and_its_members_are_saved_through_the_services(admin_client, db):
    response = admin_client.post(
        "/en/admin/mundus/jointmaster/add/",
        {
            "name": "Joint Master in Steppe Ecology",
            "acronym": "STEPPE",
            "ects": "90",
            "duration_months": "18",
            "degree_type": "joint",
            "call_year": "2024",
            "website": "https://steppe.example/",
            "is_published": "on",
            "members-TOTAL_FORMS": "2",
            "members-INITIAL_FORMS": "0",
            "members-MIN_NUM_FORMS": "0",
            "members-MAX_NUM_FORMS": "1000",
            "members-0-name": "Université de Lyon",
            "members-0-country": "FR",
            "members-0-is_coordinator": "on",
            "members-1-name": "Universität Wien",
            "members-1-country": "AT",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    programme = JointMaster.objects.get(acronym="STEPPE")
    assert [m.country for m in programme.members.all()] == ["FR", "AT"]
    assert AuditEntry.objects.filter(action="erasmusdesk.mundus.programme.saved").count() == 2
