"""Backups cannot be forged or aimed outside the storage: the manifest is signed with a key
that is not in the archive (refused unsigned or wrongly signed unless --trust-unsigned), and
every name it gives is checked before any storage is asked anything, in --check too."""

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from erasmusdesk.core.backup import scope, signing
from tests.factories import applications as builders
from tests.factories import backup_data

pytestmark = pytest.mark.django_db
KEY = "an-explicit-backup-key-of-forty-characters"


@pytest.fixture
def archive(tmp_path, people) -> Path:
    call = builders.call_with_places()
    builders.application(people["owner"], call, state="submitted")
    path = tmp_path / "backup.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    return path


def _copy(source: Path, target: Path, *, change=None, signature=None, drop=()) -> Path:
    """``source`` with its manifest changed by ``change(manifest, entries)`` (``entries``:
    name -> bytes, editable) and the signature replaced (``signature`` bytes) or kept."""
    with zipfile.ZipFile(source) as old:
        entries = {name: old.read(name) for name in old.namelist()}
    raw = entries.pop("manifest.json")
    if change:
        manifest = json.loads(raw)
        change(manifest, entries)
        raw = json.dumps(manifest).encode()
    if signature is not None:
        entries[signing.SIGNATURE] = signature
    with zipfile.ZipFile(target, "w") as new:
        new.writestr("manifest.json", raw)
        for name, data in entries.items():
            if name not in drop:
                new.writestr(name, data)
    return target


def _restore(path: Path, *options: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("restore", str(path), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _make_superuser(username: str):
    """A change that makes ``username`` a superuser, with the entry's hash recomputed."""

    def change(manifest, entries):
        name = "database/accounts.user.jsonl"
        lines = []
        for line in entries[name].decode().splitlines():
            item = json.loads(line)
            if item["fields"]["username"] == username:
                item["fields"]["is_superuser"] = item["fields"]["is_staff"] = True
            lines.append(json.dumps(item))
        entries[name] = ("\n".join(lines) + "\n").encode()
        for entry in manifest["models"]:
            if entry["entry"] == name:
                entry["size"] = len(entries[name])
                entry["sha256"] = hashlib.sha256(entries[name]).hexdigest()

    return change


def test_a_forged_superuser_with_recomputed_hashes_is_refused(archive, tmp_path):
    forged = _copy(archive, tmp_path / "forged.zip", change=_make_superuser("applicant_a"))
    rows = backup_data.database_rows()
    for options in [("--force",), ("--check",)]:
        with pytest.raises(CommandError) as refusal:
            _restore(forged, *options)
        assert "The manifest's signature does not match" in str(refusal.value)
        assert "--trust-unsigned" in str(refusal.value)
    assert backup_data.database_rows() == rows
    assert not get_user_model().objects.filter(is_superuser=True).exists()


def test_an_unsigned_archive_is_refused_unless_the_operator_trusts_it(archive, tmp_path):
    unsigned = _copy(archive, tmp_path / "unsigned.zip", drop=(signing.SIGNATURE,))
    with pytest.raises(CommandError, match=r"The archive has no signature \(manifest.sig\)"):
        _restore(unsigned, "--check")
    out, err = _restore(unsigned, "--check", "--trust-unsigned")
    assert "matches its manifest" in out and "NOT signed" in out
    assert "signature was not checked" in err
    _out, _err = _restore(unsigned, "--force", "--trust-unsigned")
    assert get_user_model().objects.filter(username="applicant_a").exists()


def test_a_sound_archive_says_its_signature_was_checked(archive):
    out, err = _restore(archive, "--check")
    assert "signature checked (SECRET_KEY)" in out and err == ""


def test_another_installations_key_is_refused_and_the_key_can_be_given(archive, tmp_path, settings):
    key_file = tmp_path / "old-secret.key"
    key_file.write_text(settings.SECRET_KEY + "\n")
    settings.SECRET_KEY = "a-new-installation-with-a-key-of-its-own-0123456789"
    with pytest.raises(CommandError, match="signed with another key"):
        _restore(archive, "--check")
    out, _err = _restore(archive, "--check", "--key-file", str(key_file))
    assert "signature checked (given key)" in out


def test_an_explicit_backup_key_signs_and_checks(people, tmp_path, settings):
    settings.ERASMUSDESK_BACKUP_KEY = KEY
    path = tmp_path / "explicit.zip"
    call_command("backup", str(path), stdout=io.StringIO())
    out, _err = _restore(path, "--check")
    assert "signature checked (ERASMUSDESK_BACKUP_KEY)" in out
    settings.ERASMUSDESK_BACKUP_KEY = ""
    with pytest.raises(CommandError, match="signed with another key"):
        _restore(path, "--check")
    short = tmp_path / "short.key"
    short.write_text("short")
    with pytest.raises(CommandError, match="shorter than 32 characters"):
        _restore(path, "--check", "--key-file", str(short))


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../../x", "a '..', '.' or empty part"),
        ("/tmp/x", "an absolute path"),
        ("applications/../../x", "a '..', '.' or empty part"),
        ("applications\\..\\x", "a backslash"),
        ("C:/x", "an absolute path"),
        ("a\x00b", "a control character"),
        ("", "empty"),
    ],
)
def test_crafted_file_names_are_refused_before_any_storage_call(
    archive, tmp_path, monkeypatch, name, reason
):
    def crafted(manifest, entries):
        first = manifest["files"][0]
        data = entries.pop(first["entry"])
        first["name"], first["entry"] = name, f"files/default/{name}"
        entries[first["entry"]] = data

    tampered = _copy(archive, tmp_path / "crafted.zip", change=crafted)
    # Signed again as by the key's holder: the names are refused whatever the signature.
    with zipfile.ZipFile(tampered) as source:
        raw = source.read("manifest.json")
    tampered = _copy(tampered, tmp_path / "signed.zip", signature=signing.signature(raw))

    def no_storage(alias):
        raise AssertionError(f"storage {alias!r} asked before the names were checked")

    monkeypatch.setattr(scope, "storage", no_storage)
    for options in [("--check",), ("--force",), ()]:
        with pytest.raises(CommandError) as refusal:
            _restore(tampered, *options)
        message = str(refusal.value)
        assert "The manifest names entries or files that cannot be restored" in message
        assert f"not a safe file name ({reason})" in message


def test_a_database_entry_outside_its_folder_is_refused(archive, tmp_path):
    def crafted(manifest, entries):
        manifest["models"][0]["entry"] = "../outside.jsonl"

    tampered = _copy(archive, tmp_path / "crafted.zip", change=crafted)
    with pytest.raises(CommandError, match="not a database entry name: '../outside.jsonl'"):
        _restore(tampered, "--check", "--trust-unsigned")
