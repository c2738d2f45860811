"""The host's course list: the participant picks a course of the receiving institution for
table A, with its code, title and credits as the list gives them; another institution's
course, or one no longer offered, is refused."""

from decimal import Decimal

import pytest
from django.urls import reverse

from erasmusdesk.core.errors import DomainError
from erasmusdesk.mobility import learning
from erasmusdesk.mobility.models import HostCourse
from tests import factories
from tests.factories import mobility as builders


@pytest.fixture
def drafting(db, people):
    mobility = builders.selected_mobility(people["owner"])
    mobility = builders.moved_to(mobility, "accepted")
    agreement = learning.start_learning_agreement(mobility, by=people["owner"])
    return mobility, agreement


def _course(institution, title="Applied econometrics", **fields):
    course = HostCourse(
        institution=institution,
        los_code=fields.pop("los_code", "ECO-510"),
        title=title,
        credits=fields.pop("credits", Decimal("7.5")),
        term=fields.pop("term", "2026/2027 autumn"),
        **fields,
    )
    return learning.save_host_course(course, by=None)


def test_the_participant_picks_a_course_of_the_host(drafting, people, client_as):
    mobility, agreement = drafting
    course = _course(mobility.receiving_hei)
    elsewhere = _course(factories.partner("Other Uni", erasmus_code="D OTHER01"), "Law")
    owner = client_as(people["owner"])
    page = owner.get(reverse("mobility:la", args=[mobility.omobility_id])).content.decode()
    assert "course list" in page
    assert "ECO-510 Applied econometrics (7.5 ECTS)" in page
    assert "Law" not in page
    url = reverse("mobility:la_add_course", args=[mobility.omobility_id])
    response = owner.post(url, {"course": str(elsewhere.pk)})
    assert response.status_code == 400
    assert "Choose a course of the receiving institution" in response.content.decode()
    assert owner.post(url, {"course": str(course.pk), "term_id": ""}).status_code == 302
    component = agreement.components.get()
    assert (component.table, component.los_code, component.title) == (
        "A",
        "ECO-510",
        "Applied econometrics",
    )
    assert (component.credits, component.term_id) == (Decimal("7.5"), "2026/2027 autumn")


def test_a_course_no_longer_offered_is_refused(drafting):
    mobility, agreement = drafting
    course = _course(mobility.receiving_hei, active=False)
    with pytest.raises(DomainError) as error:
        learning.add_course(agreement, course=course, by=None)
    assert error.value.field == "course"
    assert not agreement.components.exists()


def test_without_a_course_list_the_page_offers_only_free_entry(drafting, people, client_as):
    mobility, _agreement = drafting
    page = client_as(people["owner"]).get(reverse("mobility:la", args=[mobility.omobility_id]))
    assert "course list" not in page.content.decode()


@pytest.mark.parametrize("credits", [Decimal("0"), Decimal("60.5")])
def test_a_course_list_entry_needs_credits_in_range(drafting, credits):
    mobility, _agreement = drafting
    with pytest.raises(DomainError) as error:
        _course(mobility.receiving_hei, credits=credits)
    assert error.value.field == "credits"


def test_the_home_university_has_no_course_list(drafting):
    mobility, _agreement = drafting
    with pytest.raises(DomainError) as error:
        _course(mobility.sending_hei)
    assert error.value.field == "institution"


@pytest.mark.parametrize(
    "role, status",
    [
        ("owner", 400),
        ("other_applicant", 404),
        ("evaluator", 404),
        ("coordinator", 404),
        ("partner_contact", 404),
        ("anonymous", 302),
    ],
)
def test_only_the_participant_adds_a_course(drafting, people, client_as, role, status):
    mobility, _agreement = drafting
    response = client_as(people[role]).post(
        reverse("mobility:la_add_course", args=[mobility.omobility_id]), {"course": "0"}
    )
    assert response.status_code == status
