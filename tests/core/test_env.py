import pytest
from django.core.exceptions import ImproperlyConfigured

from erasmusdesk.env import env_bool, env_int, env_list


def test_env_bool_reads_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False


def test_env_bool_refuses_nonsense(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be a boolean"):
        env_bool("X_FLAG")


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("X_NUM", "12")
    monkeypatch.setenv("X_HOSTS", "a.example, b.example,,")
    assert (env_int("X_NUM", 1), env_list("X_HOSTS", [])) == (12, ["a.example", "b.example"])
    monkeypatch.setenv("X_NUM", "twelve")
    with pytest.raises(ImproperlyConfigured, match="X_NUM must be a whole number"):
        env_int("X_NUM", 1)


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")


def _settings_in_subprocess(env: dict, expression: str) -> str:
    import os
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-c", f"from erasmusdesk import settings; print({expression})"],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_uploaded_files_go_to_a_private_s3_bucket_when_one_is_configured(tmp_path):
    env = {"ERASMUSDESK_DATA_DIR": str(tmp_path)}
    local = _settings_in_subprocess(env, "settings.STORAGES['default']['BACKEND']")
    assert local == "django.core.files.storage.FileSystemStorage"
    s3 = {
        **env,
        "ERASMUSDESK_S3_BUCKET": "office-documents",
        "ERASMUSDESK_S3_ENDPOINT_URL": "https://s3.example.kz",
    }
    backend = _settings_in_subprocess(s3, "settings.STORAGES['default']['BACKEND']")
    options = _settings_in_subprocess(s3, "sorted(settings.STORAGES['default']['OPTIONS'].items())")
    assert backend == "storages.backends.s3.S3Storage"
    assert "('bucket_name', 'office-documents')" in options
    assert "('default_acl', 'private')" in options
    assert "('endpoint_url', 'https://s3.example.kz')" in options
    assert "('file_overwrite', False)" in options


def test_the_office_menu_shows_each_office_area_only_to_those_who_may_open_it(client_as, people):
    office = client_as(people["coordinator"]).get("/en/applications/").content.decode()
    for address in ("/en/office/applications/", "/en/office/selection/", "/en/office/grants/"):
        assert f'href="{address}"' in office
    student = client_as(people["owner"]).get("/en/applications/").content.decode()
    assert "/en/office/" not in student
