"""Backups: one archive with the database content and every uploaded file, and its restore
into an empty installation (issue "Production readiness", part 4).

The archive is a ZIP file:

- ``manifest.json``: ``format`` ("erasmusdesk-backup"), ``format_version`` (1),
  ``created_at`` (UTC), the software versions, the database vendor, ``migrations`` (the
  applied migrations per app), ``models`` (per model: label, object count, entry, size and
  SHA-256 of the entry), ``files`` (per stored file: storage alias, name, size, SHA-256,
  entry), ``missing_files`` (files the database refers to that the storage did not have) and
  ``not_included``;
- ``database/<app_label>.<model>.jsonl``: every object of one model in Django's JSON Lines
  serialization, one object a line, with its primary key; references to content types and
  permissions as natural keys;
- ``files/<storage alias>/<name>``: the bytes of every file of the storage, as stored;
- ``manifest.sig``: the HMAC-SHA256 of ``manifest.json``'s bytes with the backup key, which
  is not in the archive (signing.py).

``python -m erasmusdesk backup <file>`` writes it (writing.py); ``restore <file>`` checks every
hash and loads it (reading.py); scope.py says which models and storages are included.
"""

from erasmusdesk.core.backup.reading import (
    BackupError,
    RestoreSummary,
    Verified,
    restore_backup,
    verify_backup,
)
from erasmusdesk.core.backup.writing import BackupSummary, create_backup

__all__ = [
    "BackupError",
    "BackupSummary",
    "RestoreSummary",
    "Verified",
    "create_backup",
    "restore_backup",
    "verify_backup",
]
