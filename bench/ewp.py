"""EWP: HTTP Signatures and the IIAs API against baselines measured in the same run.

What it measures, with ``time.perf_counter``, best of ``--runs``:

1. **Signatures.** 1,000 requests (form bodies of about 130 bytes: an IIAs get of 12 ids) signed
   as cliauth-httpsig requires (``httpsig.sign_request``: Digest, Date, X-Request-Id, an
   RSA-2048 ``rsa-sha256`` signature) and then verified (``httpsig.verify_request``: every
   check of the server side, the key looked up in a dict), against the baseline: a bare
   SHA-256 of the same 1,000 bodies. Prints the time per request and the ratios.
2. **IIAs v7.** On a throw-away SQLite database, 2,000 signed agreements with one partner
   (two conditions each): the index (``serving.iia_index``) and a get of 50
   (``serving.iia_get``, each ``iia-hash`` computed with the official XSLT in Saxon), with
   the number of SQL statements each runs, against building the same two documents from
   values already in memory (``documents.iias_index_response`` and
   ``documents.iias_get_response`` with the same hash function). The ratio is the cost of
   the database and the mapping; the hash's own share is printed.

Command (from the project folder, after ``make install``)::

    .venv/bin/python bench/ewp.py [--requests 1000] [--agreements 2000] [--get 50] [--runs 3]

Exit code 0, or 1 when a signature fails to verify or a document is empty.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def best(function, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def signatures(count: int, runs: int) -> None:
    from erasmusdesk.ewp import httpsig

    key = httpsig.generate_private_key()
    key_id = httpsig.key_id(key)
    public = {key_id: key.public_key()}
    now = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    bodies = [
        ("iia_id=" + "&iia_id=".join(f"{i}-{j}" for j in range(12))).encode() for i in range(count)
    ]
    signed: list[dict[str, str]] = []

    def sign():
        signed.clear()
        for body in bodies:
            signed.append(
                httpsig.sign_request(
                    method="POST",
                    target="/ewp/iias/get",
                    host="b.example",
                    body=body,
                    private_key=key,
                    now=now,
                )
            )

    def verify():
        for body, headers in zip(bodies, signed, strict=True):
            httpsig.verify_request(
                method="POST",
                target="/ewp/iias/get",
                headers=headers,
                body=body,
                now=now,
                find_key=public.get,
            )

    def baseline():
        for body in bodies:
            hashlib.sha256(body).digest()

    sign_time = best(sign, runs)
    verify_time = best(verify, runs)
    base_time = best(baseline, runs)
    print(f"Signatures: {count} requests of ~{len(bodies[0])} bytes, RSA-2048 rsa-sha256")
    print(f"  sign:     {sign_time * 1000:9.1f} ms  ({sign_time / count * 1e6:8.1f} us a request)")
    print(
        f"  verify:   {verify_time * 1000:9.1f} ms  ({verify_time / count * 1e6:8.1f} us a request)"
    )
    print(f"  SHA-256:  {base_time * 1000:9.3f} ms  (baseline: the bodies' bare digests)")
    print(f"  ratio sign / SHA-256:   {sign_time / base_time:10.0f}")
    print(f"  ratio verify / SHA-256: {verify_time / base_time:10.0f}")


def iias(agreements: int, get: int, runs: int) -> bool:
    data_dir = Path(tempfile.mkdtemp(prefix="erasmusdesk-bench-ewp-"))
    os.environ["ERASMUSDESK_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "erasmusdesk.settings"
    os.environ["ERASMUSDESK_EWP_HEI_ID"] = "a.example"
    import django

    django.setup()
    from decimal import Decimal

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from erasmusdesk.ewp import documents, serving
    from erasmusdesk.institutions.models import Agreement, Institution, MobilityCondition

    call_command("migrate", verbosity=0)
    partner = Institution.objects.create(
        name="Universität Beispiel",
        country="AT",
        city="Vienna",
        ewp_hei_id="b.example",
        latitude=Decimal("48.2"),
        longitude=Decimal("16.37"),
    )
    Agreement.objects.bulk_create(
        Agreement(
            partner=partner,
            first_academic_year=2024,
            last_academic_year=2028,
            status="signed",
            home_signed_on=datetime(2024, 3, 1).date(),
            partner_signed_on=datetime(2024, 3, 2).date(),
            ewp_iia_id=f"iia-{n:05d}",
        )
        for n in range(agreements)
    )
    conditions = []
    for agreement in Agreement.objects.all():
        conditions.append(
            MobilityCondition(
                agreement=agreement,
                direction="outgoing",
                mobility_type="student_studies",
                isced_code="0311",
                eqf_levels="6,7",
                mobilities_per_year=2,
                total_months_per_year=Decimal("10"),
                language="en",
                cefr_level="B2",
            )
        )
        conditions.append(
            MobilityCondition(
                agreement=agreement,
                direction="incoming",
                mobility_type="staff_teaching",
                isced_code="0311",
                mobilities_per_year=1,
                total_days_per_year=5,
            )
        )
    MobilityCondition.objects.bulk_create(conditions)
    ids = [f"iia-{n:05d}" for n in range(get)]

    with CaptureQueriesContext(connection) as index_queries:
        index = serving.iia_index(["b.example"])
    with CaptureQueriesContext(connection) as get_queries:
        got = serving.iia_get(["b.example"], ids)
    index_time = best(lambda: serving.iia_index(["b.example"]), runs)
    get_time = best(lambda: serving.iia_get(["b.example"], ids), runs)

    # The baseline: the same documents from values already in memory.
    all_ids = list(Agreement.objects.values_list("ewp_iia_id", flat=True))
    in_memory = [serving.iia_data(a) for a in serving.agreements_by_ids(["b.example"], ids)]
    base_index_time = best(lambda: documents.iias_index_response(all_ids), runs)
    base_get_time = best(
        lambda: documents.iias_get_response(in_memory, hash_of=serving.hash_of_single), runs
    )
    hash_only = best(
        lambda: [serving.hash_of_single(documents.iias_get_response([d])) for d in in_memory], runs
    )

    print(f"\nIIAs v7 on SQLite: {agreements} agreements with b.example, 2 conditions each")
    print(
        f"  index:  {index_time * 1000:8.1f} ms, {len(index_queries)} SQL statement(s), "
        f"{len(index):,} bytes; from memory {base_index_time * 1000:7.1f} ms; "
        f"ratio {index_time / base_index_time:5.2f}"
    )
    print(
        f"  get {get}: {get_time * 1000:8.1f} ms, {len(get_queries)} SQL statement(s), "
        f"{len(got):,} bytes; from memory {base_get_time * 1000:7.1f} ms; "
        f"ratio {get_time / base_get_time:5.2f}"
    )
    print(f"  of which the {get} iia-hash (XSLT 2.0 in Saxon): {hash_only * 1000:.1f} ms")
    return index.count(b"<iia-id>") == agreements and got.count(b"<iia-hash>") == get


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--agreements", type=int, default=2000)
    parser.add_argument("--get", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    signatures(options.requests, options.runs)
    return 0 if iias(options.agreements, options.get, options.runs) else 1


if __name__ == "__main__":
    sys.exit(main())
