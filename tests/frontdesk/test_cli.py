"""The command-line tool, in-process and once as a real subprocess."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from clinic import requests as store_module
from clinic.settings import ROOT
from frontdesk import cli
from frontdesk.store import Store
from tests.frontdesk.conftest import PATIENT, sample


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'clinic.db'}"
    monkeypatch.setenv("CLINIC_DB_URL", url)
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path / 'trackers.db'}")
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    return url


def run(capsys, *args, stdin=None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_staff_and_tokens(db, capsys, monkeypatch):
    assert run(capsys, "init-db")[0] == 0
    code, out, _ = run(
        capsys,
        "add-staff",
        "Reception",
        "--password-stdin",
        stdin="a long enough password\n",
        monkeypatch=monkeypatch,
    )
    assert code == 0 and "reception added" in out
    store = Store(db)
    assert store.check_staff("reception", "a long enough password")
    code, _, err = run(
        capsys,
        "add-staff",
        "reception",
        "--password-stdin",
        stdin="another password!\n",
        monkeypatch=monkeypatch,
    )
    assert code == 2 and "taken" in err
    code, _, err = run(
        capsys, "add-staff", "short", "--password-stdin", stdin="short\n", monkeypatch=monkeypatch
    )
    assert code == 2 and "at least" in err

    code, out, err = run(capsys, "create-token", "reporting")
    token = out.strip()
    assert code == 0 and store.check_api_token(token) and "cannot be shown again" in err
    assert run(capsys, "revoke-token", "reporting")[0] == 0
    assert not store.check_api_token(token)


def test_list_show_mark(db, capsys):
    store = Store(db)
    store.create_schema()
    first = store.create_request(**sample())
    second = store.create_request(
        **sample(
            kind="callback", full_name="Bo \x1b[31mRed\x1b[0m", preferred_time=None, preferred_time_text=None
        )
    )

    code, out, _ = run(capsys, "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:3] == ["REFERENCE", "STATUS", "RECEIVED"]
    assert lines[1].startswith(second.reference) and lines[2].startswith(first.reference)
    assert PATIENT["full_name"] in out and PATIENT["phone_e164"] in out
    assert "Tue 14 Jan 2031, 9:00 AM CST" in out and "Call-back" in out
    assert "\x1b" not in out  # what a patient typed cannot drive the terminal

    code, out, _ = run(capsys, "list", "--json", "--status", "all")
    assert [r["reference"] for r in json.loads(out)] == [second.reference, first.reference]

    code, out, _ = run(capsys, "show", first.reference.lower())
    assert code == 0 and f"Reference:       {first.reference}" in out
    assert "Patient: I'd like to book an appointment for my back" in out
    assert run(capsys, "show", "MM-ZZZZZ")[0] == 1

    code, out, _ = run(capsys, "mark", first.reference, "contacted")
    assert code == 0 and out.strip() == f"{first.reference} marked contacted."
    assert run(capsys, "mark", second.reference, "done")[0] == 0
    assert run(capsys, "mark", "MM-ZZZZZ", "done")[0] == 1
    with pytest.raises(SystemExit):
        run(capsys, "mark", first.reference, "lost")
    assert run(capsys, "list")[1].strip() == "No open requests."
    assert first.reference in run(capsys, "list", "--status", "contacted")[1]


def test_purge_uses_retention_days(db, capsys, monkeypatch):
    store = Store(db)
    store.create_schema()
    now = datetime.now(timezone.utc)
    made_at = iter([now - timedelta(days=40), now - timedelta(days=10)])
    with monkeypatch.context() as clock:
        clock.setattr(store_module, "_utcnow", lambda: next(made_at))
        old = store.create_request(**sample())
        recent = store.create_request(**sample())

    code, out, _ = run(capsys, "purge")  # default 90 days: nothing that old
    assert code == 0 and "Purged 0 request(s) and 0 conversation event(s) older than 90 days." in out
    monkeypatch.setenv("RETENTION_DAYS", "30")
    code, out, _ = run(capsys, "purge")
    assert "Purged 1 request(s)" in out and "older than 30 days" in out
    assert store.get(old.reference) is None and store.get(recent.reference) is not None
    code, out, _ = run(capsys, "purge", "--days", "5", "--tracker-db", f"sqlite:///{ROOT}/var/none-such.db")
    assert "Purged 1 request(s) and 0 conversation event(s) older than 5 days." in out


def test_as_a_real_command(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "CLINIC_DB_URL": f"sqlite:///{tmp_path / 'clinic.db'}"}
    python = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable

    def command(*args, stdin=None):
        return subprocess.run(
            [python, "-m", "frontdesk.cli", *args],
            cwd=ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )

    assert command("init-db").returncode == 0
    added = command("add-staff", "desk", "--password-stdin", stdin="a long enough password\n")
    assert added.returncode == 0, added.stderr
    assert Store(env["CLINIC_DB_URL"]).check_staff("desk", "a long enough password")
    listed = command("list")
    assert listed.returncode == 0 and listed.stdout.strip() == "No open requests."
    no_prompt = command("add-staff", "other")  # no terminal to prompt on
    assert no_prompt.returncode != 0 and "--password-stdin" in no_prompt.stderr
