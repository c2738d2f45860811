"""Where one applicant's CPU goes: the deadline rush's 21 requests, in this process, under
cProfile, on a throw-away SQLite installation with the demo data.

It signs N applicants (default 5) in through Django's test client (no HTTP server: the
requests go through the same middleware, views, multipart parser and storage), takes each
through the portal as bench/deadline_rush.py does (sign-in page, sign-in, my applications,
start, form, save, documents page, six uploads of the same kind of PDFs, submit, status
page; each redirect followed), and prints the CPU per step and per application, the same
for a bare upload of the same bytes to the trivial view of bench/bare_upload.py (measured in
the same run: the baseline), and the functions that take the most time.

    .venv/bin/python bench/applicant_profile.py [--applicants 5] [--top 30]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from deadline_rush import (
    CATEGORY,
    MOTIVATION,
    PASSWORD,
    PERIODS,
    create_applicants,
    make_plan,
    pdf_pool,
    setup_django,
    unique_pdf,
)
from harness import bench_env, manage


def flow(client, email: str, number: int, plan, pool, steps) -> None:
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile

    def timed(step, method, path, data=None, **extra):
        started = time.process_time()
        response = getattr(client, method)(path, data or {}, **extra)
        steps[step].append(time.process_time() - started)
        if response.status_code >= 400:
            raise RuntimeError(f"{step}: {method} {path} answered {response.status_code}")
        return response

    def follow(step, response):
        return timed(step, "get", response["Location"])

    timed("sign-in page", "get", "/en/account/login/")
    answer = timed("sign in", "post", "/en/account/login/", {"login": email, "password": PASSWORD})
    follow("my applications", answer)
    answer = timed("start", "post", f"/en/applications/start/{plan.slug}/")
    page = follow("form page", answer)
    version = re.search(r'name="version" value="(\d+)"', page.content.decode()).group(1)
    subject_area, place = plan.choices[number % len(plan.choices)]
    fields = {
        "subject_area": subject_area,
        "place_1": place,
        "period": PERIODS[number % len(PERIODS)],
        "motivation": MOTIVATION,
        "version": version,
        "next": "1",
    }
    answer = timed("save form", "post", answer["Location"], fields)
    documents = answer["Location"]
    follow("documents page", answer)
    for index, (type_id, code) in enumerate(plan.uploads):
        data = unique_pdf(pool[(number * 6 + index) % len(pool)], f"{email} {code} {index}")
        upload = SimpleUploadedFile(f"{code}-{index}.pdf", data, "application/pdf")
        answer = timed("upload", "post", f"{documents}upload/{type_id}/", {"file": upload})
        follow("documents page", answer)
    reference = documents.rstrip("/").split("/")[-2]
    answer = timed("submit", "post", f"/en/applications/{reference}/submit/")
    follow("status page", answer)


def bare(pool, plan, count: int) -> float:
    """CPU per applicant of the same uploads to the trivial view (bench/bare_upload.py's),
    through a WSGI request built the same way, in this process."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.http import HttpResponse
    from django.test import RequestFactory

    factory = RequestFactory()
    started = time.process_time()
    for number in range(count):
        for index, (_type_id, code) in enumerate(plan.uploads):
            data = unique_pdf(pool[(number * 6 + index) % len(pool)], f"BARE {number} {index}")
            request = factory.post(
                "/upload", {"file": SimpleUploadedFile(f"{code}.pdf", data, "application/pdf")}
            )
            import hashlib

            digest = hashlib.sha256()
            for chunk in request.FILES["file"].chunks():
                digest.update(chunk)
            HttpResponse(digest.hexdigest())
    return (time.process_time() - started) / count


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--applicants", type=int, default=5)
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="erasmusdesk-profile-"))
    try:
        env = bench_env(folder)
        env.update(
            ERASMUSDESK_TASK_BACKEND="dummy",  # the worker's share is not the server's
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            ALLOWED_HOSTS="testserver",
        )
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "demo", "--force")
        manage(env, "collectstatic", "--no-input", "-v0")
        setup_django(env)
        from django.test import Client

        plan = make_plan()
        emails = create_applicants(args.applicants + 1)
        pool = pdf_pool(8)
        steps: dict[str, list[float]] = defaultdict(list)
        # One client, so one handler whose middleware is made once, as in a server process.
        client = Client()
        flow(client, emails[-1], 99, plan, pool, defaultdict(list))  # warm-up, uncounted
        profile = cProfile.Profile()
        profile.enable()
        for number, email in enumerate(emails[:-1]):
            client.cookies.clear()
            flow(client, email, number, plan, pool, steps)
        profile.disable()
        baseline = bare(pool, plan, args.applicants)
        total = sum(sum(v) for v in steps.values()) / args.applicants
        print(f"applicants: {args.applicants} (category {CATEGORY}), SQLite, in-process\n")
        print(f"{'step':<16} {'requests':>8} {'cpu ms/appl.':>12} {'share':>6}")
        for step, values in sorted(steps.items(), key=lambda item: -sum(item[1])):
            per = sum(values) / args.applicants
            print(
                f"{step:<16} {len(values) / args.applicants:>8.0f} {per * 1000:>12.1f} "
                f"{per / total:>6.0%}"
            )
        print(f"{'all 21 requests':<16} {'':>8} {total * 1000:>12.1f}")
        print(
            f"\nbaseline: the same uploads to a trivial view: {baseline * 1000:.1f} ms per "
            f"applicant; ratio {total / baseline:.1f}\n"
        )
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("tottime").print_stats(args.top)
        stats.sort_stats("cumulative").print_stats("erasmusdesk", args.top)
        print(out.getvalue())
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    sys.exit(main())
