import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from erasmusdesk.env import env_int


def default_workers() -> int:
    """Cores + 1 worker processes, each with threads for the waits on the database.

    Gunicorn's usual (2 x cores) + 1 is advice for single-threaded workers; with 4 threads
    each, bench/catalogue.py measured better tail latency at cores + 1 on 2 cores (README).
    """
    return (os.cpu_count() or 1) + 1


class Command(BaseCommand):
    help = "Start the production server (gunicorn, threaded workers) for erasmusdesk.wsgi."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("ERASMUSDESK_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=env_int("ERASMUSDESK_WORKERS", default_workers())
        )
        parser.add_argument("--threads", type=int, default=env_int("ERASMUSDESK_THREADS", 4))

    def handle(self, *args, bind: str, workers: int, threads: int, **options):
        # A production server takes its signing key from the environment only (README).
        if not settings.DEBUG and settings.ERASMUSDESK_SECRET_KEY_SOURCE != "environment":
            raise CommandError(
                "SECRET_KEY is not set in the environment. The production server does not "
                "start with the key generated into the data folder: set SECRET_KEY (the same "
                "on every app server), e.g. from "
                "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
            )
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "erasmusdesk.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--keep-alive",
            "5",
            "--access-logfile",
            os.environ.get("ERASMUSDESK_ACCESS_LOG", "-"),
        ]
        _metrics_folder()
        os.execv(sys.executable, argv)


def _metrics_folder() -> None:
    """Prometheus' multiprocess mode: the workers' counters in files of one folder, summed
    by /metrics (core/monitoring.py); emptied at each start, as prometheus-client asks."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not folder:
        folder = str(settings.DATA_DIR / "metrics")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        if name.endswith(".db"):
            os.remove(os.path.join(folder, name))
