"""The chat widget's demo server, run as patients' browsers meet it: a process on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator, List, Optional

import pytest

from tests.harness.servers import free_port, wait_until_up
from tests.paths import ROOT

PYTHON = ROOT / ".venv" / "bin" / "python"


class WidgetServer:
    def __init__(self, process: subprocess.Popen, url: str, log: Path):
        self.process, self.url, self.log = process, url, log

    def stop(self) -> int:
        self.process.terminate()  # SIGTERM
        try:
            return self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(15)
            raise

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


@contextmanager
def widget_server(rasa_url: str, workdir: Path, proxy: bool = True) -> Iterator[WidgetServer]:
    """``python -m widget.serve`` on a free loopback port, until the block ends."""
    port = free_port()
    log = workdir / f"widget-{port}.log"
    args = [
        str(PYTHON) if PYTHON.exists() else sys.executable,
        "-m",
        "widget.serve",
        "--port",
        str(port),
        "--rasa-url",
        rasa_url,
        *(["--proxy"] if proxy else []),
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
        )
    server = WidgetServer(process, f"http://127.0.0.1:{port}", log)
    try:
        wait_until_up(f"{server.url}/healthz", process, log, timeout=30)
        yield server
    finally:
        if process.poll() is None:
            server.stop()


class FakeRasa:
    """A stand-in for Rasa's REST channel: canned replies, and what it was sent."""

    def __init__(self, cors_origin: Optional[str] = None):
        self.received: List[dict] = []
        self.replies: List[dict] = [{"text": "Hello from the fake assistant."}]
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def cors(self):
                if fake.cors_origin:
                    self.send_header("Access-Control-Allow-Origin", fake.cors_origin)
                    self.send_header("Access-Control-Allow-Headers", "Content-Type")
                    self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")

            def do_OPTIONS(self):
                self.send_response(204)
                self.cors()
                self.send_header("Content-Length", "0")
                self.end_headers()

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                fake.received.append({"path": self.path, "json": json.loads(body)})
                reply = json.dumps(fake.replies).encode()
                self.send_response(200)
                self.cors()
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

        self.cors_origin = cors_origin
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeRasa:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def fake_rasa() -> Iterator[FakeRasa]:
    with FakeRasa() as fake:
        yield fake
