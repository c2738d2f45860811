"""Checking uploaded documents by content, their fingerprints, names and storage."""

import hashlib
import io
import os
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter

from erasmusdesk.applications.uploads import (
    MB,
    accept_upload,
    check_upload,
    sanitise_name,
    sha256_of_stored,
    size_text,
    storage_name,
    store,
)
from erasmusdesk.core.errors import DomainError
from tests.factories import samples
from tests.factories.samples import MALFORMED

ALL = ("pdf", "jpg", "png")


def _refusal(name: str, data: bytes, *, allowed=ALL, max_bytes: int = 10 * MB) -> str:
    with pytest.raises(DomainError) as caught:
        check_upload(samples.uploaded(name, data), allowed=allowed, max_bytes=max_bytes)
    return str(caught.value.message)


def _stored_files(root) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


# --- accepted files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "kind", "content_type"),
    [
        ("CV Aliya.pdf", samples.pdf_bytes, "pdf", "application/pdf"),
        ("passport.jpg", samples.jpeg_bytes, "jpg", "image/jpeg"),
        ("diploma.png", samples.png_bytes, "png", "image/png"),
    ],
)
def test_check_upload_accepts_pdf_jpeg_png_with_their_sha256(name, make, kind, content_type):
    data = make()
    checked = check_upload(samples.uploaded(name, data), allowed=ALL, max_bytes=MB)
    assert checked.kind == kind
    assert checked.size == len(data)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.display_name == name
    assert checked.content_type == content_type


def test_check_upload_content_type_is_the_detected_one_not_the_claimed_one():
    file = samples.uploaded("cv.pdf", samples.pdf_bytes(), content_type="text/html")
    assert check_upload(file, allowed=ALL, max_bytes=MB).content_type == "application/pdf"


def test_check_upload_accepts_a_multi_page_pdf():
    checked = check_upload(
        samples.uploaded("transcript.pdf", samples.pdf_bytes(pages=12)), allowed=ALL, max_bytes=MB
    )
    assert checked.kind == "pdf"


def test_check_upload_renamed_file_is_accepted_with_its_real_extension():
    jpeg_named_pdf = samples.uploaded("photo.pdf", samples.jpeg_bytes())
    pdf_named_png = samples.uploaded("scan.png", samples.pdf_bytes())
    assert check_upload(jpeg_named_pdf, allowed=ALL, max_bytes=MB).display_name == "photo.jpg"
    assert check_upload(pdf_named_png, allowed=ALL, max_bytes=MB).display_name == "scan.pdf"


def test_check_upload_rewinds_the_file():
    data = samples.pdf_bytes()
    file = samples.uploaded("cv.pdf", data)
    check_upload(file, allowed=ALL, max_bytes=MB)
    assert file.read() == data


def test_check_upload_rewinds_the_file_after_a_refusal_too():
    data = samples.truncated_pdf_bytes()
    file = samples.uploaded("cv.pdf", data)
    with pytest.raises(DomainError):
        check_upload(file, allowed=ALL, max_bytes=MB)
    assert file.read() == data


