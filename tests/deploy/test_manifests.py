"""The deployment files (deploy/k8s/, deploy/compose.yml) against the Kubernetes
OpenAPI schemas, the Compose specification, and what this project needs of them.
No container engine or cluster needed: everything here is read, not run."""

from __future__ import annotations

import copy
import json
import re
from urllib.parse import urlsplit

import jsonschema
import kubernetes_validate
import pytest
import yaml
from sqlalchemy.engine import make_url

from tests.deploy.manifests import (
    COMPOSE,
    DEPLOY,
    ENDPOINTS,
    README,
    compose,
    compose_argv,
    compose_env,
    container,
    container_env,
    containers,
    env_references,
    is_secret_name,
    k8s_documents,
    k8s_files,
    k8s_object,
    k8s_objects,
    pod_labels,
    pod_spec,
    rasa_script_argv,
    selector_matches,
    workloads,
)
from tests.paths import ROOT

# The oldest Kubernetes minor these manifests must work on (CronJob timeZone
# is GA from 1.27); kubernetes-validate 1.28.3 ships schemas up to 1.28.
K8S_VERSION = "1.28"
NAMESPACE = "momentum-clinic"
SECRET = "clinic-secrets"
# Resident memory measured with deploy/measure_memory.py (MiB): requests must
# cover it, limits must leave room above it.
MEASURED_MIB = {"rasa": 1241, "actions": 575, "frontdesk": 77, "purge": 66, "init-db": 66}
PROBE_PATHS = {"rasa": ("/", 5005), "actions": ("/health", 5055), "frontdesk": ("/healthz", 5010)}


def rasa_variables() -> set:
    """Every ${VAR} the Rasa server's config files read: deploy/endpoints.yml and credentials.yml."""
    return env_references(ENDPOINTS.read_text()) | env_references((ROOT / "credentials.yml").read_text())


def quantity_mib(value) -> float:
    units = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024, "K": 1e3 / 2**20, "M": 1e6 / 2**20, "G": 1e9 / 2**20}
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMG]i?)?", str(value))
    assert match, f"unreadable memory quantity {value!r}"
    return float(match.group(1)) * units.get(match.group(2), 1 / 2**20)


def quantity_cpu(value) -> float:
    text = str(value)
    return float(text[:-1]) / 1000 if text.endswith("m") else float(text)


# -- Kubernetes: the schemas --------------------------------------------------


def _documents_with_ids():
    for path in k8s_files():
        for doc in yaml.safe_load_all(path.read_text()):
            if doc is not None:
                yield pytest.param(
                    doc, id=f"{path.name}:{doc.get('kind')}/{doc.get('metadata', {}).get('name')}"
                )


@pytest.mark.parametrize("document", list(_documents_with_ids()))
def test_k8s_manifest_matches_the_kubernetes_openapi_schema(document):
    kubernetes_validate.validate(document, K8S_VERSION, strict=True)


def test_the_k8s_validator_rejects_what_a_cluster_would():
    rasa = k8s_object("Deployment", "rasa")
    typo = copy.deepcopy(rasa)
    typo["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {
        "httpGet": {"path": "/", "port": 5005}
    }
    wrong_type = copy.deepcopy(rasa)
    wrong_type["spec"]["replicas"] = "two"
    for broken in (typo, wrong_type):
        with pytest.raises(kubernetes_validate.ValidationError):
            kubernetes_validate.validate(broken, K8S_VERSION, strict=True)


def test_k8s_has_every_part_and_no_secret_values():
    docs = k8s_documents()
    for kind, name in [
        ("ConfigMap", "clinic-config"),
        ("Deployment", "rasa"),
        ("Deployment", "actions"),
        ("Deployment", "frontdesk"),
        ("Service", "rasa"),
        ("Service", "actions"),
        ("Service", "frontdesk"),
        ("CronJob", "retention-purge"),
    ]:
        k8s_object(kind, name, docs)
    assert k8s_objects("NetworkPolicy", docs)
    assert not k8s_objects("Secret", docs), "secrets are created by hand (deploy/README.md), never committed"
    for doc in docs:
        if doc["kind"] != "Namespace":
            assert doc["metadata"].get("namespace") == NAMESPACE, f"{doc['kind']} {doc['metadata']['name']}"


# -- Kubernetes: what this project needs --------------------------------------


def test_k8s_runs_at_least_two_rasa_replicas():
    assert k8s_object("Deployment", "rasa")["spec"]["replicas"] >= 2


