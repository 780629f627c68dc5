"""Where the Rasa server's time goes under the benchmark's concurrent load.

Serves a model (by default the benchmark's own, var/bench/models/ours.tar.gz),
records the Rasa server and the action server with py-spy while simulated
patients talk to it, and prints the share of samples spent in each part of a
turn. The raw stacks (var/bench/profile/*.txt, "frame;frame;... count") can be
turned into a flame graph by any collapsed-stack tool.

    python -m bench.profile --requests 800
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Text, Tuple

from bench.__main__ import cpu_s
from bench.load import load_patients, run_load
from tests.harness.servers import BIN, ROOT, running

HELDOUT = "heldout"

# A sample counts toward every part found in its stack (parts nest: the tracker
# store runs inside the processor), so shares do not add up to 100%.
PARTS: List[Tuple[Text, Text]] = [
    ("message handling (processor)", r"rasa/core/processor\.py"),
    ("NLU: whole pipeline", r"parse_message \(rasa/core/processor"),
    ("NLU: spaCy", r"^spacy/|/spacy/|thinc/"),
    ("NLU: count vectors", r"count_vectors_featurizer"),
    ("NLU: DIET", r"diet_classifier"),
    ("NLU: regex, lexical, synonyms", r"regex_(featurizer|entity)|lexical_syntactic|entity_synonyms"),
    ("NLU: safety net", r"components/safety_net"),
    ("policies: predict next action", r"_predict_next_with_tracker"),
    ("policies: rule", r"rule_policy"),
    ("policies: memoization", r"memoization"),
    ("policies: TED / UnexpecTED", r"ted_policy|unexpected_intent_policy"),
    ("TensorFlow", r"tensorflow/"),
    ("tracker store: retrieve", r"get_tracker \(rasa/core/processor"),
    ("tracker store: save", r"save_tracker \(rasa/core/processor"),
    ("SQLAlchemy / SQLite", r"sqlalchemy/"),
    ("SQLAlchemy statement cache keys", r"_gen_cache_key"),
    ("tracker replay (from_dict / past states)", r"from_dict \(rasa/shared/core/trackers|past_states"),
    ("action server calls", r"run \(rasa/core/actions/action\.py"),
    ("action responses: JSON schema check", r"jsonschema/"),
    ("JSON encode / decode", r"\(json/"),
    ("logging", r"\(logging/"),
    ("sanic / HTTP", r"sanic/"),
    # py-spy cuts very deep stacks (jsonschema's and SQLAlchemy's recursion)
    ("(stack cut by py-spy: deep recursion)", r"^(?!<module>)"),
]


def shares(lines: Iterable[Text]) -> Tuple[int, Dict[Text, float]]:
    """Share of all samples whose stack holds each part, from py-spy's raw format."""
    compiled = [(name, re.compile(pattern)) for name, pattern in PARTS]
    total, counts = 0, Counter()
    for line in lines:
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack or not count.isdigit():
            continue
        total += int(count)
        frames = stack.split(";")
        for name, pattern in compiled:
            if name.startswith("(stack cut"):
                if pattern.search(frames[0]):
                    counts[name] += int(count)
            elif any(pattern.search(frame) for frame in frames):
                counts[name] += int(count)
    return total, {name: counts[name] / total if total else 0.0 for name, _ in PARTS}


def record(pid: int, out: Path, rate: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(BIN / "py-spy"),
            "record",
            "--pid",
            str(pid),
            "--format",
            "raw",
            "--rate",
            str(rate),
            "--output",
            str(out),
            "--nonblocking",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def stop(recorder: subprocess.Popen) -> None:
    recorder.send_signal(signal.SIGINT)
    try:
        recorder.wait(timeout=60)
    except subprocess.TimeoutExpired:
        recorder.kill()


def main(argv: Optional[List[Text]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--model", type=Path, default=ROOT / "var" / "bench" / "models" / "ours.tar.gz")
    parser.add_argument("--requests", type=int, default=800)
    parser.add_argument("--patients", type=int, default=20)
    parser.add_argument("--rate", type=int, default=100, help="samples per second")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench" / "profile")
    args = parser.parse_args(argv)
    if shutil.which("py-spy", path=str(BIN)) is None:
        raise SystemExit("py-spy is not installed: .venv/bin/pip install py-spy")
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    env = {
        "TRACKER_DB_URL": f"sqlite:///{args.out / 'trackers.db'}",
        "CLINIC_DB_URL": f"sqlite:///{args.out / 'clinic.db'}",
    }
    with running(args.model, env=env, workdir=args.out) as servers:
        run_load(servers.rasa_url, load_patients(HELDOUT, 40, seed=0, prefix="warm"), 4)
        recorders = {
            name: record(servers.processes[name].pid, args.out / f"{name}.txt", args.rate)
            for name in ("rasa", "actions")
        }
        time.sleep(1)
        crowd = load_patients(HELDOUT, args.requests, seed=2, prefix="profile")
        cpu_before = {name: cpu_s(servers.processes[name].pid) for name in recorders}
        load = run_load(servers.rasa_url, crowd, args.patients)
        cpu_ms = {
            name: 1000 * (cpu_s(servers.processes[name].pid) - cpu_before[name]) / args.requests
            for name in recorders
        }
        for recorder in recorders.values():
            stop(recorder)
    print(
        f"{len(load.latencies_s)} replies, {load.errors} errors, "
        f"{len(load.latencies_s) / load.wall_s:.1f} msgs/s under py-spy"
    )
    for name in recorders:
        path = args.out / f"{name}.txt"
        if not path.exists():
            print(f"{name}: no profile ({recorders[name].stderr.read().decode()[-500:]})")
            continue
        total, parts = shares(path.read_text().splitlines())
        print(f"\n{name} server: {cpu_ms[name]:.1f} ms CPU per message; {total} samples ({path})")
        for part, share in parts.items():
            if share >= 0.005:
                print(f"  {share:6.1%}  ~{share * cpu_ms[name]:5.1f} ms  {part}")


if __name__ == "__main__":
    main()
