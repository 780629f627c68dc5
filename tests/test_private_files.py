"""Every file and folder that can hold patient data is owner-only (0600 /
0700): the tracker store's SQLite file with its WAL and SHM files, the SMS
channel's state, the request store, the front desk's key, var/ and the logs.

Each test runs with the usual umask 022, under which these files used to come
out 0644, readable by every local user.
"""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinic import private_files
from clinic.database import make_engine, resolve_url
from tests.paths import ROOT

CRISIS = "I want to end it all"  # the kind of text these files hold


@pytest.fixture(autouse=True)
def usual_umask():
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def assert_private_database(path: Path) -> None:
    assert mode(path.parent) == 0o700, path.parent
    found = [path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))]
    for file in found:
        if file.exists():
            assert mode(file) == 0o600, f"{file.name} is {oct(mode(file))}"
    assert path.with_name(path.name + "-wal").exists(), "WAL mode: the test must see its WAL file"


def test_the_tracker_store_file_and_its_wal_are_owner_only(tmp_path):
    from stores.tracker_store import PrivateSQLTrackerStore

    path = tmp_path / "var" / "trackers.db"
    store = PrivateSQLTrackerStore(Domain.empty(), host=f"sqlite:///{path}")
    asyncio.run(store.save(DialogueStateTracker.from_events("patient", [UserUttered(CRISIS)])))
    assert_private_database(path)


def test_the_sms_state_file_is_owner_only(tmp_path):
    from channels.sms_state import OptOutStore, StateDb

    path = tmp_path / "state" / "sms_state.db"
    db = StateDb(f"sqlite:///{path}")
    OptOutStore(db).opt_out("sms-0123456789")
    with db.engine.connect() as conn:  # a reader keeps the WAL and SHM files
        conn.execute(sa.text("PRAGMA journal_mode=WAL"))
        conn.execute(sa.text("SELECT 1 FROM sms_optout")).all()
        assert_private_database(path)


def test_the_request_store_file_and_its_wal_are_owner_only(tmp_path):
    from frontdesk.store import Store

    path = tmp_path / "new" / "clinic.db"
    store = Store(f"sqlite:///{path}")
    store.create_schema()
    with store.engine.connect() as conn:
        conn.execute(sa.text("SELECT 1")).all()
        assert_private_database(path)


def test_a_file_left_world_readable_is_narrowed(tmp_path):
    path = tmp_path / "old.db"
    make_engine(resolve_url(f"sqlite:///{path}")).dispose()
    for file in (path, path.with_name("old.db-wal")):
        file.touch()
        os.chmod(file, 0o644)
    make_engine(resolve_url(f"sqlite:///{path}")).dispose()
    assert mode(path) == 0o600 and mode(path.with_name("old.db-wal")) == 0o600


def test_an_existing_folder_outside_var_is_left_alone(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    private_files.private_file(shared / "f.db")
    assert mode(shared) == 0o755 and mode(shared / "f.db") == 0o600


def test_var_is_narrowed(tmp_path, monkeypatch):
    var = tmp_path / "var"
    var.mkdir()
    os.chmod(var, 0o755)
    monkeypatch.setattr(private_files, "VAR", var)
    private_files.private_file(var / "log" / "rasa.log")
    assert mode(var) == 0o700 and mode(var / "log") == 0o700 and mode(var / "log" / "rasa.log") == 0o600


def test_the_front_desk_key_folder_is_owner_only(tmp_path, monkeypatch):
    from frontdesk.secret_key import load_secret_key

    monkeypatch.delenv("FRONTDESK_SECRET_KEY", raising=False)
    load_secret_key(tmp_path / "keys" / "frontdesk-secret")
    assert mode(tmp_path / "keys") == 0o700 and mode(tmp_path / "keys" / "frontdesk-secret") == 0o600


def test_servers_make_owner_only_files(tmp_path):
    """The umask each server sets: a log or database it makes is 0600."""
    previous = private_files.restrict_umask()
    try:
        (tmp_path / "made.log").write_text("x")
    finally:
        os.umask(previous)
    assert mode(tmp_path / "made.log") == 0o600


def test_make_run_keeps_var_and_the_logs_owner_only(tmp_path):
    """scripts/run up to its first server, in a copy: var/ and the logs it
    redirects to come out 0700 / 0600, and an old world-readable log is narrowed."""
    script = (ROOT / "scripts" / "run").read_text()
    head = script.split("model=models/assistant.tar.gz")[0]
    assert "umask 077" in head
    tree = tmp_path / "tree"
    (tree / "scripts").mkdir(parents=True)
    (tree / "var" / "log").mkdir(parents=True)
    os.chmod(tree / "var", 0o755)
    (tree / "var" / "log" / "rasa.log").write_text("old")
    os.chmod(tree / "var" / "log" / "rasa.log", 0o644)
    (tree / "scripts" / "run").write_text(head + "echo made >var/log/actions.log\n")
    done = subprocess.run(["bash", "scripts/run"], cwd=tree, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert mode(tree / "var") == 0o700 and mode(tree / "var" / "log") == 0o700
    for log in ("rasa.log", "actions.log"):
        assert mode(tree / "var" / "log" / log) == 0o600, log
