"""Views that every deployment needs: the health check, the error page, the favicon and each
signed-in person's home page."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from erasmusdesk.core.home import panels_for

# The brand's star on the EU blue, as an SVG: browsers ask for /favicon.ico on every page.
FAVICON_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
    '<rect width="32" height="32" rx="6" fill="#003399"/>'
    '<path fill="#ffcc00" d="M16 5l3.2 7 7.6.7-5.8 5 1.8 7.5L16 21.3 9.2 25.2 11 17.7l-5.8-5'
    ' 7.6-.7z"/></svg>'
)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Answers "ok" without touching the database: for load balancers and the benchmark."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    """The site's icon, so that a browser's request for /favicon.ico finds it (not a 404)."""
    return HttpResponse(FAVICON_SVG, content_type="image/svg+xml")


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in person's start page: the panels the apps registered for them
    (core/home.py). Someone whom no panel concerns goes to ERASMUSDESK_HOME_FALLBACK (the
    applicant's own applications)."""
    panels = panels_for(request)
    if not panels:
        return redirect(settings.ERASMUSDESK_HOME_FALLBACK)
    return render(request, "core/home.html", {"panels": panels})


def server_error(request: HttpRequest) -> HttpResponse:
    """The error page (handler500), in the three languages, with the request's id: the
    office finds the request's log lines by it. Renders nothing that could fail again (no
    context processors, no database)."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(
        template.render({"request_id": getattr(request, "id", "")}),
        content_type="text/html; charset=utf-8",
    )
