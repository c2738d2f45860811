"""Security headers and cookie flags, asserted on real responses of the test client.

The production settings are the settings module run again under the documented production
environment (``ERASMUSDESK_HTTPS=1``, ``SECRET_KEY``, one trusted proxy), and its security
values are put in place with pytest-django's ``settings`` fixture: what is checked is what a
deployment gets, not a copy of the values.
"""

import re
import runpy

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.template import RequestContext, Template

from erasmusdesk import settings as settings_module
from erasmusdesk.selection import committee
from tests.factories import applications as builders

PASSWORD = "a-long-test-password-42"
SECRET = "k" * 20 + "0123456789abcdefghijklmnopqrstuvwxyz"
# Everything the settings module decides about security, HTTPS and sessions.
SECURITY_SETTINGS = [
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_AGE",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SAMESITE",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
]
PUBLIC_PAGES = [
    "/en/",
    "/en/opportunities/",
    "/ru/calls/",
    "/en/grants/calculator/",
    "/en/account/login/",
    "/en/account/signup/",
    "/en/admin/login/",
]


def load_settings(monkeypatch, tmp_path, **environment) -> dict:
    """The settings module's values under ``environment`` (and nothing else of ours)."""
    for name in ["DEBUG", "SECRET_KEY", "ERASMUSDESK_HTTPS", "ERASMUSDESK_TRUSTED_PROXIES"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ERASMUSDESK_DATA_DIR", str(tmp_path / "data"))
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(settings_module.__file__)


PRODUCTION = {
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": "erasmus.example.kz",
    "ERASMUSDESK_HTTPS": "1",
    "ERASMUSDESK_TRUSTED_PROXIES": "1",
}


@pytest.fixture
def production(settings, monkeypatch, tmp_path):
    """The test client runs with the production environment's security settings."""
    values = load_settings(monkeypatch, tmp_path, **PRODUCTION)
    for name in SECURITY_SETTINGS:
        if name in values:
            setattr(settings, name, values[name])
    settings.DEBUG = False
    return values


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in parts}


