"""Measures the assistant on an evaluation set.

    python -m tests.evaluation dev-en [dev-es ...] [--parts questions,conversations]
    python -m tests.evaluation sealed-en --sealed      # figures only, and the run is counted

Sets: see ``tests/evaluation/sets.py`` (dev-en, dev-es: tuned against;
sealed-en, sealed-es: never looked at, run at the end of an issue). Writes
``reports/eval-<set>.md`` and ``.json``. For a sealed set only the figures
are written and printed, never a text of the set, and every run is appended
to ``reports/sealed-runs.md`` so that the README can say how many times the
sealed set was looked at.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

from tests.evaluation import dialogue, sets
from tests.paths import ROOT

PARTS = ("safety", "questions", "conversations")
REPORTS = ROOT / "reports"


def rate(rows: List[Dict[Text, Any]]) -> Dict[Text, Any]:
    n = len(rows)
    ok = sum(1 for r in rows if r["ok"])
    return {"n": n, "ok": ok, "rate": round(ok / n, 4) if n else None}


def by(rows: List[Dict[Text, Any]], key) -> Dict[Text, Dict[Text, Any]]:
    groups: Dict[Text, List] = defaultdict(list)
    for row in rows:
        for k in key(row):
            groups[k].append(row)
    return {k: rate(v) for k, v in sorted(groups.items())}


def is_booking(conversation: Dict[Text, Any]) -> bool:
    return "booking" in conversation["tags"] or "callback" in conversation["tags"]


def summarise(results: Dict[Text, List[Dict[Text, Any]]]) -> Dict[Text, Any]:
    summary: Dict[Text, Any] = {}
    if "questions" in results:
        q = results["questions"]
        summary["questions"] = {
            **rate(q),
            "by_lang": by(q, lambda r: [r["lang"]]),
            "by_topic": by(q, lambda r: ["+".join(r["topics"])]),
        }
    if "safety" in results:
        s, o = results["safety"], results["ordinary"]
        summary["safety"] = {
            **rate(s),
            "by_expect": by(s, lambda r: [r["expect"]]),
            "by_lang": by(s, lambda r: [r.get("lang", "en")]),
        }
        summary["ordinary"] = {
            **rate(o),
            "false_alarms": sum(1 for r in o if not r["ok"]),
            "by_context": by(o, lambda r: [r.get("context", "free")]),
            "by_lang": by(o, lambda r: [r.get("lang", "en")]),
        }
    if "conversations" in results:
        c = results["conversations"]
        summary["conversations"] = {
            **rate(c),
            "booking": rate([r for r in c if is_booking(r)]),
            "by_channel": by(c, lambda r: [r["channel"]]),
            "by_tag": by(c, lambda r: r["tags"]),
        }
    return summary


def failures(results: Dict[Text, List[Dict[Text, Any]]]) -> List[Text]:
    lines = []
    for r in results.get("questions", []):
        if not r["ok"]:
            lines.append(
                f"- Q [{'+'.join(r['topics'])}] {r['text']!r} → {r['problems']} reply: {r['reply'][:200]!r}"
            )
    for r in results.get("safety", []):
        if not r["ok"]:
            lines.append(f"- SAFETY [{r['expect']}→{r['got']}] {r['text'][:300]!r}")
    for r in results.get("ordinary", []):
        if not r["ok"]:
            lines.append(f"- FALSE ALARM [{r.get('context', 'free')}→{r['got']}] {r['text'][:300]!r}")
    for r in results.get("conversations", []):
        if r["ok"]:
            continue
        lines.append(f"- CONV {r['id']} ({r['channel']}) {r['final_problems']}")
        for t in r["turns"]:
            mark = "  ✗" if t["problems"] else "   "
            lines.append(f"  {mark} {t['say'][:160]!r} → {t['reply'][:220]!r} {t['problems'] or ''}")
    return lines


def markdown(name: Text, summary: Dict[Text, Any], failure_lines: Optional[List[Text]]) -> Text:
    lines = [f"# Evaluation: {name}", ""]
    for part, figures in summary.items():
        lines.append(
            f"- **{part}**: {figures['ok']}/{figures['n']} ({figures['rate']:.1%})"
            if figures["rate"] is not None
            else f"- **{part}**: none"
        )
        for key in ("booking", "false_alarms"):
            if key in figures:
                value = figures[key]
                lines.append(
                    f"  - {key}: {value['ok']}/{value['n']}"
                    if isinstance(value, dict)
                    else f"  - {key}: {value}"
                )
        for key in ("by_lang", "by_expect", "by_context", "by_channel"):
            if key in figures:
                lines.append(
                    f"  - {key}: " + ", ".join(f"{k} {v['ok']}/{v['n']}" for k, v in figures[key].items())
                )
    if failure_lines is not None:
        lines += ["", "## Failures", ""] + failure_lines
    return "\n".join(lines) + "\n"


def evaluate_set(
    evalset: sets.EvalSet, parts: List[Text], servers=None, verdicts=None, workers: int = 4
) -> Dict[Text, List[Dict[Text, Any]]]:
    """Every result of ``evalset``'s ``parts``: "safety" (safety and ordinary
    messages, in process with ``verdicts``), "questions", "conversations"
    (against the running ``servers``)."""
    results: Dict[Text, List[Dict[Text, Any]]] = {}
    if "safety" in parts and (evalset.safety or evalset.ordinary):
        from tests.evaluation.safety import evaluate

        results.update(evaluate(verdicts, evalset.safety, evalset.ordinary))
    if "questions" in parts and evalset.questions:
        results["questions"] = dialogue.questions(servers, evalset.questions, workers)
    if "conversations" in parts and evalset.conversations:
        results["conversations"] = dialogue.conversations(servers, evalset.conversations, workers)
    return results


def write_report(name: Text, results: Dict[Text, List[Dict[Text, Any]]], sealed: bool) -> Dict[Text, Any]:
    """Writes reports/eval-<name>.md and .json (figures only for a sealed set); the summary."""
    REPORTS.mkdir(exist_ok=True)
    summary = summarise(results)
    report = markdown(name, summary, None if sealed else failures(results))
    stem = REPORTS / f"eval-{name}"
    stem.with_suffix(".md").write_text(report, encoding="utf-8")
    payload = summary if sealed else {"summary": summary, "results": results}
    stem.with_suffix(".json").write_text(
        json.dumps(payload, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )
    return summary


def run(names: List[Text], parts: List[Text], model: Path, sealed: bool, workers: int) -> int:
    from tests.harness.servers import running

    if any(n.startswith("sealed") for n in names) and not sealed:
        raise SystemExit("A sealed set runs only with --sealed (figures only; the run is counted).")
    loaded = [sets.load(n) for n in names]
    verdicts = None
    if "safety" in parts:
        from tests.evaluation.safety import SafetyVerdicts

        verdicts = SafetyVerdicts(model)
    results: Dict[Text, Dict[Text, List]] = {s.name: {} for s in loaded}
    if verdicts is not None:
        for s in loaded:
            results[s.name].update(evaluate_set(s, ["safety"], verdicts=verdicts))
    dialogue_parts = [p for p in parts if p != "safety"]
    if dialogue_parts:
        with running(model) as servers:
            for s in loaded:
                results[s.name].update(evaluate_set(s, dialogue_parts, servers=servers, workers=workers))
    for s in loaded:
        summary = write_report(s.name, results[s.name], sealed)
        print(markdown(s.name, summary, None if sealed else failures(results[s.name])))
        if sealed:
            _count_sealed_run(s.name, parts, summary)
    return 0


def _count_sealed_run(name: Text, parts: List[Text], summary: Dict[Text, Any]) -> None:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    figures = ", ".join(f"{p} {f['ok']}/{f['n']}" for p, f in summary.items())
    line = (
        f"| {datetime.now(timezone.utc):%Y-%m-%d %H:%M} | {name} | {commit} | "
        f"{'+'.join(parts)} | {figures} |\n"
    )
    log = REPORTS / "sealed-runs.md"
    if not log.exists():
        log.write_text(
            "# Runs of the sealed sets\n\nEvery run is a look at the sealed set.\n\n"
            "| When (UTC) | Set | Commit | Parts | Figures |\n|---|---|---|---|---|\n"
        )
    with log.open("a", encoding="utf-8") as f:
        f.write(line)


def main(argv: Optional[List[Text]] = None) -> int:
    from tests.harness.servers import DEFAULT_MODEL

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sets", nargs="+", help=f"set names ({', '.join(sets.SETS)}) or folders")
    parser.add_argument("--parts", default=",".join(PARTS))
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--sealed", action="store_true", help="run a sealed set: figures only")
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args(argv)
    started = time.monotonic()
    code = run(args.sets, args.parts.split(","), args.model, args.sealed, args.workers)
    print(f"({time.monotonic() - started:.0f} s)")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
