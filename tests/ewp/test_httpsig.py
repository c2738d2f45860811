"""HTTP Signatures against the test vectors of draft-cavage-http-signatures (Appendix C), the
draft both EWP security specifications build on, and the specifications' refusals."""

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import serialization

from erasmusdesk.ewp import httpsig

# draft-cavage-http-signatures, Appendix C: the test key and request.
TEST_KEY = b"""-----BEGIN RSA PRIVATE KEY-----
MIICXgIBAAKBgQDCFENGw33yGihy92pDjZQhl0C36rPJj+CvfSC8+q28hxA161QF
NUd13wuCTUcq0Qd2qsBe/2hFyc2DCJJg0h1L78+6Z4UMR7EOcpfdUE9Hf3m/hs+F
UR45uBJeDK1HSFHD8bHKD6kv8FPGfJTotc+2xjJwoYi+1hqp1fIekaxsyQIDAQAB
AoGBAJR8ZkCUvx5kzv+utdl7T5MnordT1TvoXXJGXK7ZZ+UuvMNUCdN2QPc4sBiA
QWvLw1cSKt5DsKZ8UETpYPy8pPYnnDEz2dDYiaew9+xEpubyeW2oH4Zx71wqBtOK
kqwrXa/pzdpiucRRjk6vE6YY7EBBs/g7uanVpGibOVAEsqH1AkEA7DkjVH28WDUg
f1nqvfn2Kj6CT7nIcE3jGJsZZ7zlZmBmHFDONMLUrXR/Zm3pR5m0tCmBqa5RK95u
412jt1dPIwJBANJT3v8pnkth48bQo/fKel6uEYyboRtA5/uHuHkZ6FQF7OUkGogc
mSJluOdc5t6hI1VsLn0QZEjQZMEOWr+wKSMCQQCC4kXJEsHAve77oP6HtG/IiEn7
kpyUXRNvFsDE0czpJJBvL/aRFUJxuRK91jhjC68sA7NsKMGg5OXb5I5Jj36xAkEA
gIT7aFOYBFwGgQAQkWNKLvySgKbAZRTeLBacpHMuQdl1DfdntvAyqpAZ0lY0RKmW
G6aFKaqQfOXKCyWoUiVknQJAXrlgySFci/2ueKlIE1QqIiLSZ8V8OlpFLRnb1pzI
7U1yQXnTAEFYM560yJlzUpOb1V4cScGd365tiSMvxLOvTA==
-----END RSA PRIVATE KEY-----"""
BODY = b'{"hello": "world"}'
HEADERS = {
    "host": "example.com",
    "date": "Sun, 05 Jan 2014 21:31:40 GMT",
    "content-type": "application/json",
    "digest": "SHA-256=X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=",
    "content-length": "18",
}
BASIC = (
    "qdx+H7PHHDZgy4y/Ahn9Tny9V3GP6YgBPyUXMmoxWtLbHpUnXS2mg2+SbrQDMCJypxBLSPQR2aAjn7ndmw2iicw3H"
    "Mbe8VfEdKFYRqzic+efkb3nndiv/x1xSHDJWeSWkx3ButlYSuBskLu6kd9Fswtemr3lgdDEmn04swr2Os0="
)
ALL_HEADERS = (
    "vSdrb+dS3EceC9bcwHSo4MlyKS59iFIrhgYkz8+oVLEEzmYZZvRs8rgOp+63LEM3v+MFHB32NfpB2bEKBIvB1q52L"
    "aEUHFv120V01IL+TAD48XaERZFukWgHoBTLMhYS2Gb51gWxpeIq8knRmPnYePbF5MOkR0Zkly4zKH7s1dE="
)
NOW = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def test_key():
    return serialization.load_pem_private_key(TEST_KEY, password=None)


@pytest.fixture(scope="module")
def key():
    return httpsig.generate_private_key()


def test_digest_of_the_draft_body():
    assert httpsig.digest_header(BODY) == HEADERS["digest"]


def test_basic_signature_of_the_draft(test_key):
    text = httpsig.signing_string(
        ["(request-target)", "host", "date"],
        HEADERS,
        method="POST",
        target="/foo?param=value&pet=dog",
    )
    assert httpsig.sign_string(test_key, text) == BASIC
    assert httpsig.verify_string(test_key.public_key(), text, BASIC)


def test_all_headers_signature_of_the_draft(test_key):
    names = ["(request-target)", "host", "date", "content-type", "digest", "content-length"]
    text = httpsig.signing_string(names, HEADERS, method="POST", target="/foo?param=value&pet=dog")
    assert text.splitlines()[0] == "(request-target): post /foo?param=value&pet=dog"
    assert httpsig.sign_string(test_key, text) == ALL_HEADERS


