"""Writing a backup archive: the database as JSON Lines per model, every stored file, and
the manifest with the counts and SHA-256 hashes (format in core/backup/__init__.py)."""

import dataclasses
import hashlib
import json
import os
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, time
from importlib import metadata
from pathlib import Path

import django
from django.contrib.auth.models import Permission
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, models, transaction

from erasmusdesk.core import clock
from erasmusdesk.core.backup import scope, signing

FORMAT = "erasmusdesk-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1024 * 1024
_BUFFER = 64 * 1024


@dataclasses.dataclass
class BackupSummary:
    path: Path
    objects: int = 0
    models: int = 0
    files: int = 0
    file_bytes: int = 0
    missing: list[dict] = dataclasses.field(default_factory=list)


class _Encoder(DjangoJSONEncoder):
    """Django's JSON encoder keeps milliseconds of a time (ECMA-262); a backup keeps every
    microsecond the database holds."""

    def default(self, o):
        if isinstance(o, datetime | time):
            return o.isoformat()
        return super().default(o)


class _Serializer(jsonl.Serializer):
    """Django's JSON Lines serializer, with references to content types and permissions
    written as natural keys (their ids differ from one installation to another) and every
    other reference as the id it has: a restore keeps every primary key. Instants keep their
    microseconds."""

    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = _Encoder

    def handle_fk_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model in scope.NATURAL_KEY_MODELS
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        self.use_natural_foreign_keys = field.remote_field.model in scope.NATURAL_KEY_MODELS
        super().handle_m2m_field(obj, field)


class _HashingSink:
    """A text stream for the serializer: UTF-8 into ``target``, hashed and counted on the way,
    in blocks rather than the serializer's many small writes."""

    def __init__(self, target):
        self.target = target
        self.digest = hashlib.sha256()
        self.size = 0
        self._pending: list[bytes] = []
        self._pending_size = 0

    def write(self, text: str) -> None:
        data = text.encode("utf-8")
        self._pending.append(data)
        self._pending_size += len(data)
        if self._pending_size >= _BUFFER:
            self.flush()

    def flush(self) -> None:
        data = b"".join(self._pending)
        self._pending, self._pending_size = [], 0
        self.digest.update(data)
        self.size += len(data)
        self.target.write(data)


def create_backup(path: Path, *, using: str = "default", key: str | None = None) -> BackupSummary:
    """Write the backup archive ``path`` (a ZIP): database content, every stored file of the
    storages of ``scope.storage_aliases``, ``manifest.json`` and its signature with the backup
    key (``key``, else ``ERASMUSDESK_BACKUP_KEY``, else derived from ``SECRET_KEY``).

    The database is read in one read-only snapshot (PostgreSQL: REPEATABLE READ; SQLite: one
    read transaction), model by model and in chunks, never whole in memory; files are copied
    in chunks through Django's storage API (local disk or S3). The archive is written to
    ``<path>.partial`` (readable by its owner only: it holds every applicant's personal data)
    and renamed to ``path`` once complete, so that an interrupted backup never looks whole.
    Files referenced by the database but missing from the storage are listed in the
    manifest's ``missing_files`` (and in the summary) instead of stopping the backup.
    """
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    summary = BackupSummary(path=path)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with open(descriptor, "wb") as output, zipfile.ZipFile(output, "w") as archive:
            manifest = _manifest_head(using)
            with _snapshot(using), scope.raw_translated_fields():
                manifest["migrations"] = scope.migration_state(using)
                for model in scope.backed_up_models():
                    entry = _write_model(archive, model, using)
                    manifest["models"].append(entry)
                    summary.objects += entry["count"]
                    summary.models += 1
                referenced = list(_referenced_files(using))
            stored = set()
            for alias in scope.storage_aliases():
                for name in scope.walk(scope.storage(alias)):
                    entry = _write_file(archive, alias, name)
                    manifest["files"].append(entry)
                    stored.add(name)
                    summary.files += 1
                    summary.file_bytes += entry["size"]
            summary.missing = [item for item in referenced if item["name"] not in stored]
            manifest["missing_files"] = summary.missing
            info = zipfile.ZipInfo(MANIFEST, date_time=_zip_now())
            info.compress_type = zipfile.ZIP_DEFLATED
            manifest_bytes = json.dumps(manifest, indent=1, ensure_ascii=False).encode()
            archive.writestr(info, manifest_bytes)
            archive.writestr(
                zipfile.ZipInfo(signing.SIGNATURE, date_time=_zip_now()),
                signing.signature(manifest_bytes, key=key),
            )
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return summary


