"""The applicant's download of everything the system holds about them: the page, the ZIP
(data.json and their files, byte for byte), and that it is only ever their own."""

import hashlib
import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.utils import translation

from erasmusdesk.applications.models import Document
from erasmusdesk.core import clock
from erasmusdesk.core.models import AuditEntry
from tests.factories import applications as builders
from tests.factories import personal_data as pdb

pytestmark = pytest.mark.django_db
URL = "/en/account/my-data/"


@pytest.fixture
def call(db):
    return builders.call_with_places(year=clock.localdate().year)


@pytest.fixture
def asel(people, call):
    """Applicant A with everything; applicant B with an application of their own."""
    held = pdb.full_applicant(people["owner"], call)
    builders.applicant_profile(people["other_applicant"], family_name="Bekova", given_names="Dana")
    theirs = builders.application(people["other_applicant"], call, state="submitted")
    return {**held, "theirs": theirs}


def _download(client) -> zipfile.ZipFile:
    response = client.post(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="erasmus-desk-my-data-')
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_page_says_what_the_download_holds(client_as, people, asel):
    response = client_as(people["owner"]).get(URL)

    text = response.content.decode()
    assert response.status_code == 200
    assert "Your profile and 1 language certificate." in text
    assert "1 application, with its preferred places, its history and the office" in text
    assert "5 uploaded documents (" in text
    assert "1 grant agreement with its payments." in text
    assert "Download my data (ZIP)" in text


def test_page_is_in_the_language_of_the_address(client_as, people, asel):
    response = client_as(people["owner"]).get("/ru/account/my-data/")

    with translation.override("ru"):
        title = translation.gettext("Your data")
        button = translation.gettext("Download my data (ZIP)")
    assert f"<h1>{title}</h1>" in response.content.decode()
    assert button in response.content.decode()


def test_profile_page_links_to_the_download(client_as, people, asel):
    response = client_as(people["owner"]).get("/en/account/profile/")

    assert 'href="/en/account/my-data/"' in response.content.decode()


def test_zip_holds_every_uploaded_file_byte_for_byte(client_as, people, asel):
    builders.add_image(asel["application"])
    archive = _download(client_as(people["owner"]))

    data = json.loads(archive.read("data.json"))
    documents = data["applications"][0]["documents"]
    assert len(documents) == 5
    for entry in documents:
        stored = Document.objects.get(
            application=asel["application"],
            document_type__name=entry["document"],
            slot=entry["number"],
        )
        content = archive.read(entry["file_in_this_zip"])
        assert hashlib.sha256(content).hexdigest() == stored.sha256
        assert entry["size"] == len(content) == stored.size
    reference = asel["application"].reference
    assert sorted(name for name in archive.namelist() if name.startswith("files/")) == sorted(
        entry["file_in_this_zip"] for entry in documents
    )
    assert all(name.startswith(f"files/{reference}/") for name in archive.namelist()[:-1])


def test_data_json_holds_account_profile_applications_grants_and_logs(client_as, people, asel):
    data = json.loads(_download(client_as(people["owner"])).read("data.json"))

    assert (data["format"], data["format_version"]) == ("erasmusdesk-personal-data", 1)
    assert data["account"]["email"] == "applicant_a@example.org"
    assert data["account"]["roles"] == ["applicant"]
    assert data["account"]["email_addresses"] == [
        {"email": "applicant_a@example.org", "verified": True, "primary": True}
    ]
    assert data["profile"]["family_name"] == "Kurmangazykyzy"
    assert data["profile"]["phone"] == "+7 701 111 22 33"
    assert data["profile"]["citizenship"] == "KZ"
    assert data["language_certificates"][0]["test_label"] == "IELTS Academic"
    application = data["applications"][0]
    assert application["reference"] == asel["application"].reference
    assert application["motivation"] == "I want to study in Warsaw because ..."
    assert application["office_note"] == "Transcript unreadable, asked again."
    assert application["state_label"] == "submitted"
    assert [p["choice"] for p in application["preferences"]] == [1, 2]
    assert "Uniwersytet Testowy" in application["preferences"][0]["place"]
    assert application["state_history"][-1]["reason"] == "Upload a readable transcript, Asel."
    rejected = [d for d in application["documents"] if d["review"] == "rejected"]
    assert rejected[0]["review_reason"] == "Blurred scan of Asel's passport."
    agreement = data["grant_agreements"][0]
    assert (agreement["participant_name"], agreement["total"]) == ("Asel Kurmangazykyzy", "4610.00")
    assert agreement["payments"][0]["note"] == "Transfer to Asel's Kaspi account"
    assert data["enquiries"][0]["message"] == "Can I apply with IELTS 6.0?"
    assert data["sign_ins"][0]["ip_address"] == "203.0.113.7"
    assert data["failed_sign_ins"][0]["ip_address"] == "198.51.100.9"
    actions = {(entry["action"], entry["by"]) for entry in data["audit_entries"]}
    assert ("erasmusdesk.profile.changed", "you") in actions
    assert ("erasmusdesk.document.reviewed", "the system") in actions


def test_staff_are_not_named_in_the_download(client_as, people, asel):
    office = client_as(people["coordinator"])
    application = asel["application"]
    document = application.documents.first()
    builders.office_permissions()
    office.get(f"/en/office/applications/a/{application.reference}/documents/{document.pk}/")

    data = json.loads(_download(client_as(people["owner"])).read("data.json"))

    viewed = [e for e in data["audit_entries"] if e["action"] == "erasmusdesk.document.viewed"]
    assert [entry["by"] for entry in viewed] == ["the international office"]
    assert "coordinator@example.org" not in json.dumps(data)


def test_only_ones_own_data_is_in_the_download(client_as, people, asel):
    client = client_as(people["other_applicant"])

    archive = _download(client)

    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == "applicant_b@example.org"
    assert [a["reference"] for a in data["applications"]] == [asel["theirs"].reference]
    text = archive.read("data.json").decode()
    assert "applicant_a@example.org" not in text
    assert "Kurmangazykyzy" not in text
    assert asel["application"].reference not in text
    assert data["grant_agreements"] == [] and data["enquiries"] == []


def test_a_user_id_in_the_address_changes_nothing(client_as, people, asel):
    client = client_as(people["other_applicant"])

    response = client.post(f"{URL}?user={people['owner'].pk}&id={people['owner'].pk}")

    data = json.loads(
        zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).read("data.json")
    )
    assert data["account"]["email"] == "applicant_b@example.org"