def _port_number(c: dict, port) -> int:
    if isinstance(port, int):
        return port
    named = [p["containerPort"] for p in c.get("ports", []) if p.get("name") == port]
    assert named, f"container {c['name']} has no port named {port!r}"
    return named[0]


@pytest.mark.parametrize("name", sorted(PROBE_PATHS))
def test_k8s_probes_ask_the_servers_health_paths(name):
    path, port = PROBE_PATHS[name]
    c = container(k8s_object("Deployment", name), name)
    assert port in [p["containerPort"] for p in c["ports"]]
    probes = ["readinessProbe", "livenessProbe"] + (["startupProbe"] if name in ("rasa", "actions") else [])
    for probe in probes:
        assert probe in c, f"{name} has no {probe}"
        get = c[probe]["httpGet"]
        assert (get["path"], _port_number(c, get["port"])) == (path, port), f"{name} {probe}"


def test_k8s_rasa_startup_probe_waits_for_the_model():
    startup = container(k8s_object("Deployment", "rasa"), "rasa")["startupProbe"]
    budget = startup.get("initialDelaySeconds", 0) + startup.get("periodSeconds", 10) * startup.get(
        "failureThreshold", 3
    )
    assert budget >= 300, f"the model can take minutes to load on a busy node; the probe allows {budget}s"


def test_k8s_services_reach_their_pods():
    docs = k8s_documents()
    for service in k8s_objects("Service", docs):
        selector = service["spec"]["selector"]
        targets = [
            w for w in workloads(docs) if w["kind"] != "CronJob" and selector_matches(selector, pod_labels(w))
        ]
        assert len(targets) == 1, f"Service {service['metadata']['name']} selects {len(targets)} workloads"
        ports = {p["containerPort"] for c in containers(targets[0], init=False) for p in c.get("ports", [])}
        for port in service["spec"]["ports"]:
            assert port.get("targetPort", port["port"]) in ports, f"Service {service['metadata']['name']}"


def test_k8s_urls_in_the_config_name_real_services():
    docs = k8s_documents()
    config = k8s_object("ConfigMap", "clinic-config", docs)["data"]
    for variable, service in [("ACTION_ENDPOINT_URL", "actions"), ("RASA_URL", "rasa")]:
        url = urlsplit(config[variable])
        ports = [p["port"] for p in k8s_object("Service", service, docs)["spec"]["ports"]]
        assert (url.hostname, url.port) in [(service, p) for p in ports], f"{variable}={config[variable]}"
    assert urlsplit(config["ACTION_ENDPOINT_URL"]).path == "/webhook"


def test_k8s_only_rasa_pods_reach_the_action_server():
    docs = k8s_documents()
    actions_labels = pod_labels(k8s_object("Deployment", "actions", docs))
    policies = [
        p
        for p in k8s_objects("NetworkPolicy", docs)
        if selector_matches(p["spec"]["podSelector"].get("matchLabels", {}), actions_labels)
    ]
    assert policies, "no NetworkPolicy selects the action server's pods"
    for policy in policies:
        assert "Ingress" in policy["spec"]["policyTypes"]
        for rule in policy["spec"].get("ingress", []):
            assert rule.get("from"), "an ingress rule without `from` admits every pod"
            for peer in rule["from"]:
                assert set(peer) == {"podSelector"}, f"only pods of this namespace: {peer}"
                admitted = [
                    w["metadata"]["name"]
                    for w in workloads(docs)
                    if selector_matches(peer["podSelector"].get("matchLabels", {}), pod_labels(w))
                ]
                assert admitted == ["rasa"], f"the policy admits {admitted}"
            assert [p["port"] for p in rule.get("ports", [])] == [5055]


def test_k8s_containers_have_requests_and_limits_from_measurement():
    for workload in workloads():
        for c in containers(workload):
            resources = c.get("resources", {})
            requests, limits = resources.get("requests", {}), resources.get("limits", {})
            where = f"{workload['metadata']['name']}/{c['name']}"
            assert {"cpu", "memory"} <= set(requests) and {"cpu", "memory"} <= set(limits), where
            assert quantity_cpu(limits["cpu"]) >= quantity_cpu(requests["cpu"]), where
            request, limit = quantity_mib(requests["memory"]), quantity_mib(limits["memory"])
            measured = MEASURED_MIB[c["name"]]
            assert request >= measured, f"{where}: request {request:.0f} MiB < measured {measured} MiB"
            assert limit >= 1.3 * measured and limit >= request, f"{where}: limit {limit:.0f} MiB too tight"


