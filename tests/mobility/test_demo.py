"""The demo's mobilities: every stage, an approved change, a transcript with a grading
table, a recognition by the tables, and the partner contact's nominations; loaded once."""

import pytest
from django.core.management import call_command

from erasmusdesk.mobility.models import LearningAgreement, Mobility, RecognizedComponent


@pytest.mark.parametrize("day", [(2026, 12, 4), (2029, 9, 15)], ids=["now", "2029"])
def test_the_demo_has_mobilities_at_every_stage(db, settings, frozen, day):
    from tests import factories

    frozen(factories.local(*day, 12))
    settings.DEBUG = True
    call_command("demo")
    stages = set(Mobility.objects.values_list("state", flat=True))
    assert stages == {
        "nominated",
        "accepted",
        "la_approved",
        "arrived",
        "departed",
        "transcript_received",
        "recognised",
        "closed",
    }
    assert LearningAgreement.objects.filter(number=2, status="approved").exists()
    assert RecognizedComponent.objects.filter(method="table").exists()
    contact = Mobility.objects.filter(
        receiving_hei__host_contacts__user__email="partner@demo.erasmusdesk.kz",
        state="nominated",
    )
    assert contact.count() >= 1
    count = Mobility.objects.count()
    call_command("demo")
    assert Mobility.objects.count() == count
