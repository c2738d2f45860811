"""What the ranking reads from the database: computed criteria from profiles and
certificates (through the office's tables), evaluators' means and disagreement, corrections,
partners' rules, places."""

from datetime import date
from decimal import Decimal

import pytest

from erasmusdesk.accounts.models import LanguageCertificate
from erasmusdesk.selection.inputs import _certificate_scales, certificate_level, load_inputs
from erasmusdesk.selection.models import (
    Assignment,
    CertificateScale,
    Correction,
    GradeScale,
    PartnerRule,
)
from erasmusdesk.selection.scales import CefrLevel


def _cert(test, score, taken_on=date(2026, 5, 1), level=""):
    return LanguageCertificate(test=test, score=score, taken_on=taken_on, cefr_level=level)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("test", "score", "taken_on", "printed", "level"),
    [
        ("ielts_academic", "5.0", date(2026, 5, 1), "", CefrLevel.B1),
        ("ielts_academic", "5.5", date(2026, 5, 1), "", CefrLevel.B2),
        ("ielts_academic", "3.5", date(2026, 5, 1), "", None),
        ("toefl_ibt", "94", date(2025, 5, 1), "", CefrLevel.B2),
        ("toefl_ibt", "95", date(2025, 5, 1), "", CefrLevel.C1),
        # From 21 January 2026 a TOEFL score of 1-6 is read on the new band scale.
        ("toefl_ibt", "5", date(2026, 1, 21), "", CefrLevel.C1),
        ("toefl_ibt", "5", date(2026, 1, 20), "", None),
        ("toefl_ibt", "100", date(2026, 3, 1), "", CefrLevel.C1),
        ("cambridge", "179", date(2026, 5, 1), "", CefrLevel.B2),
        ("cambridge", "180", date(2026, 5, 1), "", CefrLevel.C1),
        ("other", "B2 pass", date(2026, 5, 1), "B2", CefrLevel.B2),
        ("other", "good", date(2026, 5, 1), "", None),
    ],
)
def test_certificates_map_to_cefr_with_the_office_tables(test, score, taken_on, printed, level):
    assert certificate_level(_cert(test, score, taken_on, printed), _certificate_scales()) == level


@pytest.mark.django_db
def test_an_edited_certificate_table_changes_the_level():
    ielts = CertificateScale.objects.get(code="ielts")
    ielts.thresholds.filter(level="B2").update(lowest_score=Decimal("6.0"))
    assert certificate_level(_cert("ielts_academic", "5.5"), _certificate_scales()) == CefrLevel.B1


def test_computed_points_come_from_the_profile(world):
    four = world.apply(grade="3.20", scale="4.0", ielts="7.0", year=3)
    five = world.apply(grade="4", scale="5", ielts=None, year=6)
    hundred = world.apply(grade="80", scale="100", ielts="5.5", year=None)
    inputs = load_inputs(world.selection)
    scores = {ref: entry.scores for ref, entry in inputs.entries.items()}
    assert scores[four.reference]["grade"] == Decimal("8")  # 3.2 / 4 x 10
    assert scores[five.reference]["grade"] == Decimal("8")  # 4 / 5 x 10
    assert scores[hundred.reference]["grade"] == Decimal("8")  # 80 / 100 x 10
    assert scores[four.reference]["language"] == Decimal(10) * 5 / 6  # C1
    assert scores[five.reference]["language"] == 0
    assert scores[hundred.reference]["language"] == Decimal(10) * 4 / 6  # B2
    assert inputs.flags[five.reference] == ["no_language"]
    assert inputs.entries[four.reference].cefr == CefrLevel.C1
    assert inputs.entries[five.reference].year_of_study == 6


def test_a_grade_outside_its_scale_counts_zero_and_is_flagged(world):
    low = world.apply(grade="1.5", scale="5")  # the five-point scale starts at 2
    inputs = load_inputs(world.selection)
    assert inputs.entries[low.reference].scores["grade"] == 0
    assert "grade_outside_scale" in inputs.flags[low.reference]


