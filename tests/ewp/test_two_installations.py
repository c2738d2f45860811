"""The proof on loopback: two installations of Erasmus Desk, each its own server process
(``runserver``) with its own SQLite database, key pair and HEI id, in one catalogue made by
``ewp_catalogue`` from both manifests, exchange an agreement, a nomination, a learning
agreement (commented, revised, approved, changed), the stay and the transcript end to end
through signed requests and change notifications; and the node's refusals, sent by a real
HTTP client.

A: a.example (our university); B: b.example (a European partner).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import UTC, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization

from erasmusdesk.core import clock
from erasmusdesk.ewp import httpsig

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Installation:
    def __init__(self, tmp_path: Path, hei_id: str, catalogue: Path):
        self.hei_id = hei_id
        self.port = _free_port()
        self.data = tmp_path / hei_id
        self.env = {
            **os.environ,
            "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'src'}",
            "DJANGO_SETTINGS_MODULE": "erasmusdesk.settings",
            "DEBUG": "1",
            "ERASMUSDESK_DATA_DIR": str(self.data),
            "ERASMUSDESK_EWP_HEI_ID": hei_id,
            "ERASMUSDESK_EWP_BASE_URL": self.base_url,
            "ERASMUSDESK_EWP_REGISTRY": str(catalogue),
            "ERASMUSDESK_EWP_ADMIN_EMAIL": f"ewp-admin@{hei_id}",
            "DATABASE_URL": f"sqlite:///{self.data / 'db.sqlite3'}",
        }
        self.env.pop("TZ", None)
        self.server: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _env(self) -> dict:
        """The environment of a child process. Under libfaketime (CI's run with the clock
        moved ahead) a child's clock would start again at the fixed start time: it starts at
        this process's present instead (read in UTC, the zone the child parses it in), so
        that every process of the proof shares one clock."""
        env = dict(self.env)
        if "FAKETIME" in os.environ:
            env["TZ"] = "UTC"
            env["FAKETIME"] = "@" + clock.now().astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
        return env

    def manage(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "erasmusdesk", *args],
            env=self._env(),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    def run(self, action: str, *args: str) -> dict:
        done = subprocess.run(
            [sys.executable, str(Path(__file__).with_name("installation.py")), action, *args],
            env=self._env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    def start(self) -> None:
        self.server = self.manage("runserver", "--noreload", f"127.0.0.1:{self.port}")
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base_url + "/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError(f"{self.hei_id} did not start")

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=10)

    def private_key(self):
        return serialization.load_pem_private_key(
            (self.data / "ewp" / "key.pem").read_bytes(), password=None
        )


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("two-installations")
    catalogue = tmp_path / "catalogue-v1.xml"
    a = Installation(tmp_path, "a.example", catalogue)
    b = Installation(tmp_path, "b.example", catalogue)
    # One migration, copied: the two databases start with the same schema and no data.
    migrate = a.manage("migrate", "--no-input", "-v", "0")
    output, _ = migrate.communicate(timeout=600)
    assert migrate.returncode == 0, output[-3000:]
    b.data.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(a.data / "db.sqlite3", b.data / "db.sqlite3")
    a.run("prepare", "b.example", "1")
    b.run("prepare", "a.example", "0")
    try:
        a.start()
        b.start()
        build = a.manage(
            "ewp_catalogue",
            f"{a.base_url}/ewp/manifest.xml",
            f"{b.base_url}/ewp/manifest.xml",
            "--output",
            str(catalogue),
        )
        output, _ = build.communicate(timeout=120)
        assert build.returncode == 0, output
        yield a, b
    finally:
        a.stop()
        b.stop()


def test_an_agreement_made_at_a_is_approved_at_b_and_the_approval_seen_at_a(network):
    a, b = network
    # A notifies B (IIA CNR); B answers at once and fetches the agreement from A.
    assert a.run("notify", "b.example") == {"state": "done", "attempts": 1}
    at_a, at_b = a.run("report"), b.run("report")
    assert len(at_b["partner_iias"]) == 1, at_b
    (copy,) = at_b["partner_iias"]
    assert (copy["partner_hei_id"], copy["partner_iia_id"]) == ("a.example", "a-b-2026")
    assert copy["iia_hash"] == at_a["our_hashes"]["a-b-2026"]  # the hashes are equal
    assert [(n["direction"], n["state"]) for n in at_b["notifications"]] == [("in", "done")]

    # B approves; its IIA Approval CNR tells A at once, which pulls B's approval.
    assert b.run("approve") == {"approved": [copy["iia_hash"]]}
    at_a = a.run("report")
    assert at_a["approvals"] == [{"partner_hei_id": "b.example", "iia_hash": copy["iia_hash"]}]
    # The nightly pull finds nothing new.
    sync = a.manage("ewp_sync")
    output, _ = sync.communicate(timeout=300)
    assert sync.returncode == 0, output
    at_a = a.run("report")
    assert at_a["approvals"] == [{"partner_hei_id": "b.example", "iia_hash": copy["iia_hash"]}]
    # Every signed exchange on both sides succeeded (answers verified by the client).
    assert all(x["status"] == 200 for x in at_a["exchanges"] + b.run("report")["exchanges"])


def test_a_nomination_from_a_becomes_bs_record_and_bs_answer_is_seen_at_a(network):
    a, b = network
    nominated = a.run("nominate", "Dana")
    assert nominated["status"] == "pending"
    # A's Outgoing Mobility CNR made B fetch the nomination: B has its own record of it.
    at_b = b.run("status", nominated["omobility_id"])
    assert (at_b["status"], at_b["sending"], at_b["receiving"], at_b["name"]) == (
        "pending",
        "a.example",
        "b.example",
        "Dana Serikova",
    )
    # B's office accepts in its own mobility pages; the answer goes to A's update.
    assert b.run("accept", nominated["omobility_id"]) == {"state": "accepted"}
    assert a.run("status", nominated["omobility_id"])["status"] == "approved"


def _sync(installation) -> None:
    sync = installation.manage("ewp_sync")
    output, _ = sync.communicate(timeout=300)
    assert sync.returncode == 0, output


def test_the_walk_learning_agreement_stay_and_transcript_between_a_and_b(network):
    a, b = network
    omobility_id = a.run("nominate", "Asel")["omobility_id"]
    b.run("accept", omobility_id)

    # A proposes the learning agreement; its LA CNR makes B fetch it.
    a.run("propose_la", omobility_id)
    first = b.run("partner_la", omobility_id)
    assert first["state"] == "waiting"
    assert first["proposed"] == [
        "Microeconomics",
        "Econometrics",
        "Public finance",
        "Economic theory",
    ]

    # B comments; A's participant reads the comment on the draft, revises, proposes again.
    assert b.run("answer_la", omobility_id, "comment") == {"state": "commented"}
    assert a.run("status", omobility_id)["las"] == [
        [1, "draft", "Econometrics is taught in the spring only."]
    ]
    a.run("revise_la", omobility_id)
    revised = b.run("partner_la", omobility_id)
    assert revised["state"] == "waiting" and revised["proposal_id"] != first["proposal_id"]
    assert "Labour economics" in revised["proposed"] and "Econometrics" not in revised["proposed"]

    # An answer to the proposal B read before the revision: 409, nothing changes at A.
    stale = b.run("answer_la", omobility_id, "approve", first["proposal_id"])
    assert "HTTP 409" in stale["error"]
    assert a.run("status", omobility_id)["las"][0][1] == "proposed"

    # B approves the revised proposal: A's learning agreement is approved.
    assert b.run("answer_la", omobility_id, "approve") == {"state": "approved"}
    at_a = a.run("status", omobility_id)
    assert (at_a["state"], at_a["las"]) == ("la_approved", [[1, "approved", ""]])
    assert b.run("partner_la", omobility_id)["first_version"] is True

    # A change during the mobility, approved by B: version 2 is the approved one.
    a.run("change_la", omobility_id)
    assert b.run("partner_la", omobility_id)["proposed"][-2:] == [
        "Polish for foreigners",
        "Economic theory",
    ]
    assert b.run("answer_la", omobility_id, "approve") == {"state": "approved"}
    assert [la[:2] for la in a.run("status", omobility_id)["las"]] == [
        [1, "superseded"],
        [2, "approved"],
    ]
    assert b.run("partner_la", omobility_id)["approved_changes"] is True

    # B confirms the stay; A's nightly pull sees it.
    b.run("stay", omobility_id)
    _sync(a)
    assert a.run("status", omobility_id)["state"] == "departed"

    # B enters the transcript; its ToR CNR makes A pull it; A recognises Table B from it.
    b.run("transcript", omobility_id)
    at_a = a.run("status", omobility_id)
    assert at_a["state"] == "transcript_received"
    assert at_a["results"] == [
        ["Microeconomics", "10.0", "1", True],
        ["Labour economics", "10.0", "2", True],
        ["Public finance", "10.0", "2", True],
        ["Polish for foreigners", "3.0", "5", False],
    ]
    assert a.run("recognise", omobility_id) == {
        "decision": "full",
        "credits": ["30.0"],
        "state": "recognised",
    }


def test_arrival_and_departure_confirmed_at_b_are_seen_at_a(network):
    a, b = network
    omobility_id = a.run("nominate", "Aruzhan")["omobility_id"]
    b.run("accept", omobility_id)
    a.run("propose_la", omobility_id)
    b.run("answer_la", omobility_id, "approve")
    dates = b.run("stay", omobility_id)
    _sync(a)
    assert [omobility_id, dates["arrival"], dates["departure"], "departed"] in a.run("report")[
        "stays"
    ]


def _post(installation, headers, body=b"echo=proof"):
    request = urllib.request.Request(
        installation.base_url + "/ewp/echo",
        data=body,
        method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as refusal:
        return refusal.code, dict(refusal.headers), refusal.read()


def _server_now(installation):
    """The server's own clock (its Date header): under libfaketime (CI's run with the clock
    moved ahead) each process's clock starts when the process does."""
    with urllib.request.urlopen(installation.base_url + "/healthz", timeout=10) as response:
        return parsedate_to_datetime(response.headers["Date"])


