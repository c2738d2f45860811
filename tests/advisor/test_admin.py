"""The office edits the advisor's rules in the back office, through the service."""

from erasmusdesk.advisor.models import FitRule
from erasmusdesk.core.models import AuditEntry


def test_the_office_edits_a_rule_and_the_edit_is_audited(admin_client, db):
    rule = FitRule.objects.get(slug="international-credit-mobility", activity="study")
    response = admin_client.post(
        f"/en/admin/advisor/fitrule/{rule.pk}/change/",
        {
            "slug": rule.slug,
            "activity": "study",
            "roles": '["student"]',
            "levels": '["bachelor", "master", "doctoral"]',
            "min_year_bachelor": "1",
            "min_language": "B2",
            "positions": "[]",
            "source": rule.source,
            "position": "0",
        },
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.min_year_bachelor, rule.min_language) == (1, "B2")
    assert AuditEntry.objects.filter(action="erasmusdesk.advisor.rule.saved").count() == 1