@pytest.mark.parametrize("role", ["evaluator", "coordinator", "partner_contact"])
def test_every_signed_in_person_downloads_their_own_data(client_as, people, asel, role):
    data = json.loads(_download(client_as(people[role])).read("data.json"))

    assert data["account"]["email"] == people[role].email
    assert data["applications"] == []


def test_anonymous_visitors_go_to_sign_in(client_as, asel):
    client = client_as(None)

    for response in (client.get(URL), client.post(URL)):
        assert response.status_code == 302
        assert response["Location"].startswith("/en/account/login/?next=")


def test_the_download_is_in_the_audit_log(client_as, people, asel):
    _download(client_as(people["owner"]))

    entry = AuditEntry.objects.get(action="erasmusdesk.personal_data.downloaded")
    assert (entry.actor, entry.object_id, entry.data) == (
        people["owner"],
        str(people["owner"].pk),
        {"files": 5},
    )


def test_a_file_missing_from_the_storage_is_noted(client_as, people, asel):
    lost = asel["application"].documents.order_by("pk").first()
    default_storage.delete(lost.file.name)

    archive = _download(client_as(people["owner"]))

    data = json.loads(archive.read("data.json"))
    entry = next(
        d
        for d in data["applications"][0]["documents"]
        if (d["document"], d["number"]) == (lost.document_type.name, lost.slot)
    )
    assert entry["file_in_this_zip"] is None
    assert entry["note"] == "The file is missing from the storage."
    assert len([name for name in archive.namelist() if name.startswith("files/")]) == 4
