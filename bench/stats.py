"""The benchmark's figures: latency statistics, ratios, targets and the table.

Pure functions over plain dicts, so that `tests/test_bench.py` checks them
without servers. `bench/__main__.py` measures; this module only computes and
formats.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Text

import numpy as np


def percentile_ms(latencies_s: Sequence[float], p: float) -> Optional[float]:
    """The ``p``th percentile of ``latencies_s`` in ms (None if there are none)."""
    if not latencies_s:
        return None
    return round(float(np.percentile(np.asarray(latencies_s, dtype=float) * 1000.0, p)), 1)


def latency_summary(latencies_s: Sequence[float], wall_s: float, errors: int = 0) -> Dict:
    """p50/p95/p99 (ms, linear interpolation) and messages per second of one load phase."""
    values = np.asarray(latencies_s, dtype=float) * 1000.0
    if values.size == 0:
        raise ValueError("no successful request to summarise")
    p50, p95, p99 = np.percentile(values, [50, 95, 99])
    return {
        "requests": int(values.size),
        "errors": int(errors),
        "p50_ms": round(float(p50), 1),
        "p95_ms": round(float(p95), 1),
        "p99_ms": round(float(p99), 1),
        "mean_ms": round(float(values.mean()), 1),
        "max_ms": round(float(values.max()), 1),
        "wall_s": round(wall_s, 2),
        "msgs_per_s": round(values.size / wall_s, 2) if wall_s > 0 else None,
    }


@dataclass(frozen=True)
class Metric:
    key: Text  # dotted path into one model's results
    label: Text
    unit: Text = ""
    digits: int = 1


METRICS: List[Metric] = [
    Metric("accuracy.reply_accuracy", "Held-out replies with the right facts", "%"),
    Metric("single.p50_ms", "Latency 1 patient p50", "ms"),
    Metric("single.p95_ms", "Latency 1 patient p95", "ms"),
    Metric("single.p99_ms", "Latency 1 patient p99", "ms"),
    Metric("concurrent.p50_ms", "Latency 20 patients p50", "ms"),
    Metric("concurrent.p95_ms", "Latency 20 patients p95", "ms"),
    Metric("concurrent.p99_ms", "Latency 20 patients p99", "ms"),
    Metric("concurrent.msgs_per_s", "Messages/s, 20 patients", "/s", 2),
    Metric("concurrent.rasa_cpu_ms_per_msg", "Rasa server CPU per message", "ms"),
    Metric("concurrent.actions_cpu_ms_per_msg", "Action server CPU per message", "ms"),
    Metric("long.p50_first10_ms", "40-turn conversation: p50 of turns 1-10", "ms"),
    Metric("long.p50_last10_ms", "40-turn conversation: p50 of turns 31-40", "ms"),
    Metric("start_to_first_answer_s", "Start to first answer", "s"),
    Metric("memory.rasa_mb", "Memory (RSS) Rasa server", "MiB", 0),
    Metric("memory.actions_mb", "Memory (RSS) action server", "MiB", 0),
    Metric("training_s", "Training time", "s", 0),
    Metric("model_mb", "Model size", "MiB", 1),
]


@dataclass(frozen=True)
class Target:
    """What the issue asks of the assistant against the baseline.

    `max_ratio`/`min_ratio` bound ours / baseline; `at_least` bounds ours.
    """

    metric: Text
    text: Text
    max_ratio: Optional[float] = None
    min_ratio: Optional[float] = None
    at_least: Optional[float] = None

    def met(self, ours: Optional[float], baseline: Optional[float]) -> Optional[bool]:
        if ours is None or baseline is None:
            return None
        r = ratio(ours, baseline)
        checks = []
        if self.max_ratio is not None:
            checks.append(r is not None and r <= self.max_ratio)
        if self.min_ratio is not None:
            checks.append(r is not None and r >= self.min_ratio)
        if self.at_least is not None:
            checks.append(ours >= self.at_least)
        return all(checks)


TARGETS: List[Target] = [
    Target("accuracy.reply_accuracy", ">= baseline and >= 97%", min_ratio=1.0, at_least=0.97),
    Target("single.p50_ms", "<= 0.6x baseline", max_ratio=0.6),
    Target("concurrent.p50_ms", "<= 0.6x baseline", max_ratio=0.6),
    Target("concurrent.msgs_per_s", ">= 1.5x baseline", min_ratio=1.5),
    Target("start_to_first_answer_s", "<= baseline", max_ratio=1.0),
    Target("memory.rasa_mb", "<= baseline", max_ratio=1.0),
    # the same action server code serves both: only noise (about 1%) tells them apart
    Target("memory.actions_mb", "<= baseline (+2% noise)", max_ratio=1.02),
]


def lookup(results: Dict, key: Text) -> Optional[float]:
    value = results
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def ratio(ours: Optional[float], baseline: Optional[float]) -> Optional[float]:
    if ours is None or baseline is None or baseline == 0:
        return None
    return ours / baseline


def comparison(ours: Dict, baseline: Dict, baseline_name: Text = "default-config") -> List[Dict]:
    """One row per metric: both values, ours/baseline, the target and whether it is met.
    Against the `rasa init` bot, which does something else, only speed is compared."""
    targets = {
        t.metric: t
        for t in TARGETS
        if baseline_name != "rasa-init" or t.metric.split(".")[0] in ("single", "concurrent")
    }
    rows = []
    for metric in METRICS:
        a, b = lookup(ours, metric.key), lookup(baseline, metric.key)
        r = ratio(a, b)
        target = targets.get(metric.key)
        rows.append(
            {
                "metric": metric.key,
                "label": metric.label,
                "unit": metric.unit,
                "ours": a,
                "baseline": b,
                "ratio": round(r, 3) if r is not None else None,
                "target": target.text if target else None,
                "met": target.met(a, b) if target else None,
            }
        )
    return rows


def _value(value: Optional[float], metric: Metric) -> Text:
    if value is None:
        return "n/a"
    if metric.unit == "%":
        return f"{value:.1%}"
    return f"{value:.{metric.digits}f} {metric.unit}".rstrip()


def table_rows(rows: List[Dict]) -> List[List[Text]]:
    metrics = {m.key: m for m in METRICS}
    out = []
    for row in rows:
        metric = metrics[row["metric"]]
        met = {True: "met", False: "NOT met", None: ""}[row["met"]]
        out.append(
            [
                row["label"],
                _value(row["ours"], metric),
                _value(row["baseline"], metric),
                f"{row['ratio']:.2f}x" if row["ratio"] is not None else "n/a",
                row["target"] or "",
                met,
            ]
        )
    return out


def header(baseline_label: Text) -> List[Text]:
    return ["Figure", "Ours", baseline_label, "Ours/baseline", "Target", ""]


def text_table(rows: List[Dict], baseline_label: Text = "Rasa default config") -> Text:
    body = table_rows(rows)
    head = header(baseline_label)
    widths = [max(len(r[i]) for r in [head] + body) for i in range(len(head))]

    def line(cells):
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(head), line(["-" * w for w in widths])] + [line(r) for r in body])


def markdown_table(rows: List[Dict], baseline_label: Text = "Rasa default config") -> Text:
    head = header(baseline_label)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r) + " |" for r in table_rows(rows)]
    return "\n".join(lines)


def machine_line(machine: Dict) -> Text:
    return (
        f"{machine.get('cpu_model', '?')}, {machine.get('cores', '?')} cores, "
        f"{machine.get('ram_gb', '?')} GiB RAM, {machine.get('os', '?')}, "
        f"Python {machine.get('python', '?')}, rasa {machine.get('rasa', '?')}, "
        f"rasa-sdk {machine.get('rasa_sdk', '?')}"
    )


def _loads(values) -> Text:
    return " ".join(f"{v:.2f}" for v in values) if values else "?"


def markdown_report(report: Dict, labels: Optional[Dict[Text, Text]] = None) -> Text:
    labels = labels or {}
    settings = report["settings"]
    lines = [
        "# Benchmark: the assistant against two baselines, measured in the same run",
        "",
        f"- Date: {report['date']}; the run took {report.get('duration_s', 0) / 60:.0f} min",
        f"- Machine: {machine_line(report['machine'])}",
        f"- Load average (1, 5, 15 min) at start: {_loads(report['machine'].get('load_average'))}, "
        f"at end: {_loads(report.get('load_average_end'))} (other work on the machine slows all)",
        f"- Load: {settings['single_requests']} requests from one patient at a time; "
        f"{settings['concurrent_requests']} requests from {settings['patients']} concurrent "
        f"patients (each its own conversation of a few questions, messages in turn); one "
        f"{settings.get('long_turns', 40)}-turn conversation.",
        "- Rasa default config: Rasa's default pipeline and policies on our domain and data, served "
        "as ours is (our channels, tracker store, action server and patches).",
        "- rasa init bot: the bot `rasa init` makes, on stock Rasa (`rasa run`, its REST channel, "
        "in-memory tracker store, no patches); its own messages. Only speed is compared.",
        "- Ratios are ours / baseline.",
        *[
            f"- {labels.get(name, name)}: figures reused from its run of {r.get('measured', '?')} (`--only`)."
            for name, r in report.get("results", {}).items()
            if r.get("reused")
        ],
        "",
    ]
    comparisons = report.get("comparisons") or {"default-config": report.get("comparison", [])}
    for name, rows in comparisons.items():
        label = labels.get(name, name)
        lines += [f"## Ours against the {label}", "", markdown_table(rows, label), ""]
    return "\n".join(lines)
