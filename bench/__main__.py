"""`make bench`: the assistant against two baselines, measured in the same run.

* **default config**: Rasa's default pipeline and policies (what `rasa init`
  writes into config.yml, bench/baseline-config.yml) trained on our domain
  and data, and served exactly as ours is (our channels, tracker store,
  action server and patches): what our configuration is worth.
* **rasa init**: the bot `rasa init` makes (its own domain, data and
  config), on stock Rasa: `rasa run`, Rasa's REST channel, in-memory
  tracker store, none of the project's patches. What a new user would pick
  to compare with.

All are trained here with no cache, into var/bench/, then served one after
the other, never at once. Measured for each: time from spawning Rasa to its
first REST reply, reply latency for one patient at a time and for 20
concurrent patients, messages per second, CPU per message, a 40-turn
conversation (latency of its first and last 10 turns: does it slow down as
the tracker grows?), memory, training time and model size; and, for the
two trained on our data, the regression set's accuracy (tests/evaluation).
Prints the tables; writes reports/bench.json and reports/bench.md.

    python -m bench                      # the real run (~30 min)
    BENCH_SINGLE_REQUESTS=30 BENCH_CONCURRENT_REQUESTS=100 python -m bench --no-train
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Text

import psutil
import requests
import yaml

from bench import stats as bench_stats
from bench.load import Patient, patients, run_load
from tests.evaluation import dialogue, sets
from tests.harness.servers import BIN, ROOT, free_port, running, stop_processes, wait_until_up

HELDOUT = "heldout"
MIB = 1024 * 1024
LONG_TURNS = 40


def rss_mib(pid: int) -> float:
    process = psutil.Process(pid)
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return round(total / MIB, 1)


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process and its children have used so far."""
    process = psutil.Process(pid)
    total = sum(process.cpu_times()[:2])
    for child in process.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.NoSuchProcess:
            pass
    return total


def now() -> Text:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


@dataclass
class Served:
    """A running system: its REST URL and its processes by name."""

    rasa_url: Text
    processes: Dict[Text, subprocess.Popen]


# ------------------------------------------------------------------ the systems


@dataclass
class System:
    name: Text
    label: Text
    train: Callable[[Path], None]  # trains into workdir/models/<name>.tar.gz
    serve: Callable[[Path, Path], contextlib.AbstractContextManager[Served]]  # (model, serve_dir)
    crowd: Callable[[int, int, Text], List[Patient]]  # (requests, seed, prefix)
    accuracy: bool  # measured on the regression set (our domain only)


