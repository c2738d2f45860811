"""Throughput and latency of the catalogue's opportunity list against a trivial view.

What it measures: the production server (``python -m erasmusdesk serve``: gunicorn, gthread
workers, production settings with DEBUG off) on a throw-away SQLite data folder loaded with the
demo data. A standard-library asyncio HTTP/1.1 client keeps N keep-alive connections busy, first
on the trivial view ``/healthz`` (the baseline: no database, no template), then on the
opportunity list ``/en/opportunities/``. Each URL gets a 2 s warm-up that is not counted, then
the measured window. It prints requests, requests per second, p50/p95/p99 latency, non-200
answers and errors for each URL, then the ratio of the two throughputs.

Command (from the project folder, after ``make install``)::

    .venv/bin/python bench/catalogue.py [--connections 32] [--seconds 10] [--port 8765]
                                        [--workers N] [--threads N]

Targets, at 32 connections:

* the list page serves at least half the trivial view's throughput (ratio >= 0.5);
* the list page's p99 latency is under 100 ms.

Each target is reported PASS or FAIL; the exit code is 0 either way. It is 1 only when the
set-up or the server failed, the list page did not show the catalogue, or any request errored
or was answered with a status other than 200.

The client runs in this one Python process, on one core: on a small machine it competes with
the server for the CPUs, and its own CPU use is printed so that a saturated client shows.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

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

LIST_PAGE = "/en/opportunities/"
LIST_MARKER = "International Credit Mobility"
WARMUP_SECONDS = 2.0
REQUEST_TIMEOUT = 30.0
TARGET_RATIO = 0.5
TARGET_P99_MS = 100.0


class StaleConnection(Exception):
    """The server closed a kept-alive connection before answering the next request."""


class ProtocolError(Exception):
    """The server's answer is not the HTTP/1.1 the client understands."""


# --- Set-up: data folder, demo data, server ------------------------------------------------


def prepare_data(env: dict[str, str]) -> None:
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "demo", "--force")
    manage(env, "collectstatic", "--no-input", "-v0")


def check_list_page(port: int) -> None:
    status, body = http_get(port, LIST_PAGE)
    if status != 200:
        raise BenchError(f"{LIST_PAGE} answered {status}, not 200")
    if LIST_MARKER not in body:
        raise BenchError(f"{LIST_PAGE} does not contain {LIST_MARKER!r}: no catalogue loaded?")


# --- The load client: asyncio, HTTP/1.1 keep-alive --------------------------------------------


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    non_200: int = 0
    errors: int = 0
    elapsed: float = 0.0
    client_cpu: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.requests / self.elapsed if self.elapsed else 0.0

    def percentile_ms(self, percent: float) -> float:
        """Nearest-rank percentile of the latencies, in milliseconds."""
        return percentile_ms(self.latencies, percent)


@dataclass
class Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    answered: int = 0

    async def close(self) -> None:
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except OSError:
            pass


def build_request(port: int, path: str) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nUser-Agent: erasmusdesk-bench\r\n"
        "Accept: text/html\r\nAccept-Language: en\r\n\r\n"
    ).encode("ascii")


async def read_headers(reader: asyncio.StreamReader) -> dict[bytes, bytes]:
    headers: dict[bytes, bytes] = {}
    while True:
        line = await reader.readline()
        if not line:
            raise ProtocolError("connection closed inside the headers")
        if line in (b"\r\n", b"\n"):
            return headers
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()


async def read_chunked(reader: asyncio.StreamReader) -> None:
    while True:
        size = int((await reader.readline()).split(b";")[0], 16)
        await reader.readexactly(size + 2)
        if size == 0:
            return


async def read_body(reader: asyncio.StreamReader, headers: dict[bytes, bytes]) -> bool:
    """Read the body; return False when it ran to the end of the connection."""
    if b"content-length" in headers:
        await reader.readexactly(int(headers[b"content-length"]))
        return True
    if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        await read_chunked(reader)
        return True
    await reader.read()
    return False


