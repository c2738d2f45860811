"""Sample files for upload tests: real PDFs and images, and the bad inputs the issue lists.

Every function returns bytes built on the spot (no files in the repository) and is fast: a
one-page PDF takes about a millisecond; ``pdf_bytes(size_kb=...)`` grows with the size asked
for (an incompressible image), about 0.1 s for 5 MB.
"""

import io
import random
from importlib import resources

from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader, PdfWriter

SAMPLE_TEXT = "Erasmus Desk sample document"


def pdf_bytes(pages: int = 1, text: str = SAMPLE_TEXT, size_kb: int | None = None) -> bytes:
    """A valid PDF of ``pages`` pages, each with ``text`` (in a core font when the text is
    Latin-1, else in Roboto, which has Cyrillic and the Kazakh letters).

    With ``size_kb`` the first page also shows an image of random pixels, which no filter
    compresses, so that the file is about that many kilobytes (within a few KB) and stays a
    valid PDF whose every page can be read.
    """
    pdf = FPDF(unit="mm", format="A4")
    if text.isascii() or _latin1(text):
        pdf.set_font("helvetica", size=12)
    else:  # Cyrillic, Kazakh...: embed Roboto, as the application's own PDFs do
        font = resources.files("font_roboto") / "files" / "Roboto-Regular.ttf"
        pdf.add_font("Roboto", "", str(font))
        pdf.set_font("Roboto", size=12)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.multi_cell(0, 8, f"{text} (page {number} of {pages})")
    if size_kb:
        pdf.page = 1
        pdf.image(noise_image(size_kb * 1024), x=15, y=40, w=100)
    return bytes(pdf.output())


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def noise_image(approx_bytes: int, *, seed: int = 7) -> Image.Image:
    """An RGB image of random pixels whose raw size is about ``approx_bytes``."""
    side = max(1, int((max(approx_bytes - 1500, 3) / 3) ** 0.5))
    data = random.Random(seed).randbytes(side * side * 3)
    return Image.frombytes("RGB", (side, side), data)


def encrypted_pdf_bytes(user_password: str = "secret") -> bytes:
    """A valid PDF encrypted with pypdf (RC4-128: AES would need the cryptography package).

    With ``user_password=""`` it opens without a password but is still encrypted
    (an owner password restricting printing or copying)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))
    writer.encrypt(user_password=user_password, owner_password="owner-secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def truncated_pdf_bytes() -> bytes:
    """The first half of a valid two-page PDF: its header is right, its end is missing."""
    data = pdf_bytes(pages=2)
    return data[: len(data) // 2]


def _image_bytes(fmt: str, size: tuple[int, int], mode: str = "RGB") -> bytes:
    image = Image.new(mode, size, (0, 51, 153) if mode == "RGB" else 0)
    for x in range(0, size[0], 4):  # a few yellow stars' worth of detail
        image.putpixel((x, x % size[1]), (255, 204, 0) if mode == "RGB" else 255)
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def jpeg_bytes(width: int = 64, height: int = 48) -> bytes:
    """A valid baseline JPEG."""
    return _image_bytes("JPEG", (width, height))


def png_bytes(width: int = 64, height: int = 48) -> bytes:
    """A valid PNG."""
    return _image_bytes("PNG", (width, height))


def png_header_bytes(width: int, height: int) -> bytes:
    """A PNG whose header announces ``width`` x ``height`` pixels and whose single IDAT is
    tiny: what a decompression bomb looks like before it is decoded (not a valid image)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def png_one_colour_bytes(width: int, height: int, *, colour: int = 255) -> bytes:
    """A valid 8-bit RGB PNG of one colour, written row by row (never whole in memory): the
    hostile image of a few hundred kilobytes that decodes to ``width`` x ``height`` x 3 bytes
    (9,400 x 9,400 is 258 KB on disk, 265 MB decoded)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    packer = zlib.compressobj(9)
    row = b"\x00" + bytes([colour]) * (width * 3)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def exe_bytes() -> bytes:
    """A Windows executable's header ("MZ", the DOS stub message) and junk."""
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
        + b"\x00" * 44
        + b"\x80\x00\x00\x00"
        + b"This program cannot be run in DOS mode.\r\r\n$"
        + random.Random(3).randbytes(2048)
    )


def uploaded(
    name: str, data: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    """An uploaded file as a form receives it, with ``name`` kept exactly as given.

    Django's UploadedFile keeps only the basename of a name; here the raw name is put back so
    that tests can present names that reach the checks by roads that do not clean them
    (a name with "/" never comes out of Django's multipart parser, which drops directories
    and non-printable characters itself).
    """
    file = SimpleUploadedFile(name if "/" not in name else "placeholder", data, content_type)
    file._name = name  # the raw name, see the docstring
    return file


# Damaged files for the fuzz tests of the checks and of the upload page ----------------------

VALID = {"pdf": pdf_bytes(pages=2), "jpg": jpeg_bytes(), "png": png_bytes()}
MAGIC = [b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0"]


@st.composite
def damaged_samples(draw) -> bytes:
    """A valid sample with a few bytes changed, a slice cut out or its end cut off."""
    data = bytearray(VALID[draw(st.sampled_from(sorted(VALID)))])
    for _ in range(draw(st.integers(0, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        start = draw(st.integers(0, len(data)))
        data[start : start + draw(st.integers(0, 64))] = b""
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


MALFORMED = st.one_of(
    damaged_samples(),
    st.tuples(st.sampled_from(MAGIC), st.binary(max_size=4096)).map(b"".join),
    st.tuples(st.sampled_from(MAGIC), st.binary(max_size=256), st.just(b"\n%%EOF\n")).map(b"".join),
)
