"""Uploaded documents: check the real content, fingerprint it, name it, store it.

The rules come from the issue "Applicant portal", part 3 "Documents":

- the content decides, not the name: the bytes must be a PDF that pypdf can read (not
  encrypted, every page readable, the ``%%EOF`` trailer present) or a JPEG or PNG that Pillow
  decodes completely, within a pixel limit read from the image's header before anything is
  decoded (``ERASMUSDESK_UPLOAD_MAX_PIXELS``, 50 million by default), so that a small file
  cannot make the server decode a huge image; JPEGs are decoded at an eighth of their size
  (which still reads every byte of them), and at most ``ERASMUSDESK_IMAGE_DECODES`` images
  are decoded at once per process, so that the memory of checking images stays bounded;
- the size limit of the document (``RequiredDocument.max_size_mb``, never above
  ``settings.ERASMUSDESK_UPLOAD_MAX_MB``) is checked before anything else, and the upload
  handler of ``upload_limits`` refuses an oversized file while the request is being read;
- the SHA-256 of every file is kept; files are read in chunks, never whole;
- the stored name is random (``storage_name``) and the shown name is cleaned
  (``sanitise_name``); a name with a path separator or a control character is refused with
  a message saying why;
- files go through Django's storage API (``document_storage``), never under a public URL:
  ``serving.document_response`` is the only way out.

Every refusal is a ``DomainError`` whose translated message names the file and the rule.
Nothing here touches the database.
"""

import hashlib
import logging
import math
import re
import threading
import unicodedata
import uuid
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, WrongPasswordError
from pypdf.generic import ArrayObject, NameObject

from erasmusdesk.core import clock
from erasmusdesk.core.errors import DomainError

logger = logging.getLogger(__name__)

MB = 1024 * 1024
KINDS = ("pdf", "jpg", "png")
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
LABELS = {"pdf": "PDF", "jpg": "JPEG", "png": "PNG"}
# Extensions a shown name may keep for each kind; any other one is corrected.
EXTENSIONS = {"pdf": ("pdf",), "jpg": ("jpg", "jpeg", "jpe"), "png": ("png",)}
MAX_NAME_LENGTH = 100

_PDF_MAGIC = b"%PDF-"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_JPEG_MAGIC = b"\xff\xd8\xff"
_HEAD = 32
# Readers look for "%%EOF" in the last kilobyte (PDF 1.7, implementation note 18).
_TAIL = 1024
_MAX_INFLATED = 75_000_000  # pypdf's own ceiling on one decompressed stream
_PILLOW_FORMATS = {"jpg": ["JPEG", "MPO"], "png": ["PNG"]}  # MPO: phone photos, still JPEG

# Characters that refuse a name: C0/C1 controls and the bidirectional embeddings, overrides
# and isolates that make "cv\u202efdp.exe" look like "cvexe.pdf".
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SEPARATORS = ("/", "\\")
# Format characters kept in a shown name: they shape Persian, Indic and emoji text.
_KEPT_FORMAT = frozenset("\u200c\u200d")
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])$", re.IGNORECASE)


@dataclass(frozen=True)
class CheckedFile:
    """What ``check_upload`` found: the real kind, size and fingerprint, and the name to show.

    ``content_type`` follows the detected kind, never what the browser claimed.
    """

    kind: str
    size: int
    sha256: str
    display_name: str
    content_type: str


def upload_cap_bytes() -> int:
    """The ceiling of every document's size limit: ``settings.ERASMUSDESK_UPLOAD_MAX_MB``."""
    return int(getattr(settings, "ERASMUSDESK_UPLOAD_MAX_MB", 50)) * MB


def effective_limit(max_bytes: int | None) -> int:
    """A document's limit in bytes, never above the site-wide cap (``None``: the cap)."""
    cap = upload_cap_bytes()
    return cap if max_bytes is None else min(int(max_bytes), cap)