def _manifest_head(using: str) -> dict:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": clock.now().isoformat(timespec="seconds"),
        "software": {"erasmusdesk": _version(), "django": django.get_version()},
        "database": connections[using].vendor,
        "migrations": {},
        "models": [],
        "files": [],
        "missing_files": [],
        "not_included": [
            "contenttypes.contenttype and auth.permission: created by migrate; "
            "referred to by natural keys",
            "sessions.session: a restore signs everyone out",
            "axes.*: sign-in failures, lock-outs and the sign-in log",
        ],
    }


def _version() -> str:
    try:
        return metadata.version("erasmusdesk")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "unknown"


@contextmanager
def _snapshot(using: str) -> Iterator[None]:
    """One consistent view of the whole database while it is read, without blocking the
    site's writers. Inside an open transaction (tests) that transaction's view is used."""
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    if connection.vendor == "sqlite":
        # A deferred transaction reads one snapshot (WAL) and takes no write lock, unlike
        # Django's transactions here (BEGIN IMMEDIATE, see settings).
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
        return
    with transaction.atomic(using=using):  # pragma: no cover - other databases
        yield


def _queryset(model: type[models.Model], using: str) -> Iterable[models.Model]:
    """Every row of ``model`` in key order, in chunks, with what the serializer needs."""
    queryset = model._base_manager.using(using).order_by(model._meta.pk.name)
    natural = [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and field.remote_field.model in scope.NATURAL_KEY_MODELS
    ]
    if natural:
        queryset = queryset.select_related(*natural)
    prefetches = []
    for field in model._meta.many_to_many:
        if not field.remote_field.through._meta.auto_created:
            continue  # a link model of its own is backed up as a model
        target = field.remote_field.model
        if target is Permission:
            related = Permission.objects.using(using).select_related("content_type")
        else:
            related = target._base_manager.using(using).only("pk")
        prefetches.append(models.Prefetch(field.name, queryset=related))
    if prefetches:
        queryset = queryset.prefetch_related(*prefetches)
    return queryset.iterator(chunk_size=1000)


def _write_model(archive: zipfile.ZipFile, model: type[models.Model], using: str) -> dict:
    label = model._meta.label_lower
    name = f"database/{label}.jsonl"
    info = zipfile.ZipInfo(name, date_time=_zip_now())
    info.compress_type = zipfile.ZIP_DEFLATED
    count = 0

    def counted(rows):
        nonlocal count
        for row in rows:
            count += 1
            yield row

    with archive.open(info, "w", force_zip64=True) as target:
        sink = _HashingSink(target)
        _Serializer().serialize(counted(_queryset(model, using)), stream=sink)
        sink.flush()
    return {
        "model": label,
        "count": count,
        "entry": name,
        "size": sink.size,
        "sha256": sink.digest.hexdigest(),
    }


def _write_file(archive: zipfile.ZipFile, alias: str, name: str) -> dict:
    entry = f"files/{alias}/{name}"
    info = zipfile.ZipInfo(entry, date_time=_zip_now())
    # Uploaded PDFs and images are compressed already.
    info.compress_type = zipfile.ZIP_STORED
    digest = hashlib.sha256()
    size = 0
    with scope.storage(alias).open(name, "rb") as source:
        with archive.open(info, "w", force_zip64=True) as target:
            while chunk := source.read(CHUNK):
                digest.update(chunk)
                size += len(chunk)
                target.write(chunk)
    return {
        "storage": alias,
        "name": name,
        "size": size,
        "sha256": digest.hexdigest(),
        "entry": entry,
    }


def _referenced_files(using: str) -> Iterator[dict]:
    """Every file name a FileField of the database refers to."""
    for model in scope.backed_up_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            rows = (
                model._base_manager.using(using)
                .exclude(**{field.attname: ""})
                .exclude(**{f"{field.attname}__isnull": True})
                .values_list("pk", field.attname)
                .order_by("pk")
            )
            for pk, name in rows.iterator(chunk_size=2000):
                yield {
                    "model": model._meta.label_lower,
                    "pk": pk,
                    "field": field.name,
                    "name": name,
                }


def _zip_now() -> tuple[int, int, int, int, int, int]:
    now = clock.now()
    return (now.year, now.month, now.day, now.hour, now.minute, now.second)
