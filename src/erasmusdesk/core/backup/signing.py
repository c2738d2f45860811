"""The signature of a backup's manifest, and the check of every name the manifest gives.

Rule (our own): the manifest lists the size and SHA-256 of every entry, so it alone needs
signing. ``manifest.sig`` holds an HMAC-SHA256 of the manifest's exact bytes with a key that
is not in the archive: derived from the installation's ``SECRET_KEY`` (salted, so that the
backup key is not the key that signs sessions), or given explicitly (``ERASMUSDESK_BACKUP_KEY``
or ``--key-file``). The hashes alone catch damage (a changed byte, a truncated copy) but not
forgery: whoever can write an archive can recompute them. The signature catches forgery by
anyone who does not hold the key; it does not hide anything (the archive is not encrypted)
and does not help against someone who holds the key.
"""

import hmac
import json
import posixpath
import re
import zipfile

from django.conf import settings
from django.utils.crypto import salted_hmac

SIGNATURE = "manifest.sig"
ALGORITHM = "HMAC-SHA256"
_SALT = "erasmusdesk.core.backup.manifest"
_MODEL_ENTRY = re.compile(r"database/[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*\.jsonl")
_ALIAS = re.compile(r"[A-Za-z0-9_-]{1,64}")
_HEX64 = re.compile(r"[0-9a-f]{64}")


class UnsignedBackup(Exception):
    """The archive has no valid signature by any key this installation holds."""


def backup_keys(explicit: str | None = None) -> list[tuple[str, str]]:
    """The keys a manifest may be signed with, the first one signs: (source, secret)."""
    if explicit:
        return [("given key", explicit)]
    configured = getattr(settings, "ERASMUSDESK_BACKUP_KEY", "")
    if configured:
        return [("ERASMUSDESK_BACKUP_KEY", configured)]
    return [("SECRET_KEY", settings.SECRET_KEY)] + [
        ("SECRET_KEY_FALLBACKS", key) for key in settings.SECRET_KEY_FALLBACKS
    ]


def _mac(data: bytes, secret: str) -> str:
    return salted_hmac(_SALT, data, secret=secret, algorithm="sha256").hexdigest()


def key_id(secret: str) -> str:
    """A short name of a key, to tell keys apart in messages (reveals nothing of it)."""
    return _mac(b"key id", secret)[:12]


def signature(manifest_bytes: bytes, *, key: str | None = None) -> bytes:
    """The ``manifest.sig`` entry for ``manifest_bytes``: JSON with the algorithm, the key's
    id and the HMAC in hex."""
    _source, secret = backup_keys(key)[0]
    return json.dumps(
        {
            "algorithm": ALGORITHM,
            "key_id": key_id(secret),
            "signature": _mac(manifest_bytes, secret),
        },
        indent=1,
    ).encode()


def check_signature(archive: zipfile.ZipFile, manifest_bytes: bytes, *, key=None) -> str:
    """The source of the key that signed the manifest; UnsignedBackup (saying why) when
    there is no signature or none of our keys made it."""
    try:
        content = json.loads(archive.read(SIGNATURE))
    except KeyError as error:
        raise UnsignedBackup(f"The archive has no signature ({SIGNATURE}).") from error
    except ValueError as error:
        raise UnsignedBackup(f"{SIGNATURE} is not valid JSON.") from error
    given = content.get("signature") if isinstance(content, dict) else None
    if not isinstance(given, str) or content.get("algorithm") != ALGORITHM:
        raise UnsignedBackup(f"{SIGNATURE} is not an {ALGORITHM} signature.")
    keys = backup_keys(key)
    for source, secret in keys:
        if hmac.compare_digest(given, _mac(manifest_bytes, secret)):
            return source
    ours = ", ".join(f"{source} {key_id(secret)}" for source, secret in keys)
    raise UnsignedBackup(
        f"The manifest's signature does not match: it was changed, or signed with another key "
        f"(key id {content.get('key_id')!s:.20}; this installation's: {ours})."
    )


def manifest_problems(manifest: dict, storage_aliases: list[str]) -> list[str]:
    """Every problem of the manifest's structure and names, found before any entry is read
    or any storage is asked anything: each model entry is ``database/<app>.<model>.jsonl``,
    each file's storage is one of ``storage_aliases`` and its name a plain relative path
    (no ``..``, no leading ``/``, no backslash, no control character) whose entry is
    ``files/<storage>/<name>``; sizes and counts are whole numbers, hashes 64 hex digits."""
    problems = []
    models, files = manifest.get("models"), manifest.get("files")
    if not isinstance(models, list) or not isinstance(files, list):
        return ["the manifest has no list of models or of files"]
    for position, entry in enumerate(models, start=1):
        where = f"model {position}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: not an object")
            continue
        name = entry.get("entry")
        if not isinstance(name, str) or not _MODEL_ENTRY.fullmatch(name):
            problems.append(f"{where}: not a database entry name: {name!r:.80}")
        elif name != f"database/{entry.get('model')}.jsonl":
            problems.append(f"{where}: entry {name!r} is not that of model {entry.get('model')!r}")
        problems += _numbers(where, entry, ("count", "size"))
    for position, entry in enumerate(files, start=1):
        where = f"file {position}"
        if isinstance(entry, dict) and isinstance(entry.get("entry"), str):
            where += f" ({entry['entry']!r:.80})"
        if not isinstance(entry, dict):
            problems.append(f"{where}: not an object")
            continue
        alias, name = entry.get("storage"), entry.get("name")
        if not isinstance(alias, str) or alias not in storage_aliases:
            problems.append(f"{where}: no file storage {alias!r:.40} here")
            continue
        reason = unsafe_name(name)
        if reason:
            problems.append(f"{where}: not a safe file name ({reason}): {name!r:.80}")
            continue
        if entry.get("entry") != f"files/{alias}/{name}":
            problems.append(f"{where}: entry {entry.get('entry')!r:.80} is not that of {name!r}")
        problems += _numbers(where, entry, ("size",))
    return problems


def _numbers(where: str, entry: dict, names: tuple[str, ...]) -> list[str]:
    problems = [
        f"{where}: {name} is not a whole number"
        for name in names
        if type(entry.get(name)) is not int or entry[name] < 0
    ]
    if not isinstance(entry.get("sha256"), str) or not _HEX64.fullmatch(entry["sha256"]):
        problems.append(f"{where}: sha256 is not 64 hexadecimal digits")
    return problems


def unsafe_name(name) -> str:
    """Why ``name`` is not a plain relative path inside a storage ("" when it is)."""
    if not isinstance(name, str) or not name:
        return "empty"
    if len(name) > 1024:
        return "too long"
    if any(ord(character) < 32 or ord(character) == 127 for character in name):
        return "a control character"
    if "\\" in name:
        return "a backslash"
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return "an absolute path"
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts) or posixpath.normpath(name) != name:
        return "a '..', '.' or empty part"
    return ""
