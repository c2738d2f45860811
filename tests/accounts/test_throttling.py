"""Failed sign-ins lock an account from the address they come from (so that nobody elsewhere
can lock its owner out) and an address that fails for many accounts, on our sign-in page and
the back office's, until the cool-off has passed or the e-mailed reset link is used."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.core import mail
from django.test import RequestFactory
from django.utils import timezone

from erasmusdesk import settings as production_settings
from erasmusdesk.accounts.throttling import account_key, client_address

from .conftest import PASSWORD, link_in

LOGIN = "/en/account/login/"


def _sign_in(client, email, password, address="10.0.0.1"):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address)


def _age_attempts(by: timedelta) -> None:
    """Move every recorded failure back in time, as if ``by`` had passed."""
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= by
        attempt.save(update_fields=["attempt_time"])


def test_defaults_are_five_failures_and_fifteen_minutes():
    assert production_settings.AXES_ENABLED is True
    assert django_settings.AXES_FAILURE_LIMIT == 5
    assert django_settings.AXES_COOLOFF_TIME == timedelta(minutes=15)
    assert django_settings.ERASMUSDESK_ADDRESS_FAILURE_LIMIT == 20


def test_four_failures_do_not_lock_the_account(client, verified_user):
    verified_user("dana@example.org")
    for number in range(4):
        assert _sign_in(client, "dana@example.org", "wrong", f"10.0.0.{number}").status_code == 200

    response = _sign_in(client, "dana@example.org", PASSWORD, "10.0.0.9")

    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated


def test_five_failures_from_one_address_lock_the_account_from_there(client, verified_user):
    verified_user("dana@example.org")
    statuses = [
        _sign_in(client, "dana@example.org", "wrong", "10.0.0.1").status_code for _ in range(5)
    ]

    # Even the right password is refused from there now.
    response = _sign_in(client, "dana@example.org", PASSWORD, "10.0.0.1")

    assert statuses == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated
    html = response.content.decode()
    assert "<h1>Sign-in paused</h1>" in html
    assert "Try again in 15 minutes, after" in html


def test_failures_from_other_addresses_never_lock_the_office_out(client, people):
    """A deadline-day attacker failing from many addresses for the coordinator's account:
    the coordinator still signs in from the office."""
    for number in range(1, 41):
        _sign_in(client, "coordinator@example.org", "wrong", f"10.6.{number // 5}.{number}")
    response = client.post(
        "/en/admin/login/",
        {"username": "coordinator", "password": "a-long-test-password-42"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated


def test_locked_page_says_when_to_try_again_in_local_time(client, verified_user):
    verified_user("dana@example.org")
    for _attempt in range(4):
        _sign_in(client, "dana@example.org", "wrong")

    response = _sign_in(client, "dana@example.org", "wrong")

    until = timezone.localtime(response.wsgi_request.axes_attempt_time + timedelta(minutes=15))
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert f"Try again in 15 minutes, after {until:%H:%M}." in response.content.decode()


def test_twenty_failures_from_one_address_lock_the_address(client, verified_user):
    verified_user("dana@example.org")
    statuses = [
        _sign_in(client, f"guess{number}@example.org", "wrong", "10.0.0.7").status_code
        for number in range(20)
    ]

    from_there = _sign_in(client, "dana@example.org", PASSWORD, "10.0.0.7")
    from_elsewhere = _sign_in(client, "dana@example.org", PASSWORD, "10.0.0.8")

    assert statuses == [200] * 19 + [429]
    assert from_there.status_code == 429
    assert from_elsewhere.status_code == 302
    assert from_elsewhere.wsgi_request.user.is_authenticated


def test_the_lock_lifts_after_the_cool_off(client, verified_user):
    verified_user("dana@example.org")
    for _attempt in range(5):
        _sign_in(client, "dana@example.org", "wrong", "10.0.1.1")

    _age_attempts(timedelta(minutes=14))
    still_locked = _sign_in(client, "dana@example.org", PASSWORD, "10.0.1.1")
    # That refused attempt counts as a failure too and restarts the cool-off.
    _age_attempts(timedelta(minutes=15, seconds=1))
    after = _sign_in(client, "dana@example.org", PASSWORD, "10.0.1.1")

    assert still_locked.status_code == 429
    assert after.status_code == 302
    assert after.wsgi_request.user.is_authenticated


def test_the_emailed_reset_link_unlocks_a_locked_account(client, verified_user):
    verified_user("dana@example.org")
    for _attempt in range(5):
        _sign_in(client, "dana@example.org", "wrong", "10.0.3.1")
    assert _sign_in(client, "dana@example.org", PASSWORD, "10.0.3.1").status_code == 429
    locked = _sign_in(client, "dana@example.org", PASSWORD, "10.0.3.1").content.decode()
    assert "the link we e-mail you also lifts this pause" in locked

    client.post("/en/account/password/reset/", {"email": "dana@example.org"})
    response = client.get(link_in(mail.outbox[-1]))
    new = "Caspian-shore-1991"
    client.post(response["Location"], {"password1": new, "password2": new})
    client.logout()

    after = _sign_in(client, "dana@example.org", new, "10.0.3.1")
    assert after.status_code == 302
    assert after.wsgi_request.user.is_authenticated
    assert not AccessAttempt.objects.filter(username="dana@example.org").exists()


def test_the_back_office_sign_in_is_guarded_too(client, people):
    for _attempt in range(4):
        response = client.post("/en/admin/login/", {"username": "coordinator", "password": "wrong"})
        assert response.status_code == 200

    response = client.post("/en/admin/login/", {"username": "coordinator", "password": "wrong"})
    refused = client.post(
        "/en/admin/login/", {"username": "coordinator", "password": "a-long-test-password-42"}
    )

    assert response.status_code == 429
    assert refused.status_code == 429
    assert "Sign-in paused" in refused.content.decode()


def test_back_office_and_site_failures_count_for_the_same_account(client, people):
    for _attempt in range(3):
        client.post(
            "/en/admin/login/",
            {"username": "coordinator", "password": "wrong"},
            REMOTE_ADDR="10.0.2.1",
        )
    for _attempt in range(2):
        response = _sign_in(client, "coordinator@example.org", "wrong", "10.0.2.1")

    assert response.status_code == 429


def test_account_key_maps_user_names_to_the_account_address(people):
    request = RequestFactory().post("/en/admin/login/")

    assert account_key(request, {"username": "Coordinator"}) == "coordinator@example.org"
    assert account_key(request, {"email": "Dana@Example.org"}) == "dana@example.org"
    assert account_key(request, {"login": "nobody"}) == "nobody"
    assert account_key(request, {}) is None


def test_client_address_trusts_only_the_configured_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.1.1.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5"
    )

    settings.ERASMUSDESK_TRUSTED_PROXIES = 0
    assert client_address(request) == "10.1.1.1"
    settings.ERASMUSDESK_TRUSTED_PROXIES = 1
    assert client_address(request) == "203.0.113.5"
    settings.ERASMUSDESK_TRUSTED_PROXIES = 2
    assert client_address(request) == "6.6.6.6"
