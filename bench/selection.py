"""The whole competitive selection of a call, from the database to published results.

What it does, in one process, with ``time.perf_counter`` and a count of SQL statements:

* set-up (not timed as a phase): a throw-away database (SQLite in a temporary folder, or
  ``--postgres URL``: a fresh PostgreSQL database ``erasmusdesk_selection_bench``, dropped at
  the end), migrated; ``--partners`` partner universities with a signed agreement each and
  1 to 5 places; a call offering them; a committee of ``--evaluators`` evaluators; then
  ``--applications`` eligible applications created with ``bulk_create`` (accounts, student
  profiles with a grade average on one of the three scales, an IELTS or TOEFL certificate
  for 85 % of them, three preferences each, popular partners more often), seeded;
* the phases of the selection, each through the services the pages call:

  1. ``assign``: each application to 3 evaluators, balanced (``committee.assign_applications``);
     then every evaluator's scores are stored with ``bulk_create`` (scores present: the
     committee's work is not what is measured);
  2. ``load``: the ranking's inputs read from the database (``inputs.load_inputs``);
  3. ``rank+allocate``: totals, the call's and each partner's rankings, deferred acceptance
     (``outcomes.compute``; no query);
  4. ``publish``: results, states through the state machine, audit log, in one transaction
     (``publishing.publish_results``; its mail task is queued, not run);
  5. ``mail``: the result mail of every applicant, rendered in their language and sent (to
     Django's in-memory outbox) by the task the publication queues;

* the baseline, in the same run: ``allocation.allocate()`` alone on the very market of phase
  3 (best of 3): the pure algorithm, without the database, the ranking or the writing.

It prints the time and the number of SQL statements of each phase, the total, its ratio to
the baseline, and whether the issue's target (the whole selection of 5,000 applications under
30 seconds) is met. The same phases are first run on a small call (``--small``, default 500
applications) in the same database, to show that the number of statements per phase does not
grow with the number of applications (on SQLite, Django splits a bulk insert into batches of
999 parameters: those phases grow by one statement per batch, about one per 60-90 rows;
PostgreSQL inserts each in one statement).

Command (from the project folder)::

    .venv/bin/python bench/selection.py [--applications 5000] [--small 500]
        [--partners 200] [--evaluators 5] [--seed 1]
        [--postgres postgres://postgres@127.0.0.1:5432]

Exit code 0, or 1 if the target is missed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from itertools import accumulate
from pathlib import Path

TARGET_SECONDS = 30.0
BENCH_DATABASE = "erasmusdesk_selection_bench"


def _environment(args: argparse.Namespace, folder: Path) -> None:
    """Settings for a throw-away installation, before Django starts."""
    os.environ["ERASMUSDESK_DATA_DIR"] = str(folder)
    os.environ["ERASMUSDESK_MEDIA_ROOT"] = str(folder / "media")
    os.environ["DEBUG"] = "0"
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


def _drop(args: argparse.Namespace) -> None:
    if args.postgres:
        import psycopg
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{args.postgres}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")


class Phase:
    """Times a block and counts its SQL statements (a light ``execute_wrapper``: Django's
    query log would format every statement's parameters and slow the bulk inserts down)."""

    def __init__(self, name: str, report: dict) -> None:
        self.name, self.report = name, report
        self.statements = 0

    def _count(self, execute, sql, params, many, context):
        self.statements += 1
        return execute(sql, params, many, context)

    def __enter__(self) -> Phase:
        from django.db import connection

        self.wrapper = connection.execute_wrapper(self._count)
        self.wrapper.__enter__()
        self.began = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        seconds = time.perf_counter() - self.began
        self.wrapper.__exit__(*exc)
        self.report[self.name] = (seconds, self.statements)


def _partners(count: int, rng: random.Random):
    """Partner institutions with a signed agreement each (2024-2028) and 1-5 places in
    economics (ISCED 0311) for bachelor and master students."""
    from erasmusdesk.institutions.models import Agreement, Institution, MobilityCondition

    institutions = Institution.objects.bulk_create(
        Institution(
            name=f"Partner University {index:04d}",
            name_en=f"Partner University {index:04d}",
            country="DE",
            city="Berlin",
            city_en="Berlin",
            latitude=Decimal("52.520008"),
            longitude=Decimal("13.404954"),
        )
        for index in range(count)
    )
    agreements = Agreement.objects.bulk_create(
        Agreement(
            partner=institution,
            first_academic_year=2024,
            last_academic_year=2028,
            status="signed",
            home_signed_on=date(2024, 3, 1),
            partner_signed_on=date(2024, 3, 2),
        )
        for institution in institutions
    )
    MobilityCondition.objects.bulk_create(
        MobilityCondition(
            agreement=agreement,
            direction="outgoing",
            mobility_type="student_studies",
            isced_code="0311",
            eqf_levels="6,7",
            mobilities_per_year=rng.randint(1, 5),
            total_months_per_year=Decimal("10"),
            language="en",
            cefr_level="B2",
        )
        for agreement in agreements
    )
    return agreements


def _call(slug: str, agreements):
    from erasmusdesk.calls.models import Call
    from erasmusdesk.catalogue.models import Opportunity, OpportunityKind

    opportunity, _created = Opportunity.objects.get_or_create(
        slug="icm-bench",
        defaults={
            "kind": OpportunityKind.CREDIT_MOBILITY,
            "title": "Credit mobility",
            "title_en": "Credit mobility",
            "summary": "S",
            "what_it_is": "W",
        },
    )
    zone = UTC
    call = Call.objects.create(
        slug=slug,
        opportunity=opportunity,
        academic_year=2026,
        title=f"Bench call {slug}",
        title_en=f"Bench call {slug}",
        opens_at=datetime(2026, 10, 1, tzinfo=zone),
        deadline=datetime(2027, 1, 15, 18, tzinfo=zone),
        eligible_categories="bachelor,master",
    )
    call.agreements.set(agreements)
    return call


def _applications(call, places: list, count: int, rng: random.Random, serial: str) -> None:
    """``count`` eligible applications with profiles, certificates and three preferences."""
    from django.contrib.auth.models import Group

    from erasmusdesk.accounts.models import ApplicantProfile, LanguageCertificate, User
    from erasmusdesk.applications.models import Application, Preference, Round

    users = User.objects.bulk_create(
        User(
            username=f"{serial}-{index:05d}",
            email=f"{serial}-{index:05d}@bench.example",
            password="!",
        )
        for index in range(count)
    )
    group = Group.objects.get(name="applicants")
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=group.pk) for user in users
    )
    scales = [("4.0", 4, 1), ("5", 5, 3), ("100", 100, 50)]
    profiles = []
    for user in users:
        scale, top, low = rng.choice(scales)
        grade = Decimal(str(round(rng.uniform(low, top), 2)))
        profiles.append(
            ApplicantProfile(
                user=user,
                given_names="Bench",
                family_name="Applicant",
                category="bachelor",
                year_of_study=rng.randint(1, 4),
                grade_average=grade,
                grade_scale=scale,
            )
        )
    profiles = ApplicantProfile.objects.bulk_create(profiles)
    certificates = []
    for profile in profiles:
        if rng.random() < 0.6:
            score = str(rng.choice([4.5, 5.0, 5.5, 6.0, 6.5, 7.0, 7.5, 8.0]))
            certificates.append(("ielts_academic", score, profile))
        elif rng.random() < 0.6:
            certificates.append(("toefl_ibt", str(rng.randint(40, 115)), profile))
    LanguageCertificate.objects.bulk_create(
        LanguageCertificate(profile=profile, test=test, score=score, taken_on=date(2026, 5, 1))
        for test, score, profile in certificates
    )
    start = datetime(2026, 11, 1, tzinfo=UTC)
    applications = Application.objects.bulk_create(
        Application(
            reference=f"{serial}-{index:05d}",
            applicant=user,
            call=call,
            state="eligible",
            category="bachelor",
            subject_area="0311",
            period="autumn",
            motivation="M" * 400,
            round=Round.NORMAL,
            submitted_at=start + timedelta(seconds=rng.randint(0, 60 * 86400)),
        )
        for index, user in enumerate(users)
    )
    weights = list(accumulate(1 / (1 + index / 20) for index in range(len(places))))
    preferences = []
    for application in applications:
        chosen: list = []
        while len(chosen) < 3:
            place = rng.choices(places, cum_weights=weights)[0]
            if place not in chosen:
                chosen.append(place)
        preferences.extend(
            Preference(application=application, position=position, place=place)
            for position, place in enumerate(chosen, start=1)
        )
    Preference.objects.bulk_create(preferences)