def test_k8s_pods_run_unprivileged_with_writable_tmp():
    for workload in workloads():
        spec = pod_spec(workload)
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"].get("runAsUser", 1) != 0
        tmp_volumes = {v["name"] for v in spec.get("volumes", []) if "emptyDir" in v}
        for c in containers(workload):
            security = c["securityContext"]
            assert security["allowPrivilegeEscalation"] is False
            assert security["capabilities"]["drop"] == ["ALL"]
            if security.get("readOnlyRootFilesystem"):
                # HOME and Python's temporary files are in /tmp (Dockerfile)
                init = c in pod_spec(workload).get("initContainers", [])
                mounts = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
                assert init or mounts.get("/tmp") in tmp_volumes, f"{c['name']}: no writable /tmp"


def test_k8s_sms_state_is_shared_by_the_replicas():
    # opt-outs and pending SMS replies: in PostgreSQL, not in a pod's SQLite file
    env = container_env(container(k8s_object("Deployment", "rasa"), "rasa"))
    assert env["SMS_STATE_DB_URL"].kind == "secret"
    literal = re.search(r"--from-literal=SMS_STATE_DB_URL=\"?([^\s\"]+)", README.read_text())
    assert literal and literal.group(1).startswith("postgresql"), (
        "README: SMS_STATE_DB_URL must be PostgreSQL"
    )


def test_k8s_secrets_come_from_the_secret_only():
    docs = k8s_documents()
    for name, value in k8s_object("ConfigMap", "clinic-config", docs)["data"].items():
        assert not is_secret_name(name), f"ConfigMap key {name} is a secret"
        assert not re.search(r"://[^/@\s]+:[^/@\s]+@", str(value)), f"ConfigMap {name} holds credentials"
    for workload in workloads(docs):
        for c in containers(workload):
            defined = []
            for var in c.get("env", []):
                name = var["name"]
                where = f"{workload['metadata']['name']}/{c['name']}: {name}"
                if "value" in var:
                    assert not is_secret_name(name) or set(re.findall(r"\$\((\w+)\)", var["value"])), where
                    # a composed URL: its password is a $(VAR) from the Secret, defined above it
                    for ref in re.findall(r"\$\((\w+)\)", var["value"]):
                        assert ref in defined, f"{where}: $({ref}) is not defined before it"
                    assert not re.search(r"://[^/@\s$]+:[^/@\s$(]+@", var["value"]), (
                        f"{where} embeds a password"
                    )
                elif is_secret_name(name):
                    assert "secretKeyRef" in var["valueFrom"], f"{where} must come from a secretKeyRef"
                    assert var["valueFrom"]["secretKeyRef"]["name"] == SECRET, where
                defined.append(name)


def test_k8s_readme_creates_every_secret_key_the_manifests_read():
    wanted = set()
    for workload in workloads():
        for c in containers(workload):
            for var in c.get("env", []):
                ref = var.get("valueFrom", {}).get("secretKeyRef")
                if ref:
                    wanted.add(ref["key"])
    commands = re.findall(
        r"kubectl create secret generic " + SECRET + r"\b.*?(?:\n\n|```)", README.read_text(), re.S
    )
    assert len(commands) == 1, (
        "deploy/README.md should show one `kubectl create secret generic clinic-secrets` command"
    )
    created = set(re.findall(r"--from-literal=(\w+)=", commands[0]))
    assert created == wanted


def test_k8s_rasa_gets_every_variable_its_config_reads():
    c = container(k8s_object("Deployment", "rasa"), "rasa")
    env = container_env(c)
    missing = rasa_variables() - set(env)
    assert not missing, f"the rasa container lacks {sorted(missing)}"
    assert "SITE_ORIGINS" in env, "deploy/rasa-server.sh needs SITE_ORIGINS"


