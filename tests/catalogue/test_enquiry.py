import pytest
from django.core import mail

from erasmusdesk.catalogue.models import Enquiry
from erasmusdesk.core.models import AuditEntry

pytestmark = pytest.mark.django_db

VALID = {
    "name": "Aigerim Sadykova",
    "email": "aigerim@example.kz",
    "message": "Can a third-year bachelor apply for a traineeship?",
}


def test_valid_enquiry_is_stored_mailed_to_the_office_and_audited(
    client, demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/contact/", {**VALID, "opportunity": ""}, follow=True)
    assert response.redirect_chain == [("/en/contact/", 302)]
    assert "Your question has reached the international office" in response.content.decode()
    enquiry = Enquiry.objects.get()
    assert (enquiry.name, enquiry.email, enquiry.language) == (
        "Aigerim Sadykova",
        "aigerim@example.kz",
        "en",
    )
    assert [message.to for message in mail.outbox] == [["international@atyrau-university.example"]]
    assert "third-year bachelor" in mail.outbox[0].body
    assert AuditEntry.objects.filter(action="erasmusdesk.enquiry.received").count() == 1


def test_enquiry_about_an_opportunity_records_it(client, demo):
    from erasmusdesk.catalogue.models import Opportunity

    icm = Opportunity.objects.get(slug="international-credit-mobility")
    client.post("/ru/contact/", {**VALID, "opportunity": icm.pk})
    assert (Enquiry.objects.get().opportunity, Enquiry.objects.get().language) == (icm, "ru")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Your name: This field is required."),
        ("email", "not-an-email", "Your e-mail: Enter a valid email address."),
        ("message", "x" * 3001, "Your question: Ensure this value has at most 3000 characters"),
        ("message", "", "Your question: This field is required."),
        ("name", "Bad\x07name", "Your name: The name must not contain control characters."),
        ("opportunity", "999999", "About: Select a valid choice."),
    ],
)
def test_malformed_enquiry_names_the_field_and_stores_nothing(client, demo, field, value, message):
    response = client.post("/en/contact/", {**VALID, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Enquiry.objects.count() == 0


def test_malformed_enquiry_error_is_translated(client, demo):
    response = client.post("/kk/contact/", {**VALID, "email": "nope"})
    content = response.content.decode()
    assert response.status_code == 400
    assert "Сіздің электрондық поштаңыз" in content


def test_enquiries_over_the_hourly_limit_are_refused(client, demo, settings):
    settings.ERASMUSDESK_ENQUIRIES_PER_HOUR = 2
    for _ in range(2):
        assert client.post("/en/contact/", VALID).status_code == 302
    response = client.post("/en/contact/", VALID)
    assert response.status_code == 400
    assert "You have sent 2 enquiries in the last hour" in response.content.decode()
    assert Enquiry.objects.count() == 2


def test_the_limit_counts_per_address(client, demo, settings):
    settings.ERASMUSDESK_ENQUIRIES_PER_HOUR = 1
    assert client.post("/en/contact/", VALID, REMOTE_ADDR="10.0.0.1").status_code == 302
    assert client.post("/en/contact/", VALID, REMOTE_ADDR="10.0.0.2").status_code == 302
    assert client.post("/en/contact/", VALID, REMOTE_ADDR="10.0.0.1").status_code == 400


def test_contact_page_shows_the_office_block(client, demo):
    content = client.get("/ru/contact/").content.decode()
    assert "Отдел международного сотрудничества" in content
    assert "international@atyrau-university.example" in content


def test_invalid_field_is_marked_for_screen_readers(client, demo):
    content = client.post("/en/contact/", {**VALID, "email": "nope"}).content.decode()
    assert 'aria-invalid="true"' in content
    assert 'aria-describedby="id_email-error"' in content
    assert 'id="id_email-error"' in content
