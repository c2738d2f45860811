"""What an operator sees: Prometheus metrics at /metrics and the readiness check /readyz.

Metrics (prometheus-client; names start with ``erasmusdesk_``):

- ``request_seconds`` (histogram, per view and method): the time of each request;
- ``responses_total`` (counter, per view and status code);
- ``request_database_seconds`` (histogram, per view): the time the request's queries took;
- ``request_cpu_seconds_total`` (counter, per view): CPU time of the threads serving them;
- ``signin_failures_total`` (counter): failed sign-ins (Django's ``user_login_failed``);
- read from the database at each scrape, so the same for every process: ``tasks_queued``
  (tasks ready to run), ``tasks_oldest_queued_seconds`` (how long the oldest of them has been
  waiting), ``tasks_running``, ``tasks_failed`` (failed results kept in the queue's table) and
  ``signin_failures_recorded`` (failed sign-ins counted by axes now, all accounts and
  addresses). The task figures exist with the database queue only.

With several worker processes (gunicorn), the counters and histograms of every process are
summed through files in PROMETHEUS_MULTIPROC_DIR (prometheus-client's multiprocess mode),
which ``serve`` sets up. /metrics is closed to the public: it answers only a request with
``Authorization: Bearer <ERASMUSDESK_METRICS_TOKEN>`` or one from an address of
ERASMUSDESK_METRICS_ADDRESSES (the client's address as sign-in throttling reads it), and
to a signed-in administrator (superuser); anyone else gets 404, as for a page that does not
exist.
"""

import hmac
import logging
import os

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.files.storage import default_storage
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily

from erasmusdesk.core import clock

logger = logging.getLogger(__name__)

# No "_created" series beside each counter: twice the lines for nothing Prometheus uses.
disable_created_metrics()

_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30)

REQUEST_SECONDS = Histogram(
    "erasmusdesk_request_seconds",
    "Time of a request, per view and method.",
    ["view", "method"],
    buckets=_LATENCY_BUCKETS,
)
RESPONSES = Counter(
    "erasmusdesk_responses", "Responses, per view and status code.", ["view", "status"]
)
DATABASE_SECONDS = Histogram(
    "erasmusdesk_request_database_seconds",
    "Time a request spent in database queries, per view.",
    ["view"],
    buckets=_LATENCY_BUCKETS,
)
REQUEST_CPU = Counter(
    "erasmusdesk_request_cpu_seconds",
    "CPU time of the threads that served the requests, from the first middleware on, per view.",
    ["view"],
)
SIGNIN_FAILURES = Counter("erasmusdesk_signin_failures", "Failed sign-ins.")


def observe_request(
    view: str, method: str, status: int, seconds: float, db_seconds: float, cpu: float = 0.0
):
    REQUEST_SECONDS.labels(view, method).observe(seconds)
    REQUEST_CPU.labels(view).inc(cpu)
    RESPONSES.labels(view, str(status)).inc()
    DATABASE_SECONDS.labels(view).observe(db_seconds)


def _signin_failed(sender, **kwargs) -> None:
    SIGNIN_FAILURES.inc()


user_login_failed.connect(_signin_failed, dispatch_uid="erasmusdesk.metrics.signin_failed")


class DatabaseCollector:
    """Figures read from the database at each scrape: the task queue, sign-in failures."""

    def collect(self):
        from axes.models import AccessAttempt
        from django.db.models import Sum

        from erasmusdesk.core.tasks import uses_database_queue

        if uses_database_queue():
            from django_tasks_db.models import DBTaskResult

            ready = DBTaskResult.objects.ready()
            oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
            figures = [
                ("tasks_queued", "Tasks ready to run.", ready.count()),
                (
                    "tasks_oldest_queued_seconds",
                    "Seconds the oldest task ready to run has waited.",
                    (clock.now() - oldest).total_seconds() if oldest else 0,
                ),
                ("tasks_running", "Tasks running.", DBTaskResult.objects.running().count()),
                (
                    "tasks_failed",
                    "Failed task results kept in the queue's table.",
                    DBTaskResult.objects.failed().count(),
                ),
            ]
            for name, text, value in figures:
                yield GaugeMetricFamily(f"erasmusdesk_{name}", text, value=value)
        recorded = AccessAttempt.objects.aggregate(n=Sum("failures_since_start"))["n"] or 0
        yield GaugeMetricFamily(
            "erasmusdesk_signin_failures_recorded",
            "Failed sign-ins counted by the throttling now (all accounts and addresses).",
            value=recorded,
        )


_database_collector = DatabaseCollector()


def registry() -> CollectorRegistry:
    """This process's metrics, or every process's in multiprocess mode, plus the database's."""
    combined = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(combined)
    else:
        for metric in (REQUEST_SECONDS, RESPONSES, DATABASE_SECONDS, REQUEST_CPU, SIGNIN_FAILURES):
            combined.register(metric)
    combined.register(_database_collector)
    return combined


def metrics_allowed(request: HttpRequest) -> bool:
    """True for the Prometheus server (its token, or an allowed address) and a signed-in
    administrator; see the module's docstring."""
    user = getattr(request, "user", None)
    if user is not None and user.is_active and user.is_superuser:
        return True  # the administrator, signed in, looking at them in a browser
    token = settings.ERASMUSDESK_METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    return _client_address(request) in settings.ERASMUSDESK_METRICS_ADDRESSES


def _client_address(request: HttpRequest) -> str | None:
    proxies = settings.ERASMUSDESK_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus' text format, for the monitoring server only (404 for anyone else)."""
    if not metrics_allowed(request):
        raise Http404
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)


READINESS_PROBE = "readyz-probe"


def readiness() -> dict[str, str]:
    """Each dependency "ok" or "failed": the database, the file storage, the task queue."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:
        logger.exception("Readiness: the database does not answer")
        checks["database"] = "failed"
    try:
        default_storage.exists(READINESS_PROBE)
        checks["storage"] = "ok"
    except Exception:
        logger.exception("Readiness: the file storage does not answer")
        checks["storage"] = "failed"
    try:
        from erasmusdesk.core.tasks import uses_database_queue

        if uses_database_queue():
            from django_tasks_db.models import DBTaskResult

            DBTaskResult.objects.ready().exists()
            checks["queue"] = "ok"
        else:
            checks["queue"] = "in-process"
    except Exception:
        logger.exception("Readiness: the task queue does not answer")
        checks["queue"] = "failed"
    return checks


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """200 when the database, the storage and the queue answer, else 503 naming what failed
    (for load balancers and orchestrators: take the server out until it is ready)."""
    checks = readiness()
    ready = "failed" not in checks.values()
    return JsonResponse({"ready": ready, **checks}, status=200 if ready else 503)
