"""The selection's pages through the client: evaluators score and declare conflicts, the
office sets up, assigns, previews with "what if" places, publishes, decides appeals and
downloads the report; the applicant reads the explained result, appeals, answers an offer.
Pages work without JavaScript (plain forms), in English, Russian and Kazakh, in a constant
number of queries."""

import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from erasmusdesk.applications.models import Application
from erasmusdesk.applications.submission import withdraw
from erasmusdesk.core import clock
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.selection import appeals, publishing
from erasmusdesk.selection.models import Assignment, Run, Score, Selection
from tests import factories
from tests.factories import applications as application_builders
from tests.factories import selection as builders


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def publish(world):
    return publishing.publish_results(
        world.selection,
        by=world.coordinator,
        expected_run=0,
        appeal_deadline=clock.now() + timedelta(days=7),
    )


@pytest.fixture
def scored(world):
    applications = [world.apply(grade=g) for g in ("3.9", "3.5", "3.1", "2.7", "2.3")]
    world.assign()
    world.score_all(7)
    return applications


# Evaluators -------------------------------------------------------------------------------


def test_an_evaluator_scores_with_errors_on_the_fields_then_saves(client_as, people, world):
    application = world.apply()
    world.assign()
    client = client_as(people["evaluator"])
    mine = client.get(reverse("selection:mine"))
    assert "0 of 1 scored" in text(mine)
    url = reverse("selection:assignment", args=[world.call.slug, application.reference])
    page = client.get(url)
    assert "how clearly the applicant explains" in text(page)  # the criterion's guidance
    score_url = reverse("selection:score", args=[world.call.slug, application.reference])
    refused = client.post(score_url, {"points_motivation": "11", "points_recommendations": ""})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert 'aria-invalid="true"' in body and 'role="alert"' in body
    assert "Motivation: points from 0 to 10, at most two decimals." in text(refused)
    assert "Give the points for Recommendation letters." in text(refused)
    saved = client.post(score_url, {"points_motivation": "8.5", "points_recommendations": "6"})
    assert saved.status_code == 302 and saved["Location"] == reverse("selection:mine")
    assert sorted(Score.objects.values_list("points", flat=True)) == [6, 8.5]
    assert "1 of 1 scored" in text(client.get(reverse("selection:mine")))


def test_declaring_a_conflict_removes_the_application_from_the_evaluator(client_as, people, world):
    application = world.apply()
    world.assign()
    client = client_as(people["evaluator"])
    conflict_url = reverse("selection:conflict", args=[world.call.slug, application.reference])
    assert client.post(conflict_url, {"reason": ""}).status_code == 400
    assert client.post(conflict_url, {"reason": "My niece"}).status_code == 302
    url = reverse("selection:assignment", args=[world.call.slug, application.reference])
    assert client.get(url).status_code == 404


