"""The office's application pages: counts per call, the filtered list, the application with
its documents, reviews, decisions and history, the document files, in three languages."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from erasmusdesk.applications.models import Application, Document, Review, StateChange
from erasmusdesk.core.models import AuditEntry
from erasmusdesk.institutions.models import Institution
from tests.factories import applications as builders

pytestmark = pytest.mark.django_db
LIST = "/en/office/applications/icm-test-2026/"


@pytest.fixture
def coordinator(client_as, people):
    builders.office_permissions()
    return client_as(people["coordinator"])


@pytest.fixture
def submitted(people, call):
    """The owner's submitted application, with a profile, submitted at 10:30 in Almaty."""
    builders.applicant_profile(people["owner"])
    application = builders.application(people["owner"], call, state="submitted")
    Application.objects.filter(pk=application.pk).update(
        submitted_at=datetime(2026, 11, 2, 5, 30, tzinfo=UTC)
    )
    application.refresh_from_db()
    return application


def _detail(application) -> str:
    return f"/en/office/applications/a/{application.reference}/"


def _person(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(username, email=f"{username}@example.org")


# Calls and the list ------------------------------------------------------------------------


def test_index_counts_applications_per_state_with_a_chart(coordinator, people, call, submitted):
    builders.application(people["other_applicant"], call, state="eligible", documents=False)
    builders.application(_person("drafter"), call, documents=False)
    content = coordinator.get("/en/office/applications/").content.decode()
    assert f'href="{LIST}"' in content
    assert "Call icm-test-2026" in content
    assert "<svg" in content
    assert "submitted: 1 application; eligible: 1 application" in content
    assert "draft: 1 application" in content
    assert "<strong>3</strong>" in content


def test_list_shows_each_column(coordinator, people, call, submitted):
    content = coordinator.get(LIST).content.decode()
    assert submitted.reference in content
    assert "KURMANGAZYKYZY Asel" in content
    assert "bachelor student" in content
    assert "Faculty of Economics" in content
    assert "normal round" in content
    assert "2 November 2026, 10:30" in content  # 05:30 UTC is 10:30 in Almaty
    assert "9/9" in content
    assert "Uniwersytet Testowy" in content
    assert "Universidade de Teste" in content
    assert "1 application matches" in content


def test_list_counts_what_is_missing(coordinator, people, call, submitted):
    Document.objects.filter(application=submitted, document_type__code="transcript").delete()
    content = coordinator.get(LIST).content.decode()
    assert "8/9" in content


def test_list_filters_by_state_category_faculty_and_partner(coordinator, people, call, submitted):
    other = _person("teacher")
    builders.applicant_profile(
        other, given_names="Bolat", family_name="Sadykov", faculty="Faculty of Law"
    )
    theirs = builders.application(other, call, state="eligible", category="master")
    warsaw = Institution.objects.get(name="Uniwersytet Testowy")
    lisbon = Institution.objects.get(name="Universidade de Teste")
    theirs.preferences.all().delete()
    theirs.preferences.create(position=1, place=builders.places(call)[1])
    assert builders.places(call)[1].agreement.partner == lisbon

    def shown(query: str) -> set[str]:
        content = coordinator.get(f"{LIST}?{query}").content.decode()
        return {ref for ref in (submitted.reference, theirs.reference) if f">{ref}</a>" in content}

    assert shown("") == {submitted.reference, theirs.reference}
    assert shown("state=eligible") == {theirs.reference}
    assert shown("category=bachelor") == {submitted.reference}
    assert shown("faculty=Faculty+of+Law") == {theirs.reference}
    assert shown(f"partner={warsaw.pk}") == {submitted.reference}
    assert shown(f"partner={lisbon.pk}") == {submitted.reference, theirs.reference}
    assert shown(f"q={theirs.reference}") == {theirs.reference}
    assert shown("q=sadykov") == {theirs.reference}
    assert shown("q=asel+kurmangazykyzy") == {submitted.reference}
    assert shown("q=nobody") == set()


def test_list_names_a_bad_filter_and_keeps_the_others(coordinator, people, call, submitted):
    response = coordinator.get(f"{LIST}?state=lost&category=master")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Some filters could not be used:" in content
    assert "State: Select a valid choice." in content
    assert "No application matches these filters." in content


def test_list_sorts_by_reference_and_submission(coordinator, people, call, submitted):
    later = builders.application(_person("later"), call, state="submitted", documents=False)
    Application.objects.filter(pk=later.pk).update(
        submitted_at=datetime(2026, 11, 3, 5, 30, tzinfo=UTC)
    )

    def order(query: str) -> list[str]:
        content = coordinator.get(f"{LIST}?{query}").content.decode()
        return sorted(
            (submitted.reference, later.reference), key=lambda ref: content.index(f">{ref}</a>")
        )

    assert order("") == [submitted.reference, later.reference]
    assert order("sort=-submitted") == [later.reference, submitted.reference]
    assert order("sort=-reference") == [later.reference, submitted.reference]
    assert order("sort=reference") == [submitted.reference, later.reference]
    content = coordinator.get(f"{LIST}?sort=reference").content.decode()
    assert 'aria-sort="ascending"><a href="?sort=-reference">' in content


def test_list_pages_by_fifty_and_keeps_the_filters(coordinator, people, call):
    for number in range(51):
        builders.application(_person(f"p{number:02d}"), call, state="submitted", documents=False)
    first = coordinator.get(f"{LIST}?state=submitted").content.decode()
    assert "51 applications match" in first
    assert "page 1 of 2" in first
    assert first.count('<a href="/en/office/applications/a/') == 50
    assert 'href="?state=submitted&amp;page=2"' in first
    second = coordinator.get(f"{LIST}?state=submitted&page=2").content.decode()
    assert second.count('<a href="/en/office/applications/a/') == 1


def test_export_links_carry_the_filters(coordinator, people, call, submitted):
    content = coordinator.get(f"{LIST}?state=submitted&q=A26&page=1").content.decode()
    for name in ("applications.csv", "applications.xlsx", "documents.zip"):
        assert f'href="{LIST}{name}?state=submitted&amp;q=A26"' in content


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_list_queries_do_not_grow_with_applications(
    coordinator, people, call, submitted, django_assert_max_num_queries
):
    one = _queries(coordinator, LIST)
    for name in ("second", "third"):
        person = _person(name)
        builders.applicant_profile(person)
        builders.application(person, call, state="submitted")
    with django_assert_max_num_queries(one):
        assert "3 applications match" in coordinator.get(LIST).content.decode()


# One application ---------------------------------------------------------------------------


def test_detail_queries_do_not_grow_with_documents_and_history(
    coordinator, people, submitted, django_assert_max_num_queries
):
    before = _queries(coordinator, _detail(submitted))
    builders.add_image(submitted)
    for document in submitted.documents.all()[:3]:
        Document.objects.filter(pk=document.pk).update(
            review=Review.ACCEPTED, reviewed_by=people["coordinator"]
        )
    for number in range(3):
        StateChange.objects.create(
            application=submitted,
            from_state="submitted",
            to_state="submitted",
            by=people["coordinator"],
            at=datetime(2026, 11, 3, number, tzinfo=UTC),
        )
    with django_assert_max_num_queries(before):
        assert coordinator.get(_detail(submitted)).status_code == 200


def test_detail_shows_profile_form_places_completeness_documents(coordinator, submitted):
    content = coordinator.get(_detail(submitted)).content.decode()
    assert "KURMANGAZYKYZY Asel" in content
    assert "Economics (BSc)" in content
    assert "3.67 (out of 4.0 (GPA))" in content
    assert "0311" in content
    assert "autumn semester" in content
    assert "M" * 400 in content
    assert "Uniwersytet Testowy (Poland)" in content
    assert "9 of 9 done" in content
    document = submitted.documents.get(document_type__code="transcript")
    assert document.sha256 in content
    assert f"{document.size} bytes" in content
    assert "transcript-1.pdf" in content
    base = f"{_detail(submitted)}documents/{document.pk}/"
    assert f'<iframe src="{base}preview/"' in content
    assert f'href="{base}" download' in content


def test_detail_previews_an_image_in_an_img(coordinator, submitted):
    image = builders.add_image(submitted)
    content = coordinator.get(_detail(submitted)).content.decode()
    assert f'<img src="{_detail(submitted)}documents/{image.pk}/preview/"' in content


def test_detail_offers_only_the_moves_of_the_state_table(coordinator, people, call, submitted):
    content = coordinator.get(_detail(submitted)).content.decode()
    for button in ("Return for completion", "Mark eligible", "Mark ineligible"):
        assert button in content
    eligible = builders.application(_person("decided"), call, state="eligible", documents=False)
    content = coordinator.get(_detail(eligible)).content.decode()
    assert "Mark ineligible" in content
    assert "Mark eligible" not in content
    assert "Return for completion" not in content
    draft = builders.application(_person("drafting"), call)
    content = coordinator.get(_detail(draft)).content.decode()
    assert "No decision can be taken on an application that is draft." in content
    assert "Accept the file" not in content


def test_accepting_a_document(coordinator, submitted):
    document = submitted.documents.get(document_type__code="transcript")
    response = coordinator.post(
        f"{_detail(submitted)}documents/{document.pk}/review/",
        {f"document-{document.pk}-decision": "accept"},
        follow=True,
    )
    content = response.content.decode()
    # Back at the document just decided on, not at the top of the page.
    assert response.redirect_chain[-1][0] == f"{_detail(submitted)}#document-{document.pk}"
    assert "“transcript-1.pdf” was accepted." in content
    document.refresh_from_db()
    assert document.review == Review.ACCEPTED
    assert document.reviewed_at is not None
    assert "Accepted ·" in content


def test_rejecting_a_document_needs_a_reason(coordinator, submitted):
    document = submitted.documents.get(document_type__code="transcript")
    url = f"{_detail(submitted)}documents/{document.pk}/review/"
    response = coordinator.post(url, {f"document-{document.pk}-decision": "reject"})
    content = response.content.decode()
    assert response.status_code == 400
    assert "The file was not reviewed:" in content
    assert "Reason for a rejection: Give the reason the file is rejected." in content
    # The error and the hint, both of which the page has.
    described = f"id_document-{document.pk}-reason-error id_document-{document.pk}-reason-hint"
    assert f'aria-describedby="{described}"' in content
    assert f'id="id_document-{document.pk}-reason-hint"' in content
    assert Document.objects.get(pk=document.pk).review == Review.PENDING

    response = coordinator.post(
        url,
        {
            f"document-{document.pk}-decision": "reject",
            f"document-{document.pk}-reason": "The transcript is not signed.",
        },
        follow=True,
    )
    content = response.content.decode()
    assert "the applicant will read the reason" in content
    assert "Reason: The transcript is not signed." in content
    assert "Rejected by the office: transcript-1.pdf: The transcript is not signed." in content
    assert "8 of 9 done" in content
    assert Document.objects.get(pk=document.pk).review == Review.REJECTED


def test_files_of_a_draft_are_not_reviewed(coordinator, people, call):
    draft = builders.application(people["owner"], call)
    document = draft.documents.first()
    response = coordinator.post(
        f"{_detail(draft)}documents/{document.pk}/review/",
        {f"document-{document.pk}-decision": "accept"},
        follow=True,
    )
    assert "Files are checked once the application is submitted; this one is draft." in (
        response.content.decode()
    )
    assert Document.objects.get(pk=document.pk).review == Review.PENDING


def test_return_for_completion_needs_a_note_and_shows_in_history(coordinator, submitted):
    url = f"{_detail(submitted)}return/"
    response = coordinator.post(url, {"return-note": "  "})
    content = response.content.decode()
    assert response.status_code == 400
    assert "What the applicant must complete: Write the note: the applicant will read it." in (
        content
    )
    assert 'aria-describedby="id_return-note-error id_return-note-hint"' in content
    assert Application.objects.get(pk=submitted.pk).state == "submitted"

    response = coordinator.post(url, {"return-note": "Add the signed transcript."}, follow=True)
    content = response.content.decode()
    assert f"{submitted.reference} was returned for completion" in content
    application = Application.objects.get(pk=submitted.pk)
    assert application.state == "returned"
    assert application.office_note == "Add the signed transcript."
    change = StateChange.objects.filter(application=submitted).last()
    assert (change.from_state, change.to_state, change.reason) == (
        "submitted",
        "returned",
        "Add the signed transcript.",
    )
    assert "<td>returned for completion</td>" in content
    assert "<td>coordinator</td>" in content


def test_eligible_then_ineligible_needs_a_reason(coordinator, submitted):
    response = coordinator.post(
        f"{_detail(submitted)}eligible/", {"eligible-reason": ""}, follow=True
    )
    assert f"{submitted.reference} is eligible" in response.content.decode()
    assert Application.objects.get(pk=submitted.pk).state == "eligible"

    url = f"{_detail(submitted)}ineligible/"
    response = coordinator.post(url, {"ineligible-reason": ""})
    assert response.status_code == 400
    assert "Why the application is ineligible: Give the reason" in response.content.decode()
    response = coordinator.post(url, {"ineligible-reason": "Not enrolled any more."}, follow=True)
    content = response.content.decode()
    assert f"{submitted.reference} is ineligible" in content
    assert "Not enrolled any more." in content
    assert Application.objects.get(pk=submitted.pk).state == "ineligible"


def test_back_to_eligible_needs_the_reason_the_service_asks_for(coordinator, people, call):
    """Ineligible -> eligible needs a reason (state table); the service's refusal lands on the
    form's field."""
    application = builders.application(people["owner"], call, state="ineligible")
    url = f"{_detail(application)}eligible/"
    response = coordinator.post(url, {"eligible-reason": ""})
    content = response.content.decode()
    assert response.status_code == 400
    assert "Give the reason: the applicant will read it." in content
    assert 'aria-describedby="id_eligible-reason-error"' in content
    response = coordinator.post(url, {"eligible-reason": "Enrolment confirmed."}, follow=True)
    assert Application.objects.get(pk=application.pk).state == "eligible"
    assert "Enrolment confirmed." in response.content.decode()


def test_a_move_the_table_refuses_is_an_error_message(coordinator, people, call):
    application = builders.application(people["owner"], call, state="eligible")
    response = coordinator.post(
        f"{_detail(application)}return/", {"return-note": "Late change."}, follow=True
    )
    content = response.content.decode()
    assert "An application that is eligible cannot become returned for completion." in content
    assert Application.objects.get(pk=application.pk).state == "eligible"


# Files -------------------------------------------------------------------------------------


def test_preview_is_inline_sandboxed_and_audited(coordinator, people, submitted):
    document = submitted.documents.get(document_type__code="transcript")
    response = coordinator.get(f"{_detail(submitted)}documents/{document.pk}/preview/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    # No fetch, no framing by other sites; not sandboxed: Chromium renders no PDF in a
    # sandbox (serving.document_response).
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(response.streaming_content) == builders.MINIMAL_PDF
    entry = AuditEntry.objects.get(action="erasmusdesk.document.viewed")
    assert entry.actor == people["coordinator"]
    assert entry.object_id == str(submitted.pk)
    assert entry.data == {"document": document.pk, "inline": True}


def test_image_preview_is_inline_and_sandboxed(coordinator, people, submitted):
    image = builders.add_image(submitted)
    response = coordinator.get(f"{_detail(submitted)}documents/{image.pk}/preview/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert AuditEntry.objects.get(action="erasmusdesk.document.viewed").data == {
        "document": image.pk,
        "inline": True,
    }


def test_download_is_an_attachment_and_audited(coordinator, people, submitted):
    image = builders.add_image(submitted)
    response = coordinator.get(f"{_detail(submitted)}documents/{image.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="passport.png"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    entry = AuditEntry.objects.get(action="erasmusdesk.document.viewed")
    assert entry.data == {"document": image.pk, "inline": False}


# Languages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_pages_render_in_each_language(coordinator, submitted, language):
    for url in (
        f"/{language}/office/applications/",
        f"/{language}/office/applications/icm-test-2026/",
        f"/{language}/office/applications/a/{submitted.reference}/",
    ):
        response = coordinator.get(url)
        assert response.status_code == 200, url
        assert f'<html lang="{language}">' in response.content.decode()
        assert submitted.reference in response.content.decode() or url.endswith("applications/")


def test_a_decision_taken_on_a_page_that_is_out_of_date_is_refused(coordinator, people, call):
    application = builders.application(people["owner"], call, state="submitted")
    from erasmusdesk.applications.decisions import decide_eligibility

    decide_eligibility(application, eligible=True, by=people["coordinator"])  # another tab
    response = coordinator.post(
        f"{_detail(application)}ineligible/",
        {"ineligible-reason": "Grade too low.", "seen_state": "submitted"},
        follow=True,
    )
    assert "This application changed meanwhile: it is now eligible." in response.content.decode()
    application.refresh_from_db()
    assert application.state == "eligible"