def _verified(email: str = "dana@example.org"):
    user = get_user_model().objects.create_user(email, email=email, password=PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


# The settings under each environment --------------------------------------------------------


def test_embedded_defaults_keep_plain_http(monkeypatch, tmp_path):
    values = load_settings(monkeypatch, tmp_path)
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert "SECURE_PROXY_SSL_HEADER" not in values
    assert values["ERASMUSDESK_SECRET_KEY_SOURCE"] == "file"
    assert (tmp_path / "data" / "secret.key").read_text().strip() == values["SECRET_KEY"]


def test_production_environment_turns_on_https_only(monkeypatch, tmp_path):
    values = load_settings(monkeypatch, tmp_path, **PRODUCTION)
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert values["SESSION_COOKIE_AGE"] == 8 * 3600
    assert values["SECRET_KEY"] == SECRET
    assert values["ERASMUSDESK_SECRET_KEY_SOURCE"] == "environment"
    assert not (tmp_path / "data" / "secret.key").exists()
    assert values["PASSWORD_HASHERS"][0] == "erasmusdesk.accounts.hashers.Argon2PasswordHasher"


def test_https_without_a_proxy_does_not_trust_forwarded_proto(monkeypatch, tmp_path):
    values = load_settings(
        monkeypatch, tmp_path, **{**PRODUCTION, "ERASMUSDESK_TRUSTED_PROXIES": "0"}
    )
    assert "SECURE_PROXY_SSL_HEADER" not in values


def test_hsts_and_session_length_come_from_the_environment(monkeypatch, tmp_path):
    values = load_settings(
        monkeypatch,
        tmp_path,
        **PRODUCTION,
        ERASMUSDESK_HSTS_SECONDS="300",
        ERASMUSDESK_HSTS_PRELOAD="0",
        ERASMUSDESK_SESSION_HOURS="2",
        ERASMUSDESK_SESSION_EXPIRE_AT_BROWSER_CLOSE="1",
        SECRET_KEY_FALLBACKS="old-key-1, old-key-2",
    )
    assert values["SECURE_HSTS_SECONDS"] == 300
    assert values["SECURE_HSTS_PRELOAD"] is False
    assert values["SESSION_COOKIE_AGE"] == 2 * 3600
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert values["SECRET_KEY_FALLBACKS"] == ["old-key-1", "old-key-2"]


def test_https_without_secret_key_refuses_to_load(monkeypatch, tmp_path):
    environment = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        load_settings(monkeypatch, tmp_path, **environment)
    assert not (tmp_path / "data" / "secret.key").exists()


@pytest.mark.parametrize(
    ("value", "backend"),
    [
        ("locmem", "django.core.cache.backends.locmem.LocMemCache"),
        ("database", "django.core.cache.backends.db.DatabaseCache"),
        ("redis://cache.internal:6379/0", "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_cache_from_the_environment(monkeypatch, tmp_path, value, backend):
    values = load_settings(monkeypatch, tmp_path, ERASMUSDESK_CACHE=value)
    assert values["CACHES"]["default"]["BACKEND"] == backend


def test_unknown_cache_is_refused(monkeypatch, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="ERASMUSDESK_CACHE"):
        load_settings(monkeypatch, tmp_path, ERASMUSDESK_CACHE="memcached://x")


# Real responses ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(production, client):
    response = client.get("/en/opportunities/?country=PL")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/opportunities/?country=PL"


@pytest.mark.django_db
def test_healthz_answers_over_plain_http_for_load_balancers(production, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


@pytest.mark.django_db
def test_https_responses_carry_hsts(production, client):
    response = client.get("/en/", secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_the_proxys_forwarded_proto_marks_https(production, client):
    response = client.get("/en/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert "Strict-Transport-Security" in response


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_html_pages_carry_the_security_headers(production, client, path):
    response = client.get(path, secure=True)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("text/html")
    policy = response["Content-Security-Policy"]
    directives = _directives(policy)
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]  # a nonce only where a template asks
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert "upgrade-insecure-requests" in directives
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_a_page_served_from_the_page_cache_keeps_its_policy(production, client, demo):
    client.get("/en/opportunities/", secure=True)
    response = client.get("/en/opportunities/", secure=True)
    assert response["X-Page-Cache"] == "hit"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_the_api_docs_page_needs_no_inline_script(production, client):
    """swagger-ui comes from ninja's static files; its settings are a JSON data block, which
    a browser does not run, and its start-up script is a file. So the docs page works under
    the site's policy without 'unsafe-inline' (checked in Chromium: no CSP violation, every
    operation shown)."""
    response = client.get("/api/v1/docs", secure=True)
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]  # swagger-ui's stylesheet icons
    html = response.content.decode()
    scripts = re.findall(r"<script\b([^>]*)>", html)
    assert len(scripts) == 3
    for attributes in scripts:
        executable = 'type="application/json"' not in attributes
        if executable:
            # A file of our own origin, never an inline script.
            assert re.search(r'src="/static/ninja/[\w.-]+\.js"', attributes), attributes


def test_a_template_nonce_is_named_in_the_policy(rf):
    """A template that needs an inline script marks it with {{ CSP_NONCE }}; the policy of
    that response then allows exactly that nonce."""
    from csp.middleware import CSPMiddleware

    def view(request):
        template = Template('<script nonce="{{ CSP_NONCE }}">start()</script>')
        return HttpResponse(template.render(RequestContext(request)))

    request = rf.get("/en/")
    response = CSPMiddleware(view)(request)
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert len(nonce) >= 16
    assert f"'nonce-{nonce}'" in _directives(response["Content-Security-Policy"])["script-src"]
    other = CSPMiddleware(view)(rf.get("/en/"))
    assert f"'nonce-{nonce}'" not in other["Content-Security-Policy"]


@pytest.mark.django_db
def test_sign_in_sets_secure_http_only_cookies(production, client):
    _verified()
    page = client.get("/en/account/login/", secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"

    response = client.post(
        "/en/account/login/",
        {"login": "dana@example.org", "password": PASSWORD, "remember": "on"},
        secure=True,
    )

    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"
    assert session["max-age"] == 8 * 3600


@pytest.mark.django_db
def test_sign_in_without_keep_me_signed_in_ends_with_the_browser(production, client):
    _verified()
    response = client.post(
        "/en/account/login/", {"login": "dana@example.org", "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["max-age"] == ""  # a session cookie: gone when the browser closes


@pytest.mark.django_db
def test_an_uploaded_document_keeps_its_own_stricter_policy(production, client_as, people):
    builders.office_permissions()
    builders.applicant_profile(people["owner"])
    call = builders.call_with_places()
    application = builders.application(people["owner"], call, state="submitted")
    document = application.documents.get(document_type__code="transcript")
    client = client_as(people["coordinator"])
    base = f"/en/office/applications/a/{application.reference}/documents/{document.pk}/"

    preview = client.get(f"{base}preview/", secure=True)
    download = client.get(base, secure=True)

    assert preview.status_code == 200
    assert preview["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'self'"
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert download.status_code == 200
    assert download["Content-Security-Policy"] == "sandbox; default-src 'none'"
    assert download["X-Frame-Options"] == "DENY"
    assert b"".join(preview.streaming_content) == b"".join(download.streaming_content)


# The back office ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "owner", "evaluator", "partner_contact"])
def test_the_admin_is_for_staff_only(client_as, people, who):
    client = client_as(people[who])
    for path in ["/en/admin/", "/en/admin/applications/application/", "/en/admin/auth/group/"]:
        response = client.get(path)
        assert response.status_code == 302, (who, path)
        assert response["Location"].startswith("/en/admin/login/"), (who, path)


@pytest.mark.django_db
def test_an_inactive_staff_account_does_not_reach_the_admin(client_as, people):
    coordinator = people["coordinator"]
    coordinator.is_active = False
    coordinator.save()
    response = client_as(coordinator).get("/en/admin/")
    assert response.status_code == 302


@pytest.mark.django_db
def test_staff_reach_the_admin(client_as, people):
    assert client_as(people["coordinator"]).get("/en/admin/").status_code == 200


def test_answers_to_signed_in_requests_are_kept_out_of_every_cache(client_as, people):
    """The office's API, a signed-in person's public page and a sign-in's own answer carry
    ``Cache-Control: private, no-store`` (tests/test_url_access.py checks every object URL for
    every role); an anonymous visitor's public page does not, so shared caches may keep it."""
    call = builders.call_with_places()
    committee.set_up_selection(call, by=people["coordinator"])
    client = client_as(people["coordinator"])
    for path in ["/en/", f"/api/v1/selection/{call.slug}/ranking", "/en/office/applications/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "private, no-store", path
    anonymous = client_as(None).get("/en/")
    assert "no-store" not in anonymous.get("Cache-Control", "")
    _verified()
    signed_in = client_as(None).post(
        "/en/account/login/", {"login": "dana@example.org", "password": PASSWORD}
    )
    assert signed_in.status_code == 302
    assert "no-store" in signed_in["Cache-Control"]
