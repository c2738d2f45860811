"""Signed, expiring links for a host contact without an account.

Django's ``TimestampSigner`` (HMAC-SHA256 with the SECRET_KEY, salted per use) signs the
mobility's UUID and the contact's e-mail; the link expires after
``ERASMUSDESK_NOMINATION_LINK_DAYS`` days (default 30: long enough for a host to answer
within the usual month, short enough that a forwarded mail does not open it for ever).
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing

SALT = "erasmusdesk.mobility.nomination-link"


def link_days() -> int:
    return int(getattr(settings, "ERASMUSDESK_NOMINATION_LINK_DAYS", 30))


def make_token(mobility, email: str) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object(
        {"m": str(mobility.omobility_id), "e": email}, compress=True
    )


def read_token(token: str) -> tuple[str, str] | None:
    """(the mobility's UUID, the contact's e-mail) of a valid, unexpired token; else None."""
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(
            token, max_age=timedelta(days=link_days())
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict) or "m" not in data or "e" not in data:
        return None
    return str(data["m"]), str(data["e"])