def test_k8s_retention_purge_runs_daily_on_both_databases():
    job = k8s_object("CronJob", "retention-purge")
    minute, hour, day, month, weekday = job["spec"]["schedule"].split()
    assert minute.isdigit() and hour.isdigit() and (day, month, weekday) == ("*", "*", "*")
    assert job["spec"]["concurrencyPolicy"] == "Forbid"
    c = container(job, "purge")
    env = container_env(c)
    assert {"CLINIC_DB_URL", "TRACKER_DB_URL", "RETENTION_DAYS"} <= set(env)
    # the same database URL the Rasa replicas write conversations to
    rasa = container_env(container(k8s_object("Deployment", "rasa"), "rasa"))
    assert env["TRACKER_DB_URL"].kind == rasa["TRACKER_DB_URL"].kind == "secret"
    assert env["TRACKER_DB_URL"].key == rasa["TRACKER_DB_URL"].key == "TRACKER_DB_URL"


def test_k8s_app_containers_share_one_pinned_image():
    images = {c["image"] for w in workloads() for c in containers(w)}
    assert len(images) == 1, images
    assert not images.pop().endswith(":latest")


# -- Compose ------------------------------------------------------------------


def compose_schema() -> dict:
    return json.loads((DEPLOY / "schema" / "compose-spec.json").read_text())