def test_an_evaluator_downloads_a_document_and_it_is_logged(client_as, people, world):
    application = world.apply()
    document = application_builders.add_document(application, "transcript")
    world.assign()
    response = client_as(people["evaluator"]).get(
        reverse("selection:document", args=[world.call.slug, application.reference, document.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    entry = AuditEntry.objects.get(action="erasmusdesk.selection.document_viewed")
    assert entry.actor == people["evaluator"] and entry.data["application"] == application.reference


def test_after_publication_the_scores_are_shown_locked(client_as, people, world, scored):
    publish(world)
    url = reverse("selection:assignment", args=[world.call.slug, scored[0].reference])
    page = client_as(people["evaluator"]).get(url)
    assert "The results are published: scores are locked." in text(page)
    assert 'name="points_motivation"' not in page.content.decode()


# The office ---------------------------------------------------------------------------------


def test_the_office_sets_up_a_selection_adds_members_and_assigns(client_as, people, db):
    call = application_builders.call_with_places()
    client = client_as(people["coordinator"])
    overview = reverse("selection_office:overview", args=[call.slug])
    assert "not set up yet" in text(client.get(overview))
    client.post(reverse("selection_office:set_up", args=[call.slug]))
    selection = Selection.objects.get(call=call)
    refused = client.post(
        reverse("selection_office:add_member", args=[call.slug]),
        {"user": people["other_applicant"].pk},
    )
    assert refused.status_code == 400
    assert "Select a valid choice" in text(refused)
    for member in [people["evaluator"], builders.evaluator("e2"), builders.evaluator("e3")]:
        response = client.post(
            reverse("selection_office:add_member", args=[call.slug]), {"user": member.pk}
        )
        assert response.status_code == 302
    world = builders.World(call, selection, list(application_builders.places(call)), [], None)
    world.apply()
    response = client.post(reverse("selection_office:assign", args=[call.slug]), follow=True)
    assert "3 assignments made." in text(response)
    assert Assignment.objects.count() == 3
    page = client.get(overview)
    assert 'role="img"' in page.content.decode()  # the evaluators' progress chart
    assert "0 % scored" in text(page)


def test_the_preview_answers_what_if_and_refuses_bad_numbers(client_as, people, world, scored):
    client = client_as(people["coordinator"])
    url = reverse("selection_office:preview", args=[world.call.slug])
    page = client.get(url)
    assert "4 selected, 1 on the reserve list, 0 not selected." in text(page)
    assert "2 of 2 places" in text(page)  # the chart of places filled
    second = world.places[1]
    what_if = client.get(url, {f"place_{second.pk}": "3", f"place_{world.places[0].pk}": "2"})
    assert "5 selected, 0 on the reserve list" in text(what_if)
    assert f"{scored[4].reference}: reserve list → selected" in text(what_if)
    assert f'name="place_{second.pk}" value="3"' in what_if.content.decode()
    bad = client.get(url, {f"place_{second.pk}": "-1"})
    assert "Places: a whole number from 0 to 999." in text(bad)
    assert not Run.objects.exists()


def test_publishing_from_the_page_and_a_refusal_on_the_date(client_as, people, world, scored):
    client = client_as(people["coordinator"])
    url = reverse("selection_office:publish", args=[world.call.slug])
    refused = client.post(url, {"appeal_until": "2027-01-31", "expected_run": "0", "confirm": "on"})
    assert refused.status_code == 400
    assert "The appeal deadline must be in the future." in text(refused)
    published = client.post(
        url, {"appeal_until": "2027-02-08", "expected_run": "0", "confirm": "on"}
    )
    assert published.status_code == 302
    run = Run.objects.get()
    assert run.appeal_deadline == factories.local(2027, 2, 8, 23, 59).replace(second=59)
    again = client.post(url, {"appeal_until": "2027-02-08", "expected_run": "0", "confirm": "on"})
    assert "Another coordinator published these results meanwhile" in text(again)
    assert Run.objects.count() == 1
    assert Application.objects.filter(state="selected").count() == 4


def test_publishing_with_what_if_places_from_the_page(client_as, people, world, scored):
    client = client_as(people["coordinator"])
    second = world.places[1]
    client.post(
        reverse("selection_office:publish", args=[world.call.slug]),
        {
            "appeal_until": "2027-02-08",
            "expected_run": "0",
            "confirm": "on",
            f"place_{second.pk}": "3",
        },
    )
    assert Application.objects.filter(state="selected").count() == 5


def test_appeals_are_decided_on_the_page_and_the_rerun_shows_the_changes(
    client_as, people, world, scored
):
    publish(world)
    last = scored[4]
    appeal = appeals.file_appeal(last, text="Letters not read", by=last.applicant)
    client = client_as(people["coordinator"])
    page = client.get(reverse("selection_office:appeals", args=[world.call.slug]))
    assert "Letters not read" in text(page)
    decide = reverse("selection_office:decide", args=[world.call.slug, appeal.pk])
    prefix = f"appeal-{appeal.pk}"
    refused = client.post(
        decide,
        {
            f"{prefix}-outcome": "rejected",
            f"{prefix}-decision": "No",
            f"{prefix}-points_motivation": "9",
        },
    )
    assert refused.status_code == 400 and "Only an upheld appeal corrects points." in text(refused)
    client.post(
        decide,
        {
            f"{prefix}-outcome": "upheld",
            f"{prefix}-decision": "Corrected",
            f"{prefix}-points_motivation": "10",
            f"{prefix}-points_recommendations": "10",
        },
    )
    changes = client.get(reverse("selection_office:changes", args=[world.call.slug]))
    assert "3 applications' results would change" in text(changes)  # one only moves in rank
    response = client.post(
        reverse("selection_office:publish", args=[world.call.slug]),
        {"appeal_until": "2027-02-15", "expected_run": "1", "confirm": "on"},
    )
    assert response.status_code == 302
    assert Application.objects.get(pk=last.pk).state == "selected"


def test_the_ranking_page_per_call_and_per_partner(client_as, people, world, scored):
    client = client_as(people["coordinator"])
    url = reverse("selection_office:ranking", args=[world.call.slug])
    page = text(client.get(url))
    assert "A dry run with the scores given so far" in page
    assert page.index(scored[0].reference) < page.index(scored[4].reference)
    partner = text(client.get(url, {"place": world.places[1].pk}))
    assert "How Universidade de Teste (0311 Economics) ranks the applicants" in partner
    publish(world)
    assert "As published in run 1" in text(client.get(url))


def test_the_report_lists_the_ranking_and_the_criteria(client_as, people, world, scored):
    publish(world)
    client = client_as(people["coordinator"])
    xlsx = client.get(reverse("selection_office:report_xlsx", args=[world.call.slug]))
    workbook = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    ranking = workbook["Ranking"]
    assert [cell.value for cell in ranking[1]][:4] == ["Rank", "Reference", "Applicant", "Total"]
    assert ranking["B2"].value == scored[0].reference
    assert ranking.max_row == 6
    assert workbook["Criteria"]["B2"].value == "Grade average"
    pdf = client.get(reverse("selection_office:report_pdf", args=[world.call.slug]))
    content = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
    )
    assert "Selection report" in content and scored[4].reference in content
    assert content.count("Signature, date") == 3
    assert AuditEntry.objects.filter(action="erasmusdesk.selection.report").count() == 2


# The applicant ------------------------------------------------------------------------------


def test_the_applicant_reads_the_result_and_appeals(client_as, world, scored):
    publish(world)
    last = scored[4]
    client = client_as(last.applicant)
    url = reverse("selection:result", args=[last.reference])
    page = text(client.get(url))
    assert "You are number 1 on the reserve list." in page
    assert "they went to the applicants it ranks 1 and 2; you are ranked 5 there" in page
    assert "Total (out of 100)" in page
    refused = client.post(reverse("selection:appeal", args=[last.reference]), {"text": ""})
    assert refused.status_code == 400 and "Say what you appeal against and why." in text(refused)
    client.post(reverse("selection:appeal", args=[last.reference]), {"text": "Please check"})
    assert "waiting for a decision" in text(client.get(url)).lower()


def test_the_applicant_accepts_an_offered_place(client_as, world, scored):
    publish(world)
    withdraw(scored[0], by=scored[0].applicant)
    client = client_as(scored[4].applicant)
    url = reverse("selection:result", args=[scored[4].reference])
    assert "became free and is offered to you" in text(client.get(url))
    client.post(reverse("selection:offer", args=[scored[4].reference]), {"answer": "accept"})
    assert Application.objects.get(pk=scored[4].pk).state == "selected"
    assert "You accepted the place" in text(client.get(url))


def test_before_publication_the_result_page_says_so(client_as, world):
    application = world.apply()
    page = client_as(application.applicant).get(
        reverse("selection:result", args=[application.reference])
    )
    assert "not published yet" in text(page)


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_pages_in_russian_and_kazakh(client_as, people, world, scored, language):
    publish(world)
    urls = [
        (scored[0].applicant, f"/{language}/applications/{scored[0].reference}/result/"),
        (people["evaluator"], f"/{language}/selection/"),
        (people["coordinator"], f"/{language}/office/selection/{world.call.slug}/preview/"),
    ]
    for user, url in urls:
        response = client_as(user).get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode()


# Queries --------------------------------------------------------------------------------------


def _queries(client, url, django_assert_max_num_queries, budget):
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [3, 10])
def test_pages_take_a_constant_number_of_queries(
    client_as, people, count, django_assert_max_num_queries
):
    world = builders.World.create(people)
    applications = [world.apply(grade=f"{2 + i / 10:.2f}") for i in range(count)]
    world.assign()
    world.score_all(7)
    coordinator = client_as(people["coordinator"])
    for name in ("overview", "ranking", "preview"):
        url = reverse(f"selection_office:{name}", args=[world.call.slug])
        _queries(coordinator, url, django_assert_max_num_queries, 40)
    evaluator = client_as(people["evaluator"])
    _queries(evaluator, reverse("selection:mine"), django_assert_max_num_queries, 12)
    publish(world)
    owner = client_as(applications[-1].applicant)
    url = reverse("selection:result", args=[applications[-1].reference])
    _queries(owner, url, django_assert_max_num_queries, 16)
    coordinator = client_as(people["coordinator"])
    _queries(
        coordinator,
        reverse("selection_office:ranking", args=[world.call.slug]),
        django_assert_max_num_queries,
        40,
    )