def check_upload(uploaded: UploadedFile, *, allowed: Iterable[str], max_bytes: int) -> CheckedFile:
    """Check an uploaded file against a document's rules; return what was found.

    In order: the name (no path separator, no control character), the size (not empty, not
    over ``max_bytes`` capped by the site-wide limit), the kind read from the first bytes,
    whether the document accepts that kind (``allowed``: "pdf", "jpg", "png"), then a full
    read of the content (PDF: trailer, not encrypted, every page; image: verify and decode
    within the pixel limit). The SHA-256 is computed over ``uploaded.chunks()``.

    A file whose name has the wrong extension but whose content is acceptable is accepted:
    its shown name gets the extension of what it really is ("scan.png" holding a JPEG is
    shown as "scan.jpg"). The content is what matters to the office, and a correct extension
    is what keeps the shown name honest on download.

    Raises ``DomainError`` with a translated message naming the file and the rule. The file
    is rewound to its start afterwards; nothing is stored.
    """
    kinds = _allowed_kinds(allowed)
    limit = effective_limit(max_bytes)
    raw_name = uploaded.name or ""
    shown = name_for_message(raw_name)
    _check_name(raw_name, shown)
    if uploaded.size == 0:
        raise DomainError(_("“%(name)s” is empty.") % {"name": shown})
    if uploaded.size is not None and uploaded.size > limit:
        raise _too_large(shown, uploaded.size, limit)
    try:
        sha256, size, head, tail = _fingerprint(uploaded, limit, shown)
        if size == 0:
            raise DomainError(_("“%(name)s” is empty.") % {"name": shown})
        kind = detect_kind(head)
        if kind is None:
            raise DomainError(_not_accepted_content(shown, head))
        if kind not in kinds:
            raise DomainError(_kind_not_allowed(shown, kind, kinds))
        if kind == "pdf":
            _verify_pdf(uploaded, tail, shown)
        else:
            _verify_image(uploaded, kind, shown)
    finally:
        uploaded.seek(0)
    return CheckedFile(
        kind=kind,
        size=size,
        sha256=sha256,
        display_name=sanitise_name(raw_name, kind),
        content_type=CONTENT_TYPES[kind],
    )


def detect_kind(head: bytes) -> str | None:
    """The kind ("pdf", "jpg" or "png") a file's first bytes announce, else ``None``.

    The PDF header must open the file: readers tolerate up to 1 KB of junk before it, but
    that tolerance is how a program and a PDF share one file.
    """
    if head.startswith(_PDF_MAGIC):
        return "pdf"
    if head.startswith(_PNG_MAGIC):
        return "png"
    if head.startswith(_JPEG_MAGIC):
        return "jpg"
    return None


def sanitise_name(name: str, kind: str) -> str:
    """The name shown for a file of ``kind``: readable, harmless, with the right extension.

    Keeps the last path component (after "/" or "\\"); drops control characters, bidi
    overrides and other invisible format characters (except the zero-width joiners that
    shape some scripts); replaces the characters Windows forbids in names with "_";
    collapses runs of whitespace to one space; drops leading dots and spaces, so that the
    file is not hidden; corrects or appends the extension so that it matches ``kind``;
    limits the result to 100 characters, keeping the extension. A name with nothing left
    becomes "document.<ext>".
    """
    extensions = EXTENSIONS[kind]
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(char for char in name if not _invisible(char))
    name = _WINDOWS_FORBIDDEN.sub("_", name)
    name = " ".join(name.split())
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    if extension.lower() in extensions:
        extension = extension.lower()
    elif extension.lower() in _ALL_EXTENSIONS:
        extension = extensions[0]
    else:  # no extension, or a foreign one ("cv.docx"): keep it in the stem
        stem, extension = name, extensions[0]
    stem = stem.lstrip(". ")[: MAX_NAME_LENGTH - len(extension) - 1].rstrip(". ")
    if _WINDOWS_RESERVED.match(stem):
        stem = f"_{stem}"
    return f"{stem or 'document'}.{extension}"


def name_for_message(name: str) -> str:
    """A file's name as quoted in an error message: invisible characters shown as "�",
    whitespace collapsed, at most 100 characters."""
    shown = "".join("\ufffd" if _invisible(char) else char for char in name or "")
    shown = " ".join(shown.split())
    if len(shown) > MAX_NAME_LENGTH:
        shown = shown[: MAX_NAME_LENGTH - 1] + "…"
    return shown or _("the file")


def size_text(size: int, *, round_up: bool = False) -> str:
    """A size as people read it, in the active language: "830 bytes", "12.5 KB", "10 MB".

    Binary units (1 MB = 1024 × 1024 bytes, as ``max_size_mb`` means). One decimal, none
    when it is zero. ``round_up`` for a size compared with a limit: 10 MB and 1 byte is
    "10.1 MB", never "10 MB".
    """
    if size < 1024:
        return ngettext("%(size)s byte", "%(size)s bytes", size) % {"size": size}
    unit_bytes, template = (MB, _("%(size)s MB")) if size >= MB else (1024, _("%(size)s KB"))
    tenths = size * 10 / unit_bytes
    tenths = math.ceil(tenths) if round_up else round(tenths)
    decimals = 0 if tenths % 10 == 0 else 1
    return template % {"size": formats.number_format(tenths / 10, decimals)}