def test_an_edited_grade_table_changes_the_points(world):
    application = world.apply(grade="3.00", scale="4.0")
    GradeScale.objects.filter(code="gpa4").update(maximum=Decimal("5.00"))
    entry = load_inputs(world.selection).entries[application.reference]
    assert entry.scores["grade"] == Decimal("6")


def test_evaluators_mean_and_disagreement_at_the_allowed_spread(world):
    agree, disagree = world.apply(), world.apply()
    world.assign()
    world.score(agree, 5, evaluator=8)  # spread 3 = allowed: no disagreement
    world.score(disagree, 5, evaluator=8.5)  # spread 3.5
    inputs = load_inputs(world.selection)
    assert inputs.entries[agree.reference].scores["motivation"] == Decimal(6)
    assert inputs.entries[disagree.reference].scores["motivation"] == Decimal("18.5") / 3
    assert "disagreement:motivation" not in inputs.flags.get(agree.reference, [])
    assert "disagreement:motivation" in inputs.flags[disagree.reference]


def test_an_application_without_every_evaluators_criterion_is_not_rankable(world):
    scored, waiting = world.apply(), world.apply()
    world.assign()
    world.score(scored, 6)
    inputs = load_inputs(world.selection)
    assert inputs.missing == {waiting.reference: ["motivation", "recommendations"]}
    assert [entry.reference for entry in inputs.rankable] == [scored.reference]


def test_conflicted_scores_do_not_count(world):
    application = world.apply()
    world.assign()
    world.score(application, 6, evaluator=10)
    Assignment.objects.filter(application=application, evaluator=world.members[0]).update(
        conflict=True
    )
    assert load_inputs(world.selection).entries[application.reference].scores["motivation"] == 6


def test_a_correction_replaces_the_mean(world):
    from erasmusdesk.selection.models import Appeal, Criterion, Outcome, Result, Run

    application = world.apply()
    world.assign()
    world.score(application, 6)
    run = Run.objects.create(
        selection=world.selection,
        number=1,
        published_at=world.call.deadline,
        appeal_deadline=world.call.deadline,
    )
    result = Result.objects.create(
        run=run, application=application, position=1, total=50, outcome=Outcome.RESERVE
    )
    appeal = Appeal.objects.create(result=result, text="x", filed_at=world.call.deadline)
    Correction.objects.create(
        selection=world.selection,
        application=application,
        criterion=Criterion.objects.get(selection=world.selection, code="motivation"),
        points=Decimal("9"),
        appeal=appeal,
    )
    inputs = load_inputs(world.selection)
    assert inputs.entries[application.reference].scores["motivation"] == 9
    assert "corrected:motivation" in inputs.flags[application.reference]


def test_places_partner_rules_and_what_if(world):
    world.apply()
    first, second = world.places
    PartnerRule.objects.create(
        selection=world.selection,
        agreement=first.agreement,
        min_cefr="C1",
        subject_areas="03",
        weights={"language": 60},
    )
    inputs = load_inputs(world.selection, places={second.pk: 5})
    assert inputs.places == {first.pk: 2, second.pk: 5}
    assert inputs.base_places == {first.pk: 2, second.pk: 2}
    rule = inputs.partner_rules[first.pk]
    assert rule.requirement.min_cefr == CefrLevel.C1
    assert rule.requirement.subject_areas == ("03",)
    assert {c.code: c.weight for c in rule.criteria}["language"] == 60
    assert second.pk not in inputs.partner_rules


@pytest.mark.parametrize("count", [2, 9])
def test_loading_takes_a_constant_number_of_queries(
    db, people, count, django_assert_max_num_queries
):
    from tests.factories.selection import World

    world = World.create(people)
    for _ in range(count):
        world.apply()
    world.assign()
    world.score_all(6)
    with django_assert_max_num_queries(14):
        inputs = load_inputs(world.selection)
    assert len(inputs.entries) == count
