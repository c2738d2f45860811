"""Whole-page caching of public pages that are the same for every visitor.

Rule (our own): a cached page is keyed by its full path (which carries the language) and by a
version string that changes whenever the content behind the page changes, so an edit in the
back office shows in every worker process without invalidation messages. Each process asks for
the version at most once per ``ERASMUSDESK_PAGE_VERSION_SECONDS`` (default 1 s): an edit shows
within that time, and a cached page costs no database query in between.
Only GET answers with status 200 to anonymous visitors are kept: a signed-in person's page
carries their own header (their name, a sign-out form with a CSRF token) and is rendered
afresh. Pages with forms (CSRF tokens) must not use this.
"""

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse


def _memoized(version: Callable[[], str]) -> Callable[[], str]:
    """``version`` asked again only when the last answer is older than the setting."""
    last: dict[str, tuple[float, str]] = {}

    def current() -> str:
        now = time.monotonic()
        seen = last.get("value")
        if seen is None or now - seen[0] >= settings.ERASMUSDESK_PAGE_VERSION_SECONDS:
            seen = (now, version())
            last["value"] = seen
        return seen[1]

    return current


def cached_page(version: Callable[[], str]):
    """Serve the view's response from the cache while ``version()`` is unchanged."""
    version = _memoized(version)

    def decorator(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method != "GET" or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            key = f"page:{version()}:{request.get_full_path()}"
            cached = cache.get(key)
            if cached is not None:
                content, content_type = cached
                response = HttpResponse(content, content_type=content_type)
                response["X-Page-Cache"] = "hit"
                return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                cache.set(
                    key,
                    (response.content, response["Content-Type"]),
                    settings.ERASMUSDESK_PAGE_CACHE_SECONDS,
                )
                response["X-Page-Cache"] = "miss"
            return response

        return wrapper

    return decorator
