"""The applicant's pages as a person uses them: start, fill, upload, submit, withdraw."""

import pytest
from django.core import mail

from erasmusdesk.applications.drafting import start_application
from erasmusdesk.applications.models import Application, Document
from erasmusdesk.calls.models import DocumentType
from tests import factories
from tests.factories import applications as builders
from tests.factories import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client_as, people):
    builders.complete_profile(people["owner"])
    return client_as(people["owner"])


@pytest.fixture
def draft(people, call):
    return start_application(call, by=people["owner"], category="bachelor")


def page(reference: str, name: str = "") -> str:
    return f"/en/applications/{reference}/{name}"


def test_my_applications_offers_the_open_call_and_apply_starts_a_draft(owner, call):
    listing = owner.get("/en/applications/").content.decode()
    assert call.title in listing and "Apply" in listing
    response = owner.post(f"/en/applications/start/{call.slug}/")
    application = Application.objects.get(call=call)
    assert response["Location"] == page(application.reference, "edit/")


def test_without_a_profile_apply_leads_to_the_profile(client_as, people, call):
    response = client_as(people["other_applicant"]).post(f"/en/applications/start/{call.slug}/")
    assert response["Location"] == "/en/account/profile/"
    assert not Application.objects.exists()


def test_the_form_saves_a_draft_and_shows_the_places_that_fit(owner, draft, call):
    first, second = builders.places(call)
    form = owner.get(page(draft.reference, "edit/")).content.decode()
    assert "No place of this call fits yet" in form  # no subject area chosen yet
    response = owner.post(
        page(draft.reference, "edit/"),
        {
            "subject_area": "0311",
            "place_1": second.pk,
            "period": "spring",
            "motivation": "Because.",
            "version": 0,
            "save": "",
        },
        follow=True,
    )
    assert "Draft saved." in response.content.decode()
    assert "2 places of this call fit your category" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.subject_area, draft.period, draft.preferences.get().place) == (
        "0311",
        "spring",
        second,
    )


def test_bad_input_names_the_field_and_keeps_what_was_typed(owner, draft):
    response = owner.post(
        page(draft.reference, "edit/"),
        {
            "period": "dates",
            "starts_on": "2027-03-01",
            "ends_on": "2027-02-01",
            "motivation": "Kept text",
            "version": 0,
        },
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert "Last day: Intended period: the last day must come after the first day." in content
    assert 'aria-invalid="true"' in content
    assert "Kept text" in content
    draft.refresh_from_db()
    assert draft.motivation == ""  # nothing half-saved


def test_a_second_window_is_told_its_form_is_stale(owner, draft):
    owner.post(page(draft.reference, "edit/"), {"motivation": "Tab A", "version": 0})
    response = owner.post(page(draft.reference, "edit/"), {"motivation": "Tab B", "version": 0})
    assert "saved in another window" in response.content.decode()
    assert 'name="version" value="1"' in response.content.decode()
    draft.refresh_from_db()
    assert draft.motivation == "Tab A"


def upload(client, application, code, data, name):
    type_id = DocumentType.objects.get(code=code).pk
    return client.post(
        page(application.reference, f"documents/upload/{type_id}/"),
        {"file": samples.uploaded(name, data, "application/pdf")},
        follow=True,
    )


def test_uploading_shows_the_file_and_its_fingerprint(owner, draft):
    response = upload(owner, draft, "transcript", samples.pdf_bytes(), "Transcript 2026.pdf")
    content = response.content.decode()
    document = Document.objects.get(application=draft)
    assert "“University transcript” uploaded." in content
    assert "Transcript 2026.pdf" in content and document.sha256[:12] in content


def test_a_renamed_program_is_refused_with_the_reason(owner, draft):
    response = upload(owner, draft, "transcript", samples.exe_bytes(), "transcript.pdf")
    assert response.status_code == 400
    assert "transcript.pdf" in response.content.decode()
    assert "program" in response.content.decode()
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_refused_before_it_is_read(owner, draft):
    big = samples.pdf_bytes(size_kb=5 * 1024 + 200)  # the builders' rules allow 5 MB
    response = upload(owner, draft, "transcript", big, "huge.pdf")
    assert response.status_code == 400
    assert "“huge.pdf” is larger than 5 MB, the limit for this document" in (
        response.content.decode()
    )
    assert not Document.objects.exists()


def test_an_upload_without_the_csrf_token_is_refused(client, people, draft):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people["owner"])
    type_id = DocumentType.objects.get(code="transcript").pk
    response = strict.post(
        page(draft.reference, f"documents/upload/{type_id}/"),
        {"file": samples.uploaded("t.pdf", samples.pdf_bytes())},
    )
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_remove_then_the_panel_counts_again(owner, draft):
    upload(owner, draft, "transcript", samples.pdf_bytes(), "t.pdf")
    document = Document.objects.get()
    response = owner.post(page(draft.reference, f"documents/{document.pk}/remove/"), follow=True)
    assert "“t.pdf” removed." in response.content.decode()
    assert not Document.objects.exists()


def test_submit_from_the_status_page_then_the_receipt(
    owner, people, call, django_capture_on_commit_callbacks
):
    application = builders.application(people["owner"], call)
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(page(application.reference, "submit/"), follow=True)
    content = response.content.decode()
    assert "Application submitted." in content
    assert "Download the receipt (PDF)" in content
    assert (
        owner.get(page(application.reference, "receipt.pdf"))["Content-Type"] == "application/pdf"
    )
    assert mail.outbox[-1].attachments


def test_an_incomplete_application_says_what_is_missing(owner, draft):
    response = owner.post(page(draft.reference, "submit/"), follow=True)
    assert "The application is not complete yet" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_after_the_deadline_the_pages_say_so_and_change_nothing(owner, people, call, frozen):
    application = builders.application(people["owner"], call)
    frozen(factories.local(2027, 5, 2))
    owner.force_login(people["owner"])  # five months on, the sign-in of December has expired
    status = owner.get(page(application.reference)).content.decode()
    assert "The call closed on" in status
    assert "Submit the application" not in status
    response = owner.get(page(application.reference, "edit/"), follow=True)
    assert "The call closed on" in response.content.decode()
    owner.post(page(application.reference, "submit/"))
    application.refresh_from_db()
    assert application.state == "draft"


def test_withdraw_asks_first_then_withdraws(owner, people, call):
    application = builders.application(people["owner"], call, state="submitted")
    confirm = owner.get(page(application.reference, "withdraw/")).content.decode()
    assert "This cannot be undone" in confirm
    response = owner.post(page(application.reference, "withdraw/"), {"reason": "Job"}, follow=True)
    assert "Your application is withdrawn." in response.content.decode()
    application.refresh_from_db()
    assert (application.state, application.history.last().reason) == ("withdrawn", "Job")


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_pages_render_in_each_language(owner, draft, language):
    for name in ("", "edit/", "documents/"):
        response = owner.get(f"/{language}/applications/{draft.reference}/{name}")
        assert response.status_code == 200
        assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.parametrize("state", ["selected", "reserve", "not_selected"])
def test_the_status_page_leads_to_the_published_result(owner, people, call, state):
    application = builders.application(people["owner"], call, state=state)
    content = owner.get(page(application.reference)).content.decode()
    assert "See your result and how it was decided" in content
    assert f"/en/applications/{application.reference}/result/" in content
