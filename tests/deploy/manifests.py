"""Reading the deployment files the way Kubernetes and Compose would see them."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Set

import yaml

from tests.paths import ROOT

DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
COMPOSE = DEPLOY / "compose.yml"
ENDPOINTS = DEPLOY / "endpoints.yml"
RASA_SCRIPT = DEPLOY / "rasa-server.sh"
README = DEPLOY / "README.md"

# Environment variables whose values are secrets, by name.
SECRET_NAME = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|PRIVATE_KEY")
# Variables whose values embed a password (database URLs with credentials).
CREDENTIAL_URLS = {"CLINIC_DB_URL", "TRACKER_DB_URL", "SMS_STATE_DB_URL"}
ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}")
# ${VAR:?message} / ${VAR?message}: Compose refuses to start without VAR.
REQUIRED_REFERENCE = re.compile(r"^:?\?")


def is_secret_name(name: str) -> bool:
    return bool(SECRET_NAME.search(name.upper())) or name in CREDENTIAL_URLS


def env_references(text: str) -> Set[str]:
    """Names of the ${VAR} references in a file's text (comments left out)."""
    lines = [line.split("#", 1)[0] for line in text.splitlines()]
    return {m.group(1) for m in ENV_REFERENCE.finditer("\n".join(lines))}


# -- Kubernetes ---------------------------------------------------------------


def k8s_files() -> List[Path]:
    return sorted(K8S.glob("*.yml")) + sorted(K8S.glob("*.yaml"))


def k8s_documents() -> List[dict]:
    docs = []
    for path in k8s_files():
        for doc in yaml.safe_load_all(path.read_text()):
            if doc is not None:
                docs.append(doc)
    return docs


def k8s_objects(kind: str, docs: Optional[List[dict]] = None) -> List[dict]:
    return [d for d in (docs if docs is not None else k8s_documents()) if d.get("kind") == kind]


def k8s_object(kind: str, name: str, docs: Optional[List[dict]] = None) -> dict:
    found = [d for d in k8s_objects(kind, docs) if d["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind} named {name!r} in deploy/k8s/, found {len(found)}"
    return found[0]


def pod_spec(workload: dict) -> dict:
    """The pod spec of a Deployment, Job or CronJob."""
    if workload["kind"] == "CronJob":
        return workload["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return workload["spec"]["template"]["spec"]


def pod_labels(workload: dict) -> Dict[str, str]:
    if workload["kind"] == "CronJob":
        template = workload["spec"]["jobTemplate"]["spec"]["template"]
    else:
        template = workload["spec"]["template"]
    return template.get("metadata", {}).get("labels", {})


def workloads(docs: Optional[List[dict]] = None) -> List[dict]:
    docs = docs if docs is not None else k8s_documents()
    return [d for d in docs if d.get("kind") in ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob")]


def containers(workload: dict, init: bool = True) -> List[dict]:
    spec = pod_spec(workload)
    return [*(spec.get("initContainers", []) if init else []), *spec["containers"]]


def container(workload: dict, name: str) -> dict:
    found = [c for c in containers(workload) if c["name"] == name]
    assert len(found) == 1, f"no container {name!r} in {workload['kind']} {workload['metadata']['name']}"
    return found[0]


def selector_matches(selector: Dict[str, str], labels: Dict[str, str]) -> bool:
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


@dataclass(frozen=True)
class EnvSource:
    """Where a container's variable comes from: a literal, a ConfigMap key or a Secret key."""

    kind: str  # "value", "configMap", "secret", "field"
    value: Optional[str] = None
    name: Optional[str] = None
    key: Optional[str] = None


def container_env(c: dict, docs: Optional[List[dict]] = None) -> Dict[str, EnvSource]:
    """Every variable a container gets, from envFrom (resolved against the
    ConfigMaps in deploy/k8s/) and env, later entries winning as in Kubernetes."""
    env: Dict[str, EnvSource] = {}
    for source in c.get("envFrom", []):
        if "configMapRef" in source:
            cm = k8s_object("ConfigMap", source["configMapRef"]["name"], docs)
            prefix = source.get("prefix", "")
            for key, value in cm.get("data", {}).items():
                env[prefix + key] = EnvSource("configMap", str(value), cm["metadata"]["name"], key)
        elif "secretRef" in source:
            raise AssertionError("envFrom secretRef hides which keys a container needs: use secretKeyRef")
    for var in c.get("env", []):
        if "value" in var:
            env[var["name"]] = EnvSource("value", str(var["value"]))
        elif "secretKeyRef" in var.get("valueFrom", {}):
            ref = var["valueFrom"]["secretKeyRef"]
            env[var["name"]] = EnvSource("secret", None, ref["name"], ref["key"])
        elif "configMapKeyRef" in var.get("valueFrom", {}):
            ref = var["valueFrom"]["configMapKeyRef"]
            cm = k8s_object("ConfigMap", ref["name"], docs)
            assert ref["key"] in cm.get("data", {}), (
                f"{var['name']}: ConfigMap {ref['name']} has no key {ref['key']}"
            )
            env[var["name"]] = EnvSource("configMap", str(cm["data"][ref["key"]]), ref["name"], ref["key"])
        else:
            env[var["name"]] = EnvSource("field")
    return env


def argv(c: dict) -> List[str]:
    """What a container runs: command + args (the image's CMD when neither is set)."""
    return [*c.get("command", []), *c.get("args", [])]


# -- Compose ------------------------------------------------------------------


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def compose_env(service: dict) -> Dict[str, Optional[str]]:
    env = service.get("environment", {})
    if isinstance(env, list):
        pairs = [item.split("=", 1) for item in env]
        return {p[0]: (p[1] if len(p) > 1 else None) for p in pairs}
    return {k: (None if v is None else str(v)) for k, v in env.items()}


def compose_argv(service: dict) -> List[str]:
    command = service.get("command", [])
    return shlex.split(command) if isinstance(command, str) else [str(x) for x in command]


def compose_references(value: str) -> Iterator[re.Match]:
    return ENV_REFERENCE.finditer(value)


# -- Rasa ---------------------------------------------------------------------


def rasa_script_argv(site_origins: str = "https://clinic.example") -> List[str]:
    """The rasa command line of deploy/rasa-server.sh: its `exec` line, as the shell splits it."""
    text = RASA_SCRIPT.read_text().replace("\\\n", " ")
    execs = [line.strip() for line in text.splitlines() if line.strip().startswith("exec ")]
    assert len(execs) == 1, "deploy/rasa-server.sh should end in one `exec python -m server ...` line"
    line = execs[0].replace("$SITE_ORIGINS", site_origins).replace("${SITE_ORIGINS}", site_origins)
    return shlex.split(line)[1:]
