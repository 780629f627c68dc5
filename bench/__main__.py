"""`make bench`: the assistant against Rasa's default configuration.

Trains both models here (ours from config.yml, the baseline from
bench/baseline-config.yml, what `rasa init` writes) with no cache, into
var/bench/, then serves each in turn, never both at once, through
tests/harness/servers.py (its own action server and SQLite tracker store) and
measures: time from spawning Rasa to its first REST reply, held-out accuracy
(tests/evaluation), reply latency for one patient at a time and for 20
concurrent patients, messages per second, memory of both servers after the
load, training time and model size. Prints a table; writes reports/bench.json
and reports/bench.md.

    python -m bench                      # the real run (~25 min)
    BENCH_SINGLE_REQUESTS=30 BENCH_CONCURRENT_REQUESTS=100 python -m bench --no-train
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import uuid
from importlib import metadata
from pathlib import Path
from typing import Dict, List, Optional, Text

import psutil

from bench import stats as bench_stats
from bench.load import load_patients, run_load
from tests.evaluation import dialogue, sets
from tests.harness.servers import BIN, ROOT, running

HELDOUT = "heldout"
CONFIGS = {"ours": ROOT / "config.yml", "baseline": ROOT / "bench" / "baseline-config.yml"}
MIB = 1024 * 1024


def train(name: Text, workdir: Path) -> Dict:
    """`rasa train --force` with an empty cache of its own; times it."""
    config = CONFIGS[name]
    if name == "baseline":
        # Rasa writes the defaults it filled in into the config file: a copy takes them
        config = workdir / "baseline-config.yml"
        shutil.copyfile(CONFIGS[name], config)
    cache = workdir / f"cache-{name}"
    shutil.rmtree(cache, ignore_errors=True)
    out = workdir / "models"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.tar.gz").unlink(missing_ok=True)
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
        "domain.yml",
        "--data",
        "data",
        "content/procedure_names.yml",
        "--out",
        str(out),
        "--fixed-model-name",
        name,
        "--force",
    ]
    log = workdir / f"train-{name}.log"
    print(f"Training {name} (log: {log.relative_to(ROOT)}) ...", flush=True)
    started = time.perf_counter()
    with log.open("wb") as f:
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=f, stderr=subprocess.STDOUT)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"training {name} failed; see {log}")
    shutil.rmtree(cache, ignore_errors=True)
    record = {"training_s": round(seconds, 1), "trained": now()}
    (workdir / f"{name}.train.json").write_text(json.dumps(record))
    print(f"  trained in {seconds:.0f} s", flush=True)
    return record


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


def first_answer(servers) -> float:
    """Seconds from spawning the Rasa process until its first REST reply."""
    spawned = psutil.Process(servers.processes["rasa"].pid).create_time()
    servers.rest(f"bench-first-{uuid.uuid4().hex}", "hello", timeout=120)
    return round(time.time() - spawned, 2)


def measure(name: Text, workdir: Path, args) -> Dict:
    model = workdir / "models" / f"{name}.tar.gz"
    serve_dir = workdir / f"serve-{name}"
    shutil.rmtree(serve_dir, ignore_errors=True)
    serve_dir.mkdir(parents=True)
    env = {
        "TRACKER_DB_URL": f"sqlite:///{serve_dir / 'trackers.db'}",
        "CLINIC_DB_URL": f"sqlite:///{serve_dir / 'clinic.db'}",
    }
    results: Dict = {"model_mb": round(model.stat().st_size / MIB, 1)}
    print(f"Serving {name} (logs: {serve_dir.relative_to(ROOT)}/) ...", flush=True)
    with running(model, env=env, workdir=serve_dir) as servers:
        results["start_to_first_answer_s"] = first_answer(servers)
        print(f"  first answer {results['start_to_first_answer_s']} s after spawn", flush=True)
        if args.accuracy:
            heldout = sets.load(HELDOUT)
            answered = dialogue.questions(servers, heldout.questions)
            right = sum(1 for r in answered if r["ok"])
            results["accuracy"] = {
                "questions": len(answered),
                "reply_accuracy": round(right / len(answered), 4),
            }
            print(f"  held-out: replies {right / len(answered):.1%}", flush=True)
        else:  # warm up the same code paths without measuring
            run_load(servers.rasa_url, load_patients(HELDOUT, 20, seed=0, prefix="warm"), 1)
        for phase, requests, concurrency, seed in (
            ("single", args.single_requests, 1, 1),
            ("concurrent", args.concurrent_requests, args.patients, 2),
        ):
            crowd = load_patients(HELDOUT, requests, seed=seed, prefix=f"bench-{phase}")
            cpu_before = {n: cpu_s(p.pid) for n, p in servers.processes.items()}
            load = run_load(servers.rasa_url, crowd, concurrency)
            results[phase] = {
                **bench_stats.latency_summary(load.latencies_s, load.wall_s, load.errors),
                "concurrency": concurrency,
                "patients": len(crowd),
                "empty_replies": load.empty,
            }
            # CPU per message: less sensitive than latency to what else the machine runs
            for n, p in servers.processes.items():
                used = cpu_s(p.pid) - cpu_before[n]
                results[phase][f"{n}_cpu_ms_per_msg"] = round(1000 * used / requests, 1)
            print(f"  {phase}: {results[phase]}", flush=True)
        results["memory"] = {
            "rasa_mb": rss_mib(servers.processes["rasa"].pid),
            "actions_mb": rss_mib(servers.processes["actions"].pid),
        }
    train_record = workdir / f"{name}.train.json"
    if train_record.exists():
        results.update(json.loads(train_record.read_text()))
    results["measured"] = now()
    (workdir / f"results-{name}.json").write_text(json.dumps(results, indent=2))
    return results


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


def now() -> Text:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


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
        help="skip the held-out evaluation (BENCH_ACCURACY=0)",
    )
    parser.add_argument(
        "--only",
        choices=sorted(CONFIGS),
        help="measure one model; take the other's figures from its last run",
    )
    parser.add_argument("--workdir", type=Path, default=Path(env("BENCH_DIR", ROOT / "var" / "bench")))
    parser.add_argument(
        "--out", type=Path, default=ROOT / "reports" / "bench", help="writes OUT.json and OUT.md"
    )
    return parser.parse_args(argv)


def main(argv: Optional[List[Text]] = None) -> Dict:
    args = parse_args(argv)
    started = time.monotonic()
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    names = [args.only] if args.only else ["ours", "baseline"]
    report = {
        "date": now(),
        "machine": machine(),
        "settings": {
            "single_requests": args.single_requests,
            "concurrent_requests": args.concurrent_requests,
            "patients": args.patients,
            "trained_here": args.train,
            "heldout": str(sets.SETS[HELDOUT].relative_to(ROOT)),
            "baseline_config": str(CONFIGS["baseline"].relative_to(ROOT)),
        },
    }
    if args.train:
        for name in names:
            train(name, workdir)
    results = {}
    for name in CONFIGS:
        if name in names:
            results[name] = measure(name, workdir, args)
        else:
            previous = workdir / f"results-{name}.json"
            if not previous.exists():
                sys.exit(f"no earlier results for {name} in {previous}: run without --only first")
            results[name] = {**json.loads(previous.read_text()), "reused": True}
    report["results"] = results
    report["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    report["duration_s"] = round(time.monotonic() - started)
    report["comparison"] = bench_stats.comparison(results["ours"], results["baseline"])
    print()
    print(bench_stats.text_table(report["comparison"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    args.out.with_suffix(".md").write_text(bench_stats.markdown_report(report))
    print(f"\nWrote {args.out.with_suffix('.json')} and {args.out.with_suffix('.md')}")
    return report


if __name__ == "__main__":
    main()