def test_check_upload_reads_a_temporary_upload_in_chunks(settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    data = samples.pdf_bytes(size_kb=300)
    file = TemporaryUploadedFile("big.pdf", "application/pdf", len(data), None)
    file.write(data)
    file.seek(0)
    checked = check_upload(file, allowed=ALL, max_bytes=MB)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.size == len(data)


def test_check_upload_accepts_jpeg_spelt_jpeg_in_allowed():
    file = samples.uploaded("photo.jpeg", samples.jpeg_bytes())
    checked = check_upload(file, allowed=["JPEG"], max_bytes=MB)
    assert (checked.kind, checked.display_name) == ("jpg", "photo.jpeg")


@pytest.mark.parametrize("allowed", [[], ["docx"], ["pdf", "gif"]])
def test_check_upload_allowed_must_be_known_kinds(allowed):
    with pytest.raises(ValueError):
        check_upload(samples.uploaded("cv.pdf", samples.pdf_bytes()), allowed=allowed, max_bytes=MB)


# --- refused content --------------------------------------------------------------------------


def test_check_upload_refuses_an_empty_file():
    assert _refusal("cv.pdf", b"") == "“cv.pdf” is empty."


def test_check_upload_refuses_a_renamed_executable():
    message = _refusal("cv.pdf", samples.exe_bytes())
    assert message == (
        "“cv.pdf” is not a PDF, JPEG or PNG file: its content is a program. "
        "Upload the document itself."
    )


def test_check_upload_refuses_content_of_another_kind():
    message = _refusal("x.pdf", b"Just some text, saved with the wrong name.\n")
    assert message == "“x.pdf” is not a PDF, JPEG or PNG file: its content is of another kind."


def test_check_upload_refuses_a_word_document_with_a_hint():
    message = _refusal("cv.docx", b"PK\x03\x04" + b"\x00" * 200)
    assert "its content is an office document (such as Word) or an archive" in message
    assert "Save the document as PDF" in message


def test_check_upload_refuses_a_heic_photo_with_a_hint():
    message = _refusal("IMG_0042.HEIC", b"\x00\x00\x00\x18ftypheic" + b"\x00" * 200)
    assert "an image in another format (HEIC, WebP, GIF, TIFF or BMP)" in message


def test_check_upload_refuses_a_pdf_header_after_junk():
    # Readers tolerate junk before "%PDF-"; that tolerance is how polyglot files are built.
    data = b"MZ" + b"\x00" * 100 + samples.pdf_bytes()
    assert "its content is a program" in _refusal("cv.pdf", data)


def test_check_upload_refuses_a_truncated_pdf():
    assert _refusal("x.pdf", samples.truncated_pdf_bytes()) == (
        "“x.pdf” is damaged (the PDF cannot be read)."
    )


def test_check_upload_refuses_a_pdf_missing_only_its_last_line():
    data = samples.pdf_bytes()
    assert data.rstrip().endswith(b"%%EOF")
    assert "is damaged" in _refusal("x.pdf", data.rstrip()[: -len(b"%%EOF")])


def test_check_upload_refuses_a_pdf_whose_page_content_is_corrupt():
    data = bytearray(samples.pdf_bytes())
    start = data.index(b"stream\n") + len(b"stream\n")
    data[start : start + 8] = b"\x00" * 8  # the compressed page content no longer inflates
    assert _refusal("x.pdf", bytes(data)) == "“x.pdf” is damaged (the PDF cannot be read)."


def test_check_upload_refuses_a_pdf_without_pages():
    out = io.BytesIO()
    PdfWriter().write(out)
    assert "is damaged" in _refusal("empty.pdf", out.getvalue())


def test_check_upload_refuses_an_encrypted_pdf():
    assert _refusal("x.pdf", samples.encrypted_pdf_bytes()) == (
        "“x.pdf” is an encrypted PDF: save it without a password or protection."
    )


def test_check_upload_refuses_a_pdf_encrypted_with_an_empty_user_password():
    # It opens without a password, but is still encrypted (printing or copying restricted).
    assert "is an encrypted PDF" in _refusal("x.pdf", samples.encrypted_pdf_bytes(""))


def test_check_upload_refuses_an_aes_encrypted_pdf_that_pypdf_cannot_decrypt():
    # Without the cryptography package pypdf cannot decrypt AES: still refused as encrypted.
    data = samples.encrypted_pdf_bytes().replace(b"/V 2\n/R 3", b"/V 4\n/R 4")
    data = data.replace(
        b"/Length 128\n/P",
        b"/Length 128\n/StmF /StdCF /StrF /StdCF /CF << /StdCF << /CFM /AESV2 /Length 16 >> >> /P",
    )
    assert "is an encrypted PDF" in _refusal("x.pdf", data)


def test_check_upload_refuses_a_truncated_jpeg():
    assert _refusal("photo.jpg", samples.jpeg_bytes()[:-200]) == (
        "“photo.jpg” is damaged (the JPEG image cannot be read)."
    )


def test_check_upload_refuses_a_truncated_png():
    assert _refusal("scan.png", samples.png_bytes()[:-20]) == (
        "“scan.png” is damaged (the PNG image cannot be read)."
    )


def test_check_upload_refuses_a_decompression_bomb():
    # 20,000 × 20,000 pixels announced (400 million) in a file of a few hundred bytes.
    message = _refusal("bomb.png", samples.png_header_bytes(20_000, 20_000))
    assert message.startswith("“bomb.png” has too many pixels (the limit is 50,000,000 pixels)")
    assert "reduce its resolution" in message


def test_the_reviews_small_png_of_9400_by_9400_pixels_is_refused_before_it_is_decoded(
    monkeypatch,
):
    """258 KB on disk, 265 MB once decoded (bench/image_memory.py measures it): refused from
    its header, no decoder ever runs."""
    from PIL import ImageFile

    data = samples.png_one_colour_bytes(9400, 9400)
    assert len(data) < 300 * 1024

    def no_decoding(self):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    assert _refusal("scan.png", data) == (
        "“scan.png” has too many pixels (9400 × 9400; the limit is 50,000,000 pixels): "
        "reduce its resolution and upload it again."
    )


@pytest.mark.skipif(
    "faketime" in os.environ.get("LD_PRELOAD", ""),
    reason="under libfaketime a timed lock wait is computed on the faked monotonic clock and "
    "waited on the real one (sem_clockwait is not intercepted): it would last years",
)
def test_images_are_decoded_a_bounded_number_at_a_time(settings):
    from erasmusdesk.applications import uploads

    settings.ERASMUSDESK_IMAGE_DECODES = 1
    settings.ERASMUSDESK_IMAGE_DECODE_WAIT_SECONDS = 0.05
    slots = uploads._decode_slots()
    assert slots.acquire(timeout=1)  # another request is decoding
    try:
        assert _refusal("photo.jpg", samples.jpeg_bytes()) == (
            "“photo.jpg” could not be checked now: the server is checking many images at "
            "once. Upload it again in a minute."
        )
    finally:
        slots.release()
    file = samples.uploaded("photo.jpg", samples.jpeg_bytes())
    assert check_upload(file, allowed=ALL, max_bytes=MB).kind == "jpg"


def test_a_jpeg_is_decoded_at_an_eighth_of_its_size(monkeypatch):
    from PIL import JpegImagePlugin

    drafts = []
    original = JpegImagePlugin.JpegImageFile.draft

    def recorded(self, mode, size):
        drafts.append((self.size, size))
        return original(self, mode, size)

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", recorded)
    file = samples.uploaded("photo.jpg", samples.jpeg_bytes(640, 480))
    assert check_upload(file, allowed=ALL, max_bytes=MB).kind == "jpg"
    assert drafts == [((640, 480), (80, 60))]


def test_check_upload_refuses_an_image_over_the_configured_pixel_limit(settings):
    settings.ERASMUSDESK_UPLOAD_MAX_PIXELS = 3000
    assert _refusal("photo.jpg", samples.jpeg_bytes(64, 48)) == (
        "“photo.jpg” has too many pixels (64 × 48; the limit is 3,000 pixels): "
        "reduce its resolution and upload it again."
    )


def test_check_upload_image_at_the_pixel_limit_is_accepted(settings):
    settings.ERASMUSDESK_UPLOAD_MAX_PIXELS = 64 * 48
    file = samples.uploaded("photo.jpg", samples.jpeg_bytes(64, 48))
    assert check_upload(file, allowed=ALL, max_bytes=MB).kind == "jpg"


def test_check_upload_refuses_a_kind_the_document_does_not_accept():
    assert _refusal("x.png", samples.png_bytes(), allowed=["pdf"]) == (
        "“x.png” is a PNG image but this document accepts only PDF."
    )
    assert _refusal("x.pdf", samples.pdf_bytes(), allowed=["jpg", "png"]) == (
        "“x.pdf” is a PDF file but this document accepts only JPEG or PNG."
    )


def test_check_upload_kind_refusal_follows_the_content_not_the_name():
    assert _refusal("x.pdf", samples.jpeg_bytes(), allowed=["pdf"]) == (
        "“x.pdf” is a JPEG image but this document accepts only PDF."
    )


# --- size -------------------------------------------------------------------------------------


def test_check_upload_refuses_a_file_over_the_limit():
    data = b"%PDF-1.4\n" + b"\x00" * (int(12.3 * MB) - 9)  # 12.3 MB exactly, rounded down
    assert _refusal("x.pdf", data, max_bytes=10 * MB) == (
        "“x.pdf” is 12.3 MB; the limit for this document is 10 MB."
    )


def test_check_upload_size_at_the_limit_is_accepted_one_byte_over_is_refused():
    data = samples.pdf_bytes()
    file = samples.uploaded("cv.pdf", data)
    assert check_upload(file, allowed=ALL, max_bytes=len(data)).size == len(data)
    assert _refusal("cv.pdf", data, max_bytes=len(data) - 1) == (
        f"“cv.pdf” is {len(data)} bytes; the limit for this document is {len(data) - 1} bytes."
    )


def test_check_upload_one_byte_over_ten_mb_is_not_shown_as_ten_mb():
    message = _refusal("x.pdf", b"%PDF-" + b"\x00" * (10 * MB + 1 - 5), max_bytes=10 * MB)
    assert message == "“x.pdf” is 10.1 MB; the limit for this document is 10 MB."


def test_check_upload_limit_is_capped_by_the_site_wide_maximum(settings):
    settings.ERASMUSDESK_UPLOAD_MAX_MB = 1
    data = samples.pdf_bytes(size_kb=1200)
    assert _refusal("scan.pdf", data, max_bytes=10 * MB) == (
        "“scan.pdf” is 1.2 MB; the limit for this document is 1 MB."
    )


def test_check_upload_stops_reading_when_the_declared_size_is_wrong():
    data = b"%PDF-1.4\n" + b"\x00" * (2 * MB)
    file = samples.uploaded("x.pdf", data)
    file.size = 100  # a handler that lied: the bytes counted while hashing decide
    with pytest.raises(DomainError) as caught:
        check_upload(file, allowed=ALL, max_bytes=MB)
    assert caught.value.message == "“x.pdf” is larger than 1 MB, the limit for this document."


def test_size_message_in_russian_uses_a_decimal_comma():
    with translation.override("ru"):
        assert size_text(int(12.3 * MB), round_up=True).startswith("12,3")


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["..\\..\\cv.pdf", "../../etc/cv.pdf", "C:\\Users\\me\\cv.pdf"])
def test_check_upload_refuses_a_name_with_path_separators(name):
    message = _refusal(name, samples.pdf_bytes())
    assert message == (
        f"“{name}”: a file name cannot contain “/” or “\\”. Rename the file and upload it again."
    )


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("cv\x00.pdf", "cv\ufffd.pdf"),
        ("cv\n.pdf", "cv\ufffd.pdf"),
        ("cv\x7f.pdf", "cv\ufffd.pdf"),
        ("invoice\u202efdp.exe", "invoice\ufffdfdp.exe"),  # shows as "invoiceexe.pdf"
    ],
)
def test_check_upload_refuses_a_name_with_control_characters(name, shown):
    assert _refusal(name, samples.pdf_bytes()) == (
        f"“{shown}”: the file name contains control characters (shown as \ufffd). "
        "Rename the file and upload it again."
    )


