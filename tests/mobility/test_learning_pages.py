"""The learning agreement's pages: the participant drafts and signs, the host and the
office approve; a stale page is refused; a change proposal shows what it changes."""

import pytest
from django.urls import reverse

from erasmusdesk.mobility import learning
from erasmusdesk.mobility.models import Mobility
from tests.factories import mobility as builders


@pytest.fixture
def mobility(db, people):
    mobility = builders.selected_mobility(people["owner"])
    builders.host_contact(people["partner_contact"], mobility.receiving_hei, position="Erasmus")
    return mobility


def _sign(client, url, page_digest, **extra):
    return client.post(
        url,
        {
            "decision": "approve",
            "signer_name": "Ewa Nowak",
            "signer_position": "Coordinator",
            "signer_email": "ewa@partner.example",
            "digest": page_digest,
            **extra,
        },
    )


def test_the_whole_first_version_through_the_pages(mobility, people, client_as):
    owner = client_as(people["owner"])
    la_url = reverse("mobility:la", args=[mobility.omobility_id])
    builders.moved_to(mobility, "accepted")
    owner.post(reverse("mobility:la_start", args=[mobility.omobility_id]))
    response = owner.post(
        reverse("mobility:la_add", args=[mobility.omobility_id]),
        {"table": "A", "title": "Econometrics", "term_id": "2026/2027 autumn", "credits": "0"},
    )
    assert response.status_code == 400
    assert "more than 0 and at most 60" in response.content.decode()
    for table, title, credits in [("A", "Econometrics", "30"), ("B", "Economic theory", "30")]:
        owner.post(
            reverse("mobility:la_add", args=[mobility.omobility_id]),
            {"table": table, "title": title, "term_id": "2026/2027 autumn", "credits": credits},
        )
    page = owner.get(la_url).content.decode()
    assert "Econometrics" in page and "Economic theory" in page
    agreement = learning.current(mobility)
    digest = learning.content_digest(agreement)
    owner.post(reverse("mobility:la_submit", args=[mobility.omobility_id]), {"digest": digest})
    agreement.refresh_from_db()
    assert agreement.status == "proposed"

    host = client_as(people["partner_contact"])
    host_url = reverse("mobility:host_la", args=[mobility.omobility_id])
    host_page = host.get(host_url).content.decode()
    assert 'value="Erasmus"' in host_page  # the contact's position, filled in
    assert _sign(host, host_url, "stale").status_code == 400
    response = _sign(host, host_url, digest)
    assert response.status_code == 302, response.content.decode()[-3000:]
    office = client_as(people["coordinator"])
    _sign(office, reverse("mobility_office:la", args=[mobility.omobility_id]), digest)
    agreement.refresh_from_db()
    assert agreement.status == "approved"
    assert Mobility.objects.get(pk=mobility.pk).state == "la_approved"
    page = client_as(people["owner"]).get(la_url).content.decode()
    assert "Ewa Nowak" in page and digest in page


def test_a_change_proposal_shows_what_it_changes(mobility, people, client_as):
    builders.approved_agreement(mobility, by=people["owner"])
    owner = client_as(people["owner"])
    owner.post(reverse("mobility:la_change", args=[mobility.omobility_id]))
    proposal = learning.current(mobility)
    assert proposal.number == 2
    response = owner.post(
        reverse("mobility:la_add", args=[mobility.omobility_id]),
        {"table": "A", "title": "Polish B1", "term_id": "2026/2027 autumn", "credits": "8"},
    )
    assert "needs the reason of the change" in response.content.decode()
    owner.post(
        reverse("mobility:la_add", args=[mobility.omobility_id]),
        {
            "table": "A",
            "title": "Polish B1",
            "term_id": "2026/2027 autumn",
            "credits": "8",
            "reason_code": "substituting-deleted",
        },
    )
    old = proposal.components.get(los_code="ECO404")
    owner.post(
        reverse("mobility:la_remove", args=[mobility.omobility_id, old.pk]),
        {"reason_code": "not-available"},
    )
    page = owner.get(reverse("mobility:la", args=[mobility.omobility_id])).content.decode()
    assert "Inserted in table A: Polish B1 (8.0 ECTS)" in page
    assert "Deleted from table A: Polish for foreigners (8.0 ECTS)" in page


def test_another_applicant_cannot_remove_a_component(mobility, people, client_as):
    agreement = builders.learning_agreement(mobility, by=people["owner"])
    component = agreement.components.first()
    response = client_as(people["other_applicant"]).post(
        reverse("mobility:la_remove", args=[mobility.omobility_id, component.pk])
    )
    assert response.status_code == 404
    assert agreement.components.filter(pk=component.pk).exists()


def test_the_learning_agreement_pdf_names_the_parties_and_the_tables(mobility, people, client_as):
    from pypdf import PdfReader

    builders.approved_agreement(mobility, by=people["owner"])
    response = client_as(people["owner"]).get(
        reverse("mobility:la_pdf", args=[mobility.omobility_id])
    )
    assert response["Content-Type"] == "application/pdf"
    import io

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Learning Agreement" in text and "Student Mobility for Studies" in text
    assert "Table A" in text and "Econometrics" in text
    assert "Receiving Coordinator" in text