def test_a_changed_header_breaks_the_draft_signature(test_key):
    changed = {**HEADERS, "date": "Sun, 05 Jan 2014 21:31:41 GMT"}
    text = httpsig.signing_string(
        ["(request-target)", "host", "date"],
        changed,
        method="POST",
        target="/foo?param=value&pet=dog",
    )
    assert not httpsig.verify_string(test_key.public_key(), text, BASIC)


def test_key_id_is_the_sha256_of_the_der_public_key(test_key):
    import hashlib

    der = test_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert httpsig.key_id(test_key) == hashlib.sha256(der).hexdigest()
    assert len(httpsig.key_id(test_key)) == 64


def _signed(key, body=b"echo=1", now=NOW, **changes):
    headers = httpsig.sign_request(
        method="POST", target="/ewp/echo", host="a.example", body=body, private_key=key, now=now
    )
    headers.update(changes)
    return headers


def _verify(key, headers, body=b"echo=1", now=NOW, known=True):
    return httpsig.verify_request(
        method="POST",
        target="/ewp/echo",
        headers=headers,
        body=body,
        now=now,
        find_key=lambda key_id: (
            key.public_key() if known and key_id == httpsig.key_id(key) else None
        ),
    )


def test_a_signed_request_is_verified(key):
    headers = _signed(key)
    verified = _verify(key, headers)
    assert verified.key_id == httpsig.key_id(key)
    assert verified.signed_headers == ("(request-target)", "host", "date", "digest", "x-request-id")


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"authorization": ""}, 401, "requires HTTP Signature"),
        ({"x-request-id": "not-a-uuid"}, 400, "UUID"),
    ],
)
def test_requests_without_the_required_parts_are_refused(key, change, status, words):
    with pytest.raises(httpsig.SignatureError) as refusal:
        _verify(key, _signed(key, **change))
    assert refusal.value.status == status
    assert words in refusal.value.message


def test_a_signature_that_skips_x_request_id_is_refused_with_401(key):
    headers = _signed(key)
    headers["authorization"] = headers["authorization"].replace(" x-request-id", "")
    with pytest.raises(httpsig.SignatureError) as refusal:
        _verify(key, headers)
    assert refusal.value.status == 401
    assert "x-request-id" in refusal.value.message


def test_an_unknown_key_is_refused_with_403(key):
    with pytest.raises(httpsig.SignatureError) as refusal:
        _verify(key, _signed(key), known=False)
    assert refusal.value.status == 403


def test_the_date_threshold_is_five_minutes_either_way(key):
    _verify(key, _signed(key, now=NOW - timedelta(minutes=5)))
    _verify(key, _signed(key, now=NOW + timedelta(minutes=5)))
    for minutes in (-6, 6):
        with pytest.raises(httpsig.SignatureError) as refusal:
            _verify(key, _signed(key, now=NOW + timedelta(minutes=minutes)))
        assert refusal.value.status == 400
        assert "5 minutes" in refusal.value.message


def test_a_tampered_body_is_refused_with_400(key):
    with pytest.raises(httpsig.SignatureError) as refusal:
        _verify(key, _signed(key), body=b"echo=2")
    assert refusal.value.status == 400
    assert "Digest" in refusal.value.message


def test_a_tampered_header_is_refused_with_400(key):
    with pytest.raises(httpsig.SignatureError) as refusal:
        _verify(key, _signed(key, host="b.example"))
    assert refusal.value.status == 400
    assert "signature is not valid" in refusal.value.message


def test_a_signed_response_is_verified_and_bound_to_its_request(key):
    headers = httpsig.sign_response(
        body=b"<r/>", private_key=key, now=NOW, request_id="r-1", request_signature="sig"
    )
    assert "x-request-signature" in headers["signature"]
    found = httpsig.verify_response(
        headers=headers,
        body=b"<r/>",
        now=NOW,
        find_key=lambda key_id: key.public_key(),
        request_id="r-1",
        request_signature="sig",
    )
    assert found == httpsig.key_id(key)
    with pytest.raises(httpsig.SignatureError):
        httpsig.verify_response(
            headers=headers,
            body=b"<r2/>",
            now=NOW,
            find_key=lambda k: key.public_key(),
            request_id="r-1",
            request_signature="sig",
        )
    with pytest.raises(httpsig.SignatureError):
        httpsig.verify_response(
            headers=headers,
            body=b"<r/>",
            now=NOW,
            find_key=lambda k: key.public_key(),
            request_id="r-2",
            request_signature="sig",
        )


def test_accept_signature_asks_for_rsa_sha256_in_any_case():
    assert httpsig.wants_signature({"Accept-Signature": "hs2019, RSA-SHA256"})
    assert not httpsig.wants_signature({"Accept-Signature": "hs2019"})
    assert not httpsig.wants_signature({})
