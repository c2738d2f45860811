"""Each role lands on its own start page, made of the panels the apps register."""

import pytest
from django.urls import reverse

from erasmusdesk.core import home as home_module
from erasmusdesk.core.home import Item, register_panel, registered_panels
from tests.factories import applications as builders
from tests.factories.selection import World

pytestmark = pytest.mark.django_db


def test_signing_in_lands_on_the_home_page(client, people):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(
        user=people["coordinator"], email="coordinator@example.org", verified=True, primary=True
    )
    response = client.post(
        reverse("account_login"),
        {"login": "coordinator@example.org", "password": "a-long-test-password-42"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_an_applicant_goes_on_to_their_applications(client_as, people):
    client = client_as(people["owner"])
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:mine")


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_coordinator_sees_what_needs_doing(client_as, people):
    call = builders.call_with_places()
    builders.application(people["owner"], call, state="submitted")
    builders.application(people["other_applicant"], call, state="submitted")
    page = client_as(people["coordinator"]).get(reverse("home"))
    assert page.status_code == 200
    html = page.content.decode()
    for title in (
        "Applications to check",
        "Documents to review",
        "Committee progress",
        "Appeals waiting",
        "Places on offer",
        "Next deadlines",
        "Budget used",
        "Recent activity",
    ):
        assert f">{title}</h2>" in html, title
    to_check = page.context["panels"][0]
    assert to_check.panel.name == "applications.to_check"
    assert [(item.label, item.count) for item in to_check.context["items"]] == [(call.title, 2)]
    assert f"/office/applications/{call.slug}/?state=submitted" in html
    # The evaluator's own panel is not the office's.
    assert "Your assignments" not in html


def test_the_evaluator_sees_their_assignments_with_progress(client_as, people):
    world = World.create(people)
    first = world.apply()
    world.apply()
    world.assign()
    world.score(first)
    page = client_as(people["evaluator"]).get(reverse("home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert ">Your assignments</h2>" in html
    assert "1 of 2 scored" in html
    assert "Applications to check" not in html


def test_a_panel_is_a_few_lines_and_hides_when_it_has_nothing(client_as, people, monkeypatch):
    monkeypatch.setattr(home_module, "_PANELS", dict(home_module._PANELS))

    @register_panel("test.waiting", title="Nominations waiting", shown_to=lambda u: True, order=1)
    def waiting(request):
        return {"items": [Item("To Warsaw", 3, "/somewhere/")]}

    @register_panel("test.hidden", title="Never shown", shown_to=lambda u: True, order=2)
    def hidden(request):
        return None

    assert "test.waiting" in [panel.name for panel in registered_panels()]
    html = client_as(people["partner_contact"]).get(reverse("home")).content.decode()
    assert ">Nominations waiting</h2>" in html
    assert '<a href="/somewhere/">To Warsaw</a>' in html
    assert "Never shown" not in html


def test_the_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"


def test_the_mobility_app_adds_its_panels(client_as, people):
    from django.contrib.auth.models import Permission

    from tests.factories import mobility as mobility_builders

    mobility = mobility_builders.selected_mobility(people["owner"])
    people["coordinator"].groups.first().permissions.add(
        *Permission.objects.filter(content_type__app_label="mobility")
    )
    office = client_as(people["coordinator"]).get(reverse("home")).content.decode()
    assert ">Mobilities waiting</h2>" in office
    assert "?stage=nominated" in office

    mobility_builders.host_contact(people["partner_contact"], mobility.receiving_hei)
    host = client_as(people["partner_contact"]).get(reverse("home"))
    panel = next(p for p in host.context["panels"] if p.panel.name == "mobility.nominations")
    assert [(item.label, item.count) for item in panel.context["items"]] == [
        ("Nominations to answer", 1),
        ("All nominations to your institution", 1),
    ]
