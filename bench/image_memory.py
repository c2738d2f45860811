"""Memory of checking uploaded images: the review's hostile PNG, JPEG decoding, and the bound
on concurrent decodes, against a small image checked in the same run.

What it measures, each case in a fresh Python process (``resource.getrusage``'s peak resident
set size, before and after ``applications.uploads.check_upload``; Pillow allocates outside
Python's heap, so ``tracemalloc`` would not see it):

* baseline: a 1,000 x 1,000 RGB PNG (3 MB decoded);
* the review's PNG: 9,400 x 9,400 pixels of one colour, 258 KB on disk, checked with the old
  ceiling (Pillow's 89 million pixels: it is decoded, 265 MB) and with today's settings
  (``ERASMUSDESK_UPLOAD_MAX_PIXELS``, 50 million: refused from its header);
* a 6,000 x 6,000 JPEG photo (36 million pixels) decoded whole, as before, and in draft mode
  at 1/8 scale, as now;
* four 4,000 x 4,000 PNGs checked by four threads at once, with ``ERASMUSDESK_IMAGE_DECODES``
  at 4 (no bound) and at 1.

It prints the growth of the peak in MB per case and its ratio to the baseline's growth.

Command (from the project folder)::

    .venv/bin/python bench/image_memory.py

Needs no database. The exit code is 0 when the review's PNG grows the peak by less than
20 MB with today's settings and the JPEG's draft decode by less than a quarter of the full
decode, 1 otherwise.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# One case, run as ``python -c``: set up Django, read the files, measure around the checks.
CASE = r"""
import json, os, resource, sys, threading
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erasmusdesk.settings")
import django
django.setup()
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from erasmusdesk.applications import uploads
from erasmusdesk.core.errors import DomainError

args = json.loads(sys.argv[1])
for name, value in args["settings"].items():
    setattr(settings, name, value)
if args.get("full_jpeg"):
    from PIL import JpegImagePlugin
    JpegImagePlugin.JpegImageFile.draft = lambda self, mode, size: None
files = [open(path, "rb").read() for path in args["files"]]

def check(data, outcome):
    upload = SimpleUploadedFile("x." + args["kind"], data)
    try:
        uploads.check_upload(upload, allowed=("png", "jpg"), max_bytes=50 * 1024 * 1024)
        outcome.append("accepted")
    except DomainError as error:
        outcome.append(str(error.message)[:60])

def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB -> MB on Linux

before = peak()
outcome = []
threads = [threading.Thread(target=check, args=(data, outcome)) for data in files]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps({"growth_mb": peak() - before, "outcome": outcome}))
"""


def _png(width: int, height: int) -> bytes:
    """A one-colour RGB PNG, compressed row by row (as tests/factories/samples.py does)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    packer = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * (width * 3)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def _jpeg(path: Path, width: int, height: int) -> None:
    """Written by a child process, so that building it leaves no peak in the measured ones."""
    code = (
        "from PIL import Image; import sys; "
        f"Image.linear_gradient('L').resize(({width}, {height})).convert('RGB')"
        ".save(sys.argv[1], 'JPEG', quality=85)"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)


def _run(files: list[Path], kind: str, settings: dict, *, full_jpeg: bool = False) -> dict:
    payload = {
        "files": [str(path) for path in files],
        "kind": kind,
        "settings": settings,
        "full_jpeg": full_jpeg,
    }
    result = subprocess.run(
        [sys.executable, "-c", CASE, json.dumps(payload)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> int:
    old = {"ERASMUSDESK_UPLOAD_MAX_PIXELS": 89_478_485}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        small, bomb, big = folder / "small.png", folder / "bomb.png", folder / "big.png"
        small.write_bytes(_png(1000, 1000))
        bomb.write_bytes(_png(9400, 9400))
        big.write_bytes(_png(4000, 4000))
        photo = folder / "photo.jpg"
        _jpeg(photo, 6000, 6000)
        cases = [
            ("baseline: 1000 x 1000 PNG", [small], "png", {}, False),
            ("review's PNG 9400 x 9400, old ceiling", [bomb], "png", old, False),
            ("review's PNG 9400 x 9400, today", [bomb], "png", {}, False),
            ("JPEG 6000 x 6000, decoded whole (before)", [photo], "jpg", {}, True),
            ("JPEG 6000 x 6000, draft 1/8 (today)", [photo], "jpg", {}, False),
            (
                "4 PNGs 4000 x 4000 at once, 4 decodes",
                [big] * 4,
                "png",
                {"ERASMUSDESK_IMAGE_DECODES": 4},
                False,
            ),
            (
                "4 PNGs 4000 x 4000 at once, 1 decode",
                [big] * 4,
                "png",
                {"ERASMUSDESK_IMAGE_DECODES": 1},
                False,
            ),
        ]
        print(
            f"files: review's PNG {bomb.stat().st_size / 1024:.0f} KB, "
            f"JPEG {photo.stat().st_size / 1024:.0f} KB"
        )
        results = {}
        for label, files, kind, settings, full in cases:
            results[label] = _run(files, kind, settings, full_jpeg=full)
    base = max(results[cases[0][0]]["growth_mb"], 1.0)
    print(f"{'case':46} {'peak growth':>12} {'ratio':>8}  outcome")
    for label, *_rest in cases:
        result = results[label]
        growth = result["growth_mb"]
        print(f"{label:46} {growth:9.1f} MB {growth / base:8.1f}  {result['outcome'][0]}")
    today = results[cases[2][0]]["growth_mb"]
    full, draft = results[cases[3][0]]["growth_mb"], results[cases[4][0]]["growth_mb"]
    passed = today < 20 and draft < full / 4
    print(
        f"review's PNG today: {today:.1f} MB (< 20 MB); JPEG draft / whole: "
        f"{draft / max(full, 1):.2f} (< 0.25): {'PASS' if passed else 'FAIL'}"
    )
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
