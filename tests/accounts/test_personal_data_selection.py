"""What the competitive selection holds about an applicant: in their download (published
results, the evaluators' points and comments once published, appeals; evaluators unnamed),
erased with the rest (free text blanked, points and outcomes kept), and an evaluator's
reading of a document in the office's access log."""

import io
import json
import zipfile
from decimal import Decimal

import pytest

from erasmusdesk.accounts.erasure import erase_personal_data
from erasmusdesk.core import audit, clock
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.selection.models import (
    Appeal,
    Assignment,
    Criterion,
    Result,
    Run,
    Score,
    Selection,
)
from tests.factories import applications as builders
from tests.factories import personal_data as pdb

pytestmark = pytest.mark.django_db


@pytest.fixture
def selected(people):
    """Applicant A's application to an old call, scored with a comment by the evaluator
    (who also declared a conflict on another one), published, and appealed."""
    current = builders.call_with_places(year=clock.localdate().year)
    old = pdb.old_call(current)
    application = builders.application(people["owner"], old, state="eligible")
    selection = Selection.objects.create(call=old)
    criterion = Criterion.objects.create(
        selection=selection,
        code="motivation",
        name="Motivation",
        source="evaluators",
        weight=Decimal("25"),
        max_points=Decimal("10"),
    )
    assignment = Assignment.objects.create(
        selection=selection, application=application, evaluator=people["evaluator"]
    )
    Score.objects.create(
        assignment=assignment,
        criterion=criterion,
        points=Decimal("7"),
        comment="Convincing; mentions her sister in Warsaw.",
    )
    audit.record(
        "erasmusdesk.selection.conflict",
        assignment,
        by=people["evaluator"],
        application=application.reference,
        reason="I taught Asel's brother.",
    )
    now = clock.now()
    run = Run.objects.create(selection=selection, number=1, published_at=now, appeal_deadline=now)
    result = Result.objects.create(
        run=run, application=application, position=1, total=Decimal("70.00"), outcome="selected"
    )
    appeal = Appeal.objects.create(
        result=result, text="My grade was misread.", filed_at=now, decision="Upheld: 3.7."
    )
    audit.record(
        "erasmusdesk.selection.appeal_decided",
        appeal,
        by=people["coordinator"],
        application=application.reference,
        status="upheld",
        decision=appeal.decision,
    )
    return {"application": application, "assignment": assignment, "appeal": appeal}


def test_download_holds_the_published_result_scores_and_appeal(client_as, people, selected):
    response = client_as(people["owner"]).post("/en/account/my-data/")

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("data.json"))
    assert data["selection_results"][0]["rank"] == 1
    assert data["selection_results"][0]["result_label"] == "selected"
    assert data["selection_scores"] == [
        {
            "application": selected["application"].reference,
            "criterion": "Motivation",
            "points": "7.00",
            "maximum": "10.00",
            "comment": "Convincing; mentions her sister in Warsaw.",
        }
    ]
    assert data["appeals"][0]["text"] == "My grade was misread."
    assert data["appeals"][0]["decision"] == "Upheld: 3.7."
    decided = [e for e in data["audit_entries"] if e["action"].endswith("appeal_decided")]
    assert decided[0]["by"] == "the international office"
    assert "evaluator@example.org" not in json.dumps(data)
    assert "I taught" not in json.dumps(data)


def test_scores_are_not_in_the_download_before_results_are_published(client_as, people, selected):
    Result.objects.all().delete()

    response = client_as(people["owner"]).post("/en/account/my-data/")

    data = json.loads(
        zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).read("data.json")
    )
    assert data["selection_results"] == []
    assert data["selection_scores"] == []


def test_erasure_blanks_the_selections_free_text_and_keeps_points(people, selected):
    erase_personal_data(people["owner"], by=people["coordinator"])

    score = Score.objects.get()
    assert (score.comment, score.points) == ("", Decimal("7.00"))
    appeal = Appeal.objects.get()
    assert (appeal.text, appeal.decision, appeal.status) == ("", "", "pending")
    assert Result.objects.get().outcome == "selected"
    conflict = AuditEntry.objects.get(action="erasmusdesk.selection.conflict")
    assert "reason" not in conflict.data
    decided = AuditEntry.objects.get(action="erasmusdesk.selection.appeal_decided")
    assert "decision" not in decided.data
    assert decided.data["status"] == "upheld"


def test_an_evaluators_reading_is_in_the_access_log(client_as, people, selected):
    application = selected["application"]
    document = application.documents.order_by("pk").first()
    evaluator = client_as(people["evaluator"])
    url = f"/en/selection/{application.call.slug}/{application.reference}/documents/{document.pk}/"
    assert evaluator.get(url).status_code == 200
    administrator = people["coordinator"]
    administrator.is_superuser = True
    administrator.save()

    text = client_as(administrator).get("/en/office/personal-data/document-access/").content
    page = text.decode()

    assert "1 access" in page
    assert "evaluator@example.org" in page
    assert f">{application.reference}</a>" in page
    assert "<td>by an evaluator</td>" in page
    filtered = client_as(administrator).get(
        "/en/office/personal-data/document-access/",
        {"document": document.pk, "application": application.reference},
    )
    assert "1 access" in filtered.content.decode()
