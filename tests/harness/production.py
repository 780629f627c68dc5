"""The production profile, on loopback: PostgreSQL, Redis, one action server
and several Rasa replicas, all using deploy/endpoints.yml.

Each run gets its own throwaway PostgreSQL databases (conversations, and the
front desk's requests + SMS state), dropped when the block ends; locks go to
Redis database $TEST_REDIS_LOCK_DB (13), keyed by conversation ids that are
unique to the run, and expire by themselves. Used by the replica, load and fault tests.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Text

import requests
import sqlalchemy as sa

from tests.harness.servers import (
    DEFAULT_MODEL,
    ROOT,
    _env,
    free_port,
    spawn_rasa,
    start_actions,
    start_rasa,
    stop_processes,
    wait_until_up,
)

ENDPOINTS = ROOT / "deploy" / "endpoints.yml"
PG_HOST = os.environ.get("TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("TEST_PG_USER", "postgres")
REDIS_HOST = os.environ.get("TEST_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("TEST_REDIS_PORT", "6379"))
REDIS_LOCK_DB = os.environ.get("TEST_REDIS_LOCK_DB", "13")


def pg_url(database: Text, port: int = PG_PORT) -> Text:
    return f"postgresql+psycopg2://{PG_USER}@{PG_HOST}:{port}/{database}"


def _admin() -> sa.engine.Engine:
    return sa.create_engine(pg_url("postgres"), isolation_level="AUTOCOMMIT")


def create_database(name: Text) -> None:
    engine = _admin()
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def drop_database(name: Text) -> None:
    engine = _admin()
    with engine.connect() as connection:
        connection.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        )
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    engine.dispose()


@dataclass
class Production:
    """The running profile: ``replicas`` are Rasa servers' base URLs."""

    replicas: List[Text]
    actions_url: Text
    workdir: Path
    env: Dict[Text, Text]
    processes: Dict[Text, subprocess.Popen]
    tracker_db: Text
    clinic_db: Text
    model: Path
    actions_port: int = 0
    api_token: Text = ""

    def rest(self, replica: int, sender: Text, message: Text, timeout: float = 60) -> List[Dict]:
        response = requests.post(
            f"{self.replicas[replica % len(self.replicas)]}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=timeout,
        )
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: Text, replica: int = 0) -> Dict:
        response = requests.get(
            f"{self.replicas[replica]}/conversations/{sender}/tracker",
            params={"token": self.api_token},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def logs(self) -> Text:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.workdir.glob("*.log")))

    def stop(self, name: Text) -> None:
        stop_processes({name: self.processes.pop(name)})

    def start_actions(self) -> None:
        """(Re)starts the action server on its port."""
        self.actions_url, self.processes["actions"] = start_actions(
            self.workdir, self.env, port=self.actions_port
        )

    def start_replica(self, index: int) -> None:
        """(Re)starts replica ``index`` on its port, after it was stopped."""
        port = int(self.replicas[index].rsplit(":", 1)[1])
        url, self.processes[f"rasa{index}"] = start_rasa(
            self.workdir,
            self.env,
            self.model,
            self.actions_url,
            port=port,
            endpoints=ENDPOINTS,
            name=f"rasa{index}-restarted-{uuid.uuid4().hex[:4]}",
            extra_args=["--enable-api", "--auth-token", self.api_token],
        )
        assert url == self.replicas[index]


def profile_env(
    tracker_db: Text,
    clinic_db: Text,
    extra: Optional[Dict[Text, Text]] = None,
    ports: Optional[Dict[Text, int]] = None,
) -> Dict[Text, Text]:
    """What deploy/endpoints.yml and the action server read, for this run.

    ``ports`` may route the Rasa replicas' tracker store ("tracker_db"), their
    lock store ("redis") or the action server's request store ("clinic_db")
    through other ports (a test's proxy, to take that part down)."""
    ports = {"tracker_db": PG_PORT, "redis": REDIS_PORT, "clinic_db": PG_PORT, **(ports or {})}
    return _env(
        {
            "TRACKER_DB_URL": pg_url(tracker_db, ports["tracker_db"]),
            "REDIS_HOST": REDIS_HOST,
            "REDIS_PORT": str(ports["redis"]),
            "REDIS_LOCK_DB": REDIS_LOCK_DB,
            "REDIS_PASSWORD": "",
            "CLINIC_DB_URL": pg_url(clinic_db, ports["clinic_db"]),
            "SMS_STATE_DB_URL": pg_url(clinic_db),
            **(extra or {}),
        }
    )


@contextlib.contextmanager
def running_production(
    model: Path = DEFAULT_MODEL,
    replicas: int = 2,
    env: Optional[Dict[Text, Text]] = None,
    ports: Optional[Dict[Text, int]] = None,
) -> Iterator[Production]:
    """Two (or more) Rasa replicas sharing PostgreSQL and Redis, until the block ends.

    ``ports``: see profile_env (a test's proxies in front of a part)."""
    if not Path(model).exists():
        raise FileNotFoundError(f"No trained model at {model}: run `make train`.")
    run = uuid.uuid4().hex[:10]
    tracker_db, clinic_db = f"clinic_test_trackers_{run}", f"clinic_test_requests_{run}"
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="production-")))
        for name in (tracker_db, clinic_db):
            create_database(name)
            stack.callback(drop_database, name)
        full_env = profile_env(tracker_db, clinic_db, env, ports)
        subprocess.run(
            [sys.executable, "-m", "frontdesk.cli", "init-db"],
            cwd=ROOT,
            env={**full_env, "CLINIC_DB_URL": pg_url(clinic_db)},
            check=True,
            capture_output=True,
        )
        processes: Dict[Text, subprocess.Popen] = {}
        stack.callback(stop_processes, processes)
        actions_port = free_port()
        actions_url, processes["actions"] = start_actions(workdir, full_env, port=actions_port)
        token = secrets.token_hex(24)
        # start the replicas together (each loads the model), then wait for each
        pending = [
            spawn_rasa(
                workdir,
                full_env,
                Path(model),
                actions_url,
                endpoints=ENDPOINTS,
                name=f"rasa{index}",
                extra_args=["--enable-api", "--auth-token", token],
            )
            for index in range(replicas)
        ]
        for index, (_, process, _) in enumerate(pending):
            processes[f"rasa{index}"] = process
        for url, process, log in pending:
            wait_until_up(f"{url}/", process, log, timeout=300)
        urls = [url for url, _, _ in pending]
        yield Production(
            urls,
            actions_url,
            workdir,
            full_env,
            processes,
            tracker_db,
            clinic_db,
            Path(model),
            actions_port,
            token,
        )
