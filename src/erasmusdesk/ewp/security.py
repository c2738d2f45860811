"""HTTP Signatures on Django requests and responses, with the keys of the registry."""

from __future__ import annotations

import functools
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from erasmusdesk.core import clock
from erasmusdesk.ewp import catalogue, documents, httpsig, keys, node, services

XML = "application/xml; charset=utf-8"


def xml_response(body: bytes, status: int = 200) -> HttpResponse:
    return HttpResponse(body, status=status, content_type=XML)


def error(status: int, message: str) -> HttpResponse:
    response = xml_response(documents.error_response(message), status)
    if status == 401:
        response["WWW-Authenticate"] = httpsig.WWW_AUTHENTICATE
        response["Want-Digest"] = "SHA-256"
    return response


def _find_client_key(key_id: str):
    registry = catalogue.current()
    return registry.client_key(key_id) if registry else None


def verify(request: HttpRequest) -> httpsig.VerifiedRequest:
    """cliauth-httpsig v1.0.2 on a Django request; raises ``httpsig.SignatureError``."""
    return httpsig.verify_request(
        method=request.method,
        target=request.get_full_path(),
        headers=dict(request.headers),
        body=request.body,
        now=clock.now(),
        find_key=_find_client_key,
    )


def sign(request: HttpRequest, response: HttpResponse, verified) -> None:
    """srvauth-httpsig v1.1.0: sign the response when the request's Accept-Signature asks.

    The signature covers ``original-date`` rather than ``date``: WSGI servers (gunicorn)
    set their own Date header, which the specification's Original-Date exists for.
    """
    if not httpsig.wants_signature(request.headers):
        return
    for name, value in httpsig.sign_response(
        body=response.content,
        private_key=keys.private_key(),
        now=clock.now(),
        request_id=request.headers.get("X-Request-Id", "") if verified else "",
        request_signature=verified.signature if verified else "",
        date_header="original-date",
    ).items():
        response[name] = value


def _check_host(request: HttpRequest) -> None:
    """cliauth-httpsig v1.0.2, "Verify the host": the Host header names this server (the
    host of ``ERASMUSDESK_EWP_BASE_URL``, the one our manifest gives)."""
    expected = urlsplit(settings.ERASMUSDESK_EWP_BASE_URL).netloc.lower()
    if request.get_host().lower() != expected:
        raise httpsig.SignatureError(400, f"The Host header must be {expected}.")


def ewp_api(api: str):
    """An EWP endpoint: 404 while EWP is off; the request's signature checked (the
    specification's 400/401/403 answers otherwise); the caller's HEIs put on
    ``request.ewp_heis``; the answer signed when asked; the exchange logged."""

    def decorate(view):
        @csrf_exempt
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not node.enabled():
                raise Http404
            started = time.monotonic()
            verified = None
            caller = ""
            try:
                _check_host(request)
                verified = verify(request)
            except httpsig.SignatureError as refusal:
                response = error(refusal.status, refusal.message)
            else:
                registry = catalogue.current()
                request.ewp_heis = registry.heis_of_client_key(verified.key_id) if registry else []
                caller = request.ewp_heis[0] if request.ewp_heis else ""
                response = view(request, *args, **kwargs)
            sign(request, response, verified)
            services.record_exchange(
                direction="in",
                api=api,
                method=request.method,
                url=request.build_absolute_uri(),
                partner_hei_id=caller,
                status=response.status_code,
                duration_ms=int((time.monotonic() - started) * 1000),
                error=_developer_message(response),
                request_body=request.body.decode("utf-8", "replace"),
                response_body=_logged_body(response),
                request_id=request.headers.get("X-Request-Id", "")[:64],
            )
            return response

        return wrapper

    return decorate


def _logged_body(response: HttpResponse) -> str:
    if not response.get("Content-Type", "").startswith("application/xml"):
        return f"({len(response.content)} bytes, {response.get('Content-Type', '?')})"
    return response.content.decode("utf-8", "replace")


def _developer_message(response: HttpResponse) -> str:
    if response.status_code < 400:
        return ""
    text = response.content.decode("utf-8", "replace")
    start = text.find("<developer-message>")
    end = text.find("</developer-message>")
    return text[start + 19 : end] if 0 <= start < end else text[:500]