async def exchange(connection: Connection, request: bytes) -> tuple[int, bool]:
    """Send one request and read the whole answer: (status, connection still usable)."""
    connection.writer.write(request)
    await connection.writer.drain()
    status_line = await connection.reader.readline()
    if not status_line:
        raise StaleConnection if connection.answered else ProtocolError("no status line")
    parts = status_line.split(None, 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1."):
        raise ProtocolError(f"bad status line {status_line!r}")
    headers = await read_headers(connection.reader)
    complete = await read_body(connection.reader, headers)
    connection.answered += 1
    keep_alive = complete and headers.get(b"connection", b"").lower() != b"close"
    return int(parts[1]), keep_alive


async def open_connection(port: int) -> Connection:
    reader, writer = await asyncio.open_connection(HOST, port)
    return Connection(reader, writer)


async def client_loop(port: int, request: bytes, deadline: float, stats: Stats) -> None:
    """One connection: GET after GET until the deadline, reconnecting when needed."""
    connection: Connection | None = None
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        try:
            if connection is None:
                connection = await open_connection(port)
            status, keep_alive = await asyncio.wait_for(
                exchange(connection, request), REQUEST_TIMEOUT
            )
        except StaleConnection:
            if connection is not None:
                await connection.close()
            connection = None
            continue
        except (OSError, EOFError, ValueError, ProtocolError, TimeoutError):
            stats.errors += 1
            if connection is not None:
                await connection.close()
                connection = None
            await asyncio.sleep(0.01)
            continue
        stats.latencies.append(time.perf_counter() - started)
        if status != 200:
            stats.non_200 += 1
        if not keep_alive:
            await connection.close()
            connection = None
    if connection is not None:
        await connection.close()


async def load(port: int, path: str, connections: int, seconds: float) -> Stats:
    stats = Stats()
    request = build_request(port, path)
    cpu_start = time.process_time()
    started = time.perf_counter()
    deadline = started + seconds
    await asyncio.gather(*(client_loop(port, request, deadline, stats) for _ in range(connections)))
    stats.elapsed = time.perf_counter() - started
    stats.client_cpu = (time.process_time() - cpu_start) / stats.elapsed
    return stats


def measure(port: int, path: str, connections: int, seconds: float) -> Stats:
    """Warm up (not counted), then measure one URL."""
    asyncio.run(load(port, path, connections, WARMUP_SECONDS))
    return asyncio.run(load(port, path, connections, seconds))


# --- Report ---------------------------------------------------------------------------------

HEADER = (
    f"{'url':<20} {'requests':>9} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
    f"{'p99 ms':>8} {'non-200':>8} {'errors':>7} {'client cpu':>11}"
)


def stats_row(path: str, stats: Stats) -> str:
    return (
        f"{path:<20} {stats.requests:>9} {stats.rps:>8.1f} {stats.percentile_ms(50):>8.1f} "
        f"{stats.percentile_ms(95):>8.1f} {stats.percentile_ms(99):>8.1f} "
        f"{stats.non_200:>8} {stats.errors:>7} {stats.client_cpu:>11.0%}"
    )


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(healthz: Stats, listing: Stats) -> bool:
    """Print the table and the targets; return True when every request was a clean 200."""
    print(HEADER)
    print(stats_row(HEALTHZ, healthz))
    print(stats_row(LIST_PAGE, listing))
    ratio = listing.rps / healthz.rps if healthz.rps else 0.0
    p99 = listing.percentile_ms(99)
    print()
    print(f"ratio list_rps / healthz_rps: {ratio:.2f}")
    ratio_label = f"ratio >= {TARGET_RATIO}"
    p99_label = f"list p99 < {TARGET_P99_MS:.0f} ms"
    print(f"  {ratio_label:<20} {verdict(ratio >= TARGET_RATIO)}  ({ratio:.2f})")
    print(f"  {p99_label:<20} {verdict(p99 < TARGET_P99_MS)}  ({p99:.1f} ms)")
    clean = all(s.non_200 == 0 and s.errors == 0 and s.requests for s in (healthz, listing))
    if not clean:
        print("requests failed (non-200 answers or errors): exit 1")
    return clean


# --- Command line ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, help="gunicorn workers (default: the server's)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: the server's)")
    return parser.parse_args(argv)


def run(args: argparse.Namespace) -> bool:
    with tempfile.TemporaryDirectory(prefix="erasmusdesk-bench-") as tmp:
        data_dir = Path(tmp)
        env = bench_env(data_dir)
        print("preparing a throw-away data folder (migrate, demo, collectstatic) ...", flush=True)
        ensure_port_free(args.port)
        prepare_data(env)
        command = serve_command(args.port, args.workers, args.threads)
        with running_server(command, env, args.port, data_dir / "server.log"):
            check_list_page(args.port)
            print(f"cpus: {os.cpu_count()}   server: {server_settings(args.workers, args.threads)}")
            print(
                f"connections: {args.connections}   warm-up: {WARMUP_SECONDS:.0f} s   "
                f"measured: {args.seconds:g} s per URL\n",
                flush=True,
            )
            healthz = measure(args.port, HEALTHZ, args.connections, args.seconds)
            listing = measure(args.port, LIST_PAGE, args.connections, args.seconds)
        return report(healthz, listing)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        return 0 if run(args) else 1
    except BenchError as exc:
        print(f"benchmark failed: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