def _scores(selection, rng: random.Random) -> None:
    """Every assignment scored (0-10 in half points), as the committee would have."""
    from erasmusdesk.selection.models import Assignment, Criterion, Score

    criteria = [c for c in Criterion.objects.filter(selection=selection) if c.is_scored]
    assignments = list(Assignment.objects.filter(selection=selection))
    Score.objects.bulk_create(
        Score(assignment=a, criterion=c, points=Decimal(rng.randint(0, 20)) / 2)
        for a in assignments
        for c in criteria
    )
    Assignment.objects.filter(selection=selection).update(
        completed_at=datetime(2027, 1, 25, tzinfo=UTC)
    )


def run_selection(slug: str, agreements, members, coordinator, count: int, seed: int) -> dict:
    """Create a call of ``count`` applications and run its selection; the phases' figures."""
    from erasmusdesk.calls.services import call_places
    from erasmusdesk.selection import committee, publishing
    from erasmusdesk.selection.allocation import allocate
    from erasmusdesk.selection.inputs import load_inputs
    from erasmusdesk.selection.mail import send_results
    from erasmusdesk.selection.models import Result
    from erasmusdesk.selection.outcomes import compute
    from erasmusdesk.selection.ranking import build_market

    rng = random.Random(seed)
    call = _call(slug, agreements)
    places = call_places(call)
    began = time.perf_counter()
    _applications(call, places, count, rng, slug)
    selection = committee.set_up_selection(call, by=coordinator)
    for member in members:
        committee.add_member(selection, member, by=coordinator)
    created = time.perf_counter() - began

    report: dict = {}
    with Phase("assign", report):
        committee.assign_applications(selection, by=coordinator)
    _scores(selection, rng)
    with Phase("load", report):
        inputs = load_inputs(selection)
    with Phase("rank+allocate", report):
        computation = compute(inputs)
    with Phase("publish", report):
        run = publishing.publish_results(
            selection,
            by=coordinator,
            expected_run=0,
            appeal_deadline=datetime(2099, 1, 1, tzinfo=UTC),
        )
    with Phase("mail", report):
        ids = list(Result.objects.filter(run=run).values_list("application_id", flat=True))
        send_results.func(run.pk, ids)

    market, call_ranking = build_market(
        inputs.rankable,
        {ref: prefs for ref, prefs in inputs.preferences.items() if ref not in inputs.missing},
        inputs.places,
        criteria=inputs.rules,
        tie_rules=inputs.tie_rules,
        partner_rules=inputs.partner_rules,
    )
    order = [ranked.reference for ranked in call_ranking]
    baseline = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        allocate(market, reserve_order=order)
        baseline = min(baseline, time.perf_counter() - start)
    counts = {o: computation.count(o) for o in ("selected", "reserve", "not_selected")}
    return {"report": report, "baseline": baseline, "created": created, "counts": counts}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=5000)
    parser.add_argument("--small", type=int, default=500)
    parser.add_argument("--partners", type=int, default=200)
    parser.add_argument("--evaluators", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgres", default="", help="e.g. postgres://postgres@127.0.0.1:5432")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="erasmusdesk-selection-bench-"))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    _environment(args, folder)
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        began = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrated = time.perf_counter() - began
        from erasmusdesk.accounts.models import User
        from erasmusdesk.accounts.roles import Role, assign_role

        coordinator = User.objects.create(username="bench-coordinator", is_staff=True)
        assign_role(coordinator, Role.COORDINATOR)
        members = []
        for index in range(args.evaluators):
            member = User.objects.create(username=f"bench-evaluator-{index}", email=f"e{index}@x")
            assign_role(member, Role.EVALUATOR)
            members.append(member)
        agreements = _partners(args.partners, random.Random(args.seed))

        print(
            f"Database: {connection.vendor} ({settings.DATABASES['default']['NAME']}); "
            f"migrated in {migrated:.1f} s; {args.partners} partners, "
            f"{args.evaluators} evaluators, 3 per application, 2 scored criteria."
        )
        runs = {}
        for size in (args.small, args.applications):
            if size <= 0:
                continue
            runs[size] = run_selection(
                f"b{size}", agreements, members, coordinator, size, args.seed + size
            )
            figures = runs[size]
            print(
                f"\n{size:,} applications (created with bulk_create in "
                f"{figures['created']:.1f} s): {figures['counts']['selected']} selected, "
                f"{figures['counts']['reserve']} on the reserve list, "
                f"{figures['counts']['not_selected']} not selected"
            )
            print(f"  {'phase':<15} {'seconds':>9} {'statements':>11}")
            total = 0.0
            for name, (seconds, queries) in figures["report"].items():
                total += seconds
                print(f"  {name:<15} {seconds:>9.3f} {queries:>11}")
            print(f"  {'whole selection':<15} {total:>9.3f}")
            print(
                f"  baseline: allocate() alone on the same market: {figures['baseline']:.4f} s; "
                f"ratio whole selection / allocate = {total / figures['baseline']:.0f}"
            )
            figures["total"] = total
        big = runs.get(args.applications)
        if big is None:
            return 0
        met = big["total"] < TARGET_SECONDS
        print(
            f"\nTarget: the whole selection of {args.applications:,} applications under "
            f"{TARGET_SECONDS:.0f} s: {big['total']:.1f} s, {'PASS' if met else 'FAIL'}"
        )
        if args.small in runs:
            small = runs[args.small]["report"]
            growth = {
                name: (small[name][1], queries) for name, (_s, queries) in big["report"].items()
            }
            print(
                "Statements per phase, "
                f"{args.small:,} -> {args.applications:,} applications: "
                + ", ".join(f"{name} {a} -> {b}" for name, (a, b) in growth.items())
            )
        return 0 if met else 1
    finally:
        try:
            _drop(args)
        finally:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
