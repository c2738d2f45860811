"""What an operator sees: metrics closed to the public, the request id in the response, the
log and the error page, and the readiness check."""

import json
import logging

import pytest
from django.core.files.storage import FileSystemStorage

from erasmusdesk.core import monitoring
from erasmusdesk.core.logs import JsonFormatter

TOKEN = "metrics-token-for-tests-0123456789"


@pytest.fixture
def metrics_token(settings):
    settings.ERASMUSDESK_METRICS_TOKEN = TOKEN
    return {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


@pytest.mark.django_db
def test_metrics_are_closed_to_anonymous_visitors_and_to_a_wrong_token(client, metrics_token):
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer guessed").status_code == 404


@pytest.mark.django_db
def test_metrics_are_closed_to_signed_in_staff_too(client, people, metrics_token):
    client.force_login(people["coordinator"])
    assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
def test_metrics_are_closed_when_nothing_is_configured(client, settings):
    settings.ERASMUSDESK_METRICS_TOKEN = ""
    settings.ERASMUSDESK_METRICS_ADDRESSES = []
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


@pytest.mark.django_db
def test_an_allowed_address_reads_the_metrics(client, settings):
    settings.ERASMUSDESK_METRICS_ADDRESSES = ["10.0.0.9"]
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.9").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.0.0.8").status_code == 404


def _metric(text: str, name: str, **labels) -> float:
    """The value of one sample of the Prometheus text ``text`` (labels in any order)."""
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        sample, _, value = line.rpartition(" ")
        found, _, rest = sample.partition("{")
        pairs = dict(part.split("=", 1) for part in rest.rstrip("}").split(",") if "=" in part)
        if found == name and {k: v.strip('"') for k, v in pairs.items()} == labels:
            return float(value)
    raise AssertionError(f"{name} {labels} not in the metrics")


@pytest.mark.django_db
def test_metrics_count_requests_per_view_and_status_and_signin_failures(
    client, people, metrics_token
):
    before = client.get("/metrics", **metrics_token).content.decode()
    client.get("/healthz")
    client.get("/en/no-such-page/")
    client.post(
        "/en/account/login/",
        {"login": people["owner"].email, "password": "not-the-password"},
    )
    response = client.get("/metrics", **metrics_token)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()

    def grew(name, **labels):
        try:
            old = _metric(before, name, **labels)
        except AssertionError:
            old = 0
        return _metric(text, name, **labels) - old

    assert grew("erasmusdesk_responses_total", view="healthz", status="200") == 1
    assert grew("erasmusdesk_responses_total", view="<unmatched>", status="404") >= 1
    assert grew("erasmusdesk_request_seconds_count", view="healthz", method="GET") == 1
    assert grew("erasmusdesk_request_database_seconds_count", view="account_login") == 1
    assert grew("erasmusdesk_signin_failures_total") == 1
    assert _metric(text, "erasmusdesk_signin_failures_recorded") >= 1


@pytest.mark.django_db
def test_metrics_show_the_queue_depth_age_and_failures(client, settings, metrics_token):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    from erasmusdesk.accounts.mail import send_account_mail

    send_account_mail.enqueue("Subject", "Body", ["a@example.org"], "desk@example.org")
    send_account_mail.enqueue("Subject", "Body", ["b@example.org"], "desk@example.org")
    failed = DBTaskResult.objects.order_by("enqueued_at").last()
    failed.set_failed(RuntimeError("SMTP server refused"))

    text = client.get("/metrics", **metrics_token).content.decode()

    assert _metric(text, "erasmusdesk_tasks_queued") == 1
    assert _metric(text, "erasmusdesk_tasks_failed") == 1
    assert _metric(text, "erasmusdesk_tasks_oldest_queued_seconds") >= 0


@pytest.mark.django_db
def test_every_response_carries_a_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/en/")["X-Request-ID"]
    assert len(first) == 32 and first != second


@pytest.mark.django_db
def test_the_proxys_request_id_is_kept_only_behind_a_trusted_proxy(client, settings):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] != "abc-123"
    settings.ERASMUSDESK_TRUSTED_PROXIES = 1
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    # Not a plain token: replaced, so that no header or log line can be forged through it.
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="a b\nc")["X-Request-ID"]
    assert forged != "a b\nc" and len(forged) == 32


@pytest.mark.django_db
def test_the_request_log_line_is_json_with_the_request_id(client, caplog, settings):
    with caplog.at_level(logging.INFO, logger="erasmusdesk.request"):
        response = client.get("/healthz")
    record = next(r for r in caplog.records if r.name == "erasmusdesk.request")
    line = json.loads(JsonFormatter().format(record))

    assert line["request_id"] == response["X-Request-ID"]
    assert (line["method"], line["path"], line["view"], line["status"]) == (
        "GET",
        "/healthz",
        "healthz",
        200,
    )
    assert line["level"] == "INFO" and line["time"].endswith("+00:00")


def test_a_log_line_with_an_exception_carries_its_traceback():
    try:
        raise ValueError("broken")
    except ValueError:
        import sys

        record = logging.getLogger("x").makeRecord(
            "x", logging.ERROR, __file__, 1, "failed %s", ("here",), sys.exc_info()
        )
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "failed here"
    assert "ValueError: broken" in line["exception"]


@pytest.mark.django_db
def test_the_error_page_shows_the_request_id(client, monkeypatch):
    def broken():
        raise RuntimeError("the readiness check broke")

    monkeypatch.setattr(monitoring, "readiness", broken)
    client.raise_request_exception = False

    response = client.get("/readyz")

    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    page = response.content.decode()
    assert f"<code>{request_id}</code>" in page
    assert "quote this reference" in page and "укажите этот номер" in page


@pytest.mark.django_db
def test_readyz_checks_the_database_the_storage_and_the_queue(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "ready": True,
        "database": "ok",
        "storage": "ok",
        "queue": "in-process",
    }


@pytest.mark.django_db
def test_readyz_answers_503_naming_what_failed(client, monkeypatch, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def unreachable(storage, name):
        raise OSError("bucket unreachable")

    monkeypatch.setattr(FileSystemStorage, "exists", unreachable)
    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.json() == {
        "ready": False,
        "database": "ok",
        "storage": "failed",
        "queue": "ok",
    }


@pytest.mark.django_db
def test_healthz_stays_trivial(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").content == b"ok"