def _rasa_train(
    config: Path, out: Path, name: Text, cwd: Path, data: List[Text], domain: Text, log: Path, cache: Path
) -> None:
    env = {
        **os.environ,
        "RASA_CACHE_DIRECTORY": str(cache),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }
    command = [
        str(BIN / "rasa"),
        "train",
        "--config",
        str(config),
        "--domain",
        domain,
        "--data",
        *data,
        "--out",
        str(out),
        "--fixed-model-name",
        name,
        "--force",
    ]
    with log.open("wb") as f:
        done = subprocess.run(command, cwd=cwd, env=env, stdout=f, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        raise RuntimeError(f"training {name} failed; see {log}")


def trainer_on_our_data(name: Text, config: Path) -> Callable[[Path], None]:
    def train(workdir: Path) -> None:
        if name != "ours":  # Rasa writes the defaults it filled in into the config file
            copy = workdir / f"{name}-config.yml"
            shutil.copyfile(config, copy)
        _rasa_train(
            config if name == "ours" else copy,
            workdir / "models",
            name,
            ROOT,
            ["data", "content/procedure_names.yml"],
            "domain.yml",
            workdir / f"train-{name}.log",
            workdir / f"cache-{name}",
        )

    return train


def serve_ours(model: Path, serve_dir: Path) -> contextlib.AbstractContextManager[Served]:
    @contextlib.contextmanager
    def served() -> Iterator[Served]:
        env = {
            "TRACKER_DB_URL": f"sqlite:///{serve_dir / 'trackers.db'}",
            "CLINIC_DB_URL": f"sqlite:///{serve_dir / 'clinic.db'}",
        }
        with running(model, env=env, workdir=serve_dir) as servers:
            yield Served(servers.rasa_url, servers.processes)

    return served()


def heldout_crowd(requests: int, seed: int, prefix: Text) -> List[Patient]:
    return patients(sets.load(HELDOUT), requests, seed, prefix)


# -- the bot `rasa init` makes, on stock Rasa

INIT_DIR = "rasa-init"
_workdir = ROOT / "var" / "bench"  # main() sets it to --workdir


def train_rasa_init(workdir: Path) -> None:
    """`rasa init --no-prompt` (it trains too), then the model moved into place."""
    project = workdir / INIT_DIR
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    env = {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "RASA_CACHE_DIRECTORY": str(workdir / "cache-rasa-init"),
    }
    log = workdir / "train-rasa-init.log"
    with log.open("wb") as f:
        done = subprocess.run(
            [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(project)],
            cwd=project,
            env=env,
            stdout=f,
            stderr=subprocess.STDOUT,
        )
    models = sorted((project / "models").glob("*.tar.gz"))
    if done.returncode != 0 or not models:
        raise RuntimeError(f"rasa init failed; see {log}")
    shutil.move(str(models[-1]), workdir / "models" / "rasa-init.tar.gz")


def serve_rasa_init(model: Path, serve_dir: Path) -> contextlib.AbstractContextManager[Served]:
    @contextlib.contextmanager
    def served() -> Iterator[Served]:
        port = free_port()
        project = model.parents[1] / INIT_DIR
        log = serve_dir / "rasa.log"
        env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
        process = subprocess.Popen(
            [
                str(BIN / "rasa"),
                "run",
                "--model",
                str(model),
                "--port",
                str(port),
                "--interface",
                "127.0.0.1",
            ],
            cwd=project,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        processes = {"rasa": process}
        try:
            wait_until_up(f"http://127.0.0.1:{port}/", process, log, timeout=300)
            yield Served(f"http://127.0.0.1:{port}", processes)
        finally:
            stop_processes(processes)

    return served()


def rasa_init_crowd(requests: int, seed: int, prefix: Text) -> List[Patient]:
    """Its users: 2-5 of its own training examples each."""
    project = _workdir / INIT_DIR
    data = yaml.safe_load((project / "data" / "nlu.yml").read_text(encoding="utf-8"))
    examples = [
        line.strip()[2:]
        for item in data["nlu"]
        if "intent" in item
        for line in item["examples"].splitlines()
        if line.strip()
    ]
    rng = random.Random(seed)
    run, out, left = uuid.uuid4().hex[:8], [], requests
    while left > 0:
        messages = [rng.choice(examples) for _ in range(rng.randint(2, 5))][:left]
        out.append(Patient(f"{prefix}-{run}-{len(out)}", messages))
        left -= len(messages)
    return out


SYSTEMS = {
    "ours": System(
        "ours", "Ours", trainer_on_our_data("ours", ROOT / "config.yml"), serve_ours, heldout_crowd, True
    ),
    "default-config": System(
        "default-config",
        "Rasa default config",
        trainer_on_our_data("default-config", ROOT / "bench" / "baseline-config.yml"),
        serve_ours,
        heldout_crowd,
        True,
    ),
    "rasa-init": System(
        "rasa-init", "rasa init bot", train_rasa_init, serve_rasa_init, rasa_init_crowd, False
    ),
}


# ------------------------------------------------------------------ measuring


def first_answer(served: Served) -> float:
    """Seconds from spawning the Rasa process until its first REST reply."""
    spawned = psutil.Process(served.processes["rasa"].pid).create_time()
    requests.post(
        f"{served.rasa_url}/webhooks/rest/webhook",
        timeout=120,
        json={"sender": f"bench-first-{uuid.uuid4().hex}", "message": "hello"},
    ).raise_for_status()
    return round(time.time() - spawned, 2)


def long_conversation(served: Served, system: System) -> Dict:
    """One patient, LONG_TURNS turns: p50 of the first and of the last 10."""
    messages = [m for p in system.crowd(LONG_TURNS, 5, "bench-long") for m in p.messages][:LONG_TURNS]
    crowd = [Patient(f"bench-long-{uuid.uuid4().hex}", messages)]
    load = run_load(served.rasa_url, crowd, 1)
    first, last = load.latencies_s[:10], load.latencies_s[-10:]
    return {
        "turns": len(load.latencies_s),
        "errors": load.errors,
        "p50_first10_ms": bench_stats.percentile_ms(first, 50),
        "p50_last10_ms": bench_stats.percentile_ms(last, 50),
    }


def measure(system: System, workdir: Path, args) -> Dict:
    model = workdir / "models" / f"{system.name}.tar.gz"
    serve_dir = workdir / f"serve-{system.name}"
    shutil.rmtree(serve_dir, ignore_errors=True)
    serve_dir.mkdir(parents=True)
    results: Dict = {"model_mb": round(model.stat().st_size / MIB, 1)}
    print(f"Serving {system.label} (logs: {serve_dir.relative_to(ROOT)}/) ...", flush=True)
    with system.serve(model, serve_dir) as served:
        results["start_to_first_answer_s"] = first_answer(served)
        print(f"  first answer {results['start_to_first_answer_s']} s after spawn", flush=True)
        if args.accuracy and system.accuracy:
            answered = dialogue.questions(_Servers(served), sets.load(HELDOUT).questions)
            right = sum(1 for r in answered if r["ok"])
            results["accuracy"] = {
                "questions": len(answered),
                "reply_accuracy": round(right / len(answered), 4),
            }
            print(f"  regression set: replies {right / len(answered):.1%}", flush=True)
        run_load(served.rasa_url, system.crowd(20, 0, "warm"), 1)  # warm the same code paths
        for phase, count, concurrency, seed in (
            ("single", args.single_requests, 1, 1),
            ("concurrent", args.concurrent_requests, args.patients, 2),
        ):
            crowd = system.crowd(count, seed, f"bench-{phase}")
            cpu_before = {n: cpu_s(p.pid) for n, p in served.processes.items()}
            load = run_load(served.rasa_url, crowd, concurrency)
            results[phase] = {
                **bench_stats.latency_summary(load.latencies_s, load.wall_s, load.errors),
                "concurrency": concurrency,
                "patients": len(crowd),
                "empty_replies": load.empty,
            }
            # CPU per message: less sensitive than latency to what else the machine runs
            for n, p in served.processes.items():
                results[phase][f"{n}_cpu_ms_per_msg"] = round(
                    1000 * (cpu_s(p.pid) - cpu_before[n]) / count, 1
                )
            print(f"  {phase}: {results[phase]}", flush=True)
        results["long"] = long_conversation(served, system)
        print(f"  {LONG_TURNS}-turn conversation: {results['long']}", flush=True)
        results["memory"] = {f"{n}_mb": rss_mib(p.pid) for n, p in served.processes.items()}
    train_record = workdir / f"{system.name}.train.json"
    if train_record.exists():
        results.update(json.loads(train_record.read_text()))
    results["measured"] = now()
    (workdir / f"results-{system.name}.json").write_text(json.dumps(results, indent=2))
    return results


class _Servers:
    """What tests.evaluation.dialogue needs of a running assistant."""

    def __init__(self, served: Served) -> None:
        self.rasa_url = served.rasa_url


def train(system: System, workdir: Path) -> None:
    (workdir / "models").mkdir(parents=True, exist_ok=True)
    (workdir / "models" / f"{system.name}.tar.gz").unlink(missing_ok=True)
    print(f"Training {system.label} ...", flush=True)
    started = time.perf_counter()
    system.train(workdir)
    seconds = time.perf_counter() - started
    for cache in workdir.glob("cache-*"):
        shutil.rmtree(cache, ignore_errors=True)
    (workdir / f"{system.name}.train.json").write_text(
        json.dumps({"training_s": round(seconds, 1), "trained": now()})
    )
    print(f"  trained in {seconds:.0f} s", flush=True)


def machine() -> Dict:
    cpu_model = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu_model": cpu_model,
        "cores": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 1024**3, 1),
        "os": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": platform.python_version(),
        "rasa": metadata.version("rasa"),
        "rasa_sdk": metadata.version("rasa-sdk"),
        "tensorflow": metadata.version("tensorflow"),
        "spacy": metadata.version("spacy"),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def parse_args(argv: Optional[List[Text]]) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument(
        "--single-requests",
        type=int,
        default=int(env("BENCH_SINGLE_REQUESTS", 200)),
        help="requests from one patient at a time (BENCH_SINGLE_REQUESTS, 200)",
    )
    parser.add_argument(
        "--concurrent-requests",
        type=int,
        default=int(env("BENCH_CONCURRENT_REQUESTS", 1000)),
        help="requests from concurrent patients (BENCH_CONCURRENT_REQUESTS, 1000)",
    )
    parser.add_argument(
        "--patients",
        type=int,
        default=int(env("BENCH_PATIENTS", 20)),
        help="concurrent patients (BENCH_PATIENTS, 20)",
    )
    parser.add_argument(
        "--no-train",
        dest="train",
        action="store_false",
        default=env("BENCH_TRAIN", "1") != "0",
        help="reuse the models in the work dir and their training times (BENCH_TRAIN=0)",
    )
    parser.add_argument(
        "--no-accuracy",
        dest="accuracy",
        action="store_false",
        default=env("BENCH_ACCURACY", "1") != "0",
        help="skip the regression set (BENCH_ACCURACY=0)",
    )
    parser.add_argument(
        "--only",
        choices=sorted(SYSTEMS),
        action="append",
        help="measure these; take the others' figures from their last run",
    )
    parser.add_argument("--workdir", type=Path, default=Path(env("BENCH_DIR", ROOT / "var" / "bench")))
    parser.add_argument(
        "--out", type=Path, default=ROOT / "reports" / "bench", help="writes OUT.json and OUT.md"
    )
    return parser.parse_args(argv)


def main(argv: Optional[List[Text]] = None) -> Dict:
    global _workdir
    args = parse_args(argv)
    started = time.monotonic()
    workdir = _workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    names = args.only or list(SYSTEMS)
    report = {
        "date": now(),
        "machine": machine(),
        "settings": {
            "single_requests": args.single_requests,
            "concurrent_requests": args.concurrent_requests,
            "patients": args.patients,
            "long_turns": LONG_TURNS,
            "trained_here": args.train,
            "heldout": str(sets.SETS[HELDOUT].relative_to(ROOT)),
        },
    }
    if args.train:
        for name in names:
            train(SYSTEMS[name], workdir)
    results = {}
    for name, system in SYSTEMS.items():
        if name in names:
            results[name] = measure(system, workdir, args)
        else:
            previous = workdir / f"results-{name}.json"
            if not previous.exists():
                sys.exit(f"no earlier results for {name} in {previous}: run without --only first")
            results[name] = {**json.loads(previous.read_text()), "reused": True}
    report["results"] = results
    report["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    report["duration_s"] = round(time.monotonic() - started)
    report["comparisons"] = {
        base: bench_stats.comparison(results["ours"], results[base], base)
        for base in ("default-config", "rasa-init")
    }
    for base, rows in report["comparisons"].items():
        print(f"\nOurs against {SYSTEMS[base].label}:")
        print(bench_stats.text_table(rows, SYSTEMS[base].label))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    args.out.with_suffix(".md").write_text(
        bench_stats.markdown_report(report, {n: s.label for n, s in SYSTEMS.items()})
    )
    print(f"\nWrote {args.out.with_suffix('.json')} and {args.out.with_suffix('.md')}")
    return report


if __name__ == "__main__":
    main()
