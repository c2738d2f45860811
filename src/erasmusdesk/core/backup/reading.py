"""Checking a backup archive and restoring it into an empty installation."""

import hashlib
import io
import json
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.utils import validate_file_name
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, IntegrityError, connections, transaction

from erasmusdesk.core.backup import scope, signing
from erasmusdesk.core.backup.writing import CHUNK, FORMAT, FORMAT_VERSION, MANIFEST

SPOOL_IN_MEMORY = 8 * 1024 * 1024
_SHOWN_PROBLEMS = 20


class BackupError(Exception):
    """The archive cannot be restored (or checked); the message says why."""


@dataclass
class RestoreSummary:
    objects: int = 0
    models: int = 0
    files: int = 0
    file_bytes: int = 0
    signed_by: str = ""  # the source of the key that signed the manifest; "" if trusted unsigned


@dataclass
class Verified:
    manifest: dict
    signed_by: str  # as in RestoreSummary


def verify_backup(path: Path, *, key: str | None = None, trust_unsigned: bool = False) -> Verified:
    """Check the archive ``path`` without restoring it: the manifest's signature (see
    signing.py), every name it gives, and the size and SHA-256 of every entry it lists (and
    that it lists every entry). Raises BackupError listing every problem found."""
    with zipfile.ZipFile(path) as archive:
        manifest, signed_by = read_manifest(archive, key=key, trust_unsigned=trust_unsigned)
        _verify(archive, manifest)
    return Verified(manifest, signed_by)


def read_manifest(
    archive: zipfile.ZipFile, *, key: str | None = None, trust_unsigned: bool = False
) -> tuple[dict, str]:
    """The manifest and the source of the key that signed it, once its signature and every
    name in it are checked; nothing else of the archive is read and no storage is asked."""
    try:
        raw = archive.read(MANIFEST)
        manifest = json.loads(raw)
    except KeyError as error:
        raise BackupError(f"{MANIFEST} is missing: not an Erasmus Desk backup.") from error
    except ValueError as error:
        raise BackupError(f"{MANIFEST} is not valid JSON: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} is not the manifest of an Erasmus Desk backup.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"The backup has format version {manifest.get('format_version')}; this version "
            f"of Erasmus Desk reads version {FORMAT_VERSION}."
        )
    try:
        signed_by = signing.check_signature(archive, raw, key=key)
    except signing.UnsignedBackup as error:
        if not trust_unsigned:
            raise BackupError(
                f"{error} Nothing was restored. An archive that is not signed by this "
                "installation's backup key may have been forged; give the key that made it "
                "(--key-file, or ERASMUSDESK_BACKUP_KEY), or --trust-unsigned if you know "
                "where the archive comes from."
            ) from error
        signed_by = ""
    problems = signing.manifest_problems(manifest, scope.storage_aliases())
    if problems:
        shown = "\n  ".join(problems[:_SHOWN_PROBLEMS])
        more = len(problems) - _SHOWN_PROBLEMS
        raise BackupError(
            f"The manifest names entries or files that cannot be restored ({len(problems)} "
            f"problems); nothing was restored:\n  {shown}"
            + (f"\n  ... and {more} more" if more > 0 else "")
        )
    return manifest, signed_by


def _verify(archive: zipfile.ZipFile, manifest: dict) -> None:
    listed = manifest["models"] + manifest["files"]
    problems = []
    names = set(archive.namelist()) - {MANIFEST, signing.SIGNATURE}
    for entry in listed:
        name = entry["entry"]
        if name not in names:
            problems.append(f"{name}: listed in the manifest, missing from the archive")
            continue
        names.discard(name)
        size, digest = _measure(archive, name)
        if size != entry["size"] or digest != entry["sha256"]:
            problems.append(
                f"{name}: SHA-256 {digest} ({size} bytes), the manifest says "
                f"{entry['sha256']} ({entry['size']} bytes)"
            )
    problems += [f"{name}: in the archive, not in the manifest" for name in sorted(names)]
    if problems:
        shown = "\n  ".join(problems[:_SHOWN_PROBLEMS])
        more = len(problems) - _SHOWN_PROBLEMS
        raise BackupError(
            f"The archive does not match its manifest ({len(problems)} problems); nothing "
            f"was restored:\n  {shown}" + (f"\n  ... and {more} more" if more > 0 else "")
        )


def _measure(archive: zipfile.ZipFile, name: str) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    try:
        with archive.open(name) as member:
            while chunk := member.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except (zipfile.BadZipFile, OSError) as error:  # e.g. a CRC error of a damaged entry
        return size, f"unreadable ({error})"
    return size, digest.hexdigest()


