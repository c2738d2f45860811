"""The office's EWP page: who may see it, and what it shows and does."""

import pytest
from django.test import Client
from django.urls import reverse

from erasmusdesk.ewp import notifications, sync
from erasmusdesk.ewp.models import Exchange, Notification, PartnerIia, PartnerIiaState
from tests import factories
from tests.factories import ewp as builders

pytestmark = pytest.mark.django_db

OUTSIDERS = ["owner", "other_applicant", "evaluator", "partner_contact"]


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _pages():
    pk = builders.samples()
    return [
        ("get", reverse("ewp_office:index")),
        ("get", reverse("ewp_office:exchange", args=[pk])),
        ("get", reverse("ewp_office:partner_iia", args=[pk])),
        ("post", reverse("ewp_office:refresh")),
        ("post", reverse("ewp_office:check")),
        ("post", reverse("ewp_office:notify_again", args=[pk])),
    ]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_every_ewp_office_page_is_404_to_everyone_but_the_office(people, role):
    for method, path in _pages():
        assert getattr(_client(people[role]), method)(path).status_code == 404, path


def test_an_anonymous_visitor_is_sent_to_sign_in(people):
    for method, path in _pages():
        response = getattr(Client(), method)(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_the_office_sees_that_ewp_is_off(people, settings):
    settings.ERASMUSDESK_EWP_HEI_ID = ""
    page = _client(people["coordinator"]).get(reverse("ewp_office:index"))
    assert page.status_code == 200
    assert "EWP is off" in page.content.decode()


def test_the_office_sees_the_node_the_partners_and_the_log(people, nodes):
    a, b = nodes
    coordinator = _client(people["coordinator"])
    with a.active():
        page = coordinator.get(reverse("ewp_office:index")).content.decode()
    assert "<code>a.example</code>" in page
    assert "https://a.example/ewp/manifest.xml" in page
    assert "b.example" in page and "iias 7.0.0" in page
    Exchange.objects.create(
        direction="in",
        api="iias",
        url="https://a.example/ewp/iias/get",
        status=403,
        error="The keyId is not a client key known to the registry.",
        at=factories.clock.now(),
    )
    with a.active():
        errors = coordinator.get(reverse("ewp_office:index") + "?errors=1").content.decode()
    assert "The keyId is not a client key known to the registry." in errors
    assert "Show every exchange" in errors


def test_the_office_checks_a_partners_node(people, nodes):
    a, _ = nodes
    with a.active():
        page = _client(people["coordinator"]).post(
            reverse("ewp_office:check"), {"hei_id": "b.example"}
        )
    text = page.content.decode()
    assert "https://b.example/ewp/manifest.xml" in text
    assert text.count('class="ewp-ok"') == 2  # the manifest is valid, Echo answered signed
    assert "<code>iias</code> 7.0.0" in text


def test_refresh_now_fetches_the_partners_agreements(people, nodes):
    a, b = nodes
    # A's agreement with B, which B's office refreshes.
    partner_b = factories.Institution.objects.get(ewp_hei_id="b.example")
    factories.agreement(partner_b, ewp_iia_id="a-iia-1")
    with b.active():
        response = _client(people["coordinator"]).post(reverse("ewp_office:refresh"), follow=True)
    assert "a.example: 1 agreements fetched." in response.content.decode(), [
        m.message for m in response.context["messages"]
    ]
    assert PartnerIia.objects.get().partner_iia_id == "a-iia-1"


def test_the_partners_copy_beside_ours_and_its_approval(people, nodes):
    a, b = nodes
    partner_b = factories.Institution.objects.get(ewp_hei_id="b.example")
    factories.agreement(partner_b, ewp_iia_id="a-b-1")
    with b.active():
        (copy,) = sync.pull_iias("a.example")
    # B's office reads A's copy; it names B's agreement only when B has one, so the page at A
    # (ours: the same agreement) shows the comparison the other way round.
    copy.partner_hei_id, copy.our_iia_id = "b.example", "a-b-1"
    copy.save()
    coordinator = _client(people["coordinator"])
    path = reverse("ewp_office:partner_iia", args=[copy.pk])
    with a.active():
        page = coordinator.get(path).content.decode()
        assert "The two copies have the same cooperation conditions." in page
        coordinator.post(path)
    copy.refresh_from_db()
    assert copy.state == PartnerIiaState.APPROVED
    assert copy.approved_hash == copy.iia_hash


def test_a_copy_that_differs_cannot_be_approved(people, nodes):
    a, b = nodes
    partner_b = factories.Institution.objects.get(ewp_hei_id="b.example")
    agreement = factories.agreement(partner_b, ewp_iia_id="a-b-2")
    with b.active():
        (copy,) = sync.pull_iias("a.example")
    copy.partner_hei_id, copy.our_iia_id = "b.example", "a-b-2"
    copy.save()
    condition = agreement.conditions.get()
    condition.mobilities_per_year = 9
    condition.save()
    path = reverse("ewp_office:partner_iia", args=[copy.pk])
    with a.active():
        page = _client(people["coordinator"]).post(path, follow=True).content.decode()
    assert "The two copies differ: it cannot be approved." in page
    assert 'class="ewp-differs"' in page
    copy.refresh_from_db()
    assert copy.state == PartnerIiaState.FETCHED


def test_notify_the_partner_again(people, nodes, settings):
    a, _ = nodes
    settings.ERASMUSDESK_EWP_REGISTRY = ""  # the partner cannot be found: the sending fails
    with a.active():
        queued = notifications.queue(api="iia-cnr", partner_hei_id="b.example", object_id="7")
        notifications.send_due.call()
        queued.refresh_from_db()
        assert queued.attempts == 1 and "serves no iia-cnr" in queued.last_error
        page = _client(people["coordinator"]).get(reverse("ewp_office:index")).content.decode()
        assert "Notify the partner again" in page
        _client(people["coordinator"]).post(reverse("ewp_office:notify_again", args=[queued.pk]))
    assert Notification.objects.filter(direction="out").count() == 1


@pytest.mark.parametrize(("language", "words"), [("ru", "Журнал обмена"), ("kk", "Алмасу журналы")])
def test_the_ewp_page_speaks_russian_and_kazakh(people, nodes, language, words):
    a, _ = nodes
    with a.active():
        page = _client(people["coordinator"]).get(f"/{language}/office/ewp/").content.decode()
    assert words in page
    assert "Communication log" not in page and "Partners on EWP" not in page
