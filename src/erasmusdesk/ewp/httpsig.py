"""HTTP Signatures as EWP uses them: pure functions, no Django, no clock.

Sources:

* ``ewp-specs-sec-cliauth-httpsig`` v1.0.2 (requests): ``Digest`` (RFC 3230, SHA-256 per
  RFC 5843), ``Date`` or ``Original-Date``, ``X-Request-Id`` (a canonical UUID), and
  ``Authorization: Signature keyId=...,algorithm="rsa-sha256",headers=...,signature=...``
  (draft-cavage-http-signatures-07, section 3.1) over at least
  ``(request-target) host date|original-date digest x-request-id``; ``keyId`` is the hex
  SHA-256 of the DER public key. The server answers 401 with ``WWW-Authenticate`` when the
  method is missing, 403 for an unknown key, 400 for a stale date, a bad signature or a bad
  digest.
* ``ewp-specs-sec-srvauth-httpsig`` v1.1.0 (responses): when the request carries
  ``Accept-Signature: rsa-sha256`` the server answers with ``Digest``, ``Date``, the request's
  ``X-Request-Id``, ``X-Request-Signature`` (the request's signature) and a ``Signature``
  header over at least ``date digest x-request-id x-request-signature``.

The signing string is draft-cavage's (section 2.3): one ``name: value`` line per listed header,
lower-case names, ``(request-target)`` being the lower-case method, a space and the path with
its query, joined by ``\\n``. The module's tests use the draft's own test vectors (Appendix C).
"""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

ALGORITHM = "rsa-sha256"
# cliauth-httpsig v1.0.2, "Verify authentication method used": the headers a request signs.
REQUIRED_REQUEST_HEADERS = ("(request-target)", "host", "digest", "x-request-id")
# srvauth-httpsig v1.1.0, "Sign your response".
REQUIRED_RESPONSE_HEADERS = ("digest",)
# cliauth-httpsig v1.0.2, "Verify the date(s)": at least 5 minutes (RECOMMENDED value).
DATE_THRESHOLD = timedelta(minutes=5)
WWW_AUTHENTICATE = 'Signature realm="EWP"'

_PARAM = re.compile(r'\s*([A-Za-z]+)\s*=\s*"([^"]*)"\s*,?')
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


class SignatureError(Exception):
    """A request or response that fails a rule of the specification.

    ``status`` is the HTTP status the specification prescribes for a request (401, 403 or
    400); a client rejecting a response ignores it.
    """

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


# --- keys -------------------------------------------------------------------------------


def generate_private_key(bits: int = 2048) -> rsa.RSAPrivateKey:
    """A new RSA key; the EWP Registry refuses keys shorter than 2048 bits."""
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def public_key_der(key: rsa.RSAPublicKey | rsa.RSAPrivateKey) -> bytes:
    """The public key as DER SubjectPublicKeyInfo: what the manifest publishes in base64."""
    public = key.public_key() if isinstance(key, rsa.RSAPrivateKey) else key
    return public.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def key_id(key: rsa.RSAPublicKey | rsa.RSAPrivateKey) -> str:
    """The ``keyId``: lower-case hex SHA-256 of the DER public key (both specifications)."""
    return hashlib.sha256(public_key_der(key)).hexdigest()


def load_public_key_der(der: bytes) -> rsa.RSAPublicKey:
    key = serialization.load_der_public_key(der)
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError("not an RSA public key")
    return key


# --- pieces -----------------------------------------------------------------------------


def digest_header(body: bytes) -> str:
    """``SHA-256=<base64 of the body's SHA-256>`` (RFC 3230 section 4.3.2, RFC 5843)."""
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")


def sha256_of_digest_header(value: str) -> str | None:
    """The SHA-256 value of a ``Digest`` header that may list several algorithms."""
    for part in value.split(","):
        name, _, encoded = part.strip().partition("=")
        if name.strip().lower() == "sha-256":
            return encoded.strip()
    return None


def http_date(instant: datetime) -> str:
    """RFC 7231 IMF-fixdate, e.g. ``Sun, 05 Jan 2014 21:31:40 GMT``."""
    return format_datetime(instant.astimezone(UTC), usegmt=True)


def new_request_id() -> str:
    """A random (version 4) UUID in canonical form, as ``X-Request-Id`` requires."""
    return str(uuid.uuid4())


