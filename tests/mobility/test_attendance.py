"""The certificate of attendance: uploaded by the participant, accepted by the office
(its dates confirmed) or rejected with a reason."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from erasmusdesk.core import clock
from erasmusdesk.mobility.models import AttendanceCertificate, Mobility
from tests.factories import mobility as builders
from tests.factories.samples import pdf_bytes


@pytest.fixture
def mobility(db, people):
    mobility = builders.selected_mobility(people["owner"])
    builders.approved_agreement(mobility, by=people["owner"])
    return Mobility.objects.get(pk=mobility.pk)


def _upload(client, mobility, data, arrival, departure=""):
    return client.post(
        reverse("mobility:certificate", args=[mobility.omobility_id]),
        {
            "file": SimpleUploadedFile("certificate.pdf", data),
            "arrival_date": arrival.isoformat(),
            "departure_date": departure and departure.isoformat(),
        },
        follow=True,
    )


def test_the_office_accepts_the_certificate_and_its_dates_are_confirmed(
    mobility, people, client_as
):
    today = clock.localdate()
    student = client_as(people["owner"])
    page = _upload(student, mobility, b"not a pdf", today).content.decode()
    assert "must be a PDF document" in page
    page = _upload(student, mobility, pdf_bytes(), today + timedelta(days=1)).content.decode()
    assert "cannot be in the future" in page
    _upload(student, mobility, pdf_bytes(), today - timedelta(days=150), today)
    certificate = AttendanceCertificate.objects.get()
    office = client_as(people["coordinator"])
    file = office.get(
        reverse("mobility_office:certificate_file", args=[mobility.omobility_id, certificate.pk])
    )
    assert file.status_code == 200
    office.post(
        reverse("mobility_office:certificate_decide", args=[mobility.omobility_id, certificate.pk]),
        {"decision": "accept"},
    )
    mobility.refresh_from_db()
    assert mobility.state == "departed"
    assert mobility.actual_arrival_date == today - timedelta(days=150)
    assert mobility.actual_departure_date == today


def test_a_rejection_needs_a_reason_and_others_cannot_see_the_file(mobility, people, client_as):
    _upload(client_as(people["owner"]), mobility, pdf_bytes(), clock.localdate())
    certificate = AttendanceCertificate.objects.get()
    office = client_as(people["coordinator"])
    url = reverse(
        "mobility_office:certificate_decide", args=[mobility.omobility_id, certificate.pk]
    )
    office.post(url, {"decision": "reject", "reason": ""})
    assert AttendanceCertificate.objects.get().status == "pending"
    office.post(url, {"decision": "reject", "reason": "Not signed"})
    assert AttendanceCertificate.objects.get().status == "rejected"
    for role in ("owner", "partner_contact", "other_applicant"):
        response = client_as(people[role]).get(
            reverse(
                "mobility_office:certificate_file", args=[mobility.omobility_id, certificate.pk]
            )
        )
        assert response.status_code == 404
