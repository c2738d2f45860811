"""A host contact without an account works through the e-mailed signed link as an account
holder does: answers the nomination, signs the learning agreement for the receiving
institution, confirms the stay and enters the transcript of records; the link opens that
one mobility only, and only until it expires."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse

from erasmusdesk.core import clock
from erasmusdesk.mobility import learning
from erasmusdesk.mobility.links import make_token
from erasmusdesk.mobility.models import Mobility
from tests import factories
from tests.factories import mobility as builders

EMAIL = "noaccount@partner.example"


@pytest.fixture
def two(db, people):
    """Two mobilities to the same host; the host's contact on file has no account."""
    first = builders.selected_mobility(people["owner"])
    second = builders.selected_mobility(people["other_applicant"], call=first.application.call)
    assert second.receiving_hei_id == first.receiving_hei_id
    builders.contact_on_file(first.receiving_hei, EMAIL)
    return first, second


def _url(name, mobility, email=EMAIL):
    return reverse(name, args=[make_token(mobility, email)])


def _proposed(mobility):
    agreement = builders.learning_agreement(mobility)
    learning.submit(agreement, by=None, digest=learning.content_digest(agreement))
    return agreement


def test_the_link_signs_the_learning_agreement_for_the_receiving_institution(two, client):
    first, second = two
    agreement = _proposed(first)
    other = _proposed(second)
    url = _url("mobility:link_la", first)
    page = client.get(url).content.decode()
    assert "Kurmangazykyzy" in page and "Download the learning agreement (PDF)" in page
    assert f'value="{EMAIL}"' in page  # the address the link was sent to
    digest = learning.content_digest(agreement)
    response = client.post(
        url,
        {
            "decision": "approve",
            "signer_name": "Jan Kowalski",
            "signer_position": "Erasmus coordinator",
            "signer_email": "someone.else@example.org",  # ignored: the link's address signs
            "digest": digest,
        },
    )
    assert response.status_code == 302
    signature = agreement.signatures.get(party="receiving")
    assert (signature.signer_name, signature.signer_email, signature.sha256) == (
        "Jan Kowalski",
        EMAIL,
        digest,
    )
    # The other mobility to the same host is untouched.
    assert not other.signatures.filter(party="receiving").exists()
    pdf = client.get(_url("mobility:link_la_pdf", first))
    assert pdf["Content-Type"] == "application/pdf"


def test_the_link_signature_without_a_name_names_the_field(two, client):
    first, _second = two
    agreement = _proposed(first)
    response = client.post(
        _url("mobility:link_la", first),
        {"decision": "approve", "signer_name": "", "digest": learning.content_digest(agreement)},
    )
    assert response.status_code == 400
    assert "Your name" in response.content.decode()
    assert not agreement.signatures.filter(party="receiving").exists()


def test_the_link_confirms_the_stay_and_enters_the_transcript(two, client):
    first, _second = two
    builders.approved_agreement(first)
    detail = client.get(_url("mobility:link", first)).content.decode()
    assert "Confirm the arrival" in detail
    arrival = clock.localdate() - timedelta(days=30)
    client.post(_url("mobility:link_stay", first), {"what": "arrival", "on": arrival.isoformat()})
    first.refresh_from_db()
    assert (first.state, first.actual_arrival_date) == ("arrived", arrival)
    client.post(
        _url("mobility:link_stay", first),
        {"what": "departure", "on": clock.localdate().isoformat()},
    )
    first.refresh_from_db()
    assert first.state == "departed"
    detail = client.get(_url("mobility:link", first)).content.decode()
    assert _url("mobility:link_transcript", first) in detail
    url = _url("mobility:link_transcript", first)
    data = {
        "issue_date": clock.localdate().isoformat(),
        "grading_scheme": "2-5",
        "results": "ECO101; Microeconomics; 30; 4; yes",
        "grading_table": "",
        "years": "",
    }
    assert client.post(url, data).status_code == 302
    first.refresh_from_db()
    assert first.state == "transcript_received"
    assert first.transcript.results.get().grade == "4"
    assert first.history.order_by("-at", "-pk").first().by_name == EMAIL


def test_the_link_transcript_before_the_departure_is_closed(two, client):
    first, _second = two
    builders.approved_agreement(first)
    page = client.get(_url("mobility:link_transcript", first)).content.decode()
    assert "The transcript is entered after the departure" in page
    assert 'name="results"' not in page


def test_a_link_of_one_mobility_does_not_reach_another(two, client):
    first, second = two
    _proposed(first)
    _proposed(second)
    token = make_token(first, EMAIL)
    page = client.get(reverse("mobility:link_la", args=[token])).content.decode()
    assert "Kurmangazykyzy" in page
    # The account's pages of the other mobility stay closed to the link's holder.
    assert client.get(reverse("mobility:host_la", args=[second.omobility_id])).status_code == 302
    # A token edited to name the other mobility fails its signature.
    payload, stamp, mac = token.split(":")
    data = signing.b64_decode(payload.encode()).decode()
    assert str(first.omobility_id) in data
    swapped = data.replace(str(first.omobility_id), str(second.omobility_id))
    forged = ":".join([signing.b64_encode(swapped.encode()).decode(), stamp, mac])
    for name in ("mobility:link_la", "mobility:link_transcript", "mobility:link_la_pdf"):
        assert client.get(reverse(name, args=[forged])).status_code == 404
    assert client.post(reverse("mobility:link_stay", args=[forged])).status_code == 404


def test_a_link_to_someone_not_the_hosts_contact_opens_nothing(two, client):
    first, _second = two
    elsewhere = factories.partner("Other Uni", erasmus_code="D OTHER01")
    builders.contact_on_file(elsewhere, "other@elsewhere.example")
    for name in ("mobility:link_la", "mobility:link_transcript", "mobility:link_la_pdf"):
        assert client.get(_url(name, first, "other@elsewhere.example")).status_code == 404


def test_the_host_actions_of_a_link_expire_with_it(two, client, frozen, settings):
    first, _second = two
    settings.ERASMUSDESK_NOMINATION_LINK_DAYS = 30
    _proposed(first)
    token = make_token(first, EMAIL)
    start = factories.local(2027, 2, 1, 12)
    frozen(start + timedelta(days=30) - timedelta(seconds=1))
    assert client.get(reverse("mobility:link_la", args=[token])).status_code == 200
    frozen(start + timedelta(days=30, seconds=1))
    for name in ("mobility:link_la", "mobility:link_transcript", "mobility:link_la_pdf"):
        assert client.get(reverse(name, args=[token])).status_code == 404
    assert Mobility.objects.get(pk=first.pk).state == "accepted"
