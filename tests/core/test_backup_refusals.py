"""What `restore` refuses, and how it fails: loudly, before changing anything, or rolled
back with the files it wrote deleted. Also `restore --force` and `restore --check`, and a
round trip through another storage backend than the local disk (the code uses the storage
API only, as it must for S3)."""

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import InMemoryStorage, default_storage, storages
from django.core.management import call_command
from django.core.management.base import CommandError

from erasmusdesk.applications.models import Application, Document
from erasmusdesk.core.backup import signing
from erasmusdesk.core.models import AuditEntry
from tests.factories import applications as builders
from tests.factories import backup_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(tmp_path, people) -> Path:
    """A backup of two applications with all their documents."""
    call = builders.call_with_places()
    builders.complete_profile(people["owner"])
    builders.application(people["owner"], call, state="submitted")
    builders.application(people["other_applicant"], call, state="draft")
    path = tmp_path / "backup.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def _rewrite(
    source: Path, target: Path, *, manifest=None, replace=None, add=None, sign=True
) -> Path:
    """A copy of the archive ``source`` with its manifest changed by ``manifest(dict)``,
    entries' bytes replaced (``replace``: name -> bytes) and entries added (``add``). A changed
    manifest is signed again with this installation's key (as by someone who holds it), unless
    ``sign`` is false (as by someone who does not: the old signature stays)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        raw = old.read("manifest.json")
        if manifest:
            content = json.loads(raw)
            manifest(content)
            raw = json.dumps(content).encode()
        for info in old.infolist():
            if info.filename == "manifest.json" or (
                info.filename == signing.SIGNATURE and manifest and sign
            ):
                continue
            data = (replace or {}).get(info.filename, old.read(info.filename))
            new.writestr(info.filename, data)
        for name, data in (add or {}).items():
            new.writestr(name, data)
        new.writestr("manifest.json", raw)
        if manifest and sign:
            new.writestr(signing.SIGNATURE, signing.signature(raw))
    return target


def _restore(path: Path, *options: str) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *options, stdout=out)
    return out.getvalue()


def _first_file(path: Path) -> dict:
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    return next(entry for entry in manifest["files"] if entry["name"].endswith(".pdf"))


def test_restore_refuses_an_installation_in_use_and_changes_nothing(archive):
    rows = backup_data.database_rows()

    with pytest.raises(CommandError) as refusal:
        _restore(archive)

    message = str(refusal.value)
    assert message.startswith("This installation is in use: it holds accounts.user (5)")
    assert "give --force to replace everything it holds" in message
    assert backup_data.database_rows() == rows


def test_restore_refuses_a_storage_holding_a_file_of_the_same_name(archive):
    """No user and no audit entry left, but the uploaded files are still there."""
    Application.objects.all().delete()
    get_user_model().objects.all().delete()
    AuditEntry.objects.all().delete()
    name = _first_file(archive)["name"]

    with pytest.raises(CommandError) as refusal:
        _restore(archive)

    assert "The file storage already holds 10 of the backup's files" in str(refusal.value)
    assert "give --force to replace them" in str(refusal.value)
    assert default_storage.exists(name)
    assert not Application.objects.exists()


def test_a_changed_byte_in_a_file_fails_loudly_and_restores_nothing(archive, tmp_path):
    entry = _first_file(archive)
    with zipfile.ZipFile(archive) as source:
        data = bytearray(source.read(entry["entry"]))
    data[20] ^= 0x01
    tampered = _rewrite(archive, tmp_path / "tampered.zip", replace={entry["entry"]: bytes(data)})
    rows = backup_data.database_rows()
    files = backup_data.stored_files()

    with pytest.raises(CommandError) as failure:
        _restore(tampered, "--force")

    message = str(failure.value)
    assert "does not match its manifest (1 problems); nothing was restored" in message
    assert f"{entry['entry']}: SHA-256 " in message
    assert f"the manifest says {entry['sha256']} ({entry['size']} bytes)" in message
    assert backup_data.database_rows() == rows
    assert backup_data.stored_files() == files


def test_a_changed_database_entry_fails_loudly(archive, tmp_path):
    name = "database/applications.application.jsonl"
    with zipfile.ZipFile(archive) as source:
        text = source.read(name).decode().replace('"submitted"', '"eligible"', 1)
    tampered = _rewrite(archive, tmp_path / "tampered.zip", replace={name: text.encode()})

    with pytest.raises(CommandError) as failure:
        _restore(tampered, "--check")

    assert f"{name}: SHA-256 " in str(failure.value)


def test_entries_missing_from_the_archive_or_the_manifest_are_refused(archive, tmp_path):
    def drop_first_file(manifest):
        manifest["files"] = manifest["files"][1:]

    extra = _rewrite(archive, tmp_path / "extra.zip", manifest=drop_first_file)

    with pytest.raises(CommandError) as failure:
        _restore(extra, "--check")

    assert "in the archive, not in the manifest" in str(failure.value)


def test_a_backup_of_other_migrations_is_refused(archive, tmp_path):
    def older(manifest):
        manifest["migrations"]["calls"] = manifest["migrations"]["calls"][:2]

    other = _rewrite(archive, tmp_path / "older.zip", manifest=older)

    with pytest.raises(CommandError) as refusal:
        _restore(other, "--force")

    message = str(refusal.value)
    assert "made at other migrations than this installation's" in message
    from django.db.migrations.loader import MigrationLoader

    latest = max(name for app, name in MigrationLoader(None).graph.nodes if app == "calls")
    assert f"calls: backup 0002_document_types, this installation {latest}" in message


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    path = tmp_path / "not-a-backup.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hello")

    with pytest.raises(CommandError) as refusal:
        _restore(path)

    assert "manifest.json is missing: not an Erasmus Desk backup." in str(refusal.value)


def test_check_reports_a_sound_archive(archive):
    output = _restore(archive, "--check")

    assert f"{archive} matches its manifest" in output
    assert "files, made " in output


def test_a_file_for_a_storage_this_installation_lacks_is_refused_before_anything(archive, tmp_path):
    payload = b"%PDF-1.4 elsewhere\n"
    digest = hashlib.sha256(payload).hexdigest()

    def elsewhere(manifest):
        manifest["files"].append(
            {
                "storage": "elsewhere",
                "name": "x.pdf",
                "size": len(payload),
                "sha256": digest,
                "entry": "files/elsewhere/x.pdf",
            }
        )

    broken = _rewrite(
        archive, tmp_path / "b.zip", manifest=elsewhere, add={"files/elsewhere/x.pdf": payload}
    )
    rows = backup_data.database_rows()
    with pytest.raises(CommandError) as failure:
        _restore(broken, "--force")
    assert "file 11 ('files/elsewhere/x.pdf'): no file storage 'elsewhere' here" in str(
        failure.value
    )
    assert backup_data.database_rows() == rows


def test_a_failure_while_writing_files_rolls_back_and_deletes_the_files_written(
    archive, monkeypatch
):
    """The last file cannot be written (the storage fails): by then the data is loaded and
    the other files written; all of it is undone."""
    from erasmusdesk.core.backup import reading

    with zipfile.ZipFile(archive) as source:
        last = json.loads(source.read("manifest.json"))["files"][-1]["name"]
    original = reading._restore_file

    def failing(archive_, entry, **options):
        if entry["name"] == last:
            raise OSError("the disk is full")
        return original(archive_, entry, **options)

    monkeypatch.setattr(reading, "_restore_file", failing)
    for name in backup_data.stored_files():
        default_storage.delete(name)
    rows = backup_data.database_rows()

    with pytest.raises(OSError, match="the disk is full"):
        _restore(archive, "--force")

    assert backup_data.database_rows() == rows
    assert backup_data.stored_files() == {}


def test_force_replaces_the_data_through_any_storage_backend(people, tmp_path, settings):
    """Files in an in-memory storage (as they could be in S3): backed up and restored through
    the storage API; --force replaces what the installation holds."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    assert isinstance(storages["default"], InMemoryStorage)
    call = builders.call_with_places()
    builders.application(people["owner"], call, state="submitted")
    rows = backup_data.database_rows()
    files = backup_data.stored_files()
    path = tmp_path / "memory.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    # Changes after the backup: a new applicant, a file replaced, a file removed.
    builders.application(get_user_model().objects.create_user("late"), call, state="draft")
    changed = Document.objects.order_by("pk").first()
    default_storage.delete(changed.file.name)
    default_storage.save(changed.file.name, io.BytesIO(b"other bytes"))
    removed = Document.objects.order_by("pk").last()
    default_storage.delete(removed.file.name)

    output = _restore(path, "--force")

    assert "every hash checked" in output
    assert backup_data.database_rows() == rows
    restored = backup_data.stored_files()
    assert {name: restored[name] for name in files} == files
