"""The JSON API under /api/v1/: public, read-only data for the office's tools and for tests.

Each app keeps its part of the API in its own ``api.py``; this module mounts those routers,
serves the OpenAPI document (/api/v1/openapi.json) and its docs page (/api/v1/docs).

Rules (our own):

- Read-only and public: every visitor, signed in or not, gets the same answer; no personal
  data (see ``institutions/api.py``). Only GET; other methods get 405, except
  ``POST /api/v1/jean-monnet/check``, which reads a JSON body, checks it against the rules
  and stores nothing (``jeanmonnet/api.py``). The other exception: the selection's ranking
  and allocation preview (``selection/api.py``) answer only the office's signed-in session
  (401 without one, 404 without the permission), by application reference.
- Texts come in the language ``?lang=en|ru|kk`` names, English by default, whatever the
  browser's language: the whole operation, answer included, runs in that language.
- Every error is a JSON body: ``{"detail": "..."}`` for an unknown address or id (404) and
  a method other than GET (405), ninja's ``{"detail": [{"loc", "msg", "type"}]}`` for an
  invalid parameter (422).
- Hostile parameters are a 422, never a 500: ids are bounded to 64-bit integers, strings have
  documented patterns and lengths, and a NUL character anywhere in the path or the query is
  refused before any operation runs.
- The docs page loads nothing from another host: swagger-ui comes from ninja's static
  files (``ninja`` must be in INSTALLED_APPS, else ninja falls back to a CDN), and the
  online validator badge, which would call validator.swagger.io, is switched off.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver, re_path
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Swagger

from erasmusdesk.advisor.api import router as advisor_router
from erasmusdesk.calls.api import router as calls_router
from erasmusdesk.grants.api import router as grants_router
from erasmusdesk.institutions.api import router as institutions_router
from erasmusdesk.jeanmonnet.api import router as jeanmonnet_router
from erasmusdesk.mobility.api import router as mobility_router
from erasmusdesk.mundus.api import router as mundus_router
from erasmusdesk.selection.api import router as selection_router


def _in_requested_language(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run an operation, its answer's serialisation included, in the ``lang`` it asks for.

    English when ``lang`` is missing; an unknown ``lang`` runs in English too and is then
    refused with a 422 by the operation's own parameter check.
    """
    languages = {code for code, _name in settings.LANGUAGES}

    @wraps(run)
    def run_in_language(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        lang = request.GET.get("lang", "")
        with translation.override(lang if lang in languages else settings.LANGUAGE_CODE):
            return run(request, *args, **kwargs)

    return run_in_language


def _json_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Make the errors ninja leaves to Django JSON: a 405 (plain text) and a 404 raised
    outside an operation (Django's HTML page). The ``Allow`` header is kept."""

    @wraps(view)
    def view_with_json_errors(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = _nul_refusal(request)
        if refused is not None:
            return refused
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return _not_found(request)
        if response.status_code == 405 and response.get("Content-Type", "").startswith("text/"):
            allowed = response.get("Allow", "")
            detail = _("The method %(method)s is not allowed here; use %(allowed)s.") % {
                "method": request.method,
                "allowed": allowed,
            }
            response = JsonResponse({"detail": detail}, status=405)
            response["Allow"] = allowed
        return response

    return view_with_json_errors


def _nul_refusal(request: HttpRequest) -> HttpResponse | None:
    """A 422 naming the first parameter (or the path) that holds a NUL character, which no
    operation accepts (PostgreSQL cannot store or compare one); None when there is none.
    Every string parameter's documented pattern says so too; this holds for any operation."""
    places = [("path", "path", request.path_info)] + [
        ("query", name, value) for name, values in request.GET.lists() for value in [name, *values]
    ]
    for location, name, value in places:
        if "\x00" in value:
            message = _("A NUL character is not allowed here.")
            return JsonResponse(
                {
                    "detail": [
                        {"type": "string_pattern_mismatch", "loc": [location, name], "msg": message}
                    ]
                },
                status=422,
            )
    return None


def _not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any address under /api/v1/ that names no operation."""
    detail = _("There is nothing at %(path)s; see /api/v1/docs.") % {"path": request.path}
    return JsonResponse({"detail": detail}, status=404)


class ErasmusDeskAPI(NinjaAPI):
    """ninja's API whose URL patterns answer every error in JSON (see ``_json_errors``)."""

    @property
    def urls(self) -> tuple[list[URLPattern | URLResolver], str, str]:
        patterns, app_name, namespace = super().urls
        for pattern in patterns:
            pattern.callback = _json_errors(pattern.callback)
        return [*patterns, re_path(r"^.*$", _not_found)], app_name, namespace


api = ErasmusDeskAPI(
    title="Erasmus Desk API",
    version="1",
    description=(
        "Public, read-only data of the international office: institutions, agreements, "
        "calls and the city gazetteer. Texts in `?lang=en|ru|kk` (English by default); "
        "instants in ISO 8601 with the offset of Asia/Almaty. The selection's ranking and "
        "allocation preview, and the mobilities, learning agreements and recognitions, are for the "
        "office only (signed-in session)."
    ),
    urls_namespace="api",
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_decorator(_in_requested_language, mode="view")
api.add_router("", calls_router)
api.add_router("", institutions_router)
api.add_router("", grants_router)
api.add_router("", selection_router)
api.add_router("", jeanmonnet_router)
api.add_router("", advisor_router)
api.add_router("", mundus_router)
api.add_router("", mobility_router)