def signing_string(
    names: list[str], headers: Mapping[str, str], *, method: str = "", target: str = ""
) -> str:
    """draft-cavage section 2.3: the lines ``name: value`` for ``names``, in their order."""
    lines = []
    for name in names:
        if name == "(request-target)":
            lines.append(f"(request-target): {method.lower()} {target}")
        else:
            lines.append(f"{name}: {headers[name]}")
    return "\n".join(lines)


def sign_string(private_key: rsa.RSAPrivateKey, text: str) -> str:
    """``rsa-sha256``: RSASSA-PKCS1-v1_5 with SHA-256, base64."""
    signature = private_key.sign(text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode("ascii")


def verify_string(public_key: rsa.RSAPublicKey, text: str, signature_b64: str) -> bool:
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        public_key.verify(signature, text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True


def parse_parameters(value: str) -> dict[str, str]:
    """``keyId="a",algorithm="b",...`` -> ``{"keyId": "a", ...}`` (draft-cavage 2.1)."""
    params: dict[str, str] = {}
    position = 0
    value = value.strip()
    while position < len(value):
        match = _PARAM.match(value, position)
        if not match:
            raise SignatureError(400, "The signature parameters cannot be parsed.")
        params[match.group(1)] = match.group(2)
        position = match.end()
    return params


def format_parameters(key: str, names: list[str], signature: str) -> str:
    return (
        f'keyId="{key}",algorithm="{ALGORITHM}",headers="{" ".join(names)}",signature="{signature}"'
    )


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


# --- requests ---------------------------------------------------------------------------


def sign_request(
    *,
    method: str,
    target: str,
    host: str,
    body: bytes,
    private_key: rsa.RSAPrivateKey,
    now: datetime,
    request_id: str | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The headers that make a request signed the way cliauth-httpsig requires.

    ``target`` is the path with its query string. The result holds ``Host``, ``Date``,
    ``Digest``, ``X-Request-Id``, ``Accept-Signature`` and ``Want-Digest`` (so that the server
    signs its answer, srvauth-httpsig) and the ``Authorization`` header.
    """
    headers = {
        "host": host,
        "date": http_date(now),
        "digest": digest_header(body),
        "x-request-id": request_id or new_request_id(),
        "accept-signature": ALGORITHM,
        "want-digest": "SHA-256",
    }
    headers.update(_lower(extra_headers or {}))
    names = ["(request-target)", "host", "date", "digest", "x-request-id"]
    text = signing_string(names, headers, method=method, target=target)
    signature = sign_string(private_key, text)
    headers["authorization"] = "Signature " + format_parameters(
        key_id(private_key), names, signature
    )
    return headers


@dataclass(frozen=True)
class VerifiedRequest:
    key_id: str
    signature: str
    request_id: str
    signed_headers: tuple[str, ...]


def _check_date(headers: dict[str, str], names: list[str], now: datetime) -> None:
    checked = False
    for name in ("date", "original-date"):
        if name not in headers:
            continue
        try:
            when = parsedate_to_datetime(headers[name])
        except (TypeError, ValueError):
            raise SignatureError(400, f"The {name} header cannot be parsed.") from None
        if when.tzinfo is None:
            raise SignatureError(400, f"The {name} header has no time zone.")
        if abs(now - when) > DATE_THRESHOLD:
            raise SignatureError(
                400, f"The {name} header is more than 5 minutes away from the server's clock."
            )
        checked = checked or name in names
    if not checked:
        raise SignatureError(400, "A signed Date or Original-Date header is required.")


def verify_request(
    *,
    method: str,
    target: str,
    headers: Mapping[str, str],
    body: bytes,
    now: datetime,
    find_key,
) -> VerifiedRequest:
    """Check a request the way cliauth-httpsig v1.0.2's "Implementing a server" orders it.

    ``find_key(key_id)`` returns the client's RSA public key as the registry knows it, or None.
    Raises ``SignatureError`` with the status the specification prescribes.
    """
    h = _lower(headers)
    authorization = h.get("authorization", "")
    if not authorization.lower().startswith("signature "):
        raise SignatureError(401, "This endpoint requires HTTP Signature client authentication.")
    params = parse_parameters(authorization[len("signature ") :])
    if params.get("algorithm", "").lower() != ALGORITHM:
        raise SignatureError(401, "The signature algorithm must be rsa-sha256.")
    names = params.get("headers", "date").lower().split()
    missing = [name for name in REQUIRED_REQUEST_HEADERS if name not in names]
    if "date" not in names and "original-date" not in names:
        missing.append("date")
    if missing:
        raise SignatureError(401, "The signature must cover: " + " ".join(missing) + ".")
    key = params.get("keyId", "")
    if not key or "signature" not in params:
        raise SignatureError(400, "The signature has no keyId or no signature.")
    public_key = find_key(key.lower())
    if public_key is None:
        raise SignatureError(403, "The keyId is not a client key known to the registry.")
    _check_date(h, names, now)
    request_id = h.get("x-request-id", "")
    if not _UUID.match(request_id.lower()):
        raise SignatureError(400, "X-Request-Id must be a UUID in canonical form.")
    try:
        text = signing_string(names, h, method=method, target=target)
    except KeyError as missing_header:
        raise SignatureError(400, f"The signed header {missing_header} is missing.") from None
    if not verify_string(public_key, text, params["signature"]):
        raise SignatureError(400, "The request's signature is not valid.")
    expected = sha256_of_digest_header(h.get("digest", ""))
    if expected != digest_header(body)[len("SHA-256=") :]:
        raise SignatureError(400, "The Digest header does not match the request's body.")
    return VerifiedRequest(
        key_id=key.lower(),
        signature=params["signature"],
        request_id=request_id,
        signed_headers=tuple(names),
    )


# --- responses --------------------------------------------------------------------------


def wants_signature(headers: Mapping[str, str]) -> bool:
    """srvauth-httpsig: sign when ``Accept-Signature`` lists ``rsa-sha256`` (any case)."""
    value = _lower(headers).get("accept-signature", "")
    return ALGORITHM in [part.strip().lower() for part in value.split(",")]


def sign_response(
    *,
    body: bytes,
    private_key: rsa.RSAPrivateKey,
    now: datetime,
    request_id: str = "",
    request_signature: str = "",
    date_header: str = "date",
) -> dict[str, str]:
    """The headers of a signed response (srvauth-httpsig v1.1.0, "Sign your response").

    ``date_header`` is ``date`` or ``original-date`` (for servers whose front end replaces
    the Date header).
    """
    headers = {date_header: http_date(now), "digest": digest_header(body)}
    names = [date_header, "digest"]
    if request_id:
        headers["x-request-id"] = request_id
        names.append("x-request-id")
    if request_signature:
        headers["x-request-signature"] = request_signature
        names.append("x-request-signature")
    signature = sign_string(private_key, signing_string(names, headers))
    headers["signature"] = format_parameters(key_id(private_key), names, signature)
    return headers


def verify_response(
    *,
    headers: Mapping[str, str],
    body: bytes,
    now: datetime,
    find_key,
    request_id: str = "",
    request_signature: str = "",
) -> str:
    """Check a signed response the way srvauth-httpsig's "Implementing a client" orders it.

    ``find_key(key_id)`` returns the server's public key from the registry, or None. Returns
    the server's ``keyId``; raises ``SignatureError`` when the response must be rejected.
    """
    h = _lower(headers)
    if request_id and h.get("x-request-id") != request_id:
        raise SignatureError(400, "The response's X-Request-Id is not the request's.")
    if "signature" not in h:
        raise SignatureError(400, "The response is not signed.")
    params = parse_parameters(h["signature"])
    if params.get("algorithm", "").lower() != ALGORITHM:
        raise SignatureError(400, "The response's signature algorithm is not rsa-sha256.")
    names = params.get("headers", "date").lower().split()
    required = list(REQUIRED_RESPONSE_HEADERS)
    if request_id:
        required.append("x-request-id")
    if request_signature:
        required.append("x-request-signature")
    if any(name not in names for name in required) or not (
        "date" in names or "original-date" in names
    ):
        raise SignatureError(400, "The response's signature does not cover the required headers.")
    _check_date(h, names, now)
    public_key = find_key(params.get("keyId", "").lower())
    if public_key is None:
        raise SignatureError(403, "The response's keyId is not a server key of the registry.")
    try:
        text = signing_string(names, h)
    except KeyError as missing_header:
        raise SignatureError(400, f"The signed header {missing_header} is missing.") from None
    if not verify_string(public_key, text, params.get("signature", "")):
        raise SignatureError(400, "The response's signature is not valid.")
    if request_signature and h.get("x-request-signature") != request_signature:
        raise SignatureError(400, "The response answers another request's signature.")
    if sha256_of_digest_header(h.get("digest", "")) != digest_header(body)[len("SHA-256=") :]:
        raise SignatureError(400, "The response's Digest does not match its body.")
    return params["keyId"].lower()
