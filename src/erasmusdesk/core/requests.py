"""Each request's id, time and database time: the X-Request-ID header, the log lines and the
request metrics (core/monitoring.py).

The id is the proxy's X-Request-ID when the site trusts a proxy (ERASMUSDESK_TRUSTED_PROXIES
>= 1) and the value is a plain token (letters, digits, ``-``, ``_``, ``.``, at most 64), so
that the proxy's log and ours name the same request; else a new random one. It goes back in
the response's X-Request-ID header, into every log line written while the request runs, and
onto the error page, so that an applicant can quote it to the office.
"""

import contextvars
import logging
import re
import time
import uuid

from django.conf import settings
from django.db import connection

REQUEST_ID_HEADER = "X-Request-ID"
_TOKEN = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "erasmusdesk_request_id", default=""
)

access_log = logging.getLogger("erasmusdesk.request")


def request_id_of(request) -> str:
    """The request's id (see the module's docstring)."""
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    if settings.ERASMUSDESK_TRUSTED_PROXIES > 0 and _TOKEN.match(given):
        return given
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` (empty outside a request) to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return True


class _DatabaseTimer:
    """Wraps each query of the request's connection and adds up the time spent in it."""

    def __init__(self):
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.queries += 1


def view_name(request) -> str:
    """The route's name (``applications:detail``) as the metrics' label; a fixed word for
    requests that matched no route, so that a scan of random paths adds no label values."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        if request.path.startswith(settings.STATIC_URL):
            return "<static>"  # served by WhiteNoise before any route is resolved
        return "<unmatched>"
    return match.view_name or "<unnamed>"


class RequestMiddleware:
    """First in MIDDLEWARE: gives the request its id, measures it, logs one line per
    request and records the request metrics."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from erasmusdesk.core import monitoring

        request.id = request_id_of(request)
        token = current_request_id.set(request.id)
        timer = _DatabaseTimer()
        start = time.perf_counter()
        cpu_start = time.thread_time()
        try:
            with connection.execute_wrapper(timer):
                response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        seconds = time.perf_counter() - start
        cpu = time.thread_time() - cpu_start
        # A response that names its own (an EWP answer repeats the caller's X-Request-Id
        # under its signature, srvauth-httpsig) keeps it.
        response.setdefault(REQUEST_ID_HEADER, request.id)
        view = view_name(request)
        monitoring.observe_request(
            view, request.method, response.status_code, seconds, timer.seconds, cpu
        )
        access_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": request.id,
                "method": request.method,
                "path": request.path,
                "view": view,
                "status": response.status_code,
                "duration_ms": round(seconds * 1000, 1),
                "db_ms": round(timer.seconds * 1000, 1),
                "db_queries": timer.queries,
                "cpu_ms": round(cpu * 1000, 1),
            },
        )
        return response
