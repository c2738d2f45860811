"""Middleware of the whole site: answers to signed-in people are kept out of every cache, and
bodies larger than their view accepts are refused before they are read.

Rule (RFC 9111, 5.2.2.5 and 5.2.2.7): ``no-store`` forbids any cache, the browser's included,
to keep the answer; ``private`` forbids shared caches (proxies, CDNs) to. An answer to a
signed-in request carries that person's data (an application, a receipt, an export of every
applicant, a grant agreement, the office's API), so every one of them gets
``Cache-Control: private, no-store``, whatever the view set; anonymous public pages keep
theirs (they are the same for everyone).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

PRIVATE = "private, no-store"


class PrivateAnswersMiddleware:
    """``Cache-Control: private, no-store`` on every answer to a signed-in request (after
    ``AuthenticationMiddleware``; a sign-in's own answer counts too)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if response.has_header("Cache-Control"):
                # Keep what a view added (no-cache, must-revalidate), drop what would let a
                # cache keep it.
                patch_cache_control(response, private=True, no_store=True)
                for directive in ("public", "max-age", "s-maxage"):
                    _drop(response, directive)
            else:
                response["Cache-Control"] = PRIVATE
        return response


def _drop(response: HttpResponse, directive: str) -> None:
    parts = [part.strip() for part in response["Cache-Control"].split(",")]
    kept = [part for part in parts if part.split("=")[0].strip().lower() != directive]
    response["Cache-Control"] = ", ".join(kept)


# --- Request bodies ---------------------------------------------------------------------------
# Rule (our own; RFC 9110, 15.5.14 "413 Content Too Large"): a request whose declared length is
# above what its view accepts is answered 413 at once, before a byte of its body is read. Views
# accept a small form (``settings.ERASMUSDESK_FORM_MAX_BYTES``, no more than Django keeps in
# memory, so that nothing is ever spooled to disk for them) unless marked with
# ``accepts_body``; a marked view's larger limit, and the back office's (the site-wide upload
# cap, for staff), apply only to a signed-in sender: an anonymous body is always a small form.
# A body without a Content-Length is not read by Django at all.

BODY_LIMIT_ATTRIBUTE = "max_body_bytes"


def accepts_body(limit: int | Callable[..., int | None]):
    """Mark a view as accepting a body of up to ``limit`` bytes from a signed-in sender;
    ``limit`` may be a function of (request, *view args, **view kwargs), None for the
    site-wide upload cap."""

    def decorator(view):
        setattr(view, BODY_LIMIT_ATTRIBUTE, limit)
        return view

    return decorator


def upload_cap(margin: int = 0) -> int:
    """The site-wide ceiling of an uploaded document (ERASMUSDESK_UPLOAD_MAX_MB) plus
    ``margin`` bytes for the rest of the form."""
    return settings.ERASMUSDESK_UPLOAD_MAX_MB * 1024 * 1024 + margin


def declared_length(request: HttpRequest) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class RequestBodyLimitMiddleware:
    """Answers 413 before the view (and before CsrfViewMiddleware reads the body: it must
    come before it in MIDDLEWARE) when the declared Content-Length exceeds the view's
    limit."""

    margin = 256 * 1024  # the other fields and multipart headers of an upload form

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        length = declared_length(request)
        if not length:
            return None
        limit = self.limit(request, view_func, view_args, view_kwargs)
        if length <= limit:
            return None
        return _too_large(request, limit)

    def limit(self, request, view_func, view_args, view_kwargs) -> int:
        small = settings.ERASMUSDESK_FORM_MAX_BYTES
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return small
        given = getattr(view_func, BODY_LIMIT_ATTRIBUTE, None)
        if given is not None:
            value = given(request, *view_args, **view_kwargs) if callable(given) else given
            return max(small, upload_cap(self.margin) if value is None else int(value))
        match = getattr(request, "resolver_match", None)
        if match is not None and match.namespace == "admin" and user.is_staff:
            return upload_cap(self.margin)
        return small


def _too_large(request: HttpRequest, limit: int) -> HttpResponse:
    megabytes = f"{limit / (1024 * 1024):.1f}".removesuffix(".0")
    context = {"megabytes": megabytes, "signed_in": request.user.is_authenticated}
    try:
        return render(request, "core/too_large.html", context, status=413)
    except NoReverseMatch:  # a URL map without the site's pages (a test's own)
        return HttpResponse(
            _("Too much data sent: at most %(megabytes)s MB.") % context,
            status=413,
            content_type="text/plain; charset=utf-8",
        )
