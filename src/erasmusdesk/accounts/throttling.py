"""Throttling of failed sign-ins (django-axes, database handler).

Rule (ours, after OWASP's authentication guidance, "Account lockout": a lock must not let an
attacker deny service to the account's owner): after AXES_FAILURE_LIMIT failures within the
cool-off time, an account is locked **from that address** only, so that failures from other
addresses (anyone's, on a deadline day) never lock the office or an applicant out of their own
account; an address is locked for every account after ERASMUSDESK_ADDRESS_FAILURE_LIMIT
failures (guessing many accounts from one place). Either lock lifts AXES_COOLOFF_TIME after
the last failure, and a password reset through the e-mailed link lifts every lock of that
account at once. The same counters guard our sign-in page and the back office's.
"""

from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.utils import reset as reset_attempts
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from erasmusdesk.core import clock

_IDENTIFIER_KEYS = ("email", "username", "login")


class ThrottleBackend(AxesStandaloneBackend):
    """Refuses every sign-in while the account or the address is locked.

    A call without a request (a management command, a test helper) is not a sign-in through a
    page and is not counted: axes would otherwise refuse it outright.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


class ThrottleHandler(AxesDatabaseHandler):
    """Axes' database handler with two limits (AXES_LOCKOUT_PARAMETERS: account and address
    together, then the address alone): axes compares one count with AXES_FAILURE_LIMIT, so
    the address's failures are scaled to it: the count reaches the limit exactly when the
    address reaches ERASMUSDESK_ADDRESS_FAILURE_LIMIT."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        pair, address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit = settings.AXES_FAILURE_LIMIT
        return max(pair, address * limit // max(1, settings.ERASMUSDESK_ADDRESS_FAILURE_LIMIT))


def unlock_after_password_reset(sender, request, user, **kwargs) -> None:
    """The e-mailed reset link proves the owner holds the mailbox: every lock of the account
    (from any address) is lifted (allauth's ``password_reset`` signal)."""
    reset_attempts(username=account_key(None, {"email": user.email}))


def account_key(request: HttpRequest | None, credentials: dict | None) -> str | None:
    """The key under which failures of one account are counted (AXES_USERNAME_CALLABLE).

    Our sign-in form sends an e-mail address ("login", passed on as "email"), the back office's
    a username: both map to the account's e-mail address in lower case, so that one counter
    covers both doors. An unknown identifier is counted as typed, in lower case.
    """
    identifier = None
    for key in _IDENTIFIER_KEYS:
        value = (credentials or {}).get(key)
        if value:
            identifier = value
            break
    if identifier is None and request is not None:
        data = getattr(request, "POST", {})
        identifier = data.get("login") or data.get("username")
    if not identifier:
        return None
    identifier = str(identifier).strip().lower()
    if "@" not in identifier:
        email = (
            get_user_model()
            .objects.filter(username__iexact=identifier)
            .exclude(email="")
            .values_list("email", flat=True)
            .first()
        )
        if email:
            return email.lower()
    return identifier


def client_address(request: HttpRequest) -> str | None:
    """The client's address (AXES_CLIENT_IP_CALLABLE): REMOTE_ADDR, or behind
    ERASMUSDESK_TRUSTED_PROXIES reverse proxies the entry they appended to X-Forwarded-For.
    Entries further left are written by the client and could be forged."""
    proxies = settings.ERASMUSDESK_TRUSTED_PROXIES
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def locked_out(
    request: HttpRequest, original_response=None, credentials: dict | None = None
) -> HttpResponse:
    """Our page for a locked sign-in (AXES_LOCKOUT_CALLABLE): HTTP 429, when to try again."""
    cool_off = get_cool_off(request) or timedelta(0)
    attempted = getattr(request, "axes_attempt_time", None) or clock.now()
    until = attempted + cool_off
    minutes = max(1, round(cool_off.total_seconds() / 60))
    response = render(
        request,
        "accounts/locked_out.html",
        {"until": until, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
