"""Time of the seat allocation against Python's sorted() of the same applicants' scores.

What it measures, in one run and one process, with ``time.perf_counter``:

* ``allocate()`` (selection/allocation.py, deferred acceptance) on a seeded random market built
  beforehand: 100,000 applicants, each with three distinct preferences over 2,000 partners
  (popular partners more often: weights 1 / (1 + index / 200)); 1 to 5 places per partner
  (``--max-places``); each applicant a common score (the call's total) and each partner
  ranking the applicants who chose it by that score plus its own noise (its own criteria),
  5 % of them left out as not meeting its requirement. The call's ranking (reserve order)
  is the common score. The time includes the input check; best of 3 runs;
* ``sorted()`` of the 100,000 common scores (floats), best of 3: the cost of one sort of the
  call's ranking on this machine and interpreter.

It prints both times, their ratio (how many sorts one allocation costs: it divides out the
speed of the machine), the peak memory of one allocation (tracemalloc, in a separate run,
since tracing slows it down) and whether the 2-second target of the issue is met.

Command (from the project folder)::

    .venv/bin/python bench/allocation.py [--applicants 100000] [--partners 2000]
        [--seed 1] [--max-places 5] [--runs 3]

No Django, no database: the allocation is pure. The exit code is 0, or 1 if the target is
missed.
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from itertools import accumulate

from erasmusdesk.selection.allocation import Market, allocate

TARGET_SECONDS = 2.0


def market(
    applicants: int, partners: int, seed: int, max_places: int = 5
) -> tuple[Market, list[int], list[float]]:
    """The market, the call's ranking (best first) and the applicants' common scores."""
    rng = random.Random(seed)
    scores = [rng.random() for _ in range(applicants)]
    cumulative = list(accumulate(1 / (1 + index / 200) for index in range(partners)))
    population = range(partners)
    preferences: dict[int, tuple[int, ...]] = {}
    applied: list[list[int]] = [[] for _ in range(partners)]
    for applicant in range(applicants):
        choices: list[int] = []
        while len(choices) < 3:
            partner = rng.choices(population, cum_weights=cumulative)[0]
            if partner not in choices:
                choices.append(partner)
        preferences[applicant] = tuple(choices)
        for partner in choices:
            applied[partner].append(applicant)
    rankings: dict[int, list[int]] = {}
    for partner, candidates in enumerate(applied):
        noise = {a: scores[a] + rng.gauss(0, 0.05) for a in candidates if rng.random() >= 0.05}
        rankings[partner] = sorted(noise, key=noise.__getitem__, reverse=True)
    places = {partner: rng.randint(1, max_places) for partner in range(partners)}
    order = sorted(range(applicants), key=scores.__getitem__, reverse=True)
    return Market(preferences, rankings, places), order, scores


def _best_of(runs: int, work) -> tuple[float, object]:
    best = float("inf")
    result = None
    for _ in range(runs):
        began = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - began)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=100_000)
    parser.add_argument("--partners", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-places", type=int, default=5, help="places per partner: 1 to this")
    args = parser.parse_args(argv)

    began = time.perf_counter()
    the_market, order, scores = market(args.applicants, args.partners, args.seed, args.max_places)
    build_seconds = time.perf_counter() - began

    allocate_seconds, allocation = _best_of(
        args.runs, lambda: allocate(the_market, reserve_order=order)
    )
    sort_seconds, _ = _best_of(args.runs, lambda: sorted(scores))

    tracemalloc.start()
    allocate(the_market, reserve_order=order)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    total_places = sum(the_market.places.values())
    placed = len(allocation.assigned)
    first_choice = sum(
        1
        for applicant, partner in allocation.assigned.items()
        if the_market.preferences[applicant][0] == partner
    )
    met = allocate_seconds < TARGET_SECONDS
    print(
        f"market:     {args.applicants:,} applicants x 3 preferences over {args.partners:,} "
        f"partners, {total_places:,} places (built in {build_seconds:.1f} s, not timed)"
    )
    print(
        f"result:     {placed:,} placed ({first_choice:,} at their first choice), "
        f"{len(allocation.reserve):,} on the reserve"
    )
    print(f"allocate(): {allocate_seconds:.3f} s (best of {args.runs}, input check included)")
    print(
        f"sorted():   {sort_seconds:.4f} s for {len(scores):,} float scores (best of {args.runs})"
    )
    print(f"ratio:      one allocation costs {allocate_seconds / sort_seconds:,.1f} sorts")
    print(f"memory:     peak {peak / 2**20:,.1f} MiB traced during one allocate()")
    print(f"target:     < {TARGET_SECONDS:.0f} s: {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
