"""The applicant's result in plain words (from the published result's data)."""

from datetime import timedelta

import pytest
from django.utils import translation

from erasmusdesk.core import clock
from erasmusdesk.selection import publishing
from erasmusdesk.selection.explain import explain, joined, plain, refusal_sentence
from erasmusdesk.selection.models import PartnerRule, Result


def publish(world):
    world.assign()
    world.score_all(7)
    return publishing.publish_results(
        world.selection,
        by=world.coordinator,
        expected_run=0,
        appeal_deadline=clock.now() + timedelta(days=7),
    )


def sentences(world, application) -> list[str]:
    result = Result.objects.select_related("run").get(application=application)
    application.refresh_from_db()
    places = {place.pk: place for place in world.places}
    return explain(
        result,
        state=application.state,
        selection=world.selection,
        places=places,
        ranked=Result.objects.filter(run=result.run).count(),
        criteria_names={"grade": "Grade average"},
    )


def test_numbers_in_words():
    assert joined([3]) == "3"
    assert joined([3, 5]) == "3 and 5"
    assert joined([3, 5, 8]) == "3, 5 and 8"
    assert plain("10.00") == "10" and plain("7.50") == "7.5"


def test_the_issue_example_places_went_to_applicants_ranked_better(world):
    first = world.places[0]
    applications = [world.apply(grade=g, choices=(0,)) for g in ("3.9", "3.7", "3.5")]
    publish(world)
    text = sentences(world, applications[2])
    assert text[0] == "You are number 1 on the reserve list."
    assert text[1] == "You are ranked 3 of 3 in the call's ranking, with 76.33 points out of 100."
    assert text[2] == (
        f"Your first choice, {first.agreement.partner.name} (0311 Economics), had 2 places: "
        "they went to the applicants it ranks 1 and 2; you are ranked 3 there."
    )
    assert text[3].startswith("If a place you chose becomes free")


def test_a_selected_applicant_at_the_second_choice_learns_why_not_the_first(world):
    applications = [world.apply(grade=g) for g in ("3.9", "3.7", "3.5")]
    publish(world)
    text = sentences(world, applications[2])
    second = world.places[1].agreement.partner.name
    assert text[0] == f"You are selected for your second choice: {second} (0311 Economics)."
    assert text[1] == f"{second} (0311 Economics) ranks you 3 among the applicants who chose it."
    assert "your first choice" in text[3].lower() and "you are ranked 3 there" in text[3]


def test_a_tie_names_the_rule_that_decided_it(world):
    world.apply(grade="3.5", ielts="7.0")
    later = world.apply(grade="3.5", ielts="7.0", submitted=5)
    publish(world)
    text = sentences(world, later)
    assert text[3] == (
        "You have the same total as the applicant ranked just above you: the tie was "
        "decided by submission instant."
    )


def test_a_requirement_not_met_is_named_with_both_levels(world):
    PartnerRule.objects.create(
        selection=world.selection, agreement=world.places[0].agreement, min_cefr="C1"
    )
    application = world.apply(ielts="6.0", choices=(0,))
    publish(world)
    text = sentences(world, application)
    assert text[0] == "You are not selected."
    assert text[2].endswith("asks for language level C1 or higher; your certificates show B2.")
    assert text[3] == (
        "None of the places you chose can take you, so you are not on the reserve list."
    )


def test_refusals_for_no_places_and_subject_areas(world):
    place = world.places[0]
    no_places = refusal_sentence(
        {"preference": 3, "place": place.pk, "reason": "no_places", "places": 0},
        {place.pk: place},
    )
    name = place.agreement.partner.name
    assert no_places == f"Your third choice, {name} (0311 Economics), has no places in this call."
    subject = refusal_sentence(
        {
            "preference": 2,
            "place": place.pk,
            "reason": "not_acceptable",
            "unmet": ["subject_area"],
            "subject_areas": ["06", "0413"],
        },
        {place.pk: place},
    )
    assert subject.endswith("takes only applicants of the subject areas 06, 0413.")


def test_below_the_lowest_total(world):
    world.selection.min_total = 90
    world.selection.save()
    application = world.apply()
    publish(world)
    text = sentences(world, application)
    assert text[0] == "You are not selected."
    assert text[-1] == "Your total is below the call's lowest total for a place, 90 points."


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_sentences_are_written_in_the_page_language(world, language):
    application = world.apply(choices=(0,))
    publish(world)
    with translation.override(language):
        text = sentences(world, application)
    assert len(text) >= 2 and all(text)


def test_a_withdrawn_applicant_still_reads_the_published_result(world):
    from erasmusdesk.applications.submission import withdraw

    application = world.apply(choices=(0,))
    publish(world)
    withdraw(application, by=application.applicant)
    text = sentences(world, application)
    assert text[0] == "You withdrew this application; this was your published result."
    assert text[1].startswith("You are ranked 1 of 1")


def test_tie_rules_read_as_words():
    from erasmusdesk.selection.ranking import TieRule
    from erasmusdesk.selection.templatetags.selection import tie_rule_text

    assert tie_rule_text(("grade_normalised", "desc")) == "grade average (normalised), higher first"
    assert tie_rule_text(TieRule("submitted_at", "asc")) == "submission instant, earlier first"
    assert tie_rule_text(("motivation", "desc")) == "motivation, higher first"
