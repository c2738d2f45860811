"""The office edits the selection's data in the back office: refused values name the field
and the rule; a call's criteria and settings are locked once its results are published."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from erasmusdesk.core import clock
from erasmusdesk.selection import publishing
from erasmusdesk.selection.models import (
    CefrThreshold,
    CertificateScale,
    Criterion,
    GradeScale,
    PartnerRule,
)


def errors(instance) -> dict:
    with pytest.raises(ValidationError) as refused:
        instance.full_clean()
    return refused.value.message_dict


def test_tie_rules_must_name_a_field_or_criterion_and_a_direction(world):
    world.selection.tie_rules = [["grade_normalised", "desc"], ["luck", "asc"]]
    message = errors(world.selection)["tie_rules"][0]
    assert message.startswith("Tie rule 2 is not [field, direction]")
    world.selection.tie_rules = [["motivation", "sideways"]]
    assert "Tie rule 1" in errors(world.selection)["tie_rules"][0]
    world.selection.tie_rules = [["motivation", "desc"], ["submitted_at", "asc"]]
    world.selection.full_clean()


def test_a_criterion_code_cannot_be_a_ranking_field_and_weights_are_not_negative(world):
    criterion = Criterion(
        selection=world.selection,
        code="total",
        name="Total",
        name_en="Total",
        source="evaluators",
        weight=Decimal("-1"),
        max_points=Decimal("0"),
    )
    found = errors(criterion)
    assert found["code"] == ["total is a field of the ranking: choose another code."]
    assert "weight" in found and "max_points" in found


def test_partner_rules_name_the_bad_subject_area_or_weight(world):
    agreement = world.places[0].agreement
    rule = PartnerRule(
        selection=world.selection, agreement=agreement, subject_areas="06, 6x", weights={}
    )
    assert errors(rule)["subject_areas"] == [
        "6x: a subject area is 2 to 4 digits of ISCED-F 2013 (e.g. 06 or 0613)."
    ]
    rule.subject_areas = "06"
    rule.weights = {"luck": 3}
    assert errors(rule)["weights"] == ["luck is not a criterion of this call."]
    rule.weights = {"language": -2}
    assert errors(rule)["weights"] == ["The weight of language must be a number of 0 or more."]
    rule.weights = {"language": "40"}
    rule.full_clean()


@pytest.mark.django_db
def test_tables_check_their_ranges():
    scale = GradeScale.objects.get(code="gpa4")
    scale.pass_mark = Decimal("5")
    assert "maximum" in errors(scale)
    threshold = CefrThreshold(
        scale=CertificateScale.objects.get(code="ielts"), level="C2", lowest_score=Decimal("9.5")
    )
    assert errors(threshold)["lowest_score"] == [
        "The lowest score of a level must be within the scale (0.00 to 9.00)."
    ]


@pytest.mark.django_db
def test_the_shipped_tables_say_which_profile_values_they_read():
    assert dict(GradeScale.objects.values_list("code", "profile_scale")) == {
        "gpa4": "4.0",
        "five_point": "5",
        "percent": "100",
    }
    toefl = CertificateScale.objects.filter(profile_test="toefl_ibt").order_by("code")
    assert [(s.code, str(s.taken_from)) for s in toefl] == [
        ("toefl_ibt", "None"),
        ("toefl_ibt_2026", "2026-01-21"),
    ]
    assert CertificateScale.objects.get(code="duolingo").confirmed is False


def test_the_back_office_locks_a_published_selection(client_as, people, world):
    client = client_as(people["coordinator"])
    url = reverse("admin:selection_selection_change", args=[world.selection.pk])
    assert 'name="max_spread"' in client.get(url).content.decode()
    world.apply()
    world.assign()
    world.score_all(7)
    publishing.publish_results(
        world.selection,
        by=world.coordinator,
        expected_run=0,
        appeal_deadline=clock.now() + timedelta(days=7),
    )
    page = client.get(url).content.decode()
    assert 'name="max_spread"' not in page  # read-only now
    response = client.post(url, {"max_spread": "9"})
    assert response.status_code == 403
    world.selection.refresh_from_db()
    assert world.selection.max_spread == Decimal("3")


def test_the_back_office_refuses_thresholds_that_do_not_ascend(client_as, people, db):
    client = client_as(people["coordinator"])
    scale = CertificateScale.objects.get(code="cambridge")
    url = reverse("admin:selection_certificatescale_change", args=[scale.pk])
    thresholds = list(scale.thresholds.order_by("lowest_score"))
    data = {
        "code": scale.code,
        "name": scale.name,
        "profile_test": scale.profile_test,
        "taken_from": "",
        "minimum": "80",
        "maximum": "230",
        "confirmed": "on",
        "source": scale.source,
        "thresholds-TOTAL_FORMS": str(len(thresholds)),
        "thresholds-INITIAL_FORMS": str(len(thresholds)),
        "thresholds-MIN_NUM_FORMS": "0",
        "thresholds-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(thresholds):
        data[f"thresholds-{index}-id"] = str(row.pk)
        data[f"thresholds-{index}-scale"] = str(scale.pk)
        data[f"thresholds-{index}-level"] = row.level
        data[f"thresholds-{index}-lowest_score"] = str(row.lowest_score)
    data["thresholds-0-lowest_score"] = "165"  # A1 above B2's 160
    response = client.post(url, data)
    assert response.status_code == 200
    assert "a higher score must give a higher level" in response.content.decode()
    assert scale.thresholds.get(level="A1").lowest_score == Decimal("100")
