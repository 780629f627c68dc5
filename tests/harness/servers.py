"""Starts the action server and a Rasa server on free loopback ports.

Used by the trained-model tests, the held-out evaluation and the benchmark, so
that they talk to the assistant the way a patient's channel does: over HTTP.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Text

import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DEFAULT_MODEL = ROOT / "models" / "assistant.tar.gz"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: Text, process: subprocess.Popen, log: Path, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} not up after {timeout}s:\n{log.read_text()[-3000:]}")


def stop_processes(processes: Dict[Text, subprocess.Popen], timeout: float = 30) -> None:
    """Asks every process to stop, then kills those still running after ``timeout``."""
    for process in processes.values():
        process.terminate()
    for process in processes.values():
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Servers:
    rasa_url: Text
    actions_url: Text
    workdir: Path
    processes: Dict[Text, subprocess.Popen]
    api_token: Text
    env: Dict[Text, Text]

    def parse(self, text: Text) -> Dict:
        """NLU only, through Rasa's HTTP API (enabled with a one-off token)."""
        response = requests.post(
            f"{self.rasa_url}/model/parse",
            params={"token": self.api_token},
            json={"text": text},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def rest(self, sender: Text, message: Text, timeout: float = 30) -> List[Dict]:
        response = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=timeout,
        )
        response.raise_for_status()
        return response.json()

    def logs(self) -> Text:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.workdir.glob("*.log")))


def _env(extra: Optional[Dict[Text, Text]]) -> Dict[Text, Text]:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    # the SMS channel refuses to start without secrets: one-off ones for tests
    env.setdefault("TWILIO_AUTH_TOKEN", secrets.token_hex(16))
    env.setdefault("SMS_SENDER_SECRET", secrets.token_urlsafe(32))
    # the secret the Rasa server sends the action server (endpoints.yml)
    env.setdefault("ACTION_SERVER_TOKEN", secrets.token_urlsafe(32))
    env.update(extra or {})
    return env


def start_actions(workdir: Path, env: Dict[Text, Text], port: Optional[int] = None):
    port = port or free_port()
    log = workdir / "actions.log"
    process = subprocess.Popen(
        [str(BIN / "python"), "-m", "actions.server", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/health", process, log)
    return url, process


def spawn_rasa(
    workdir: Path,
    env: Dict[Text, Text],
    model: Path,
    actions_url: Text,
    port: Optional[int] = None,
    endpoints: Optional[Path] = None,
    name: Text = "rasa",
    extra_args: List[Text] = (),
):
    """Starts a Rasa server (``python -m server``: Rasa with the project's
    patches, as every profile runs it) without waiting for it: (url, process, log)."""
    port = port or free_port()
    log = workdir / f"{name}.log"
    env = {**env, "ACTION_ENDPOINT_URL": f"{actions_url}/webhook"}
    # the URL Twilio would sign: this server's own SMS webhook
    env.setdefault("SMS_WEBHOOK_URL", f"http://127.0.0.1:{port}/webhooks/twilio_sms/webhook")
    env.setdefault("TRACKER_DB_URL", f"sqlite:///{workdir / 'trackers.db'}")
    process = subprocess.Popen(
        [
            str(BIN / "python"),
            "-m",
            "server",
            "run",
            "--model",
            str(model),
            "--port",
            str(port),
            "--interface",
            "127.0.0.1",
            "--credentials",
            str(ROOT / "credentials.yml"),
            "--endpoints",
            str(endpoints or ROOT / "endpoints.yml"),
            *extra_args,
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    return f"http://127.0.0.1:{port}", process, log


def start_rasa(*args, **kwargs):
    """Starts a Rasa server and waits until it answers: (url, process)."""
    url, process, log = spawn_rasa(*args, **kwargs)
    wait_until_up(f"{url}/", process, log, timeout=300)
    return url, process


def load_agent(model: Path, actions_url: Optional[Text] = None, action_token: Optional[Text] = None):
    """The trained assistant in this process, as ``python -m server`` runs it:
    the patches applied, the clinic's wording (ContentNLG), an in-memory
    tracker store, and the action server at ``actions_url`` if given (called
    with ``action_token``, default $ACTION_SERVER_TOKEN)."""
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig
    from rasa.utils.log_utils import configure_structlog

    from server import patches

    # `rasa run` configures Rasa's structured log; in a process of our own it
    # would print every debug line, and its parse lines carry the patient's
    # text (and an evaluation set's): only warnings here
    configure_structlog(logging.WARNING)
    patches.apply()
    return Agent.load(
        str(model),
        generator=EndpointConfig(type="server.nlg.ContentNLG"),
        action_endpoint=EndpointConfig(
            f"{actions_url}/webhook",
            headers={"X-Action-Token": action_token or os.environ.get("ACTION_SERVER_TOKEN", "")},
        )
        if actions_url
        else None,
    )


@contextlib.contextmanager
def running(
    model: Path = DEFAULT_MODEL, env: Optional[Dict[Text, Text]] = None, workdir: Optional[Path] = None
) -> Iterator[Servers]:
    """The assistant, running, until the block ends."""
    if not Path(model).exists():
        raise FileNotFoundError(f"No trained model at {model}: run `make train`.")
    with contextlib.ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="assistant-")))
        full_env = _env(env)
        full_env.setdefault("CLINIC_DB_URL", f"sqlite:///{workdir}/clinic.db")
        # this run's own conversations, even when make exports TRACKER_DB_URL
        full_env["TRACKER_DB_URL"] = (env or {}).get(
            "TRACKER_DB_URL"
        ) or f"sqlite:///{workdir / 'trackers.db'}"
        full_env.setdefault("SMS_STATE_DB_URL", f"sqlite:///{workdir}/sms_state.db")
        subprocess.run(
            [sys.executable, "-m", "frontdesk.cli", "init-db"],
            cwd=ROOT,
            env=full_env,
            check=True,
            capture_output=True,
        )
        processes: Dict[Text, subprocess.Popen] = {}
        stack.callback(stop_processes, processes)
        actions_url, processes["actions"] = start_actions(workdir, full_env)
        token = secrets.token_hex(24)  # never starts with '-' (an option to rasa's parser)
        rasa_url, processes["rasa"] = start_rasa(
            workdir,
            full_env,
            Path(model),
            actions_url,
            extra_args=["--enable-api", "--auth-token", token],
        )
        yield Servers(rasa_url, actions_url, workdir, processes, token, full_env)
