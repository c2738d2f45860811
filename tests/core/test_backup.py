"""Backups: `backup` writes one archive with the database, every stored file and a manifest;
`restore` into an empty installation gives back the same rows and files, hash by hash.

The round trip runs against the real database of the test run (SQLite, or PostgreSQL with
DATABASE_URL): realistic data is backed up, the database is flushed and the media folder
deleted, the reference data `migrate` creates is put back, and the archive restored."""

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.migrations.recorder import MigrationRecorder

from erasmusdesk.accounts.demo import DEMO_PASSWORD, STUDENT_EMAIL
from erasmusdesk.applications.models import Application, Document
from erasmusdesk.core.backup import scope
from erasmusdesk.core.models import AuditEntry
from tests.factories import backup_data


def _backup(path: Path) -> str:
    out = io.StringIO()
    call_command("backup", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _manifest(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_installation_gives_back_every_row_and_file(tmp_path, client):
    data = backup_data.realistic_data()
    rows_before = backup_data.database_rows()
    files_before = backup_data.stored_files()
    archive = tmp_path / "erasmusdesk-backup.zip"

    output = _backup(archive)

    assert f"Wrote {archive}" in output
    assert len(rows_before["applications.document"]) >= 20
    assert len(rows_before["applications.application"]) >= 10
    assert len(rows_before["grants.grantagreement"]) == 1
    assert len(rows_before["admin.logentry"]) == 1
    referenced = set(Document.objects.values_list("file", flat=True))
    assert referenced | {"leftovers/unreferenced.txt"} < files_before.keys()

    # A freshly migrated installation: no data, no files, the reference data of `migrate`
    # (whose content types and permissions now have other ids than in the backup).
    call_command("flush", interactive=False, reset_sequences=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    backup_data.reference_data()
    assert scope.installation_data() == {}
    assert backup_data.stored_files() == {}

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert "every hash checked" in out.getvalue()
    rows_after = backup_data.database_rows()
    differing = [label for label in rows_before if rows_after.get(label) != rows_before[label]]
    assert differing == []
    assert rows_after.keys() == rows_before.keys()
    assert backup_data.stored_files() == files_before

    # Keys go on after the restored ones (PostgreSQL sequences were reset).
    user = get_user_model().objects.create_user("after-restore", email="after@example.org")
    entry = AuditEntry.objects.create(action="erasmusdesk.test.after_restore")
    assert user.pk > max(row[0] for row in rows_before["accounts.user"])
    assert entry.pk > max(row[0] for row in rows_before["core.auditentry"])

    # The applicant signs in with their password and downloads a document, byte for byte.
    student = get_user_model().objects.get(email=STUDENT_EMAIL)
    assert student.check_password(DEMO_PASSWORD)
    application = Application.objects.get(pk=data["application"].pk)
    document = application.documents.order_by("pk").first()
    client.force_login(application.applicant)
    response = client.get(f"/en/applications/{application.reference}/documents/{document.pk}/")
    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == document.sha256


@pytest.mark.django_db
def test_manifest_lists_migrations_counts_and_every_file_with_its_hash(tmp_path):
    backup_data.realistic_data()
    archive = tmp_path / "backup.zip"

    _backup(archive)

    manifest = _manifest(archive)
    assert (manifest["format"], manifest["format_version"]) == ("erasmusdesk-backup", 1)
    assert manifest["created_at"].endswith("+00:00")
    applied = MigrationRecorder.Migration.objects.filter(app="calls").values_list("name", flat=True)
    assert manifest["migrations"]["calls"] == sorted(applied)
    assert "0003_call_retention_months" in manifest["migrations"]["calls"]
    counts = {entry["model"]: entry["count"] for entry in manifest["models"]}
    assert counts["applications.document"] == Document.objects.count()
    assert counts["accounts.user"] == get_user_model().objects.count()
    assert "contenttypes.contenttype" not in counts
    assert "sessions.session" not in counts
    assert not any(label.startswith("axes.") for label in counts)
    files = {entry["name"]: entry for entry in manifest["files"]}
    assert {name: entry["sha256"] for name, entry in files.items()} == (backup_data.stored_files())
    document = Document.objects.order_by("pk").first()
    assert files[document.file.name]["sha256"] == document.sha256
    assert files[document.file.name]["size"] == document.size
    assert manifest["missing_files"] == []


@pytest.mark.django_db
def test_archive_is_readable_by_its_owner_only(tmp_path):
    archive = tmp_path / "backup.zip"

    _backup(archive)

    assert archive.stat().st_mode & 0o777 == 0o600
    assert not (tmp_path / "backup.zip.partial").exists()


@pytest.mark.django_db
def test_a_file_missing_from_the_storage_is_reported_not_fatal(tmp_path, people, settings):
    call = backup_data.builders.call_with_places()
    application = backup_data.builders.application(people["owner"], call, state="submitted")
    lost = application.documents.order_by("pk").first()
    (Path(settings.MEDIA_ROOT) / lost.file.name).unlink()
    errors = io.StringIO()

    call_command("backup", str(tmp_path / "b.zip"), stdout=io.StringIO(), stderr=errors)

    assert f"Missing from the file storage: {lost.file.name}" in errors.getvalue()
    missing = _manifest(tmp_path / "b.zip")["missing_files"]
    assert missing == [
        {"model": "applications.document", "pk": lost.pk, "field": "file", "name": lost.file.name}
    ]


@pytest.mark.django_db
def test_a_freshly_migrated_installation_counts_as_empty():
    """Data migrations (groups, document types, rate tables, scales...) are not "data": a
    restore replaces them."""
    assert scope.installation_data() == {}


def test_every_model_is_backed_up_except_the_ones_left_out_on_purpose():
    labels = {model._meta.label_lower for model in scope.backed_up_models()}

    assert {"accounts.user", "account.emailaddress", "admin.logentry", "auth.group"} <= labels
    assert {"calls.call", "applications.document", "core.auditentry"} <= labels
    assert not labels & {"contenttypes.contenttype", "auth.permission", "sessions.session"}
    assert not any(label.startswith("axes.") for label in labels)


def test_models_come_after_the_models_they_refer_to():
    order = [model._meta.label_lower for model in scope.backed_up_models()]

    assert order.index("accounts.user") < order.index("applications.application")
    assert order.index("calls.call") < order.index("applications.application")
    assert order.index("applications.application") < order.index("applications.document")
    assert order.index("auth.group") < order.index("accounts.user")
