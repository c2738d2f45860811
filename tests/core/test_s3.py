"""Uploaded files in an S3 bucket, tried for real against moto's S3 server on loopback: the
storage configured by our settings (ERASMUSDESK_S3_*), uploads and downloads through the
views, the ZIP export, backup and restore from and to the bucket, and erasure deleting the
objects."""

import hashlib
import io
import uuid
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from erasmusdesk import settings as project_settings
from erasmusdesk.accounts.erasure import erase_personal_data
from erasmusdesk.applications.models import Document
from erasmusdesk.calls.models import DocumentType
from erasmusdesk.core import clock
from tests import factories
from tests.factories import applications as builders
from tests.factories import backup_data, samples
from tests.factories import personal_data as pdb
from tests.factories.operations import S3Server

pytestmark = pytest.mark.django_db
PREFIX = "erasmusdesk"


@pytest.fixture(scope="module")
def s3_server():
    server = S3Server().start()
    yield server
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, monkeypatch, frozen):
    """A new bucket, and the site's file storage in it, as ERASMUSDESK_S3_* configure it."""
    frozen(factories.local(2026, 12, 1, 12))
    name = s3_server.new_bucket(f"erasmusdesk-{uuid.uuid4().hex[:12]}")
    for key, value in {
        "ERASMUSDESK_S3_BUCKET": name,
        "ERASMUSDESK_S3_ENDPOINT_URL": s3_server.endpoint,
        "ERASMUSDESK_S3_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }.items():
        monkeypatch.setenv(key, value)
    settings.STORAGES = {**settings.STORAGES, "default": project_settings._file_storage()}
    from storages.backends.s3 import S3Storage

    default_storage._setup()
    assert isinstance(default_storage._wrapped, S3Storage)
    return name


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_an_upload_goes_to_the_bucket_and_comes_back_through_the_views(
    client_as, people, s3_server, bucket
):
    from erasmusdesk.applications.drafting import start_application

    call = builders.call_with_places()
    builders.complete_profile(people["owner"])
    draft = start_application(call, by=people["owner"], category="bachelor")
    owner = client_as(people["owner"])
    data = samples.pdf_bytes(size_kb=300)
    type_id = DocumentType.objects.get(code="transcript").pk

    response = owner.post(
        f"/en/applications/{draft.reference}/documents/upload/{type_id}/",
        {"file": samples.uploaded("Transcript.pdf", data, "application/pdf")},
        follow=True,
    )

    assert response.status_code == 200
    document = Document.objects.get(application=draft)
    objects = s3_server.objects(bucket)
    key = f"{PREFIX}/{document.file.name}"
    # Stored under the prefix with a random name, byte for byte, never under its own name.
    assert list(objects) == [key]
    assert objects[key] == data and document.sha256 == _sha(data)
    assert "Transcript" not in key

    download = owner.get(f"/en/applications/{draft.reference}/documents/{document.pk}/")
    assert download.status_code == 200
    body = b"".join(download.streaming_content) if download.streaming else download.content
    assert body == data
    assert download["Content-Disposition"].startswith("attachment")

    # Another applicant cannot read it, bucket or not.
    other = client_as(people["other_applicant"])
    assert (
        other.get(f"/en/applications/{draft.reference}/documents/{document.pk}/").status_code == 404
    )


def test_the_zip_export_reads_every_file_from_the_bucket(client_as, people, s3_server, bucket):
    call = builders.call_with_places()
    builders.applicant_profile(people["owner"])
    application = builders.application(people["owner"], call, state="submitted")
    builders.office_permissions()
    office = client_as(people["coordinator"])

    response = office.get(f"/en/office/applications/{call.slug}/documents.zip")

    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    stored = s3_server.objects(bucket)
    documents = list(Document.objects.filter(application=application))
    assert len(documents) >= 3
    hashes = {_sha(archive.read(name)) for name in archive.namelist() if name != "manifest.csv"}
    assert hashes == {d.sha256 for d in documents}
    assert {_sha(stored[f"{PREFIX}/{d.file.name}"]) for d in documents} == hashes


def test_backup_and_restore_from_and_to_the_bucket(people, s3_server, bucket, tmp_path):
    call = builders.call_with_places()
    builders.application(people["owner"], call, state="submitted")
    builders.application(people["other_applicant"], call, state="draft")
    before = s3_server.objects(bucket)
    rows = backup_data.database_rows()
    assert len(before) >= 4
    path = tmp_path / "s3.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    with zipfile.ZipFile(path) as archive:
        in_archive = {
            name.split("/", 2)[2]: archive.read(name)
            for name in archive.namelist()
            if name.startswith("files/")
        }
    assert {f"{PREFIX}/{name}": data for name, data in in_archive.items()} == before

    s3_server.empty(bucket)
    Document.objects.filter(pk=Document.objects.order_by("pk").first().pk).delete()
    out = io.StringIO()
    call_command("restore", str(path), "--force", stdout=out)

    assert "every hash checked" in out.getvalue()
    assert s3_server.objects(bucket) == before
    assert backup_data.database_rows() == rows


def test_erasure_deletes_the_applicants_objects_from_the_bucket(people, s3_server, bucket):
    current = builders.call_with_places(year=clock.localdate().year)
    old = pdb.old_call(current)
    user = people["owner"]
    pdb.full_applicant(user, old)
    kept = builders.application(people["other_applicant"], current, state="submitted")
    theirs = {
        f"{PREFIX}/{d.file.name}" for d in Document.objects.filter(application__applicant=user)
    }
    others = {f"{PREFIX}/{d.file.name}" for d in Document.objects.filter(application=kept)}
    assert theirs and theirs <= set(s3_server.objects(bucket))

    erase_personal_data(user, by=people["coordinator"])

    left = set(s3_server.objects(bucket))
    assert not theirs & left
    assert others <= left
