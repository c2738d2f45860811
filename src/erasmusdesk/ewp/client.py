"""The client side of our node: signed requests to a partner's APIs found in the registry.

Every request is signed (cliauth-httpsig v1.0.2) and asks for a signed answer
(srvauth-httpsig v1.1.0), which is verified against the server keys the registry lists for
the partner's host; every exchange is logged. The transport is a function, so that tests and
the two-installation proof can route requests without sockets.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from lxml import etree

from erasmusdesk.core import clock
from erasmusdesk.ewp import catalogue, httpsig, keys, services


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


Transport = Callable[[str, str, dict[str, str], bytes], Answer]


class ExchangeError(Exception):
    """A partner's node could not be asked, refused, or answered something we reject."""


def urllib_transport(method: str, url: str, headers: dict[str, str], body: bytes) -> Answer:
    request = urllib.request.Request(url, data=body if method == "POST" else None, method=method)
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Answer(
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                response.read(),
            )
    except urllib.error.HTTPError as failure:
        return Answer(
            failure.code, {k.lower(): v for k, v in failure.headers.items()}, failure.read()
        )


_transport: Transport = urllib_transport


def set_transport(transport: Transport | None) -> None:
    """Route requests through ``transport`` (None: the network)."""
    global _transport
    _transport = transport or urllib_transport


def call(
    *,
    hei_id: str,
    api: str,
    url: str,
    params: list[tuple[str, str]],
    method: str = "POST",
    raw: bool = False,
    xml_body: bytes | None = None,
):
    """Ask ``url`` (an endpoint of the partner ``hei_id``'s API ``api``) and return the
    parsed XML of a verified 200 answer; raise ``ExchangeError`` otherwise. Logged."""
    query = urlencode(params)
    body = query.encode("ascii") if method == "POST" else b""
    target_url = url if method == "POST" or not query else f"{url}?{query}"
    extra = {"content-type": "application/x-www-form-urlencoded"} if method == "POST" else {}
    if xml_body is not None:
        # An update request (OMobilities v3, LAs): the XML document is the body.
        body, extra, target_url = xml_body, {"content-type": "text/xml; charset=utf-8"}, url
        if query:
            target_url = f"{url}?{query}"
    parts = urlsplit(target_url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    headers = httpsig.sign_request(
        method=method,
        target=target,
        host=parts.netloc,
        body=body,
        private_key=keys.private_key(),
        now=clock.now(),
        extra_headers=extra,
    )
    started = time.monotonic()
    problem = ""
    answer = None
    try:
        answer = _transport(method, target_url, headers, body)
        if answer.status != 200:
            problem = f"HTTP {answer.status}: {_message(answer.body)}"
        else:
            registry = catalogue.current()
            httpsig.verify_response(
                headers=answer.headers,
                body=answer.body,
                now=clock.now(),
                find_key=lambda key: registry.server_key_for(hei_id, key) if registry else None,
                request_id=headers["x-request-id"],
                request_signature=_signature_of(headers["authorization"]),
            )
    except httpsig.SignatureError as refusal:
        problem = "The answer's signature is rejected: " + refusal.message
    except OSError as failure:
        problem = f"The partner's node cannot be reached: {failure}"
    services.record_exchange(
        direction="out",
        api=api,
        method=method,
        url=target_url,
        partner_hei_id=hei_id,
        status=answer.status if answer else None,
        duration_ms=int((time.monotonic() - started) * 1000),
        error=problem,
        request_body=body.decode("utf-8", "replace"),
        response_body=_text(answer),
        request_id=headers["x-request-id"],
    )
    if problem:
        raise ExchangeError(problem)
    if raw:
        return answer.body
    try:
        return etree.fromstring(
            answer.body, etree.XMLParser(no_network=True, resolve_entities=False)
        )
    except etree.XMLSyntaxError as failure:
        raise ExchangeError(f"The answer is not XML: {failure}") from None


def fetch_public(url: str, *, api: str, hei_id: str) -> bytes:
    """GET a public document (a manifest) without signatures; logged."""
    started = time.monotonic()
    problem, answer = "", None
    try:
        answer = _transport("GET", url, {"accept": "application/xml"}, b"")
        if answer.status != 200:
            problem = f"HTTP {answer.status}"
    except OSError as failure:
        problem = f"The partner's node cannot be reached: {failure}"
    services.record_exchange(
        direction="out",
        api=api,
        method="GET",
        url=url,
        partner_hei_id=hei_id,
        status=answer.status if answer else None,
        duration_ms=int((time.monotonic() - started) * 1000),
        error=problem,
        response_body=answer.body.decode("utf-8", "replace") if answer else "",
    )
    if problem:
        raise ExchangeError(problem)
    return answer.body


def _text(answer: Answer | None) -> str:
    if answer is None:
        return ""
    if not answer.headers.get("content-type", "").startswith(("application/xml", "text/")):
        return f"({len(answer.body)} bytes, {answer.headers.get('content-type', '?')})"
    return answer.body.decode("utf-8", "replace")


def _signature_of(authorization: str) -> str:
    return httpsig.parse_parameters(authorization.split(" ", 1)[1])["signature"]


def _message(body: bytes) -> str:
    try:
        root = etree.fromstring(body)
    except etree.XMLSyntaxError:
        return body[:200].decode("utf-8", "replace")
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname == "developer-message":
            return element.text or ""
    return ""


def endpoint(hei_id: str, api: str, child: str, major: int | None = None) -> str:
    """The URL ``child`` (``url``, ``get-url``, ``index-url``) of a partner's API, from the
    registry; raises ``ExchangeError`` when the partner does not serve it."""
    registry = catalogue.current()
    entry = registry.api(hei_id, api, major) if registry else None
    if entry is None or not entry.child(child):
        raise ExchangeError(f"{hei_id} serves no {api} API in the registry.")
    return entry.child(child)
