"""Who may open each selection page: the owner, another applicant, an evaluator (assigned,
not assigned, conflicted), the coordinator, a partner contact and an anonymous visitor.
Anyone without access gets 404, so that guessing a reference or an id reveals nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse

from erasmusdesk.core import clock
from erasmusdesk.selection import committee, publishing
from erasmusdesk.selection.models import Assignment
from tests.factories import applications as application_builders
from tests.factories import selection as builders

ROLES = ["owner", "other_applicant", "evaluator", "coordinator", "partner_contact", "anonymous"]


@pytest.fixture
def scene(db, people):
    """Five members, three per application: the owner's application is assigned to the
    shared evaluator and two others; one of them declared a conflict (the fourth took it
    over); the fifth is not assigned; an outsider evaluator is not on the committee."""
    world = builders.World.create(people, members=5)
    application = world.apply(people["owner"])
    application_builders.add_document(application, "transcript")
    world.assign()
    conflicted_member = next(
        assignment.evaluator
        for assignment in Assignment.objects.filter(application=application)
        if assignment.evaluator != people["evaluator"]
    )
    committee.declare_conflict(
        Assignment.objects.get(application=application, evaluator=conflicted_member),
        reason="My cousin",
        by=conflicted_member,
    )
    assigned = set(
        Assignment.objects.filter(application=application).values_list("evaluator_id", flat=True)
    )
    unassigned = next(m for m in world.members if m.pk not in assigned)
    return {
        "world": world,
        "application": application,
        "document": application.documents.get(),
        "unassigned_evaluator": unassigned,
        "conflicted_evaluator": conflicted_member,
        "outsider_evaluator": builders.evaluator("outsider"),
    }


def _user(role, people, scene):
    return scene[role] if role in scene else people[role]


def _login_redirect(response) -> bool:
    return response.status_code == 302 and "login" in response["Location"]


EVALUATOR_ROLES = ROLES + ["unassigned_evaluator", "conflicted_evaluator", "outsider_evaluator"]


@pytest.mark.parametrize("role", EVALUATOR_ROLES)
def test_only_the_assigned_evaluator_opens_the_application_to_score(client_as, people, scene, role):
    application = scene["application"]
    slug = scene["world"].call.slug
    client = client_as(_user(role, people, scene))
    pages = [
        ("get", reverse("selection:assignment", args=[slug, application.reference])),
        ("post", reverse("selection:score", args=[slug, application.reference])),
        ("post", reverse("selection:conflict", args=[slug, application.reference])),
        (
            "get",
            reverse("selection:document", args=[slug, application.reference, scene["document"].pk]),
        ),
    ]
    for method, url in pages:
        response = getattr(client, method)(url)
        if role == "anonymous":
            assert _login_redirect(response), url
        elif role == "evaluator":
            assert response.status_code in (200, 400), url  # an empty POST is refused
        else:
            assert response.status_code == 404, (role, url)


@pytest.mark.parametrize("role", EVALUATOR_ROLES)
def test_the_assignments_page_is_for_evaluators(client_as, people, scene, role):
    response = client_as(_user(role, people, scene)).get(reverse("selection:mine"))
    if role == "anonymous":
        assert _login_redirect(response)
    elif role in (
        "evaluator",
        "unassigned_evaluator",
        "conflicted_evaluator",
        "outsider_evaluator",
    ):
        assert response.status_code == 200
    else:
        assert response.status_code == 404


def test_a_conflicted_evaluator_sees_the_reference_but_no_link(client_as, scene):
    page = client_as(scene["conflicted_evaluator"]).get(reverse("selection:mine")).content.decode()
    reference = scene["application"].reference
    assert reference in page and "conflict of interest declared" in page
    assert reverse("selection:assignment", args=[scene["world"].call.slug, reference]) not in page


def test_guessing_another_application_or_document_gives_404(client_as, people, scene):
    world = scene["world"]
    other = world.apply(people["other_applicant"])
    other_document = application_builders.add_document(other, "transcript")
    client = client_as(people["evaluator"])
    slug, reference = world.call.slug, scene["application"].reference
    assert (
        client.get(reverse("selection:assignment", args=["another-call", reference])).status_code
        == 404
    )
    assert client.get(reverse("selection:assignment", args=[slug, "A26-99999"])).status_code == 404
    url = reverse("selection:document", args=[slug, reference, other_document.pk])
    assert client.get(url).status_code == 404


@pytest.fixture
def published(scene):
    world = scene["world"]
    world.score_all(7)
    publishing.publish_results(
        world.selection,
        by=world.coordinator,
        expected_run=0,
        appeal_deadline=clock.now() + timedelta(days=7),
    )
    return scene


@pytest.mark.parametrize("role", EVALUATOR_ROLES)
def test_only_the_owner_reads_the_result(client_as, people, published, role):
    reference = published["application"].reference
    client = client_as(_user(role, people, published))
    pages = [
        ("get", reverse("selection:result", args=[reference])),
        ("post", reverse("selection:appeal", args=[reference])),
        ("post", reverse("selection:offer", args=[reference])),
    ]
    for method, url in pages:
        response = getattr(client, method)(url)
        if role == "anonymous":
            assert _login_redirect(response), url
        elif role == "owner":
            assert response.status_code in (200, 302, 400), url
        else:
            assert response.status_code == 404, (role, url)
    assert client.get(reverse("selection:result", args=["A26-99999"])).status_code in (302, 404)


OFFICE_GET = [
    "index",
    "overview",
    "ranking",
    "preview",
    "changes",
    "appeals",
    "report_xlsx",
    "report_pdf",
]
OFFICE_POST = ["set_up", "add_member", "assign", "publish"]


@pytest.mark.parametrize("role", EVALUATOR_ROLES)
def test_the_office_pages_are_for_the_office(client_as, people, published, role):
    slug = published["world"].call.slug
    client = client_as(_user(role, people, published))
    urls = [("get", reverse("selection_office:index"))]
    urls += [("get", reverse(f"selection_office:{name}", args=[slug])) for name in OFFICE_GET[1:]]
    urls += [("post", reverse(f"selection_office:{name}", args=[slug])) for name in OFFICE_POST]
    member = published["world"].members[1].pk
    urls += [
        ("post", reverse("selection_office:remove_member", args=[slug, member])),
        ("post", reverse("selection_office:decide", args=[slug, 1])),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        if role == "anonymous":
            assert _login_redirect(response), url
        elif role == "coordinator":
            assert response.status_code in (200, 302, 400, 404), url
        else:
            assert response.status_code == 404, (role, url)


def test_the_coordinator_gets_404_for_an_unknown_call_or_appeal(client_as, people, published):
    client = client_as(people["coordinator"])
    slug = published["world"].call.slug
    assert client.get(reverse("selection_office:ranking", args=["no-such-call"])).status_code == 404
    assert client.post(reverse("selection_office:decide", args=[slug, 999])).status_code == 404
    for name in OFFICE_GET[1:]:
        response = client.get(reverse(f"selection_office:{name}", args=[slug]))
        assert response.status_code == 200, name
