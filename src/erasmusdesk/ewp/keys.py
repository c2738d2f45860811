"""Our node's RSA key pair: generated once into the data folder, read from there after.

One key serves both client signatures (cliauth-httpsig) and response signatures
(srvauth-httpsig); the specifications allow it. The registry publishes its public half (the
manifest's ``client-credentials-in-use`` and ``server-credentials-in-use``), and ``keyId`` is
the hex SHA-256 of that DER public key. ``python -m erasmusdesk ewp_keys`` prints both.
"""

from __future__ import annotations

import base64
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

from erasmusdesk.ewp import httpsig

MIN_BITS = 2048


@lru_cache(maxsize=8)
def _load(path: str, mtime: float) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < MIN_BITS:
        raise ValueError(f"{path}: an RSA key of at least {MIN_BITS} bits is required")
    return key


def key_file() -> Path:
    return Path(settings.ERASMUSDESK_EWP_KEY_FILE)


def private_key() -> rsa.RSAPrivateKey:
    """Our private key; generated (RSA 2048, mode 0600) the first time it is needed."""
    path = key_file()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = httpsig.generate_private_key(MIN_BITS).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        # Written whole under a temporary name, then linked into place: several app servers
        # starting together keep the first key and never read half a file.
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(pem)
            os.chmod(temporary, 0o600)
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass
        finally:
            os.unlink(temporary)
    return _load(str(path), path.stat().st_mtime)


def public_key_base64() -> str:
    """The DER public key in base64: the manifest's ``rsa-public-key`` element."""
    return base64.b64encode(httpsig.public_key_der(private_key())).decode("ascii")


def our_key_id() -> str:
    return httpsig.key_id(private_key())
