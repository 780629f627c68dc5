"""Every command the deployment files run is a real entry point, parsed by the
program's own argument parser; and deploy/rasa-server.sh runs what it should."""

from __future__ import annotations

import importlib.util
import os
import subprocess
from pathlib import Path
from typing import List

import pytest
import yaml
from dockerfile_parse import DockerfileParser

from tests.deploy.manifests import (
    RASA_SCRIPT,
    argv,
    compose,
    compose_argv,
    containers,
    k8s_object,
    rasa_script_argv,
    workloads,
)
from tests.paths import ROOT

PORTS = {"rasa": 5005, "actions": 5055, "frontdesk": 5010}
FORBIDDEN = ("--enable-api", "--auth-token", "--jwt-secret")


def _commands():
    for workload in workloads():
        for c in containers(workload):
            yield pytest.param(argv(c), id=f"k8s:{workload['metadata']['name']}/{c['name']}")
    for name, service in compose()["services"].items():
        if "build" in service:  # the project's image
            yield pytest.param(compose_argv(service), id=f"compose:{name}")
    yield pytest.param(
        yaml.safe_load(DockerfileParser(path=str(ROOT / "Dockerfile")).cmd), id="Dockerfile:CMD"
    )


def rasa_parser():
    from rasa.__main__ import create_argument_parser

    return create_argument_parser()


def check_rasa(arguments: List[str]):
    assert not set(FORBIDDEN) & set(arguments), "Rasa's HTTP API stays off in production"
    args = rasa_parser().parse_args(arguments)
    if args.func.__name__ == "run_actions":
        assert importlib.util.find_spec(args.actions), f"no actions package {args.actions!r}"
        assert int(args.port) == PORTS["actions"]
    else:
        assert args.func.__name__ == "run", arguments
        assert args.endpoints == "deploy/endpoints.yml" and (ROOT / args.endpoints).is_file()
        assert (ROOT / args.credentials).is_file()
        assert args.model == "models/assistant.tar.gz"  # where the Dockerfile puts the trained model
        assert int(args.port) == PORTS["rasa"]
        assert args.enable_api is False
        assert args.cors, "browsers may call Rasa only from SITE_ORIGINS"
    return args


def check_frontdesk_web(arguments: List[str], monkeypatch):
    """Runs frontdesk.web's main with these arguments up to the point it would serve."""
    import waitress

    from frontdesk import web

    served = {}
    monkeypatch.setattr(waitress, "serve", lambda app, **kwargs: served.update(kwargs))
    monkeypatch.setenv("CLINIC_DB_URL", "sqlite://")
    monkeypatch.setenv("FRONTDESK_SECRET_KEY", "k" * 40)
    web.main(arguments)
    assert (served["host"], served["port"]) == ("0.0.0.0", PORTS["frontdesk"])


@pytest.mark.parametrize("command", list(_commands()))
def test_command_is_a_real_entry_point(command, monkeypatch):
    assert command, "no command: say what the container runs"
    if command == [str(RASA_SCRIPT.relative_to(ROOT))]:
        assert os.access(RASA_SCRIPT, os.X_OK)
        command = rasa_script_argv()
    if command[0] == "rasa":
        check_rasa(command[1:])
    elif command[:2] == ["python", "-m"]:
        module, rest = command[2], command[3:]
        assert importlib.util.find_spec(module), f"no module {module}"
        if module == "server":  # Rasa's command line, with the project's patches
            check_rasa(rest)
        elif module == "frontdesk.cli":
            from frontdesk.cli import _parser

            _parser().parse_args(rest)
        elif module == "frontdesk.web":
            check_frontdesk_web(rest, monkeypatch)
        elif module == "actions.server":
            from actions.server import _parser as actions_parser

            args = actions_parser().parse_args(rest)
            assert importlib.util.find_spec(args.actions), f"no actions package {args.actions!r}"
            assert (args.host, args.port) == ("0.0.0.0", PORTS["actions"])
        else:
            pytest.fail(f"no check for python -m {module}: add one")
    else:
        pytest.fail(f"unknown entry point {command}")


def test_no_container_or_script_turns_the_http_api_on():
    every = [argv(c) for w in workloads() for c in containers(w)]
    every += [compose_argv(s) for s in compose()["services"].values()]
    code = [line.split("#", 1)[0] for line in RASA_SCRIPT.read_text().splitlines()]
    every.append(" ".join(code).split())
    for words in every:
        assert not [w for w in words for flag in FORBIDDEN if flag in w], words


def test_rasa_runs_the_script_in_both_profiles():
    script = [str(RASA_SCRIPT.relative_to(ROOT))]
    assert compose_argv(compose()["services"]["rasa"]) == script
    rasa = [c for c in containers(k8s_object("Deployment", "rasa")) if c["name"] == "rasa"][0]
    assert argv(rasa) in (script, [])  # [] = the image's CMD, the script


def test_the_retention_job_runs_purge():
    from frontdesk.cli import _parser

    job = k8s_object("CronJob", "retention-purge")
    (c,) = containers(job)
    assert argv(c)[:3] == ["python", "-m", "frontdesk.cli"]
    assert _parser().parse_args(argv(c)[3:]).command == "purge"


# -- deploy/rasa-server.sh, run with a stand-in `python` that prints what
# `python -m server` would get --


@pytest.fixture()
def fake_rasa(tmp_path: Path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").write_text(
        '#!/bin/sh\n[ "$1 $2" = "-m server" ] || exit 3\nshift 2\n'
        'for a in "$@"; do printf "%s\\n" "$a"; done\n'
    )
    (bin_dir / "python").chmod(0o755)
    workdir = tmp_path / "work"
    workdir.mkdir()
    (workdir / "some-file").write_text("")  # a glob of * would find it
    return bin_dir, workdir


def run_script(fake_rasa, origins):
    bin_dir, workdir = fake_rasa
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin"}
    if origins is not None:
        env["SITE_ORIGINS"] = origins
    return subprocess.run(
        [str(RASA_SCRIPT)], cwd=workdir, env=env, capture_output=True, text=True, timeout=30
    )


def test_rasa_script_passes_each_origin_as_its_own_argument(fake_rasa):
    done = run_script(fake_rasa, "https://www.clinic.example  https://clinic.example")
    assert done.returncode == 0, done.stderr
    arguments = done.stdout.splitlines()
    args = check_rasa(arguments)
    assert args.cors == ["https://www.clinic.example", "https://clinic.example"]


def test_rasa_script_never_globs_the_origins(fake_rasa):
    done = run_script(fake_rasa, "*")
    assert done.returncode == 0, done.stderr
    assert check_rasa(done.stdout.splitlines()).cors == ["*"]


@pytest.mark.parametrize("origins", [None, ""])
def test_rasa_script_refuses_to_start_without_origins(fake_rasa, origins):
    done = run_script(fake_rasa, origins)
    assert done.returncode != 0
    assert done.stdout == "", "rasa must not have been started"
    assert "SITE_ORIGINS" in done.stderr