def storage_name(kind: str, *, folder: str = "applications") -> str:
    """A new random name under which to store a file: "applications/2026/12/<uuid4>.pdf"
    (``folder``: the area the file belongs to, e.g. "jean-monnet").

    Nothing the applicant chose is in it: the name cannot collide with, overwrite or point
    at another file, and it tells nothing about the person.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    now = clock.now()
    return f"{folder}/{now:%Y}/{now:%m}/{uuid.uuid4().hex}.{kind}"


def document_storage() -> Storage:
    """The storage of uploaded documents: ``storages[settings.ERASMUSDESK_DOCUMENT_STORAGE]``
    ("default" unless configured; a private bucket when files are on S3)."""
    return storages[getattr(settings, "ERASMUSDESK_DOCUMENT_STORAGE", "default")]


def store(
    checked: CheckedFile,
    uploaded: UploadedFile,
    *,
    storage: Storage | None = None,
    folder: str = "applications",
) -> str:
    """Save a checked file under a new random name; return the name the storage used.

    Side effect: the file is written to the storage (on the local disk, a temporary upload
    is moved rather than copied). Call ``check_upload`` first: this function trusts it.
    """
    storage = storage or document_storage()
    uploaded.seek(0)
    return storage.save(storage_name(checked.kind, folder=folder), uploaded)


def accept_upload(
    uploaded: UploadedFile,
    *,
    allowed: Iterable[str],
    max_bytes: int,
    storage: Storage | None = None,
    folder: str = "applications",
) -> tuple[CheckedFile, str]:
    """``check_upload`` then ``store``: the checked file and its stored name.

    Raises ``DomainError`` before anything is written when the file is refused.
    """
    checked = check_upload(uploaded, allowed=allowed, max_bytes=max_bytes)
    return checked, store(checked, uploaded, storage=storage, folder=folder)


def sha256_of_stored(name: str, *, storage: Storage | None = None) -> str:
    """The SHA-256 (hex) of a stored file, read in chunks: to prove a file is unchanged."""
    storage = storage or document_storage()
    digest = hashlib.sha256()
    with storage.open(name, "rb") as file:
        for chunk in file.chunks():
            digest.update(chunk)
    return digest.hexdigest()


# --- the checks ---------------------------------------------------------------------------

_ALL_EXTENSIONS = frozenset(ext for exts in EXTENSIONS.values() for ext in exts)


def _invisible(char: str) -> bool:
    category = unicodedata.category(char)
    if category == "Cf":
        return char not in _KEPT_FORMAT
    return category in ("Cc", "Cs", "Co", "Cn")


def _allowed_kinds(allowed: Iterable[str]) -> tuple[str, ...]:
    wanted = {"jpg" if kind.lower() == "jpeg" else kind.lower() for kind in allowed}
    if not wanted or not wanted <= set(KINDS):
        raise ValueError(f"allowed must be a non-empty subset of {KINDS}, not {allowed!r}")
    return tuple(kind for kind in KINDS if kind in wanted)


def _check_name(raw_name: str, shown: str) -> None:
    if any(separator in raw_name for separator in _SEPARATORS):
        raise DomainError(
            _(
                "“%(name)s”: a file name cannot contain “/” or “\\”. "
                "Rename the file and upload it again."
            )
            % {"name": shown}
        )
    if any(unicodedata.category(char) == "Cc" or char in _BIDI_CONTROLS for char in raw_name):
        raise DomainError(
            _(
                "“%(name)s”: the file name contains control characters (shown as �). "
                "Rename the file and upload it again."
            )
            % {"name": shown}
        )


def _too_large(shown: str, size: int, limit: int) -> DomainError:
    return DomainError(
        _("“%(name)s” is %(size)s; the limit for this document is %(limit)s.")
        % {"name": shown, "size": size_text(size, round_up=True), "limit": size_text(limit)}
    )


def _fingerprint(uploaded: UploadedFile, limit: int, shown: str) -> tuple[str, int, bytes, bytes]:
    """SHA-256, size, first and last bytes, reading the file once in chunks."""
    digest = hashlib.sha256()
    size = 0
    head = tail = b""
    for chunk in uploaded.chunks():
        size += len(chunk)
        if size > limit:  # the declared size was wrong: stop reading
            raise DomainError(
                _("“%(name)s” is larger than %(limit)s, the limit for this document.")
                % {"name": shown, "limit": size_text(limit)}
            )
        digest.update(chunk)
        if len(head) < _HEAD:
            head += chunk[: _HEAD - len(head)]
        tail = (tail + chunk[-_TAIL:])[-_TAIL:]
    return digest.hexdigest(), size, head, tail


def _not_accepted_content(shown: str, head: bytes) -> str:
    """The refusal of content that is not PDF, JPEG or PNG, with a hint when we know what
    it is."""
    if head.startswith((b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")):
        return _(
            "“%(name)s” is not a PDF, JPEG or PNG file: its content is a program. "
            "Upload the document itself."
        ) % {"name": shown}
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return _(
            "“%(name)s” is not a PDF, JPEG or PNG file: its content is an office document "
            "(such as Word) or an archive. Save the document as PDF and upload it again."
        ) % {"name": shown}
    is_heic = head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"hevc")
    if (
        is_heic
        or head.startswith((b"GIF8", b"II*\x00", b"MM\x00*", b"BM"))
        or (head.startswith(b"RIFF") and head[8:12] == b"WEBP")
    ):
        return _(
            "“%(name)s” is not a PDF, JPEG or PNG file: its content is an image in another "
            "format (HEIC, WebP, GIF, TIFF or BMP). Save it as JPEG or PNG and upload it again."
        ) % {"name": shown}
    return _("“%(name)s” is not a PDF, JPEG or PNG file: its content is of another kind.") % {
        "name": shown
    }


def _kind_not_allowed(shown: str, kind: str, kinds: tuple[str, ...]) -> str:
    labels = [LABELS[k] for k in kinds]
    accepted = (
        labels[0]
        if len(labels) == 1
        else _("%(first)s or %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}
    )
    templates = {
        "pdf": _("“%(name)s” is a PDF file but this document accepts only %(accepted)s."),
        "jpg": _("“%(name)s” is a JPEG image but this document accepts only %(accepted)s."),
        "png": _("“%(name)s” is a PNG image but this document accepts only %(accepted)s."),
    }
    return templates[kind] % {"name": shown, "accepted": accepted}


def _verify_pdf(uploaded: UploadedFile, tail: bytes, shown: str) -> None:
    """A PDF is accepted when its trailer is present, it is not encrypted, it has pages and
    pypdf reads every page's content. pypdf runs with strict=False (real PDFs are often
    slightly off the standard) and the checks above make up for it."""
    damaged = DomainError(_("“%(name)s” is damaged (the PDF cannot be read).") % {"name": shown})
    encrypted = DomainError(
        _("“%(name)s” is an encrypted PDF: save it without a password or protection.")
        % {"name": shown}
    )
    if b"%%EOF" not in tail:  # cut short: the end of the file is missing
        raise damaged
    uploaded.seek(0)
    try:
        reader = PdfReader(uploaded.file, strict=False)
        is_encrypted = reader.is_encrypted
    except (FileNotDecryptedError, WrongPasswordError, DependencyError) as error:
        raise encrypted from error
    except Exception as error:  # pypdf raises many kinds on hostile input; all mean damaged
        logger.info("PDF refused as damaged: %r", error)
        raise (encrypted if b"/Encrypt" in tail else damaged) from error
    if is_encrypted:
        raise encrypted
    try:
        pages = reader.pages
        if len(pages) == 0:
            raise damaged
        for page in pages:
            page.mediabox  # noqa: B018 - reading it is the check
            if not all(_inflates_completely(stream) for stream in _content_streams(page)):
                raise damaged
            page.get_contents()
    except DomainError:
        raise
    except Exception as error:  # see above
        logger.info("PDF refused as damaged: %r", error)
        raise damaged from error


def _content_streams(page) -> list:
    contents = page.get(NameObject("/Contents"))
    if contents is None:
        return []
    contents = contents.get_object()
    items = contents if isinstance(contents, ArrayObject) else [contents]
    return [item.get_object() for item in items]


def _inflates_completely(stream) -> bool:
    """Whether a Flate-compressed content stream inflates to its end with a correct
    checksum. pypdf, to be lenient, recovers what it can from a corrupt or cut stream and
    only logs a warning: the page would then show blank or half drawn."""
    filters = stream.get("/Filter")
    first = filters[0] if isinstance(filters, ArrayObject) and filters else filters
    if first not in ("/FlateDecode", "/Fl"):
        return True  # other filters: pypdf's decoding in get_contents() is the check
    inflater = zlib.decompressobj()
    pending = stream._data  # the raw, still compressed bytes (pypdf has no public name)
    inflated = 0
    while pending and not inflater.eof and inflated < _MAX_INFLATED:
        inflated += len(inflater.decompress(pending, max_length=MB))
        pending = inflater.unconsumed_tail
    return inflater.eof or inflated >= _MAX_INFLATED


def max_image_pixels() -> int:
    """The most pixels a document's image may have (``settings.ERASMUSDESK_UPLOAD_MAX_PIXELS``,
    50 million: a 48-megapixel phone photo, an A4 page scanned at 600 dpi is 35 million);
    never more than Pillow's own decompression-bomb limit."""
    configured = getattr(settings, "ERASMUSDESK_UPLOAD_MAX_PIXELS", None) or 50_000_000
    return min(int(configured), Image.MAX_IMAGE_PIXELS or 89_478_485)


