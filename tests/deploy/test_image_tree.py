"""The image's file tree runs: the Dockerfile's runtime COPY lines, copied
into a temporary folder, and the action server and Rasa started from there.

A file the servers read at run time but the Dockerfile does not copy shows up
here, not in production: once, the article search read data/, which the image
leaves out, and every fallback turn and every procedure described rather than
named ended in the apology.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import List, Tuple

import pytest
import requests
from dockerfile_parse import DockerfileParser

from tests.evaluation.checks import TOPICS, reply_text
from tests.harness.servers import _env, free_port, stop_processes, wait_until_up
from tests.paths import ROOT

pytestmark = pytest.mark.model
APOLOGY = "something went wrong"


def runtime_copies(dockerfile: Path = ROOT / "Dockerfile") -> List[Tuple[str, str]]:
    """(source, destination) of each COPY of the last stage that takes files
    from the build context (not --from another stage)."""
    parser = DockerfileParser(path=str(dockerfile))
    stages: List[List[dict]] = []
    for instruction in parser.structure:
        if instruction["instruction"] == "FROM":
            stages.append([])
        elif stages:
            stages[-1].append(instruction)
    copies = []
    for instruction in stages[-1]:
        if instruction["instruction"] != "COPY" or "--from" in instruction["value"]:
            continue
        *sources, destination = instruction["value"].split()
        copies += [(source, destination) for source in sources]
    return copies


def build_tree(root: Path) -> Path:
    for source, destination in runtime_copies():
        target = root / destination
        if (ROOT / source).is_dir():
            shutil.copytree(ROOT / source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target = target / Path(source).name if destination.endswith("/") else target
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(ROOT / source, target)
    (root / "models").mkdir()
    shutil.copyfile(ROOT / "models" / "assistant.tar.gz", root / "models" / "assistant.tar.gz")
    return root


def test_the_dockerfile_copies_no_training_data():
    assert not [s for s, _ in runtime_copies() if s.rstrip("/") == "data"]


@pytest.fixture(scope="module")
def image_tree(trained_model, tmp_path_factory):
    tree = build_tree(tmp_path_factory.mktemp("image") / "app")
    work = tmp_path_factory.mktemp("image-work")
    endpoints = work / "endpoints.yml"
    endpoints.write_text(
        "action_endpoint:\n  url: ${ACTION_ENDPOINT_URL}\n"
        "  headers:\n    X-Action-Token: ${ACTION_SERVER_TOKEN}\nnlg:\n  type: server.nlg.ContentNLG\n"
        "tracker_store:\n  type: stores.tracker_store.PrivateSQLTrackerStore\n"
        "  url: ${TRACKER_DB_URL}\n"
    )
    actions_port, rasa_port = free_port(), free_port()
    env = _env(
        {
            "CLINIC_DB_URL": f"sqlite:///{work}/clinic.db",
            "TRACKER_DB_URL": f"sqlite:///{work}/t.db",
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_port}/webhook",
            "SMS_WEBHOOK_URL": f"http://127.0.0.1:{rasa_port}/webhooks/twilio_sms/webhook",
            "PYTHONPATH": "",
        }
    )
    env.pop("CLINIC_CONTENT_DIR", None)
    python = str(Path(sys.executable))
    processes = {}
    try:
        subprocess.run(
            [python, "-m", "frontdesk.cli", "init-db"], cwd=tree, env=env, check=True, capture_output=True
        )
        log = (work / "actions.log").open("wb")
        processes["actions"] = subprocess.Popen(
            [python, "-m", "actions.server", "--host", "127.0.0.1", "--port", str(actions_port)],
            cwd=tree,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_until_up(f"http://127.0.0.1:{actions_port}/health", processes["actions"], work / "actions.log")
        log = (work / "rasa.log").open("wb")
        processes["rasa"] = subprocess.Popen(
            [
                python,
                "-m",
                "server",
                "run",
                "--model",
                "models/assistant.tar.gz",
                "--port",
                str(rasa_port),
                "--interface",
                "127.0.0.1",
                "--endpoints",
                str(endpoints),
                "--credentials",
                "credentials.yml",
            ],
            cwd=tree,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", processes["rasa"], work / "rasa.log", timeout=300)
        yield f"http://127.0.0.1:{rasa_port}", work
    finally:
        stop_processes(processes)


def says(url, text):
    response = requests.post(
        f"{url}/webhooks/rest/webhook", json={"sender": "image-test", "message": text}, timeout=60
    )
    response.raise_for_status()
    return reply_text(response.json())


def test_a_fallback_turn_is_answered_from_the_image_tree(image_tree):
    url, work = image_tree
    reply = says(url, "blorp zzzq wibble")
    assert APOLOGY not in reply and "Talk to a person" in reply
    assert "Traceback" not in (work / "actions.log").read_text(errors="replace")


def test_a_procedure_described_not_named_is_answered_from_the_image_tree(image_tree):
    url, work = image_tree
    reply = says(url, "what is the thing where they burn the nerves with heat")
    assert APOLOGY not in reply and TOPICS["rfa"].matches(reply), reply
    assert "Traceback" not in (work / "actions.log").read_text(errors="replace")
