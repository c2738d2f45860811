"""Deadline rush: N applicants sign in, fill in, upload and submit at once; nothing is lost.

What it does: creates a fresh PostgreSQL database (``erasmusdesk_rush``), migrates it, loads
the demo data (``python -m erasmusdesk demo --force``), collects the static files, and starts
the production server (``python -m erasmusdesk serve``: gunicorn, gthread workers, DEBUG off)
on loopback with its data and media folders in a throw-away directory and mail going to
files there. It then creates N applicant accounts directly in the database (confirmed e-mail
address, complete bachelor student profile, the applicant role; every password is the same
Argon2 hash, computed once) and lets a pool of client threads (one standard-library
``http.client`` connection and cookie jar per applicant, like one browser each) take all N
through the portal at once:

  sign-in page, sign in (POST, the server checks the Argon2 hash: part of the rush), my
  applications, start an application to the open call (the demo's open call when it
  accepts applications today, else a copy of it open from yesterday to tomorrow), the form
  page, save the form (subject area and place that fit, period, a 600-character motivation),
  the documents page, one upload per required file (a real PDF of 0.2-2 MB whose image no
  filter compresses, each upload's bytes unique), the submission, the status page.

Every redirect is followed with a GET, as a browser would. Afterwards it checks in the
database that each applicant has one application, submitted, with exactly one state change
to "submitted", that each acknowledged upload is stored, and that the SHA-256 of every stored
file, read back through Django's storage, equals the SHA-256 of the bytes sent.

It prints the set-up, the latency of each kind of request (count, p50/p95/p99/max), the
throughput, errors (requests that failed or were answered unexpectedly), losses (an
acknowledged upload or submission missing, a second submission, a file whose stored bytes
differ from the sent ones) and the ratio of the submission's median latency to the status
page's (a plain GET of one application, measured in the same rush, under the same load).

Command (from the project folder, after ``make install-test``; PostgreSQL on 127.0.0.1)::

    .venv/bin/python bench/deadline_rush.py [--applicants 500] [--workers 50] [--keep]
        [--postgres postgres://postgres@127.0.0.1:5432] [--database erasmusdesk_rush]
        [--port 8766] [--server-workers N] [--server-threads N]

``--workers`` is the number of applicants in flight at once (client threads);
``--server-workers`` and ``--server-threads`` are gunicorn's (default: the serve command's).
The database and the folder are removed at the end unless ``--keep``; a database of that
name left by an earlier ``--keep`` run is dropped first.

Targets: errors 0 and losses 0 (else the exit code is 1, as when the set-up fails); every
applicant done within 5 minutes (reported PASS or FAIL, exit code 0 either way).

The client threads run in this process and need CPU too (the uploads' bytes, the cookie
jars); on a small machine they compete with the server: its CPU use is printed.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from harness import (
    HEALTHZ,
    HOST,
    BenchError,
    bench_env,
    ensure_port_free,
    http_get,
    manage,
    percentile_ms,
    running_server,
    serve_command,
    server_settings,
)

LANG = "en"
CATEGORY = "bachelor"
USER_PREFIX = "rush-"
EMAIL_DOMAIN = "rush.example"
PASSWORD = "rush-applicant-password-2026"  # a throw-away database's test accounts
PERIODS = ("autumn", "spring")
MOTIVATION = (
    "I study economics in my third year and want to spend a semester at a partner university "
    "to take the courses in European economic policy and international trade that our "
    "faculty does not offer. The partner's programme in this field is taught in English, "
    "which I speak at level B2, and its courses fit the learning agreement my coordinator "
    "and I have discussed. I will bring back the methods of applied trade analysis and share "
    "them with the student economics club I lead, and I plan to write my final thesis on "
    "the trade between Kazakhstan and the European Union."
)
PDF_SIZES_KB = (200, 2000)
PDF_POOL = 32
REQUEST_TIMEOUT = 120.0
TARGET_SECONDS = 300.0
BASELINE_REQUESTS = 20
SERVER_FLAGS = ("--server-workers", "--server-threads")
METRICS_TOKEN = "bench-metrics"
CPU_TARGET = 0.3  # seconds of server CPU per application, the sign-in's Argon2 included
SUBMIT_P99_TARGET_MS = 2000.0
DRAIN_TIMEOUT = 600.0
ADDRESS_TEXT = {"each": "one per applicant (127.1.x.y)", "one": "127.0.0.1 for all"}


# --- Set-up: the database, the data, the applicants -------------------------------------------


def database_url(base: str, name: str) -> str:
    return f"{base.rstrip('/')}/{name}"


def recreate_database(base: str, name: str) -> bool:
    """Create the database ``name`` (dropping a leftover of an earlier --keep run first);
    return True when there was one to drop."""
    import psycopg
    from psycopg import sql

    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise BenchError(f"--database {name!r}: use lower-case letters, digits and _")
    try:
        with psycopg.connect(database_url(base, "postgres"), autocommit=True) as admin:
            existed = admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if existed:
                admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        raise BenchError(f"cannot create the database {name} at {base}: {exc}") from exc
    return bool(existed)


def drop_database(base: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(database_url(base, "postgres"), autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def rush_env(data_dir: Path, url: str, tasks: str = "database") -> dict[str, str]:
    """Production settings on PostgreSQL, files and mail in the throw-away folder."""
    env = bench_env(data_dir)
    env.pop("ERASMUSDESK_HTTPS", None)  # plain HTTP on loopback
    env.pop("ERASMUSDESK_DOCUMENT_STORAGE", None)  # the local media folder, not a bucket
    env.update(
        DATABASE_URL=url,
        ERASMUSDESK_MEDIA_ROOT=str(data_dir / "media"),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(data_dir / "mail"),
        ERASMUSDESK_TASK_BACKEND=tasks,
        ERASMUSDESK_METRICS_TOKEN=METRICS_TOKEN,
    )
    return env


def setup_django(env: dict[str, str]) -> None:
    """Configure Django in this process on the same database and folders as the server."""
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erasmusdesk.settings")
    import django

    django.setup()


@dataclass(frozen=True)
class Plan:
    """What every applicant does: the call, the subject areas and places that fit, the
    documents to upload (document type id and name, once per required file)."""

    slug: str
    choices: list[tuple[str, int]]
    uploads: list[tuple[int, str]]
    own_call: bool


def open_call():
    """The demo call when it accepts applications now, else a copy of it open from
    yesterday to tomorrow (same agreements, same document rules)."""
    from datetime import timedelta

    from django.utils import timezone

    from erasmusdesk.calls.demo import open_call_slug
    from erasmusdesk.calls.models import Call, RequiredDocument
    from erasmusdesk.core import clock

    demo = Call.objects.get(slug=open_call_slug(clock.localdate()))
    now = timezone.now()
    if demo.schedule.accepts_applications(now):
        return demo, False
    call = Call.objects.create(
        slug=f"rush-{now:%Y%m%d%H%M%S}",
        opportunity=demo.opportunity,
        academic_year=demo.academic_year,
        title="Deadline rush",
        title_en="Deadline rush",
        opens_at=now - timedelta(days=1),
        deadline=now + timedelta(days=1),
        eligible_categories=demo.eligible_categories,
    )
    call.agreements.set(demo.agreements.all())
    RequiredDocument.objects.bulk_create(
        RequiredDocument(
            call=call,
            category=rule.category,
            document_type=rule.document_type,
            count=rule.count,
            is_required=rule.is_required,
            allowed_types=rule.allowed_types,
            max_size_mb=rule.max_size_mb,
        )
        for rule in demo.required_documents.all()
    )
    return call, True


def make_plan() -> Plan:
    from erasmusdesk.applications.places import fits
    from erasmusdesk.calls.services import call_places
    from erasmusdesk.institutions import isced

    call, own = open_call()
    choices = [
        (place.isced_code, place.pk)
        for place in call_places(call)
        if isced.is_valid(place.isced_code) and fits(place, CATEGORY, place.isced_code)
    ]
    if not choices:
        raise BenchError(f"the call {call.slug} has no place for a {CATEGORY} student")
    rules = call.required_documents.filter(category=CATEGORY, is_required=True).select_related(
        "document_type"
    )
    uploads = [
        (rule.document_type_id, rule.document_type.code)
        for rule in rules.order_by("document_type__position")
        for _ in range(rule.count)
    ]
    return Plan(call.slug, choices, uploads, own)


def create_applicants(count: int) -> list[str]:
    """N applicants with a confirmed address and a complete profile, written in bulk. The
    password hash is computed once: Argon2 is slow on purpose, and every account gets the
    same one (the sign-in still checks it, request by request)."""
    from datetime import date
    from decimal import Decimal

    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.db import transaction

    from erasmusdesk.accounts.models import ApplicantProfile
    from erasmusdesk.accounts.roles import Role

    user_model = get_user_model()
    hashed = make_password(PASSWORD)
    names = [f"{USER_PREFIX}{number:05d}" for number in range(1, count + 1)]
    with transaction.atomic():
        users = user_model.objects.bulk_create(
            user_model(username=name, email=f"{name}@{EMAIL_DOMAIN}", password=hashed)
            for name in names
        )
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
        )
        ApplicantProfile.objects.bulk_create(
            ApplicantProfile(
                user=user,
                given_names="Rush",
                family_name=f"Applicant {user.pk}".replace(" ", "-"),
                date_of_birth=date(2004, 5, 17),
                citizenship="KZ",
                category=CATEGORY,
                faculty="Faculty of Economics",
                programme="Economics",
                year_of_study=3,
                grade_average=Decimal("3.50"),
                grade_scale="4.0",
            )
            for user in users
        )
        group, _ = Group.objects.get_or_create(name=Role.APPLICANT)
        membership = user_model.groups.through
        membership.objects.bulk_create(membership(user=user, group=group) for user in users)
    return [f"{name}@{EMAIL_DOMAIN}" for name in names]


# --- The documents: real PDFs, unique bytes per upload ------------------------------------------


def base_pdf(size_kb: int, seed: int) -> bytes:
    """A one-page A4 PDF with a line of text and an image of random pixels (which no filter
    compresses), about ``size_kb`` kilobytes."""
    from fpdf import FPDF
    from PIL import Image

    side = max(8, int(((size_kb * 1024 - 1500) / 3) ** 0.5))
    image = Image.frombytes("RGB", (side, side), random.Random(seed).randbytes(side * side * 3))
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_font("helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, f"Erasmus Desk deadline rush: scanned document {seed}")
    pdf.image(image, x=15, y=40, w=100)
    return bytes(pdf.output())


def pdf_pool(size: int) -> list[bytes]:
    """``size`` PDFs whose sizes spread evenly over PDF_SIZES_KB."""
    low, high = PDF_SIZES_KB
    step = (high - low) / max(1, size - 1)
    return [base_pdf(round(low + index * step), seed=index + 1) for index in range(size)]


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER_SIZE = re.compile(rb"/Size (\d+)")
_TRAILER_ROOT = re.compile(rb"/Root (\d+ \d+ R)")


def unique_pdf(base: bytes, title: str) -> bytes:
    """``base`` with an incremental update (PDF 1.7, 7.5.6) that gives it a new document
    information dictionary titled ``title``: the same pages, different bytes, still a valid
    PDF, as an editor saving a change would write it."""
    prev = int(_STARTXREF.search(base).group(1))
    size = int(_TRAILER_SIZE.findall(base)[-1])
    root = _TRAILER_ROOT.findall(base)[-1]
    head = base if base.endswith(b"\n") else base + b"\n"
    safe = title.encode("ascii").replace(b"\\", b"").replace(b"(", b"").replace(b")", b"")
    info = b"%d 0 obj\n<< /Title (%s) /Producer (erasmusdesk bench) >>\nendobj\n" % (size, safe)
    xref_at = len(head) + len(info)
    xref = b"xref\n%d 1\n%010d 00000 n \n" % (size, len(head))
    trailer = (
        b"trailer\n<< /Size %d /Root %s /Info %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n"
        % (
            size + 1,
            root,
            size,
            prev,
            xref_at,
        )
    )
    return head + info + xref + trailer


# --- The client: one browser per applicant ------------------------------------------------------


class FlowError(Exception):
    """A request failed or was answered otherwise than a browser user would expect."""

    def __init__(self, step: str, detail: str):
        super().__init__(f"{step}: {detail}")
        self.step = step


@dataclass
class Response:
    status: int
    location: str
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Results:
    """What the client saw, shared by the threads (list appends are atomic in CPython; the
    lock guards the dictionaries)."""

    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    uploads: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    submitted: list[str] = field(default_factory=list)
    sent_bytes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def time(self, step: str, seconds: float) -> None:
        with self.lock:
            self.timings[step].append(seconds)


_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_VERSION_INPUT = re.compile(r'name="version" value="(\d+)"')
_REFERENCE = re.compile(r"/applications/([^/]+)/edit/$")


class Browser:
    """One applicant's browser: a keep-alive connection, its cookies, the last CSRF token."""

    def __init__(self, port: int, results: Results, address: str = HOST):
        self.port = port
        self.results = results
        self.address = address
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _send(self, method: str, path: str, body: bytes | None, headers: dict) -> Response:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                HOST, self.port, timeout=REQUEST_TIMEOUT, source_address=(self.address, 0)
            )
        headers = {
            "Host": f"{HOST}:{self.port}",
            "User-Agent": "erasmusdesk-rush",
            "Accept": "text/html",
            "Accept-Language": LANG,
            **headers,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self.connection.request(method, path, body=body, headers=headers)
        answer = self.connection.getresponse()
        data = answer.read()
        for cookie in answer.msg.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0].strip().strip('"')
            if value and "max-age=0" not in cookie.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        if answer.will_close:
            self.close()
        return Response(answer.status, answer.getheader("Location", ""), data)

    def request(
        self, step: str, method: str, path: str, body: bytes | None = None, headers=None
    ) -> Response:
        """One timed request; a GET on a connection the server closed meanwhile is retried
        once on a new one (a POST never is: it might have been received)."""
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                response = self._send(method, path, body, headers or {})
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
                self.close()
                if method != "GET" or attempt == 2:
                    raise FlowError(step, f"{type(exc).__name__}: {exc}") from exc
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                raise FlowError(step, f"{type(exc).__name__}: {exc}") from exc
        self.results.time(step, time.perf_counter() - started)
        if response.status >= 500:
            raise FlowError(step, f"{method} {path} answered {response.status}")
        match = _CSRF_INPUT.search(response.text) if response.status == 200 else None
        if match:
            self.token = match.group(1)
        return response

    def get(self, step: str, path: str) -> Response:
        response = self.request(step, "GET", path)
        if response.status != 200:
            raise FlowError(step, f"GET {path} answered {response.status}")
        return response

    def post_form(self, step: str, path: str, fields: dict) -> Response:
        body = urlencode({"csrfmiddlewaretoken": self.csrf(), **fields}).encode()
        return self.request(
            step,
            "POST",
            path,
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Content-Length": len(body)},
        )

    def post_file(self, step: str, path: str, name: str, data: bytes) -> Response:
        boundary = uuid.uuid4().hex
        head = (
            f"--{boundary}\r\n"
            'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{self.csrf()}\r\n"
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        body = head + data + f"\r\n--{boundary}--\r\n".encode()
        return self.request(
            step,
            "POST",
            path,
            body,
            {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": len(body),
            },
        )

    def csrf(self) -> str:
        return self.token or self.cookies.get("csrftoken", "")

    def follow(self, step: str, response: Response, expect: str, page_step: str) -> Response:
        """A redirect to a path containing ``expect``, followed with a GET."""
        target = urlsplit(response.location).path
        if response.status not in (302, 303) or expect not in target:
            raise FlowError(
                step, f"answered {response.status} to {target or '-'}, not a redirect to {expect}"
            )
        return self.get(page_step, target)


def client_address(number: int, addresses: str) -> str:
    """The loopback address applicant ``number`` connects from: its own (127.1.x.y), as
    students signing in from their own networks, or 127.0.0.1 for all (one campus NAT)."""
    if addresses == "one":
        return HOST
    return f"127.1.{number // 200}.{number % 200 + 1}"


def applicant_flow(
    port: int,
    number: int,
    email: str,
    plan: Plan,
    pool: list[bytes],
    results: Results,
    addresses: str,
) -> None:
    """One applicant, from the sign-in page to the status page of the submitted application."""
    browser = Browser(port, results, client_address(number, addresses))
    prefix = f"/{LANG}"
    try:
        browser.get("sign-in page", f"{prefix}/account/login/")
        answer = browser.post_form(
            "sign in", f"{prefix}/account/login/", {"login": email, "password": PASSWORD}
        )
        page = browser.follow("sign in", answer, f"{prefix}/applications/", "my applications")
        if f"/applications/start/{plan.slug}/" not in page.text:
            raise FlowError("my applications", f"the call {plan.slug} is not offered")

        answer = browser.post_form("start", f"{prefix}/applications/start/{plan.slug}/", {})
        target = urlsplit(answer.location).path
        match = _REFERENCE.search(target) if answer.status == 302 else None
        if not match:
            raise FlowError("start", f"answered {answer.status} to {target or '-'}")
        reference = match.group(1)
        page = browser.get("form page", target)
        version = _VERSION_INPUT.search(page.text)
        if not version:
            raise FlowError("form page", "no version field in the form")

        subject_area, place = plan.choices[number % len(plan.choices)]
        fields = {
            "subject_area": subject_area,
            "place_1": place,
            "place_2": "",
            "place_3": "",
            "period": PERIODS[number % len(PERIODS)],
            "starts_on": "",
            "ends_on": "",
            "motivation": MOTIVATION,
            "version": version.group(1),
            "next": "1",
        }
        answer = browser.post_form("save form", target, fields)
        documents = f"{prefix}/applications/{reference}/documents/"
        browser.follow("save form", answer, documents, "documents page")

        for index, (type_id, code) in enumerate(plan.uploads):
            base = pool[(number * len(plan.uploads) + index) % len(pool)]
            data = unique_pdf(base, f"{reference} {code} {index}")
            answer = browser.post_file(
                "upload", f"{documents}upload/{type_id}/", f"{code}-{index + 1}.pdf", data
            )
            browser.follow("upload", answer, documents, "documents page")
            with results.lock:
                results.uploads[reference].append((type_id, hashlib.sha256(data).hexdigest()))
                results.sent_bytes += len(data)

        answer = browser.post_form("submit", f"{prefix}/applications/{reference}/submit/", {})
        page = browser.follow("submit", answer, f"/applications/{reference}/", "status page")
        if "Application submitted." not in page.text:
            raise FlowError("status page", "no confirmation of the submission on the page")
        results.submitted.append(reference)
    except FlowError as error:
        results.errors.append(f"{email}: {error}")
    except Exception as error:  # noqa: BLE001 - counted and shown, never hides a loss
        results.errors.append(f"{email}: unexpected {type(error).__name__}: {error}")
    finally:
        browser.close()


def baseline(port: int) -> list[float]:
    """/healthz, one request at a time on the idle server (before the rush), after as many
    uncounted ones (each worker's first request loads what it loads lazily)."""
    timings = []
    for index in range(2 * BASELINE_REQUESTS):
        started = time.perf_counter()
        status, _ = http_get(port, HEALTHZ)
        if status != 200:
            raise BenchError(f"{HEALTHZ} answered {status}")
        if index >= BASELINE_REQUESTS:
            timings.append(time.perf_counter() - started)
    return timings


def group_cpu_seconds(group: int) -> float:
    """CPU time (user + system) used so far by the live processes of a process group: the
    gunicorn master and its workers (Linux /proc; 0 elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group:  # pgrp; utime and stime follow at 11 and 12
            total += int(fields[11]) + int(fields[12])
    return total / ticks


@dataclass
class Rush:
    results: Results
    elapsed: float
    client_cpu: float
    server_cpu: float
    load: tuple[float, float]
    worker_cpu: float = 0.0
    drained: float = 0.0


def rush(
    port: int,
    server: int,
    emails: list[str],
    plan: Plan,
    pool: list[bytes],
    args,
    flow=None,
) -> Rush:
    results = Results()
    flow = flow or applicant_flow
    load_before = os.getloadavg()[0]
    server_start = group_cpu_seconds(server)
    cpu_start = time.process_time()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=args.workers, thread_name_prefix="rush") as executor:
        for number, email in enumerate(emails):
            executor.submit(flow, port, number, email, plan, pool, results, args.addresses)
    elapsed = time.perf_counter() - started
    return Rush(
        results,
        elapsed,
        client_cpu=(time.process_time() - cpu_start) / elapsed,
        server_cpu=group_cpu_seconds(server) - server_start,
        load=(load_before, os.getloadavg()[0]),
    )


def bare_upload_flow(
    port: int,
    number: int,
    email: str,
    plan: Plan,
    pool: list[bytes],
    results: Results,
    addresses: str,
) -> None:
    """The same uploads as ``applicant_flow`` (the same bytes), to the trivial view."""
    browser = Browser(port, results, client_address(number, addresses))
    try:
        for index, (_type_id, code) in enumerate(plan.uploads):
            base = pool[(number * len(plan.uploads) + index) % len(pool)]
            data = unique_pdf(base, f"BARE-{number} {code} {index}")
            answer = browser.post_file("bare upload", "/upload", f"{code}-{index + 1}.pdf", data)
            if answer.status != 200 or answer.text != hashlib.sha256(data).hexdigest():
                raise FlowError("bare upload", f"answered {answer.status}")
            with results.lock:
                results.sent_bytes += len(data)
        results.submitted.append(email)
    except FlowError as error:
        results.errors.append(f"{email}: {error}")
    except Exception as error:  # noqa: BLE001
        results.errors.append(f"{email}: unexpected {type(error).__name__}: {error}")
    finally:
        browser.close()


def bare_command(port: int, args) -> list[str]:
    from erasmusdesk.core.management.commands.serve import default_workers

    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--chdir",
        str(Path(__file__).resolve().parent),
        "bare_upload:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(args.server_workers or default_workers()),
        "--threads",
        str(args.server_threads or 4),
        "--worker-class",
        "gthread",
        "--keep-alive",
        "5",
    ]


def start_worker(env: dict[str, str], log_path: Path) -> subprocess.Popen:
    """``python -m erasmusdesk worker`` in its own process group (its CPU is counted apart)."""
    with log_path.open("wb") as log:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "erasmusdesk",
                "worker",
                "--interval",
                "0.2",
                "--no-startup-delay",
            ],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def drain_queue(timeout: float = DRAIN_TIMEOUT) -> float:
    """Wait until the worker has run every queued task; the seconds it took."""
    from django_tasks_db.models import DBTaskResult

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if not DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
            return time.perf_counter() - started
        time.sleep(0.5)
    raise BenchError(f"the worker did not empty the queue within {timeout:.0f} s")


def server_metrics(port: int) -> dict[str, dict[str, float]]:
    """Per view: requests, seconds, database seconds and CPU seconds, from /metrics."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    text = connection.getresponse().read().decode()
    connection.close()
    wanted = {
        "erasmusdesk_request_seconds_count": "requests",
        "erasmusdesk_request_seconds_sum": "seconds",
        "erasmusdesk_request_database_seconds_sum": "database",
        "erasmusdesk_request_cpu_seconds_total": "cpu",
    }
    views: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for line in text.splitlines():
        match = re.match(r"^(\w+)\{(.*)\} (\S+)$", line)
        if not match or match.group(1) not in wanted:
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', match.group(2)))
        views[labels.get("view", "?")][wanted[match.group(1)]] += float(match.group(3))
    return views


# --- The checks: in the database and the storage --------------------------------------------


@dataclass
class Check:
    applications: int = 0
    submitted: int = 0
    not_submitted: int = 0
    double_submissions: int = 0
    missing_submissions: int = 0
    files: int = 0
    files_checked_bytes: int = 0
    missing_files: int = 0
    changed_files: int = 0
    unacknowledged_files: int = 0
    receipts: int = 0
    failed_sign_ins: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def losses(self) -> int:
        return (
            self.double_submissions
            + self.missing_submissions
            + self.missing_files
            + self.changed_files
        )


def check(results: Results, data_dir: Path) -> Check:
    """Compare what the client was told with what the database and the storage hold."""
    from axes.models import AccessAttempt
    from django.db.models import Count, Q

    from erasmusdesk.applications.models import Application, Document
    from erasmusdesk.applications.uploads import sha256_of_stored

    found = Check()
    applications = Application.objects.filter(applicant__username__startswith=USER_PREFIX).annotate(
        submissions=Count("history", filter=Q(history__to_state="submitted"))
    )
    by_reference = {a.reference: a for a in applications}
    found.applications = len(by_reference)
    for application in by_reference.values():
        if application.state == "submitted" and application.submissions == 1:
            found.submitted += 1
        elif application.submissions > 1:
            found.double_submissions += 1
            found.problems.append(f"{application.reference}: {application.submissions} submissions")
        else:
            found.not_submitted += 1
    for reference in results.submitted:
        application = by_reference.get(reference)
        if application is None or application.state != "submitted":
            found.missing_submissions += 1
            found.problems.append(f"{reference}: acknowledged, but not submitted in the database")

    stored = defaultdict(list)
    documents = Document.objects.filter(application__in=list(by_reference.values()))
    for document in documents.select_related("application"):
        stored[document.application.reference].append(document)
    for reference, sent in results.uploads.items():
        documents = stored.get(reference, [])
        kept = Counter((d.document_type_id, d.sha256) for d in documents)
        for item, times in Counter(sent).items():
            if kept[item] < times:
                found.missing_files += times - kept[item]
                found.problems.append(f"{reference}: an acknowledged file is missing")
        found.unacknowledged_files += max(0, len(documents) - len(sent))
    for documents in stored.values():
        for document in documents:
            found.files += 1
            found.files_checked_bytes += document.size
            try:
                same = sha256_of_stored(document.file.name) == document.sha256
            except OSError:
                same = False
            if not same:
                found.changed_files += 1
                found.problems.append(f"{document.file.name}: stored bytes differ from sent ones")
    for path in (data_dir / "mail").glob("*"):
        text = path.read_text(errors="replace")
        found.receipts += len(re.findall(r"^Subject: Application \S+ received$", text, re.M))
    found.failed_sign_ins = AccessAttempt.objects.count()
    return found


# --- Report -------------------------------------------------------------------------------------

STEPS = (
    "sign-in page",
    "sign in",
    "my applications",
    "start",
    "form page",
    "save form",
    "documents page",
    "upload",
    "submit",
    "status page",
)
HEADER = f"{'request':<16} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"


def row(step: str, timings: list[float]) -> str:
    return (
        f"{step:<16} {len(timings):>6} {percentile_ms(timings, 50):>8.1f} "
        f"{percentile_ms(timings, 95):>8.1f} {percentile_ms(timings, 99):>8.1f} "
        f"{percentile_ms(timings, 100):>8.1f}"
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def where_the_time_goes(views: dict[str, dict[str, float]], done: int) -> None:
    """The server's CPU per view and application, from its own /metrics."""
    total = sum(v["cpu"] for name, v in views.items() if name != "metrics") or float("nan")
    print()
    print("where the server's time goes (its /metrics; per submitted application):")
    print(f"{'view':<34} {'requests':>8} {'cpu ms':>8} {'share':>6} {'wall ms':>8} {'db ms':>7}")
    ordered = sorted(views.items(), key=lambda item: -item[1]["cpu"])
    for name, v in ordered:
        if name in ("metrics", "healthz") or not v["requests"]:
            continue
        print(
            f"{name:<34} {v['requests'] / done:>8.1f} {v['cpu'] / done * 1000:>8.1f} "
            f"{v['cpu'] / total:>6.0%} {v['seconds'] / done * 1000:>8.1f} "
            f"{v['database'] / done * 1000:>7.1f}"
        )
    print(f"{'all views':<34} {'':>8} {total / done * 1000:>8.1f}")


def report(
    count: int,
    run: Rush,
    idle: list[float],
    found: Check,
    views: dict | None = None,
    bare: Rush | None = None,
) -> bool:
    results, elapsed = run.results, run.elapsed
    print(HEADER)
    for step in STEPS:
        print(row(step, results.timings.get(step, [])))
    print(row(f"{HEALTHZ} (idle)", idle))
    requests = sum(len(t) for t in results.timings.values())
    done = len(results.submitted)
    megabytes = results.sent_bytes / 1024 / 1024
    print()
    print(
        f"rush: {count} applicants in {elapsed:.1f} s; {done} submitted "
        f"({done / elapsed * 60:.0f} per minute); {requests} requests "
        f"({requests / elapsed:.1f}/s); {megabytes:.0f} MB uploaded "
        f"({megabytes / elapsed:.1f} MB/s)"
    )
    per_application = run.server_cpu / done if done else float("nan")
    print(
        f"cpu: server (gunicorn) {run.server_cpu:.0f} s = {per_application:.2f} s per "
        f"application, {run.server_cpu / elapsed:.0%} of one core; client {run.client_cpu:.0%} "
        f"of one core; machine load average {run.load[0]:.1f} before, {run.load[1]:.1f} after"
    )
    if run.worker_cpu or run.drained:
        print(
            f"cpu: worker (mail, receipts) {run.worker_cpu:.0f} s = "
            f"{run.worker_cpu / done if done else float('nan'):.2f} s per application; "
            f"queue empty {run.drained:.1f} s after the rush"
        )
    bare_per = float("nan")
    if bare is not None:
        bare_done = len(bare.results.submitted)
        bare_per = bare.server_cpu / bare_done if bare_done else float("nan")
        print(
            "cpu: baseline, the same uploads (the same bytes) per applicant to a trivial view "
            "(same gunicorn settings): "
            f"{bare.server_cpu:.0f} s = {bare_per:.3f} s per applicant "
            f"({len(bare.results.errors)} errors)"
        )
        print(
            f"ratio server cpu per application / baseline's per applicant: "
            f"{per_application / bare_per if bare_per else float('nan'):.1f}"
        )
    submit = results.timings.get("submit", [])
    status = results.timings.get("status page", [])
    submit_p50, submit_p99 = percentile_ms(submit, 50), percentile_ms(submit, 99)
    status_p50, status_p99 = percentile_ms(status, 50), percentile_ms(status, 99)
    print(
        f"submit p50 {submit_p50:.0f} ms, p99 {submit_p99:.0f} ms; status page p50 "
        f"{status_p50:.0f} ms, p99 {status_p99:.0f} ms (same rush)"
    )
    ratio = submit_p50 / status_p50 if status_p50 else float("nan")
    ratio99 = submit_p99 / status_p99 if status_p99 else float("nan")
    print(f"ratio submit / status page (same rush): p50 {ratio:.2f}, p99 {ratio99:.2f}")
    if views:
        where_the_time_goes(views, done or 1)
    print()
    print(
        f"database: {found.applications} applications of the rush's applicants, "
        f"{found.submitted} submitted exactly once, {found.not_submitted} not submitted, "
        f"{found.double_submissions} submitted twice"
    )
    print(
        f"files: {found.files} stored ({found.files_checked_bytes / 1024 / 1024:.0f} MB), "
        f"SHA-256 read back through the storage: {found.files - found.changed_files} equal, "
        f"{found.changed_files} different; {found.missing_files} acknowledged but missing; "
        f"{found.unacknowledged_files} stored without acknowledgement"
    )
    print(
        f"mail: {found.receipts} receipts written; sign-in failures recorded by axes: "
        f"{found.failed_sign_ins}"
    )
    print()
    print(f"errors: {len(results.errors)}")
    for line in results.errors[:10]:
        print(f"  {line}")
    print(f"losses: {found.losses}")
    for line in found.problems[:10]:
        print(f"  {line}")
    print()
    ok = not results.errors and not found.losses and found.submitted == count
    print(f"  {'errors == 0':<24} {verdict(not results.errors)}  ({len(results.errors)})")
    print(f"  {'losses == 0':<24} {verdict(not found.losses)}  ({found.losses})")
    print(f"  {'all submitted once':<24} {verdict(found.submitted == count)}  ({found.submitted})")
    label = f"done within {TARGET_SECONDS:.0f} s"
    print(f"  {label:<24} {verdict(elapsed <= TARGET_SECONDS)}  ({elapsed:.1f} s)")
    label = f"server cpu < {CPU_TARGET} s/appl."
    print(f"  {label:<24} {verdict(per_application < CPU_TARGET)}  ({per_application:.2f} s)")
    label = f"submit p99 < {SUBMIT_P99_TARGET_MS / 1000:.0f} s"
    print(f"  {label:<24} {verdict(submit_p99 < SUBMIT_P99_TARGET_MS)}  ({submit_p99:.0f} ms)")
    return ok


# --- Command line -------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--applicants", type=int, default=500)
    parser.add_argument(
        "--workers", type=int, default=50, help="applicants in flight at once (client threads)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the database and the folder")
    parser.add_argument(
        "--addresses",
        choices=ADDRESS_TEXT,
        default="each",
        help="each applicant from its own loopback address, or all from 127.0.0.1",
    )
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="erasmusdesk_rush")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--server-workers", type=int, help="gunicorn workers")
    parser.add_argument("--server-threads", type=int, help="threads per gunicorn worker")
    parser.add_argument(
        "--tasks",
        choices=("database", "immediate"),
        default="database",
        help="database: tasks queued for a worker process (production); immediate: in-process",
    )
    args = parser.parse_args(argv)
    if args.applicants < 1 or args.workers < 1:
        parser.error("--applicants and --workers must be at least 1")
    return args


def run(args: argparse.Namespace) -> bool:
    data_dir = Path(tempfile.mkdtemp(prefix="erasmusdesk-rush-"))
    url = database_url(args.postgres, args.database)
    env = rush_env(data_dir, url, args.tasks)
    created = False
    try:
        ensure_port_free(args.port)
        print(f"preparing the database {args.database} and {data_dir} ...", flush=True)
        if recreate_database(args.postgres, args.database):
            print(f"  (dropped the {args.database} left by an earlier --keep run)")
        created = True
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "demo", "--force")
        manage(env, "collectstatic", "--no-input", "-v0")
        setup_django(env)
        plan = make_plan()
        started = time.perf_counter()
        emails = create_applicants(args.applicants)
        print(
            f"  {len(emails)} applicants created in {time.perf_counter() - started:.1f} s "
            "(one Argon2 hash for all)"
        )
        started = time.perf_counter()
        pool = pdf_pool(PDF_POOL)
        sizes = sorted(len(data) for data in pool)
        print(
            f"  {len(pool)} base PDFs of {sizes[0] / 1024:.0f}-{sizes[-1] / 1024:.0f} KB made "
            f"in {time.perf_counter() - started:.1f} s (each upload's bytes made unique)"
        )
        from django.db import connections

        connections.close_all()
        command = serve_command(args.port, args.server_workers, args.server_threads)
        with running_server(command, env, args.port, data_dir / "server.log") as server:
            call_text = plan.slug + (" (a copy open today)" if plan.own_call else "")
            settings = server_settings(args.server_workers, args.server_threads, SERVER_FLAGS)
            print(f"cpus: {os.cpu_count()}   server: {settings}   PostgreSQL")
            print(
                f"applicants: {args.applicants}   in flight at once: {args.workers}   "
                f"call: {call_text}   files per application: {len(plan.uploads)}   "
                f"client addresses: {ADDRESS_TEXT[args.addresses]}\n",
                flush=True,
            )
            worker = (
                start_worker(env, data_dir / "worker.log") if args.tasks == "database" else None
            )
            try:
                idle = baseline(args.port)
                outcome = rush(args.port, server.pid, emails, plan, pool, args)
                if worker is not None:
                    outcome.drained = drain_queue()
                    outcome.worker_cpu = group_cpu_seconds(worker.pid)
                views = server_metrics(args.port)
            finally:
                if worker is not None and worker.poll() is None:
                    os.killpg(worker.pid, signal.SIGTERM)
                    worker.wait(timeout=60)
        found = check(outcome.results, data_dir)
        connections.close_all()
        bare_port = args.port + 1
        ensure_port_free(bare_port)
        print("the baseline: the same uploads to a trivial view ...", flush=True)
        with running_server(
            bare_command(bare_port, args), env, bare_port, data_dir / "bare.log"
        ) as bare:
            bare_run = rush(bare_port, bare.pid, emails, plan, pool, args, flow=bare_upload_flow)
        return report(args.applicants, outcome, idle, found, views, bare_run)
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if args.keep:
            print(f"\nkept: database {url}, folder {data_dir} (server log: server.log)")
        else:
            if created:
                drop_database(args.postgres, args.database)
            shutil.rmtree(data_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return 0 if run(args) else 1
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