_decodes_lock = threading.Lock()
_decodes: dict[int, threading.BoundedSemaphore] = {}


def _decode_slots() -> threading.BoundedSemaphore:
    """The process's bound on images decoded at once (``ERASMUSDESK_IMAGE_DECODES``)."""
    count = max(1, int(getattr(settings, "ERASMUSDESK_IMAGE_DECODES", 2)))
    with _decodes_lock:
        return _decodes.setdefault(count, threading.BoundedSemaphore(count))


def _verify_image(uploaded: UploadedFile, kind: str, shown: str) -> None:
    """An image is accepted when Pillow, limited to the expected format, verifies it and
    then decodes it whole (a truncated image fails the decoding), and it has no more pixels
    than ``max_image_pixels()``: the size of a decoded image, unlike its file, is unbounded,
    so the header's size is checked before any decoding. A JPEG is decoded in Pillow's draft
    mode (the decoder's 1/8 scale: every byte is still read, an eighth of the memory per
    side); at most ``ERASMUSDESK_IMAGE_DECODES`` decodes run at once, a check waits up to
    ``ERASMUSDESK_IMAGE_DECODE_WAIT_SECONDS`` for its turn and is refused (try again) after."""
    label = LABELS[kind]
    damaged = DomainError(
        _("“%(name)s” is damaged (the %(format)s image cannot be read).")
        % {"name": shown, "format": label}
    )
    file = uploaded.file
    try:
        file.seek(0)
        with Image.open(file, formats=_PILLOW_FORMATS[kind]) as image:
            _check_pixels(image.size, shown)
            image.verify()
        slots = _decode_slots()
        wait = float(getattr(settings, "ERASMUSDESK_IMAGE_DECODE_WAIT_SECONDS", 30))
        if not slots.acquire(timeout=wait):
            raise DomainError(
                _(
                    "“%(name)s” could not be checked now: the server is checking many "
                    "images at once. Upload it again in a minute."
                )
                % {"name": shown}
            )
        try:
            file.seek(0)
            with Image.open(file, formats=_PILLOW_FORMATS[kind]) as image:
                if kind == "jpg":
                    width, height = image.size
                    image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
                image.load()
        finally:
            slots.release()
    except DomainError:
        raise
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(shown, None) from error
    except Exception as error:  # Pillow raises many kinds on hostile input; all mean damaged
        logger.info("%s refused as damaged: %r", label, error)
        raise damaged from error


def _check_pixels(size: tuple[int, int], shown: str) -> None:
    width, height = size
    if width * height > max_image_pixels():
        raise _too_many_pixels(shown, size)


def _too_many_pixels(shown: str, size: tuple[int, int] | None) -> DomainError:
    limit = formats.number_format(max_image_pixels(), 0, force_grouping=True)
    if size is None:
        return DomainError(
            _(
                "“%(name)s” has too many pixels (the limit is %(limit)s pixels): "
                "reduce its resolution and upload it again."
            )
            % {"name": shown, "limit": limit}
        )
    return DomainError(
        _(
            "“%(name)s” has too many pixels (%(width)s × %(height)s; the limit is "
            "%(limit)s pixels): reduce its resolution and upload it again."
        )
        % {"name": shown, "width": size[0], "height": size[1], "limit": limit}
    )