def test_check_upload_shows_a_long_refused_name_shortened():
    message = _refusal("a" * 300 + ".pdf", b"")
    assert message == "“" + "a" * 99 + "…” is empty."


@pytest.mark.parametrize(
    ("name", "kind", "shown"),
    [
        ("cv.pdf", "pdf", "cv.pdf"),
        ("CV.PDF", "pdf", "CV.pdf"),
        ("photo.JPEG", "jpg", "photo.jpeg"),
        ("scan.png", "jpg", "scan.jpg"),
        ("cv", "pdf", "cv.pdf"),
        ("cv.docx", "pdf", "cv.docx.pdf"),
        ("dir/sub/cv.pdf", "pdf", "cv.pdf"),
        ("C:\\Users\\me\\cv.pdf", "pdf", "cv.pdf"),
        ("...hidden.pdf", "pdf", "hidden.pdf"),
        ("  my   cv \t final .pdf", "pdf", "my cv final.pdf"),
        ("cv\u202efdp.exe", "pdf", "cvfdp.exe.pdf"),
        ("a\u200bb\u200dc.pdf", "pdf", "ab\u200dc.pdf"),
        ('what? "final" <v2>|*.pdf', "pdf", "what_ _final_ _v2___.pdf"),
        ("CON.pdf", "pdf", "_CON.pdf"),
        ("Түйіндеме Әлия.pdf", "pdf", "Түйіндеме Әлия.pdf"),
        ("Zeugnis Übersetzung.pdf", "pdf", "Zeugnis Übersetzung.pdf"),
        ("", "pdf", "document.pdf"),
        ("///", "png", "document.png"),
        ("\\\\\x00\x01\u202e", "jpg", "document.jpg"),
        ("....", "pdf", "document.pdf"),
        (".pdf", "pdf", "document.pdf"),
        (".bashrc", "pdf", "bashrc.pdf"),
        ("cv .pdf", "pdf", "cv.pdf"),
    ],
)
def test_sanitise_name(name, kind, shown):
    assert sanitise_name(name, kind) == shown


