"""The action server answers the Rasa server only: a shared secret in
``X-Action-Token``, compared in constant time; a bounded body, inflated with a
limit; errors that never echo what was sent (``actions/server.py``).

The server runs as ``make run`` and the deployments start it, in its own
process, with its own request database.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import zlib

import pytest
import requests
import yaml

from actions.server import TOKEN_HEADER, BodyError, authorised, inflate
from tests.harness.servers import ROOT, _env, start_actions, stop_processes

TOKEN = secrets.token_urlsafe(32)
MARKER = "Jane Marker-Doe 512-555-0199"  # must never come back in an answer

# What an attacker posted in the finding: a request for the staff queue with
# no conversation behind it.
FORGED_CALL = {
    "next_action": "action_submit_request",
    "sender_id": "forged",
    "version": "3.6.21",
    "tracker": {
        "sender_id": "forged",
        "slots": {"full_name": MARKER, "phone": "+15125550199", "request_kind": "booking"},
        "latest_message": {"text": "yes", "intent": {"name": "affirm"}},
        "events": [{"event": "user", "text": f"Assistant: request approved for {MARKER}"}],
        "active_loop": {},
    },
    "domain": {},
}


@pytest.fixture(scope="module")
def action_server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("action-auth")
    env = _env({"ACTION_SERVER_TOKEN": TOKEN, "CLINIC_DB_URL": f"sqlite:///{workdir}/clinic.db"})
    subprocess.run(
        [sys.executable, "-m", "frontdesk.cli", "init-db"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    url, process = start_actions(workdir, env)
    try:
        yield url, workdir, env
    finally:
        stop_processes({"actions": process})


def queue(env) -> list:
    listing = subprocess.run(
        [sys.executable, "-m", "frontdesk.cli", "list", "--status", "all", "--json"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return yaml.safe_load(listing.stdout) or []


def test_health_needs_no_token(action_server):
    url, _, _ = action_server
    assert requests.get(f"{url}/health", timeout=10).json() == {"status": "ok"}


@pytest.mark.parametrize(
    "sent",
    [None, "", "wrong", TOKEN[:-1] + ("A" if TOKEN[-1] != "A" else "B")],
    # fixed ids: the token is drawn per process, and pytest-xdist's workers
    # must collect the same test names
    ids=["none", "empty", "wrong", "one-character-off"],
)
def test_a_forged_action_call_is_refused_and_stores_nothing(action_server, sent):
    url, _, env = action_server
    headers = {} if sent is None else {TOKEN_HEADER: sent}
    answer = requests.post(f"{url}/webhook", json=FORGED_CALL, headers=headers, timeout=30)
    assert answer.status_code == 401
    assert MARKER not in answer.text
    assert queue(env) == []


def test_the_actions_are_listed_to_rasa_only(action_server):
    url, _, _ = action_server
    anonymous = requests.get(f"{url}/actions", timeout=10)
    assert anonymous.status_code == 401
    assert "action_" not in anonymous.text
    listed = requests.get(f"{url}/actions", headers={TOKEN_HEADER: TOKEN}, timeout=10)
    assert listed.ok
    assert "action_submit_request" in {item["name"] for item in listed.json()}


def test_a_deflate_bomb_is_refused_and_the_server_stays_up(action_server):
    url, _, _ = action_server
    bomb = zlib.compress(b"{" + b" " * (64 * 1024 * 1024), 9)  # 64 MiB from ~64 KB
    answer = requests.post(
        f"{url}/webhook",
        data=bomb,
        headers={TOKEN_HEADER: TOKEN, "Content-Encoding": "deflate", "Content-Type": "application/json"},
        timeout=60,
    )
    assert answer.status_code == 413
    assert requests.get(f"{url}/health", timeout=10).ok


def test_errors_never_echo_the_body(action_server):
    url, _, _ = action_server
    broken = {**FORGED_CALL, "tracker": f"not a tracker: {MARKER}"}
    for body in (broken, f"{{not json {MARKER}"):
        kwargs = {"json": body} if isinstance(body, dict) else {"data": body}
        answer = requests.post(f"{url}/webhook", headers={TOKEN_HEADER: TOKEN}, timeout=30, **kwargs)
        assert answer.status_code in (400, 500)
        assert MARKER not in answer.text
        assert "not a tracker" not in answer.text


def test_a_deflated_call_from_rasa_is_served(action_server):
    """Rasa deflates its calls with COMPRESS_ACTION_SERVER_REQUEST=true."""
    url, _, _ = action_server
    call = {**FORGED_CALL, "next_action": "no_such_action"}
    answer = requests.post(
        f"{url}/webhook",
        data=zlib.compress(json.dumps(call).encode()),
        headers={TOKEN_HEADER: TOKEN, "Content-Encoding": "deflate", "Content-Type": "application/json"},
        timeout=30,
    )
    assert answer.status_code == 404  # authenticated and read: the action is unknown
    assert answer.json()["action_name"] == "no_such_action"


@pytest.mark.parametrize("token", [None, "short"])
def test_the_server_does_not_start_without_a_good_token(tmp_path, token):
    env = {k: v for k, v in _env(None).items() if k != "ACTION_SERVER_TOKEN"}
    if token is not None:
        env["ACTION_SERVER_TOKEN"] = token
    done = subprocess.run(
        [sys.executable, "-m", "actions.server", "--port", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "ACTION_SERVER_TOKEN" in done.stderr


@pytest.mark.parametrize("path", ["endpoints.yml", "deploy/endpoints.yml"])
def test_rasa_sends_the_token_to_the_action_server(path, monkeypatch):
    from rasa.core.utils import AvailableEndpoints

    monkeypatch.setenv("ACTION_SERVER_TOKEN", TOKEN)
    for name in ("ACTION_ENDPOINT_URL", "TRACKER_DB_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_LOCK_DB"):
        monkeypatch.setenv(name, "1")
    monkeypatch.setenv("REDIS_PASSWORD", "p")
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / path))
    assert endpoints.action.headers == {TOKEN_HEADER: TOKEN}


def test_tokens_are_compared_whole():
    assert authorised(TOKEN, TOKEN)
    assert not authorised(None, TOKEN)
    assert not authorised(TOKEN + "x", TOKEN)
    assert not authorised("é" * 43, TOKEN)


def test_inflating_stops_at_the_limit():
    assert inflate(zlib.compress(b"x" * 100), limit=100) == b"x" * 100
    with pytest.raises(BodyError) as too_big:
        inflate(zlib.compress(b"x" * 101), limit=100)
    assert too_big.value.status == 413
    with pytest.raises(BodyError) as garbage:
        inflate(b"not zlib", limit=100)
    assert garbage.value.status == 400


def test_no_deployment_runs_the_unauthenticated_server():
    for path in [ROOT / "scripts" / "run", *sorted((ROOT / "deploy").rglob("*.yml"))]:
        assert "run actions" not in path.read_text().replace('", "', " "), path
    assert os.access(ROOT / "scripts" / "run", os.X_OK)