def _signed(installation, key, *, body=b"echo=proof", minutes=0):
    return httpsig.sign_request(
        method="POST",
        target="/ewp/echo",
        host=f"127.0.0.1:{installation.port}",
        body=body,
        private_key=key,
        now=_server_now(installation) + timedelta(minutes=minutes),
    )


def test_a_signed_echo_is_answered_and_signed(network):
    a, b = network
    status, headers, body = _post(a, _signed(a, b.private_key()))
    assert status == 200, body
    assert b"<hei-id>b.example</hei-id>" in body and b"<echo>echo=proof" not in body
    assert b"<echo>proof</echo>" in body
    lowered = {k.lower(): v for k, v in headers.items()}
    assert httpsig.verify_response(
        headers=lowered,
        body=body,
        now=_server_now(a),
        find_key=lambda key: a.private_key().public_key(),
        request_id=lowered["x-request-id"],
    ) == httpsig.key_id(a.private_key())


def test_the_refusals_of_the_specification(network):
    a, b = network
    status, headers, _ = _post(a, {})
    assert status == 401 and headers["WWW-Authenticate"] == 'Signature realm="EWP"'
    assert _post(a, _signed(a, httpsig.generate_private_key()))[0] == 403
    stale_status, _, stale_body = _post(a, _signed(a, b.private_key(), minutes=-6))
    assert stale_status == 400 and b"5 minutes" in stale_body
    tampered_status, _, tampered_body = _post(a, _signed(a, b.private_key()), body=b"echo=evil")
    assert tampered_status == 400 and b"Digest" in tampered_body