def test_sanitise_name_keeps_100_characters_and_the_extension():
    shown = sanitise_name("Ә" * 300 + ".jpeg", "jpg")
    assert len(shown) == 100
    assert shown == "Ә" * 95 + ".jpeg"


def test_sanitise_name_composes_decomposed_letters():
    # macOS sends "й" as "и" + combining breve; shown names are compared and sorted composed.
    assert sanitise_name("Кии\u0306.pdf", "pdf") == "Кий.pdf"


# --- storage ----------------------------------------------------------------------------------


def test_storage_name_is_random_and_has_no_user_input():
    first, second = storage_name("pdf"), storage_name("pdf")
    assert first != second
    folder, year, month, file = first.split("/")
    assert folder == "applications"
    assert len(year) == 4 and len(month) == 2
    stem, extension = file.split(".")
    assert extension == "pdf"
    assert len(stem) == 32 and int(stem, 16) >= 0


def test_storage_name_refuses_an_unknown_kind():
    with pytest.raises(ValueError):
        storage_name("exe")


def test_store_round_trip_keeps_the_sha256(settings):
    data = samples.pdf_bytes(pages=3)
    file = samples.uploaded("Түйіндеме.pdf", data)
    checked, name = accept_upload(file, allowed=ALL, max_bytes=MB)
    assert name.startswith("applications/") and name.endswith(".pdf")
    assert "Түйіндеме" not in name
    assert sha256_of_stored(name) == checked.sha256 == hashlib.sha256(data).hexdigest()
    stored = Path(settings.MEDIA_ROOT) / name
    assert stored.read_bytes() == data
    assert oct(stored.stat().st_mode & 0o777) == "0o600"


