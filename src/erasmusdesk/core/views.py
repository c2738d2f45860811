"""Views that every deployment needs: the health check."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Answers "ok" without touching the database: for load balancers and the benchmark."""
    return HttpResponse("ok", content_type="text/plain")
