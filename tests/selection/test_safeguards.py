"""What the office relies on before results go out: no publishing while the call still takes
applications or while an application lacks evaluators after conflicts of interest; and each
evaluator is mailed what was assigned to them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.test import TestCase

from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.selection import committee, publishing
from erasmusdesk.selection.models import Assignment
from tests.factories.selection import World


def _publish(world):
    return publishing.publish_results(
        world.selection,
        by=world.coordinator,
        expected_run=0,
        appeal_deadline=clock.now() + timedelta(days=7),
    )


def test_publishing_is_refused_while_the_call_accepts_applications(db, people):
    world = World.create(people)
    call = world.call
    call.deadline = clock.now() + timedelta(days=3)
    call.late_deadline = None
    call.save()
    world.apply()
    world.assign()
    world.score_all(7)
    with pytest.raises(DomainError, match="still accepts applications"):
        _publish(world)


def test_publishing_is_refused_in_the_late_round_too(db, people):
    world = World.create(people)
    call = world.call
    call.deadline = clock.now() - timedelta(days=1)
    call.late_deadline = clock.now() + timedelta(days=5)
    call.save()
    world.apply()
    world.assign()
    world.score_all(7)
    with pytest.raises(DomainError, match="still accepts applications"):
        _publish(world)


def test_an_application_short_of_evaluators_after_a_conflict_blocks_publishing(db, people):
    world = World.create(people, members=3)
    world.selection.evaluators_per_application = 3
    world.selection.save()
    application = world.apply()
    world.assign()
    first = Assignment.objects.filter(application=application).order_by("pk").first()
    # Every member already has the application: nobody is free to take it over.
    assert committee.declare_conflict(first, reason="My cousin", by=first.evaluator) is None
    assert committee.short_of_evaluators(world.selection) == {application.pk: 2}
    world.score_all(7)
    with pytest.raises(DomainError, match="fewer evaluators than the 3 required") as refusal:
        _publish(world)
    assert application.reference in str(refusal.value)


def test_assigning_mails_each_evaluator_their_count(db, people):
    world = World.create(people)
    for _ in range(3):
        world.apply()
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        made = world.assign()
    assert made == 9  # three applications, three evaluators each (the default)
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {member.email for member in world.members}
    body = sent[world.members[0].email].body
    assert "3 applications of the call" in body and "assigned to you for scoring" in body
    assert "/en/selection/" in body
    assert world.call.title in sent[world.members[0].email].subject


def test_the_member_taking_over_a_conflict_is_mailed(db, people):
    world = World.create(people, members=3)
    world.selection.evaluators_per_application = 2
    world.selection.save()
    application = world.apply()
    world.assign()
    first = Assignment.objects.filter(application=application).order_by("pk").first()
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        replacement = committee.declare_conflict(first, reason="My cousin", by=first.evaluator)
    assert [message.to for message in mail.outbox] == [[replacement.evaluator.email]]
    assert "1 application of the call" in mail.outbox[0].body


def test_the_ranking_marks_an_application_short_of_evaluators(db, people, client_as):
    from django.urls import reverse

    world = World.create(people, members=3)
    world.selection.evaluators_per_application = 3
    world.selection.save()
    application = world.apply()
    world.assign()
    first = Assignment.objects.filter(application=application).order_by("pk").first()
    committee.declare_conflict(first, reason="My cousin", by=first.evaluator)
    world.score_all(7)
    client = client_as(people["coordinator"])
    page = client.get(reverse("selection_office:ranking", kwargs={"slug": world.call.slug}))
    assert "scored by 2 of the 3 evaluators required" in page.content.decode()
    home = client.get(reverse("home")).content.decode()
    assert ">Applications short of evaluators</h2>" in home


def test_points_follow_the_criterion_step_on_the_server(db, people):
    world = World.create(people)
    application = world.apply()
    world.assign()
    assignment = Assignment.objects.filter(application=application).first()
    criteria = world.criteria()
    points = {c.code: c.max_points - c.step for c in criteria}
    points[criteria[0].code] = criteria[0].max_points - criteria[0].step + Decimal("0.3")
    assert criteria[0].step == Decimal("0.5")
    with pytest.raises(DomainError, match="steps of 0.5") as refusal:
        committee.score_application(assignment, points=points, by=assignment.evaluator)
    assert refusal.value.field == f"points_{criteria[0].code}"
    points[criteria[0].code] = criteria[0].max_points - Decimal("0.5")
    committee.score_application(assignment, points=points, by=assignment.evaluator)


def test_the_score_form_refuses_off_step_points_and_names_the_field_once(db, people):
    from erasmusdesk.selection.forms import ScoreForm

    world = World.create(people)
    criteria = world.criteria()
    data = {f"points_{c.code}": "7" for c in criteria}
    data[f"points_{criteria[0].code}"] = "7.3"
    form = ScoreForm(data, criteria=criteria)
    assert not form.is_valid()
    errors = form.errors[f"points_{criteria[0].code}"]
    assert errors == [f"{criteria[0].name}: the points go in steps of 0.5."]
    assert 'step="0.50"' in str(form[f"points_{criteria[0].code}"])


def test_publishing_asks_to_confirm_what_will_be_sent_to_how_many(db, people, client_as):
    from django.urls import reverse

    world = World.create(people)
    for grade in ("3.9", "3.5", "3.1", "2.7", "2.3"):
        world.apply(grade=grade)
    world.assign()
    world.score_all(7)
    client = client_as(people["coordinator"])
    slug = world.call.slug
    preview = client.get(reverse("selection_office:preview", kwargs={"slug": slug}))
    assert (
        "send 5 applicants their result by e-mail (4 selected, 1 on the reserve list, "
        "0 not selected)" in preview.content.decode()
    )
    url = reverse("selection_office:publish", kwargs={"slug": slug})
    day = (clock.localdate() + timedelta(days=7)).isoformat()
    refused = client.post(url, {"appeal_until": day, "expected_run": "0"})
    assert refused.status_code == 400
    assert "Tick the box to confirm what will be sent." in refused.content.decode()
    world.selection.refresh_from_db()
    assert world.selection.run == 0
    done = client.post(url, {"appeal_until": day, "expected_run": "0", "confirm": "on"})
    assert done.status_code == 302
    world.selection.refresh_from_db()
    assert world.selection.run == 1


def test_the_tie_rule_on_the_total_is_said_in_the_page_language():
    from django.utils import translation

    from erasmusdesk.selection.templatetags.selection import tie_rule_text

    with translation.override("ru"):
        text = tie_rule_text(("total", "desc"))
    assert text.startswith("итоговый балл, ")


def test_the_coordinators_are_mailed_when_nobody_can_take_over_a_conflict(db, people):
    world = World.create(people, members=3)
    world.selection.evaluators_per_application = 3
    world.selection.save()
    application = world.apply()
    world.assign()
    first = Assignment.objects.filter(application=application).order_by("pk").first()
    mail.outbox.clear()

    with TestCase.captureOnCommitCallbacks(execute=True):
        committee.declare_conflict(first, reason="My cousin", by=first.evaluator)

    assert [message.to for message in mail.outbox] == [[people["coordinator"].email]]
    message = mail.outbox[0]
    assert message.subject == f"Application {application.reference} lacks evaluators"
    assert "no other member of the committee is free to take it over" in message.body
    assert "It now has 2 of the 3 evaluators required." in message.body
    assert f"/en/office/selection/{world.call.slug}/" in message.body
    assert "My cousin" not in message.body
    entry = AuditEntry.objects.get(action=committee.SHORT_OF_EVALUATORS)
    assert entry.data == {"application": application.reference, "evaluators": 2, "required": 3}
    assert entry.actor == first.evaluator


def test_the_coordinators_are_not_mailed_when_a_member_takes_over(db, people):
    world = World.create(people, members=3)
    world.selection.evaluators_per_application = 2
    world.selection.save()
    application = world.apply()
    world.assign()
    first = Assignment.objects.filter(application=application).order_by("pk").first()
    mail.outbox.clear()

    with TestCase.captureOnCommitCallbacks(execute=True):
        committee.declare_conflict(first, reason="My cousin", by=first.evaluator)

    assert people["coordinator"].email not in [to for m in mail.outbox for to in m.to]
    assert not AuditEntry.objects.filter(action=committee.SHORT_OF_EVALUATORS).exists()


def test_the_office_mail_follows_the_language_of_the_declaration(db, people):
    from django.utils import translation

    world = World.create(people, members=3)
    world.selection.evaluators_per_application = 3
    world.selection.save()
    application = world.apply()
    world.assign()
    first = Assignment.objects.filter(application=application).order_by("pk").first()
    mail.outbox.clear()

    with translation.override("ru"), TestCase.captureOnCommitCallbacks(execute=True):
        committee.declare_conflict(first, reason="Родственник", by=first.evaluator)

    message = mail.outbox[0]
    assert application.reference in message.subject
    assert "/ru/office/selection/" in message.body
    assert "evaluators required" not in message.body