def test_store_moves_a_temporary_upload_and_keeps_the_sha256(settings, tmp_path):
    (tmp_path / "uploads").mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    data = samples.pdf_bytes(size_kb=200)
    file = TemporaryUploadedFile("scan.pdf", "application/pdf", len(data), None)
    file.write(data)
    file.seek(0)
    checked = check_upload(file, allowed=ALL, max_bytes=MB)
    name = store(checked, file)
    assert sha256_of_stored(name) == hashlib.sha256(data).hexdigest()
    file.close()
    assert os.listdir(tmp_path / "uploads") == []


def test_store_into_a_given_storage(tmp_path):
    storage = FileSystemStorage(location=tmp_path / "private")
    file = samples.uploaded("photo.png", samples.png_bytes())
    checked, name = accept_upload(file, allowed=ALL, max_bytes=MB, storage=storage)
    assert (tmp_path / "private" / name).is_file()
    assert sha256_of_stored(name, storage=storage) == checked.sha256


def test_accept_upload_stores_nothing_when_refused(settings):
    with pytest.raises(DomainError):
        accept_upload(
            samples.uploaded("x.pdf", samples.truncated_pdf_bytes()), allowed=ALL, max_bytes=MB
        )
    assert _stored_files(settings.MEDIA_ROOT) == []


# --- fuzzing: malformed files are refused with a message, never with a crash -------------------


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=MALFORMED, name=st.sampled_from(["cv.pdf", "scan.png", "photo.jpg"]))
def test_malformed_files_are_accepted_or_refused_never_crash(data, name, tmp_path):
    storage = FileSystemStorage(location=tmp_path / "fuzz")
    before = len(_stored_files(tmp_path / "fuzz"))
    try:
        checked, stored = accept_upload(
            samples.uploaded(name, data), allowed=ALL, max_bytes=MB, storage=storage
        )
    except DomainError as error:
        assert str(error.message).startswith("“")
        assert len(_stored_files(tmp_path / "fuzz")) == before
    else:
        assert checked.sha256 == hashlib.sha256(data).hexdigest()
        assert sha256_of_stored(stored, storage=storage) == checked.sha256
