"""Builders for the operations tests: a large agreement file and its partners, and a
separate installation (data folder, SQLite database, database queue) for processes that a
test starts itself (a worker, a server)."""

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from erasmusdesk.institutions import isced

PROJECT = Path(__file__).resolve().parents[2]


def partner_codes(count: int) -> list[str]:
    return [f"PL OPSTEST{n:02d}" for n in range(count)]


def make_partners(count: int) -> None:
    """``count`` partner institutions with the codes of :func:`partner_codes`."""
    from tests.factories import partner

    for number, code in enumerate(partner_codes(count)):
        partner(f"Operations Test University {number}", erasmus_code=code)


def agreement_csv(partners: int, codes: int) -> tuple[bytes, int]:
    """A CSV of valid, distinct student rows: every partner x ``codes`` ISCED fields x both
    directions; (content, number of rows)."""
    rows = []
    for code in partner_codes(partners):
        for field in list(isced.DETAILED_FIELDS)[:codes]:
            for direction in ("outgoing", "incoming"):
                rows.append(
                    {
                        "partner_erasmus_code": code,
                        "first_academic_year": "2026",
                        "last_academic_year": "2028",
                        "direction": direction,
                        "mobility_type": "student_studies",
                        "isced_code": field,
                        "eqf_levels": "6;7",
                        "mobilities_per_year": "2",
                        "total_months_per_year": "10",
                    }
                )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(), len(rows)


class Installation:
    """A throw-away installation in ``folder`` whose commands run as separate processes."""

    def __init__(self, folder: Path, **environment: str):
        self.folder = folder
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "PYTEST_", "ERASMUSDESK_"))
        }
        self.env.update(
            {
                "ERASMUSDESK_DATA_DIR": str(folder),
                "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
                "ERASMUSDESK_TASK_BACKEND": "database",
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": str(folder / "mail"),
                "PYTHONPATH": str(PROJECT),
                "LOG_LEVEL": "WARNING",
                **environment,
            }
        )

    def query(self, sql: str) -> list[tuple]:
        """Read the installation's SQLite database directly (fast, for polling)."""
        import sqlite3

        with sqlite3.connect(f"file:{self.folder / 'db.sqlite3'}?mode=ro", uri=True) as db:
            return db.execute(sql).fetchall()

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "erasmusdesk", *args]

    def run(self, *args: str, timeout: int = 300) -> str:
        done = subprocess.run(
            self.command(*args),
            env=self.env,
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def python(self, code: str, timeout: int = 300) -> str:
        """Run ``code`` in the installation (django set up) and return what it printed."""
        return self.run("shell", "--no-imports", "-c", code, timeout=timeout)

    def start(self, *args: str, **extra_env: str) -> subprocess.Popen:
        return subprocess.Popen(
            self.command(*args),
            env={**self.env, **extra_env},
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )


class S3Server:
    """moto's S3 server on loopback (a real HTTP server in a thread: the storage talks to it
    over TCP as it would to MinIO or AWS), and buckets in it."""

    def __init__(self):
        from moto.server import ThreadedMotoServer

        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)

    def start(self) -> "S3Server":
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        return self

    def stop(self) -> None:
        self._server.stop()

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )

    def new_bucket(self, name: str) -> str:
        self.client().create_bucket(Bucket=name)
        return name

    def objects(self, bucket: str) -> dict[str, bytes]:
        """key: bytes of every object of the bucket."""
        client = self.client()
        found = {}
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for entry in page.get("Contents", []):
                found[entry["Key"]] = client.get_object(Bucket=bucket, Key=entry["Key"])[
                    "Body"
                ].read()
        return found

    def empty(self, bucket: str) -> None:
        client = self.client()
        for key in self.objects(bucket):
            client.delete_object(Bucket=bucket, Key=key)