def restore_backup(
    path: Path,
    *,
    force: bool = False,
    using: str = "default",
    key: str | None = None,
    trust_unsigned: bool = False,
) -> RestoreSummary:
    """Restore the archive ``path`` into this installation, all or nothing.

    Refuses (BackupError, nothing changed) when the manifest is not signed by this
    installation's backup key (or ``key``) unless ``trust_unsigned``, when it names an entry
    or a file that is not a plain relative name, when the archive does not match its manifest,
    when this installation's migrations are not those of the backup, or when the
    installation is in use (``scope.installation_data``: user accounts or audit entries) or
    its storage holds a file of the same name as one of the backup's — unless ``force``,
    which replaces the data, and the files of the same name whose bytes differ (stored files
    the backup does not have are left where they are).

    Then, in one transaction: empties the backed-up tables and the sessions (the rows
    ``migrate`` created are replaced by the backup's, never duplicated), loads every model
    with its primary keys, checks every foreign key, resets the key sequences (PostgreSQL),
    and writes every file through the storage API, checking its SHA-256 again on the way. On
    any failure the transaction is rolled back and the files written are deleted.
    """
    summary = RestoreSummary()
    with zipfile.ZipFile(path) as archive:
        manifest, summary.signed_by = read_manifest(archive, key=key, trust_unsigned=trust_unsigned)
        _check_migrations(manifest, using)
        _check_models(manifest)
        _verify(archive, manifest)
        if not force:
            _check_empty(manifest, using)
        written: list[tuple[str, str]] = []
        ContentType.objects.clear_cache()
        try:
            with transaction.atomic(using=using), scope.raw_translated_fields():
                models = scope.backed_up_models()
                _clear(models, using)
                for entry in manifest["models"]:
                    summary.objects += _load(archive, entry, using)
                    summary.models += 1
                _check_constraints(models, using)
                _reset_sequences(models, using)
                for entry in manifest["files"]:
                    _restore_file(archive, entry, force=force, written=written)
                    summary.files += 1
                    summary.file_bytes += entry["size"]
        except BaseException:
            for alias, name in written:
                scope.storage(alias).delete(name)
            raise
        finally:
            ContentType.objects.clear_cache()
    return summary


def _check_migrations(manifest: dict, using: str) -> None:
    ours = scope.migration_state(using)
    theirs = manifest.get("migrations", {})
    differences = []
    for app_label in sorted(set(ours) | set(theirs)):
        if ours.get(app_label, []) != theirs.get(app_label, []):
            differences.append(
                f"{app_label}: backup {_last(theirs.get(app_label))}, "
                f"this installation {_last(ours.get(app_label))}"
            )
    if differences:
        raise BackupError(
            "The backup was made at other migrations than this installation's; restore it "
            "with the version of Erasmus Desk that made it (migrated), then upgrade:\n  "
            + "\n  ".join(differences)
        )


def _last(names: list[str] | None) -> str:
    return names[-1] if names else "none"


def _check_models(manifest: dict) -> None:
    ours = {model._meta.label_lower for model in scope.backed_up_models()}
    theirs = [entry["model"] for entry in manifest["models"]]
    unknown = sorted(set(theirs) - ours)
    absent = sorted(ours - set(theirs))
    if unknown or absent:
        raise BackupError(
            "The backup's models are not this installation's: "
            + "; ".join(
                part
                for part in (
                    f"unknown here: {', '.join(unknown)}" if unknown else "",
                    f"not in the backup: {', '.join(absent)}" if absent else "",
                )
                if part
            )
        )


def _check_empty(manifest: dict, using: str) -> None:
    data = scope.installation_data(using)
    if data:
        listed = ", ".join(f"{label} ({count})" for label, count in sorted(data.items()))
        raise BackupError(
            "This installation is in use: it holds "
            f"{listed}. Restore into an empty installation (a new database, migrated, with "
            "no users), or give --force to replace everything it holds."
        )
    clashes = [
        entry["name"]
        for entry in manifest["files"]
        if scope.storage(entry["storage"]).exists(entry["name"])
    ]
    if clashes:
        raise BackupError(
            f"The file storage already holds {len(clashes)} of the backup's files (e.g. "
            f"{clashes[0]}). Restore into an empty storage, or give --force to replace them."
        )


