"""What the benchmarks share: the production server on loopback, on a throw-away data folder.

``bench_env`` gives the environment of the server and of the set-up commands (production
settings, DEBUG off, the data folder given); ``running_server`` starts ``python -m erasmusdesk
serve`` (gunicorn, gthread workers) in its own process group, waits for ``/healthz`` and stops
the whole group at the end. Used by bench/catalogue.py and bench/deadline_rush.py, which run as
scripts (``python bench/<name>.py``), so that this folder is on ``sys.path``.
"""

from __future__ import annotations

import math
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

HOST = "127.0.0.1"
HEALTHZ = "/healthz"
START_TIMEOUT = 30.0


class BenchError(Exception):
    """The benchmark cannot run: set-up, the server, or a check of its answers failed."""


def percentile_ms(seconds: Sequence[float], percent: float) -> float:
    """Nearest-rank percentile of durations in seconds, in milliseconds (NaN when empty)."""
    if not seconds:
        return math.nan
    ordered = sorted(seconds)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1] * 1000


def bench_env(data_dir: Path) -> dict[str, str]:
    """The environment of every subprocess: production settings on the throw-away folder."""
    env = dict(os.environ)
    for name in ("DEBUG", "DATABASE_URL", "ERASMUSDESK_STATIC_ROOT", "ERASMUSDESK_MEDIA_ROOT"):
        env.pop(name, None)
    env.update(
        ERASMUSDESK_DATA_DIR=str(data_dir),
        SECRET_KEY="bench",
        ALLOWED_HOSTS=HOST,
        ERASMUSDESK_ACCESS_LOG="/dev/null",
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    """Run ``python -m erasmusdesk <args>``; raise BenchError with its output if it fails."""
    command = [sys.executable, "-m", "erasmusdesk", *args]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stdout + result.stderr).strip()
        raise BenchError(f"`{' '.join(command[1:])}` failed ({result.returncode}):\n{output}")


def serve_command(port: int, workers: int | None, threads: int | None) -> list[str]:
    command = [sys.executable, "-m", "erasmusdesk", "serve", "--bind", f"{HOST}:{port}"]
    if workers is not None:
        command += ["--workers", str(workers)]
    if threads is not None:
        command += ["--threads", str(threads)]
    return command


def server_settings(
    workers: int | None,
    threads: int | None,
    flags: tuple[str, str] = ("--workers", "--threads"),
) -> str:
    """The worker and thread counts the serve command will use, resolved as it resolves them
    (``flags``: the benchmark's own names of the two options, for the text)."""
    from erasmusdesk.core.management.commands.serve import default_workers
    from erasmusdesk.env import env_int

    if workers is not None:
        worker_text = f"{workers} ({flags[0]})"
    elif "ERASMUSDESK_WORKERS" in os.environ:
        worker_text = f"{env_int('ERASMUSDESK_WORKERS', 0)} (ERASMUSDESK_WORKERS)"
    else:
        worker_text = f"{default_workers()} (default: cpus + 1)"
    if threads is not None:
        thread_text = f"{threads} ({flags[1]})"
    elif "ERASMUSDESK_THREADS" in os.environ:
        thread_text = f"{env_int('ERASMUSDESK_THREADS', 0)} (ERASMUSDESK_THREADS)"
    else:
        thread_text = "4 (default)"
    return f"gunicorn gthread, workers {worker_text}, threads {thread_text}"


def ensure_port_free(port: int) -> None:
    """Refuse a busy port: /healthz there would answer from some other server."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError as exc:
            raise BenchError(f"port {port} is busy ({exc}); choose another with --port") from exc


def http_get(port: int, path: str, timeout: float = 5.0) -> tuple[int, str]:
    """One plain GET with urllib (for the health wait and the content check)."""
    request = urllib.request.Request(
        f"http://{HOST}:{port}{path}", headers={"Accept-Language": "en"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def log_tail(log_path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(log_path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def wait_until_healthy(process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"the server exited with {process.returncode}:\n{log_tail(log_path)}")
        try:
            if http_get(port, HEALTHZ, timeout=1.0)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError(
        f"/healthz did not answer 200 within {START_TIMEOUT:.0f} s:\n{log_tail(log_path)}"
    )


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Terminate the server's whole process group (gunicorn master and workers)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@contextmanager
def running_server(
    command: list[str], env: dict[str, str], port: int, log_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        wait_until_healthy(process, port, log_path)
        yield process
    finally:
        stop_server(process)
