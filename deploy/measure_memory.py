"""Measures the memory the Kubernetes requests/limits are sized from.

Starts the action server and one Rasa server the way the production profile
runs them (deploy/endpoints.yml: PostgreSQL tracker store, Redis lock store),
on loopback, against a scratch PostgreSQL database that is dropped afterwards,
sends a few patients' questions, and prints each server's resident memory now
and at its peak (VmHWM), in MiB, as JSON.

    .venv/bin/python deploy/measure_memory.py [--pg postgresql://postgres@127.0.0.1:5432/postgres]
        [--redis-host 127.0.0.1] [--redis-port 6379] [--redis-db 0]

Needs the trained model (models/assistant.tar.gz).
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Dict

import psutil
import psycopg2
from psycopg2 import sql
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.harness.servers import DEFAULT_MODEL, _env, start_actions, start_rasa  # noqa: E402

QUESTIONS = [
    "hi",
    "what is radiofrequency ablation?",
    "how long is recovery?",
    "what are the risks of it?",
    "what about the stimulator?",
    "what is fibromyalgia",
    "tell me more",
    "do steroid injections hurt",
    "I'd like to book",
    "never mind",
]


def memory(process: psutil.Process) -> Dict[str, float]:
    """Resident memory of a process and its children now, and the process's peak."""
    family = [process, *process.children(recursive=True)]
    rss = sum(p.memory_info().rss for p in family)
    peak_kib = 0
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            peak_kib = int(line.split()[1])
    return {"rss_mib": round(rss / 2**20), "peak_rss_mib": round(peak_kib / 1024)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pg",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="a PostgreSQL server where a scratch database may be created",
    )
    parser.add_argument("--redis-host", default="127.0.0.1")
    parser.add_argument("--redis-port", default="6379")
    parser.add_argument("--redis-db", default="0")
    parser.add_argument("--model", default=str(DEFAULT_MODEL))
    args = parser.parse_args(argv)

    admin = make_url(args.pg)
    scratch = f"measure_{uuid.uuid4().hex[:12]}"
    conn = psycopg2.connect(args.pg)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch)))
    try:
        with tempfile.TemporaryDirectory(prefix="measure-") as tmp:
            workdir = Path(tmp)
            env = _env(
                {
                    "CLINIC_DB_URL": f"sqlite:///{workdir}/clinic.db",
                    "TRACKER_DB_URL": admin.set(database=scratch).render_as_string(hide_password=False),
                    "REDIS_HOST": args.redis_host,
                    "REDIS_PORT": args.redis_port,
                    "REDIS_LOCK_DB": args.redis_db,
                    "REDIS_PASSWORD": "",
                    "SMS_STATE_DB_URL": f"sqlite:///{workdir}/sms_state.db",
                }
            )
            actions_url, actions = start_actions(workdir, env)
            rasa = None
            try:
                rasa_url, rasa = start_rasa(
                    workdir, env, Path(args.model), actions_url, endpoints=ROOT / "deploy" / "endpoints.yml"
                )
                started = {
                    "rasa": memory(psutil.Process(rasa.pid)),
                    "actions": memory(psutil.Process(actions.pid)),
                }
                import requests

                sender = f"measure-{secrets.token_hex(4)}"
                for question in QUESTIONS:
                    requests.post(
                        f"{rasa_url}/webhooks/rest/webhook",
                        json={"sender": sender, "message": question},
                        timeout=60,
                    ).raise_for_status()
                after = {
                    "rasa": memory(psutil.Process(rasa.pid)),
                    "actions": memory(psutil.Process(actions.pid)),
                }
            finally:
                for process in (rasa, actions):
                    if process is not None:
                        process.terminate()
                        process.wait(timeout=30)
        print(json.dumps({"after_start": started, f"after_{len(QUESTIONS)}_messages": after}, indent=2))
    finally:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch)))
        conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