def _clear(models: list, using: str) -> None:
    connection = connections[using]
    tables = scope.all_tables(models)
    if apps.is_installed("django.contrib.sessions"):
        tables.append(apps.get_model("sessions", "Session")._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with deferred checks pending from earlier writes of an
            # enclosing transaction: run those checks now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for statement in connection.ops.sql_flush(no_style(), tables):
            cursor.execute(statement)


def _load(archive: zipfile.ZipFile, entry: dict, using: str) -> int:
    """Load one model's JSON Lines; returns the number of objects loaded."""
    model = apps.get_model(entry["model"])
    count = 0
    deferred = []
    inserts = _Inserts(model, using)
    try:
        with archive.open(entry["entry"]) as member:
            lines = io.TextIOWrapper(member, encoding="utf-8")
            for item in serializers.deserialize(
                "jsonl", lines, using=using, handle_forward_references=True
            ):
                if type(item.object) is not model:
                    raise BackupError(
                        f"{entry['entry']}: holds a {item.object._meta.label_lower} object"
                    )
                if inserts.simple and not item.deferred_fields:
                    inserts.add(item.object, item.m2m_data or {})
                else:
                    item.save(using=using, force_insert=True)
                    if item.deferred_fields:
                        deferred.append(item)
                count += 1
        inserts.flush()
        for item in deferred:
            item.save_deferred_fields(using=using)
    except (DeserializationError, DatabaseError) as error:
        raise BackupError(f"{entry['entry']}: cannot be loaded: {error}") from error
    if count != entry["count"]:
        raise BackupError(f"{entry['entry']}: {count} objects, the manifest says {entry['count']}")
    return count


class _Inserts:
    """Objects inserted as they are (raw: no signals, no auto_now), many rows a statement,
    with their many-to-many links; as Django's own raw save of a deserialized object does one
    by one. Models with a parent model (multi-table inheritance) are saved one by one."""

    def __init__(self, model, using: str):
        self.model = model
        self.using = using
        self.simple = not model._meta.parents
        self.fields = list(model._meta.local_concrete_fields)
        self.batch_size = max(1, connections[using].ops.bulk_batch_size(self.fields, [None] * 500))
        self.batch_size = min(self.batch_size, 500)
        self.objects = []
        self.links: dict = {}

    def add(self, obj, m2m_data: dict) -> None:
        self.objects.append(obj)
        for name, values in m2m_data.items():
            field = self.model._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            self.links.setdefault(through, []).extend(
                through(**{f"{source}_id": obj.pk, f"{target}_id": value}) for value in values
            )
        if len(self.objects) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if self.objects:
            self.model._base_manager.using(self.using)._insert(
                self.objects, fields=self.fields, raw=True, using=self.using
            )
            self.objects = []
        for through, rows in self.links.items():
            through._base_manager.using(self.using).bulk_create(rows, batch_size=500)
        self.links = {}


def _check_constraints(models: list, using: str) -> None:
    try:
        connections[using].check_constraints(table_names=scope.all_tables(models))
    except IntegrityError as error:
        raise BackupError(f"The restored data breaks a reference: {error}") from error


def _reset_sequences(models: list, using: str) -> None:
    """Set each table's key sequence past its largest key (PostgreSQL), so that the next
    object created does not collide with a restored one. SQLite needs nothing: its
    AUTOINCREMENT counter follows the largest key inserted."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), scope.with_links(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _restore_file(
    archive: zipfile.ZipFile, entry: dict, *, force: bool, written: list[tuple[str, str]]
) -> None:
    alias, name = entry["storage"], entry["name"]
    try:
        validate_file_name(name, allow_relative_path=True)
    except SuspiciousFileOperation as error:
        raise BackupError(f"{entry['entry']}: not a safe file name: {name!r}") from error
    if alias not in scope.storage_aliases():
        raise BackupError(f"{entry['entry']}: no file storage {alias!r} here")
    store = scope.storage(alias)
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY) as spool:
        size, digest = _copy(archive, entry["entry"], spool)
        if size != entry["size"] or digest != entry["sha256"]:
            raise BackupError(
                f"{entry['entry']}: SHA-256 {digest} ({size} bytes), the manifest says "
                f"{entry['sha256']} ({entry['size']} bytes); nothing was restored"
            )
        if store.exists(name):
            if not force:
                raise BackupError(f"The file storage already holds {name}")
            if _stored_digest(store, name) == digest:
                return  # the very same bytes: nothing to replace
            store.delete(name)
        spool.seek(0)
        saved = store.save(name, File(spool, name=Path(name).name))
        written.append((alias, saved))
        if saved != name:
            raise BackupError(f"The storage saved {name} as {saved}; nothing was restored")


def _stored_digest(store, name: str) -> str:
    digest = hashlib.sha256()
    with store.open(name, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _copy(archive: zipfile.ZipFile, member_name: str, target) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with archive.open(member_name) as member:
        while chunk := member.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            target.write(chunk)
    return size, digest.hexdigest()
