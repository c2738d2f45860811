"""The mobility's pages used as people use them: the host answers, the office moves,
cancels, changes and creates; bad input gets the field and the rule."""

import pytest
from django.core import mail
from django.urls import reverse

from erasmusdesk.mobility.links import make_token
from erasmusdesk.mobility.models import Mobility
from tests import factories
from tests.factories import mobility as builders


@pytest.fixture
def mobility(db, people):
    mobility = builders.selected_mobility(people["owner"])
    builders.host_contact(people["partner_contact"], mobility.receiving_hei)
    return mobility


def test_the_host_accepts_on_its_page(mobility, people, client_as):
    client = client_as(people["partner_contact"])
    url = reverse("mobility:host_detail", args=[mobility.omobility_id])
    response = client.post(
        url, {"answer": "accept", "comment": "See you", "version": mobility.version}, follow=True
    )
    assert "Your answer is recorded" in response.content.decode()
    mobility.refresh_from_db()
    assert (mobility.state, mobility.host_comment) == ("accepted", "See you")
    assert mobility.history.last().by == people["partner_contact"]
    # The sending office sees the answer.
    office = client_as(people["coordinator"]).get(
        reverse("mobility_office:detail", args=[mobility.omobility_id])
    )
    assert "See you" in office.content.decode()


def test_a_rejection_without_a_reason_names_the_field(mobility, people, client_as):
    response = client_as(people["partner_contact"]).post(
        reverse("mobility:host_detail", args=[mobility.omobility_id]),
        {"answer": "reject", "comment": "", "version": mobility.version},
    )
    assert response.status_code == 400
    assert "Give the reason of the rejection." in response.content.decode()
    assert Mobility.objects.get(pk=mobility.pk).state == "nominated"


def test_an_answer_on_a_stale_page_is_refused(mobility, people, client_as):
    response = client_as(people["partner_contact"]).post(
        reverse("mobility:host_detail", args=[mobility.omobility_id]),
        {"answer": "accept", "version": mobility.version - 1},
    )
    assert response.status_code == 400
    assert "changed while you were looking" in response.content.decode()


def test_a_host_without_an_account_answers_through_the_link_with_its_name(mobility, client):
    builders.contact_on_file(mobility.receiving_hei, "noaccount@partner.example")
    url = reverse("mobility:link", args=[make_token(mobility, "noaccount@partner.example")])
    response = client.post(url, {"answer": "accept", "version": mobility.version})
    assert response.status_code == 400
    assert "Give your name" in response.content.decode()
    client.post(url, {"answer": "accept", "name": "Jan Kowalski", "version": mobility.version})
    mobility.refresh_from_db()
    assert mobility.state == "accepted"
    assert mobility.history.last().by_name == "Jan Kowalski"


def test_the_office_moves_a_mobility_and_cancels_it_with_a_reason(mobility, people, client_as):
    client = client_as(people["coordinator"])
    mobility = builders.moved_to(mobility, "accepted", by=people["coordinator"])
    client.post(
        reverse("mobility_office:move", args=[mobility.omobility_id]),
        {"to": "la_approved", "reason": "", "version": mobility.version},
    )
    mobility.refresh_from_db()
    assert mobility.state == "la_approved"
    response = client.post(
        reverse("mobility_office:cancel", args=[mobility.omobility_id]),
        {"reason": "", "version": mobility.version},
    )
    assert response.status_code == 400
    assert "Give the reason" in response.content.decode()
    client.post(
        reverse("mobility_office:cancel", args=[mobility.omobility_id]),
        {"reason": "Visa refused", "version": mobility.version},
    )
    mobility.refresh_from_db()
    assert mobility.state == "cancelled"
    assert mobility.application.__class__.objects.get(pk=mobility.application_id).state == (
        "withdrawn"
    )
    page = client_as(people["owner"]).get(mobility.get_absolute_url()).content.decode()
    assert "Visa refused" in page and "This mobility is cancelled." in page


def test_the_office_changes_an_answered_nomination_and_reminds(mobility, people, client_as):
    client = client_as(people["coordinator"])
    mobility = builders.moved_to(mobility, "accepted", by=people["coordinator"])
    url = reverse("mobility_office:nomination", args=[mobility.omobility_id])
    data = {
        "planned_arrival_date": "2026-09-01",
        "planned_departure_date": "2026-08-01",
        "isced_f_code": "0311",
        "eqf_level_studied_at_departure": "6",
        "activity_attributes": "long-term",
        "language": "en",
        "cefr_level": "B2",
        "comment": "",
        "version": mobility.version,
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "must not be before the planned arrival" in response.content.decode()
    client.post(url, {**data, "planned_departure_date": "2027-01-20"})
    mobility.refresh_from_db()
    assert mobility.state == "nominated"
    builders.contact_on_file(mobility.receiving_hei, "host@partner.example")
    mail.outbox.clear()
    client.post(reverse("mobility_office:remind", args=[mobility.omobility_id]))
    assert Mobility.objects.get(pk=mobility.pk).reminded_at is not None


def test_the_office_creates_a_staff_mobility_on_its_page(db, people, client_as):
    home = builders.home()
    partner = factories.partner("Uni Staff", erasmus_code="D STAFF01")
    client = client_as(people["coordinator"])
    data = {
        "given_names": "Dana",
        "family_name": "Teacher",
        "email": "dana@example.org",
        "activity_type": "staff-teaching",
        "activity_attributes": "long-term",
        "sending_hei": home.pk,
        "receiving_hei": partner.pk,
        "planned_arrival_date": "2027-03-01",
        "planned_departure_date": "2027-03-07",
        "isced_f_code": "9999",
    }
    response = client.post(reverse("mobility_office:create"), data)
    assert response.status_code == 400
    assert "9999 is not a four-digit code" in response.content.decode()
    response = client.post(reverse("mobility_office:create"), {**data, "isced_f_code": "0311"})
    created = Mobility.objects.get(family_name="Teacher")
    assert response["Location"] == reverse("mobility_office:detail", args=[created.omobility_id])


def test_the_office_list_counts_and_filters_by_stage(mobility, people, client_as):
    client = client_as(people["coordinator"])
    page = client.get(reverse("mobility_office:index")).content.decode()
    assert mobility.family_name in page
    assert "Places used against the yearly quota" in page
    filtered = client.get(reverse("mobility_office:index"), {"stage": "closed"}).content.decode()
    assert mobility.family_name not in filtered


def test_the_application_page_leads_to_the_mobility(mobility, people, client_as):
    page = client_as(people["owner"]).get(mobility.application.get_absolute_url()).content.decode()
    assert mobility.get_absolute_url() in page


def test_the_partner_contact_has_its_nominations_in_the_menu(mobility, people, client_as):
    page = client_as(people["partner_contact"]).get(reverse("catalogue:home")).content.decode()
    assert reverse("mobility:host_list") in page


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_the_pages_speak_the_visitors_language(mobility, people, client_as, language):
    from django.utils import translation

    with translation.override(language):
        url = reverse("mobility:detail", args=[mobility.omobility_id])
        host = reverse("mobility:host_detail", args=[mobility.omobility_id])
    owner_page = client_as(people["owner"]).get(url).content.decode()
    assert "What comes next" not in owner_page and "Timeline" not in owner_page
    host_page = client_as(people["partner_contact"]).get(host).content.decode()
    assert "Your answer" not in host_page
