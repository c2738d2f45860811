"""`check --deploy` under the documented production environment, and the production server's
refusal of a generated signing key."""

import os
import subprocess
import sys

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

from erasmusdesk.core.checks import check_secret_key_from_environment

SECRET = "Zq3-" + "x7Lm9pQ2rT5vW8yB1dF4hJ6kN0sU3wA_cE" + "5gI7jK9lM2oP4"


def _check_deploy(tmp_path, **environment) -> subprocess.CompletedProcess:
    # Not inherited: our own knobs, and DJANGO_ALLOW_ASYNC_UNSAFE, which the browser tests set
    # in this process (Playwright runs an event loop) and which a deployment never has.
    left_out = {
        "DEBUG",
        "SECRET_KEY",
        "ERASMUSDESK_HTTPS",
        "ERASMUSDESK_TRUSTED_PROXIES",
        "ALLOWED_HOSTS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    env = {name: value for name, value in os.environ.items() if name not in left_out}
    env.update(ERASMUSDESK_DATA_DIR=str(tmp_path / "data"), **environment)
    return subprocess.run(
        [sys.executable, "-m", "erasmusdesk", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_with_the_production_environment(tmp_path):
    result = _check_deploy(
        tmp_path,
        DEBUG="0",
        SECRET_KEY=SECRET,
        ALLOWED_HOSTS="erasmus.example.kz",
        ERASMUSDESK_HTTPS="1",
        ERASMUSDESK_TRUSTED_PROXIES="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_refuses_plain_http_and_a_generated_key(tmp_path):
    result = _check_deploy(tmp_path, DEBUG="0", ALLOWED_HOSTS="erasmus.example.kz")
    output = result.stdout + result.stderr
    assert result.returncode == 1
    for issue in ["erasmusdesk.E001", "security.W004", "security.W008", "security.W012"]:
        assert issue in output, issue
    assert "security.W016" in output


def test_the_secret_key_check_passes_a_key_from_the_environment(settings):
    settings.ERASMUSDESK_SECRET_KEY_SOURCE = "environment"
    assert check_secret_key_from_environment(None) == []
    settings.ERASMUSDESK_SECRET_KEY_SOURCE = "file"
    assert [error.id for error in check_secret_key_from_environment(None)] == ["erasmusdesk.E001"]


@pytest.fixture
def no_exec(monkeypatch):
    """Record the command serve would start instead of replacing the test process."""
    started = []
    monkeypatch.setattr(os, "execv", lambda path, argv: started.append(argv))
    return started


def test_serve_refuses_a_generated_key_when_debug_is_off(settings, no_exec):
    settings.DEBUG = False
    settings.ERASMUSDESK_SECRET_KEY_SOURCE = "file"
    with pytest.raises(CommandError, match="SECRET_KEY is not set in the environment"):
        call_command("serve")
    assert no_exec == []


def test_serve_starts_gunicorn_with_a_key_from_the_environment(settings, no_exec):
    settings.DEBUG = False
    settings.ERASMUSDESK_SECRET_KEY_SOURCE = "environment"
    call_command("serve", bind="127.0.0.1:8123", workers=3, threads=2)
    [argv] = no_exec
    assert argv[1:4] == ["-m", "gunicorn", "erasmusdesk.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123"
    assert argv[argv.index("--workers") + 1] == "3"
    assert argv[argv.index("--threads") + 1] == "2"
    assert argv[argv.index("--worker-class") + 1] == "gthread"


def test_whitenoise_serves_hashed_static_files_for_good(settings, tmp_path):
    """With DEBUG off, collected static files are served by the app with hashed names that
    browsers may keep for good, and a compressed copy for clients that accept it."""
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--no-input", verbosity=0)
    url = staticfiles_storage.url("erasmusdesk/site.css")
    assert url != "/static/erasmusdesk/site.css"  # a hashed name
    middleware = WhiteNoiseMiddleware(lambda request: None)
    response = middleware(RequestFactory().get(url, HTTP_ACCEPT_ENCODING="gzip"))
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert response["Content-Encoding"] == "gzip"
    # Not response.close(): it sends request_finished, which touches the database.
    response.file_to_stream.close()