def test_compose_file_matches_the_compose_specification():
    validator = jsonschema.Draft202012Validator(compose_schema())
    errors = sorted(validator.iter_errors(compose()), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def test_the_compose_schema_rejects_what_compose_would():
    validator = jsonschema.Draft202012Validator(compose_schema())
    typo = compose()
    typo["services"]["rasa"]["healthchek"] = typo["services"]["rasa"].pop("healthcheck")
    bad_condition = compose()
    bad_condition["services"]["rasa"]["depends_on"]["actions"]["condition"] = "service_ready"
    for broken in (typo, bad_condition):
        assert list(validator.iter_errors(broken))


def test_compose_has_every_part():
    assert {"postgres", "redis", "actions", "rasa", "frontdesk", "proxy"} <= set(compose()["services"])


def test_compose_runs_at_least_two_rasa_replicas():
    replicas = compose()["services"]["rasa"]["deploy"]["replicas"]
    assert isinstance(replicas, int) and replicas >= 2
    assert "container_name" not in compose()["services"]["rasa"], "replicas cannot share a container name"


@pytest.mark.parametrize("name", sorted(PROBE_PATHS))
def test_compose_healthchecks_ask_the_servers_health_paths(name):
    path, port = PROBE_PATHS[name]
    test = " ".join(compose()["services"][name]["healthcheck"]["test"])
    assert re.findall(r"http://127\.0\.0\.1:(\d+)(/[^'\" ]*)", test) == [(str(port), path)]


def test_compose_action_server_is_reachable_from_rasa_only():
    services = compose()["services"]
    actions = services["actions"]
    assert "ports" not in actions, "the action server must not be published on the host"
    assert all(compose()["networks"][n].get("internal") is True for n in actions["networks"])
    peers = {
        name
        for name, service in services.items()
        if name != "actions" and set(service.get("networks", ["default"])) & set(actions["networks"])
    }
    # Rasa calls it; it calls PostgreSQL (the request store); nothing else shares a network with it
    assert peers == {"rasa", "postgres"}, peers


def test_compose_keeps_postgres_data_in_a_volume():
    postgres = compose()["services"]["postgres"]
    volumes = [v.split(":") for v in postgres["volumes"]]
    data = [v for v in volumes if v[1] == "/var/lib/postgresql/data"]
    assert data and data[0][0] in compose()["volumes"], "PostgreSQL's data must be on a named volume"


def test_compose_secrets_are_required_from_the_environment():
    services = compose()["services"]
    for service_name, service in services.items():
        for name, value in compose_env(service).items():
            where = f"{service_name}: {name}"
            if not is_secret_name(name):
                continue
            assert value is not None, f"{where}: give it as ${{{name}:?...}}"
            references = list(re.finditer(r"\$\{(\w+)([^}]*)\}", value))
            assert references, f"{where} is a literal"
            if name.endswith("_URL"):
                assert not re.search(r"://[^/@\s$]+:[^/@\s$]+@", value), f"{where} embeds a literal password"
            else:
                assert re.fullmatch(r"\$\{\w+:\?[^}]+\}", value), f"{where} must be exactly ${{VAR:?message}}"
    # anywhere in the file (commands too): a secret variable never has a default
    text = COMPOSE.read_text()
    for match in re.finditer(r"\$\{(\w+)([^}]*)\}", text):
        if is_secret_name(match.group(1)):
            assert match.group(2).startswith(":?"), f"{match.group(0)} must be required (:?), with no default"


def test_compose_readme_names_every_required_variable():
    required = {m.group(1) for m in re.finditer(r"\$\{(\w+):\?", COMPOSE.read_text())}
    readme = README.read_text()
    missing = [v for v in sorted(required) if not re.search(rf"\b{v}\b", readme)]
    assert not missing, f"deploy/README.md does not name {missing}"


def test_compose_rasa_gets_every_variable_its_config_reads():
    env = compose_env(compose()["services"]["rasa"])
    missing = rasa_variables() - set(env)
    assert not missing, f"the rasa service lacks {sorted(missing)}"
    assert "SITE_ORIGINS" in env


def test_compose_database_names_agree_with_the_postgres_init():
    services = compose()["services"]
    postgres = compose_env(services["postgres"])
    rasa = compose_env(services["rasa"])
    tracker = make_url(re.sub(r"\$\{[^}]*\}", "pw", rasa["TRACKER_DB_URL"]))
    assert (tracker.host, tracker.database, tracker.username) == (
        "postgres",
        postgres["TRACKER_DB_NAME"],
        postgres["TRACKER_DB_USER"],
    )
    assert (
        rasa["TRACKER_DB_URL"].split("${")[1].split(":?")[0]
        == postgres["TRACKER_DB_PASSWORD"].split("${")[1].split(":?")[0]
    )
    for service in ("actions", "frontdesk", "frontdesk-init"):
        url = make_url(re.sub(r"\$\{[^}]*\}", "pw", compose_env(services[service])["CLINIC_DB_URL"]))
        assert (url.host, url.database, url.username) == (
            "postgres",
            postgres["CLINIC_DB_NAME"],
            postgres["CLINIC_DB_USER"],
        ), service
    assert compose_env(services["frontdesk"])["TRACKER_DB_URL"] == rasa["TRACKER_DB_URL"].replace(
        " (Rasa tracker store)", ""
    )
    init = [v for v in services["postgres"]["volumes"] if "docker-entrypoint-initdb.d" in v]
    assert init and (DEPLOY / init[0].split(":")[0]).resolve().is_file()


def test_compose_sms_state_is_shared_by_the_replicas():
    env = compose_env(compose()["services"]["rasa"])
    url = make_url(re.sub(r"\$\{[^}]*\}", "pw", env["SMS_STATE_DB_URL"]))
    tracker = make_url(re.sub(r"\$\{[^}]*\}", "pw", env["TRACKER_DB_URL"]))
    assert url.get_backend_name() == "postgresql"
    assert (url.host, url.database, url.username) == (tracker.host, tracker.database, tracker.username)


def test_compose_proxy_sends_to_real_services_and_files():
    services = compose()["services"]
    proxy = services["proxy"]
    conf_mount = [v.split(":") for v in proxy["volumes"] if v.split(":")[1].startswith("/etc/nginx/")]
    conf = (DEPLOY / conf_mount[0][0]).resolve().read_text()
    upstreams = set(re.findall(r"http://([a-z0-9_-]+):(\d+)", conf))
    assert ("rasa", "5005") in upstreams and ("frontdesk", "5010") in upstreams
    for host, port in upstreams:
        assert host in services, f"nginx sends to {host}, not a service"
        assert port in " ".join(compose_argv(services[host])) or host == "rasa"
        assert set(services[host]["networks"]) & set(proxy["networks"]), f"proxy cannot reach {host}"
    for source, *_ in (v.split(":") for v in proxy["volumes"]):
        assert (DEPLOY / source).resolve().exists(), f"{source} does not exist"


def test_compose_and_rasa_script_agree_on_the_port():
    argv = rasa_script_argv()
    assert argv[argv.index("--port") + 1] == str(PROBE_PATHS["rasa"][1])


def test_compose_env_example_lists_every_required_variable_without_values():
    required = {m.group(1) for m in re.finditer(r"\$\{(\w+):\?", COMPOSE.read_text())}
    lines = [line.strip() for line in (DEPLOY / "compose.env.example").read_text().splitlines()]
    assignments = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    assert set(assignments) == required
    assert all(value == "" for value in assignments.values()), "the example must hold no values"


def test_compose_restart_policies_are_ones_compose_knows():
    # the schema types `restart` as any string; Compose refuses unknown ones when starting
    for name, service in compose()["services"].items():
        restart = service.get("restart", "no")
        assert re.fullmatch(r"no|always|unless-stopped|on-failure(:\d+)?", restart), (
            f"{name}: restart {restart!r}"
        )
