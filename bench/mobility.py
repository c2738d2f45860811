"""The office's mobility list and export on 5,000 mobilities, and one recognition.

What it does, in one process, with ``time.perf_counter`` and a count of SQL statements:

* set-up (not timed): a throw-away SQLite database (or ``--postgres URL``: a fresh
  PostgreSQL database ``erasmusdesk_mobility_bench``, dropped at the end), migrated; the home
  university and ``--partners`` partners; ``--mobilities`` mobilities (bulk_create), each with
  an approved learning agreement of 6 to 8 components (seeded), half of them with a
  transcript;
* measured, each against a baseline measured in the same run on the same rows:

  1. the office's list, first page (``GET /en/office/mobilities/`` through Django's test
     client, as a coordinator: the view, its counts per stage, its chart and its quota
     table, the template): time and statements; baseline: a bare query of the same 50
     rows (``values_list`` of the shown columns);
  2. the export of every mobility (``exports.rows``: the XLSX and CSV rows) : time and
     statements; baseline: a bare query of the same rows and columns;
  3. the recognition of a 10-component transcript by the grading tables
     (``records.recognise``, in a transaction rolled back after each run), best of 5; the
     issue's target is under 50 ms.

The number of statements of the list and of the export is printed for ``--small`` (default
500) and ``--mobilities`` mobilities: it does not grow with the rows.

Command (from the project folder)::

    .venv/bin/python bench/mobility.py [--mobilities 5000] [--small 500] [--partners 100]
        [--seed 1] [--postgres postgres://postgres@127.0.0.1:5432]

Exit code 0, or 1 if a target is missed (the recognition over 50 ms, or the statements of
the list or the export growing with the rows).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

TARGET_RECOGNITION_MS = 50.0
BENCH_DATABASE = "erasmusdesk_mobility_bench"


def _environment(args: argparse.Namespace, folder: Path) -> None:
    os.environ["ERASMUSDESK_DATA_DIR"] = str(folder)
    os.environ["ERASMUSDESK_MEDIA_ROOT"] = str(folder / "media")
    os.environ["DEBUG"] = "1"  # unhashed static names: no collectstatic needed for the page
    os.environ["SECRET_KEY"] = "bench-only-" + "x" * 40
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["ERASMUSDESK_TASK_BACKEND"] = "django_tasks.backends.dummy.DummyBackend"
    os.environ.pop("DATABASE_URL", None)
    if args.postgres:
        import psycopg

        with psycopg.connect(f"{args.postgres}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
            connection.execute(f"CREATE DATABASE {BENCH_DATABASE}")
        os.environ["DATABASE_URL"] = f"{args.postgres}/{BENCH_DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "erasmusdesk.settings")


class Counted:
    """Times a block and counts its SQL statements."""

    def __enter__(self) -> Counted:
        from django.db import connection

        self.statements = 0
        self.wrapper = connection.execute_wrapper(self._count)
        self.wrapper.__enter__()
        self.began = time.perf_counter()
        return self

    def _count(self, execute, sql, params, many, context):
        self.statements += 1
        return execute(sql, params, many, context)

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self.began
        self.wrapper.__exit__(*exc)


def _institutions(partners: int):
    from erasmusdesk.institutions.models import Institution

    home = Institution.objects.create(
        name="Home University", name_en="Home University", country="KZ", city="Atyrau",
        city_en="Atyrau", latitude=Decimal("47.1"), longitude=Decimal("51.9"), is_home=True,
    )  # fmt: skip
    hosts = Institution.objects.bulk_create(
        Institution(
            name=f"Partner {i:04d}",
            name_en=f"Partner {i:04d}",
            country="PL",
            city="Warsaw",
            city_en="Warsaw",
            latitude=Decimal("52.2"),
            longitude=Decimal("21.0"),
        )  # fmt: skip
        for i in range(partners)
    )
    return home, hosts


def _mobilities(count: int, tag: str, home, hosts, rng: random.Random) -> None:
    """``count`` mobilities with an approved learning agreement of 6-8 components each."""
    from erasmusdesk.core import clock
    from erasmusdesk.mobility.models import Component, LearningAgreement, Mobility

    now = clock.now()
    rows = Mobility.objects.bulk_create(
        Mobility(
            given_names=f"Given{tag}{i}",
            family_name=f"Family{tag}{i}",
            email=f"m{tag}{i}@example.org",
            sending_hei=home,
            receiving_hei=rng.choice(hosts),
            activity_type="student-studies",
            receiving_academic_year_id="2026/2027",
            planned_arrival_date=date(2026, 9, 1),
            planned_departure_date=date(2027, 1, 31),
            isced_f_code="0311",
            eqf_level_studied_at_departure="6",
            state=rng.choice(["nominated", "accepted", "la_approved", "arrived", "departed"]),
        )  # fmt: skip
        for i in range(count)
    )
    agreements = LearningAgreement.objects.bulk_create(
        LearningAgreement(mobility=m, number=1, status="approved", created=now) for m in rows
    )
    Component.objects.bulk_create(
        Component(
            learning_agreement=la,
            table="A" if n else "B",
            position=n,
            los_code=f"C{n}",
            title=f"Course {n}",
            term_id="2026/2027 autumn",
            credits=Decimal(30) if not n else Decimal(5),
        )  # fmt: skip
        for la in agreements
        for n in range(rng.randint(6, 8))
    )


def _list_page(client) -> Counted:
    with Counted() as measured:
        response = client.get("/en/office/mobility/")
    assert response.status_code == 200, response.status_code
    return measured


def _bare_page() -> Counted:
    from erasmusdesk.mobility.models import Mobility

    with Counted() as measured:
        list(
            Mobility.objects.order_by("state", "planned_arrival_date", "pk").values_list(
                "omobility_id", "given_names", "family_name", "receiving_hei__name",
                "planned_arrival_date", "planned_departure_date", "state",
            )[:50]
        )  # fmt: skip
    return measured


def _export() -> tuple[Counted, int]:
    from erasmusdesk.mobility import exports
    from erasmusdesk.mobility.models import Mobility

    with Counted() as measured:
        count = len(exports.rows(Mobility.objects.all()))
    return measured, count


def _bare_export() -> Counted:
    from erasmusdesk.mobility.models import Mobility

    with Counted() as measured:
        list(
            Mobility.objects.values_list(
                "omobility_id", "given_names", "family_name", "email", "sending_hei__name",
                "receiving_hei__name", "activity_type", "activity_attributes",
                "receiving_academic_year_id", "planned_arrival_date", "planned_departure_date",
                "actual_arrival_date", "actual_departure_date", "isced_f_code",
                "eqf_level_studied_at_departure", "state",
            )
        )  # fmt: skip
    return measured


def _recognition(home, host, runs: int = 5) -> float:
    """Best time (ms) of recognising a 10-component transcript by the grading tables."""
    from django.db import transaction

    from erasmusdesk.core import clock
    from erasmusdesk.mobility import records
    from erasmusdesk.mobility.models import (
        Component,
        LearningAgreement,
        Mobility,
        Transcript,
        TranscriptResult,
    )

    shares = [("5", Decimal(20)), ("4.5", Decimal(25)), ("4", Decimal(30)),
              ("3.5", Decimal(15)), ("3", Decimal(10))]  # fmt: skip
    records.save_grading_table(host, isced_f_code="0311", eqf_level="6", grading_scheme="2-5",
                               years="x", shares=shares, by=None)  # fmt: skip
    records.save_grading_table(home, isced_f_code="0311", eqf_level="6", grading_scheme="A-E",
                               years="x", shares=[("A", Decimal(10)), ("B", Decimal(25)),
                               ("C", Decimal(30)), ("D", Decimal(25)), ("E", Decimal(10))],
                               by=None)  # fmt: skip
    mobility = Mobility.objects.create(
        given_names="R", family_name="R", email="r@example.org", sending_hei=home,
        receiving_hei=host, activity_type="student-studies", receiving_academic_year_id="2026/2027",
        planned_arrival_date=date(2026, 9, 1), planned_departure_date=date(2027, 1, 31),
        isced_f_code="0311", eqf_level_studied_at_departure="6", state="transcript_received",
    )  # fmt: skip
    agreement = LearningAgreement.objects.create(
        mobility=mobility, number=1, status="approved", created=clock.now()
    )
    components = [
        Component.objects.create(
            learning_agreement=agreement,
            table="B",
            position=n,
            title=f"Home {n}",
            term_id="t",
            credits=Decimal(3),
        )  # fmt: skip
        for n in range(10)
    ]
    transcript = Transcript.objects.create(
        mobility=mobility, issue_date=clock.localdate() - timedelta(days=1),
        grading_scheme="2-5", entered_at=clock.now(),
    )  # fmt: skip
    grades = ["5", "4.5", "4", "3.5", "3"]
    results = [
        TranscriptResult.objects.create(
            transcript=transcript, title=f"Host {n}", credits=Decimal(3), grade=grades[n % 5]
        )  # fmt: skip
        for n in range(10)
    ]
    best = float("inf")
    for _ in range(runs):
        with transaction.atomic():
            began = time.perf_counter()
            records.recognise(
                Mobility.objects.get(pk=mobility.pk),
                decision="full",
                items=[
                    records.Item(c, [r], Decimal(3))
                    for c, r in zip(components, results, strict=True)
                ],
                by=None,
            )
            best = min(best, time.perf_counter() - began)
            transaction.set_rollback(True)
    return best * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mobilities", type=int, default=5000)
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--partners", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", default="")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="erasmusdesk-mobility-bench-"))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    _environment(args, folder)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    from erasmusdesk.accounts.models import User
    from erasmusdesk.accounts.roles import Role, assign_role

    coordinator = User.objects.create(username="bench-coordinator", is_staff=True)
    assign_role(coordinator, Role.COORDINATOR)
    client = Client()
    client.force_login(coordinator)
    rng = random.Random(args.seed)
    home, hosts = _institutions(args.partners)
    print(f"Database: {connection.vendor}; {args.partners} partners.")
    statements = {}
    created = 0
    failed = False
    for size in (args.small, args.mobilities):
        if size <= 0:
            continue
        _mobilities(size - created, str(size), home, hosts, rng)
        created = size
        _list_page(client)  # warm: templates compiled, caches filled
        page, bare_page = _list_page(client), _bare_page()
        export, rows = _export()
        bare_export = _bare_export()
        statements[size] = (page.statements, export.statements)
        print(f"\n{size:,} mobilities (6-8 components each)")
        print(f"  {'measure':<36} {'ms':>9} {'statements':>11} {'ratio':>7}")
        for name, measured, baseline in (
            ("office list, first page", page, bare_page),
            ("bare query of the same 50 rows", bare_page, None),
            (f"export ({rows:,} rows)", export, bare_export),
            ("bare query of the same rows", bare_export, None),
        ):
            ratio = f"{measured.seconds / baseline.seconds:7.1f}" if baseline else ""
            print(f"  {name:<36} {measured.seconds * 1000:>9.1f} {measured.statements:>11} {ratio}")
    if len(statements) == 2:
        small, big = statements[args.small], statements[args.mobilities]
        constant = small == big
        failed |= not constant
        print(
            f"\nStatements of the list and the export at {args.small:,} and "
            f"{args.mobilities:,} mobilities: {small} and {big}: "
            f"{'constant, PASS' if constant else 'growing, FAIL'}"
        )
    milliseconds = _recognition(home, hosts[0])
    met = milliseconds < TARGET_RECOGNITION_MS
    failed |= not met
    print(
        f"Recognition of a 10-component transcript by the grading tables: best of 5 "
        f"{milliseconds:.1f} ms (target under {TARGET_RECOGNITION_MS:.0f} ms): "
        f"{'PASS' if met else 'FAIL'}"
    )
    if args.postgres:
        import psycopg
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{args.postgres}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
