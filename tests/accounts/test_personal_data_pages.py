"""The office's pages on personal data: who may open them, the erasure with its confirmation
and refusals (in the page's language), and the log of staff access to documents (downloads,
previews and ZIP exports) with its filters."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.formats import date_format

from erasmusdesk.accounts.erasure import retention_ends_on
from erasmusdesk.accounts.roles import sync_role_permissions
from erasmusdesk.applications.models import Application
from erasmusdesk.core import clock
from erasmusdesk.core.models import AuditEntry
from tests.factories import applications as builders
from tests.factories import personal_data as pdb

pytestmark = pytest.mark.django_db
LIST = "/en/office/personal-data/"
LOG = "/en/office/personal-data/document-access/"
ROLES = ["owner", "other_applicant", "evaluator", "partner_contact"]


@pytest.fixture
def office(people):
    """Applicant A applied to a call ten years old (erasable); applicant B to the current
    call (kept). The coordinator may view applications; an administrator reads the log."""
    current = builders.call_with_places(year=clock.localdate().year)
    old = pdb.old_call(current)
    builders.office_permissions()
    builders.applicant_profile(people["owner"])
    mine = builders.application(people["owner"], old, state="submitted")
    theirs = builders.application(people["other_applicant"], current, state="submitted")
    sync_role_permissions()
    administrator = get_user_model().objects.create_user(
        "administrator", email="admin@example.org", password="x", is_staff=True
    )
    administrator.groups.add(Group.objects.get(name="administrators"))
    return {
        "old": old,
        "current": current,
        "mine": mine,
        "theirs": theirs,
        "administrator": administrator,
    }


def _erase_url(user) -> str:
    return f"/en/office/personal-data/erase/{user.pk}/"


# Who may open the pages ----------------------------------------------------------------------


def test_coordinator_opens_the_list_and_the_erasure_page(client_as, people, office):
    client = client_as(people["coordinator"])

    assert client.get(LIST).status_code == 200
    assert client.get(_erase_url(people["owner"])).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_others_get_404_on_every_page_and_erase_nobody(client_as, people, office, role):
    client = client_as(people[role])

    for url in (LIST, _erase_url(people["owner"]), LOG):
        assert client.get(url).status_code == 404, url
    assert client.post(_erase_url(people["owner"]), {"confirm": "on"}).status_code == 404
    assert get_user_model().objects.get(pk=people["owner"].pk).is_active


def test_anonymous_goes_to_the_back_office_sign_in(client_as, people, office):
    client = client_as(None)

    for url in (LIST, _erase_url(people["owner"]), LOG):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/en/admin/login/?next=")
    client.post(_erase_url(people["owner"]), {"confirm": "on"})
    assert get_user_model().objects.get(pk=people["owner"].pk).is_active


def test_the_access_log_is_for_administrators_not_coordinators(client_as, people, office):
    assert client_as(people["coordinator"]).get(LOG).status_code == 404
    assert client_as(office["administrator"]).get(LOG).status_code == 200


def test_only_people_who_applied_have_an_erasure_page(client_as, people, office):
    client = client_as(people["coordinator"])

    assert client.get(_erase_url(people["evaluator"])).status_code == 404
    assert client.get("/en/office/personal-data/erase/999999/").status_code == 404


# The list and the erasure ---------------------------------------------------------------------


def test_list_shows_only_applicants_past_retention(client_as, people, office):
    response = client_as(people["coordinator"]).get(LIST)

    text = response.content.decode()
    assert "applicant_a@example.org" in text
    assert "applicant_b@example.org" not in text
    ended = retention_ends_on(office["old"].academic_year, 24)
    assert date_format(ended) in text
    assert "1 applicant" in text


def test_list_search_by_name(client_as, people, office):
    client = client_as(people["coordinator"])

    assert "applicant_a@example.org" in client.get(LIST, {"q": "kurmangazy"}).content.decode()
    assert "applicant_a@example.org" not in client.get(LIST, {"q": "nobody"}).content.decode()


def test_erasure_needs_the_confirmation(client_as, people, office):
    response = client_as(people["coordinator"]).post(_erase_url(people["owner"]), {})

    assert response.status_code == 400
    assert "Tick the box to confirm the erasure." in response.content.decode()
    assert get_user_model().objects.get(pk=people["owner"].pk).is_active


def test_confirmed_erasure_erases_and_goes_back_to_the_list(client_as, people, office):
    client = client_as(people["coordinator"])

    response = client.post(_erase_url(people["owner"]), {"confirm": "on"}, follow=True)

    assert response.redirect_chain == [(LIST, 302)]
    text = response.content.decode()
    assert (
        "The personal data of KURMANGAZYKYZY Asel was erased; the applications are kept as "
        "anonymous statistics. 5 files were deleted."
    ) in text
    owner = get_user_model().objects.get(pk=people["owner"].pk)
    assert owner.email.endswith("@erased.invalid")
    assert Application.objects.get(pk=office["mine"].pk).documents.count() == 0
    entry = AuditEntry.objects.get(action="erasmusdesk.personal_data.erased")
    assert entry.actor == people["coordinator"]
    assert "applicant_a@example.org" not in client.get(LIST).content.decode()


def test_erasure_within_retention_is_refused_in_the_page_language(client_as, people, office):
    client = client_as(people["coordinator"])
    url = f"/ru/office/personal-data/erase/{people['other_applicant'].pk}/"

    page = client.get(url)
    refused = client.post(url, {"confirm": "on"})

    last_day = retention_ends_on(office["current"].academic_year, 24)
    with translation.override("ru"):
        expected = translation.gettext(
            "This applicant's personal data must be kept until %(date)s: the retention "
            "period of “%(call)s” runs until then."
        ) % {"date": date_format(last_day), "call": office["current"].title}
    assert expected in page.content.decode()
    assert 'name="confirm"' not in page.content.decode()
    assert refused.status_code == 400
    assert expected in refused.content.decode()
    assert get_user_model().objects.get(pk=people["other_applicant"].pk).is_active


# The document access log -----------------------------------------------------------------------


@pytest.fixture
def accessed(client_as, people, office):
    """The coordinator downloads and previews a document of B's application and exports the
    current call's documents (B's five)."""
    client = client_as(people["coordinator"])
    theirs = office["theirs"]
    document = theirs.documents.order_by("pk").first()
    base = f"/en/office/applications/a/{theirs.reference}/documents/{document.pk}/"
    assert client.get(base).status_code == 200
    assert client.get(f"{base}preview/").status_code == 200
    response = client.get(f"/en/office/applications/{office['current'].slug}/documents.zip")
    assert response.status_code == 200
    b"".join(response.streaming_content)
    return {"document": document, "application": theirs}


def test_every_way_to_a_file_is_logged_once_per_document(people, office, accessed):
    entries = AuditEntry.objects.filter(action="erasmusdesk.document.viewed")

    assert entries.count() == 1 + 1 + 5
    assert set(entries.values_list("actor", flat=True)) == {people["coordinator"].pk}
    assert set(entries.values_list("object_id", flat=True)) == {str(accessed["application"].pk)}
    exported = entries.filter(data__via="export")
    assert sorted(entry.data["document"] for entry in exported) == sorted(
        accessed["application"].documents.values_list("pk", flat=True)
    )


def test_administrator_reads_who_opened_which_document_and_how(client_as, office, accessed):
    response = client_as(office["administrator"]).get(LOG)

    text = response.content.decode()
    assert "7 accesses" in text
    assert text.count("coordinator@example.org") == 7
    assert text.count(f">{accessed['application'].reference}</a>") == 7
    document = accessed["document"]
    assert f"{document.document_type.name} {document.slot} · {document.display_name}" in text
    assert text.count("<td>in a ZIP export</td>") == 5
    assert text.count("<td>preview</td>") == 1
    assert text.count("<td>download</td>") == 1


def test_access_log_filters(client_as, people, office, accessed):
    client = client_as(office["administrator"])
    document = accessed["document"]
    today = clock.localdate()

    def count(**filters) -> str:
        text = client.get(LOG, filters).content.decode()
        return text.split('class="result-count" role="status">', 1)[1].split(" ", 1)[0]

    assert count(who="coordinator") == "7"
    assert count(who="admin@") == "0"
    assert count(document=document.pk) == "3"
    assert count(application=accessed["application"].reference.lower()) == "7"
    assert count(application=office["mine"].reference) == "0"
    assert count(since=today.isoformat(), until=today.isoformat()) == "7"
    assert count(since=(today.replace(year=today.year + 1)).isoformat()) == "0"


def test_access_log_names_an_invalid_filter_and_applies_the_others(client_as, office, accessed):
    response = client_as(office["administrator"]).get(
        LOG, {"since": "31.02.2026", "who": "coordinator"}
    )

    text = response.content.decode()
    assert "Some filters could not be used:" in text
    assert "From (date): Enter a valid date." in text
    assert "7 accesses" in text


def test_access_log_lists_nothing_but_document_access(client_as, people, office, accessed):
    AuditEntry.objects.create(action="erasmusdesk.application.saved", object_id="1")

    text = client_as(office["administrator"]).get(LOG).content.decode()

    assert "7 accesses" in text
