"""Measures the assistant on patient questions it was never trained on.

For every question of a set (tests/heldout/ or tests/devset/), in a fresh
conversation over the REST channel: does the reply carry the facts
content/topics.yml asks of the question's topic? Multi-turn conversations check
that follow-ups name the procedure asked about earlier. The NLU intent is
measured too, through /model/parse.

    python -m scripts.evaluate tests/heldout/patient_questions.yml --out reports/heldout
"""
from __future__ import annotations

import argparse
import json
import re
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, List, Optional, Text

import yaml

from scripts.topic_patterns import load_topics

TOPICS = load_topics()
SERVICE_INTENTS = {
    "booking_start": "book_appointment",
    "human_handoff": "request_human",
    "medical_advice_refusal": "ask_medical_advice",
}
PROCEDURE_TOPICS = {
    "trigger_point": {"trigger_point"},
    "steroid": {"steroid"},
    "rfa": {"rfa"},
    "scs": {"scs"},
    "intrathecal": {"intrathecal"},
    "nerve_block": {"nerve_block", "epidural"},
}
PLAIN_INTENTS = {"emergency", "crisis", "out_of_scope", "greet", "goodbye", "thanks", "bot_challenge"}


def expected_intent(topic: Text) -> Text:
    if topic in SERVICE_INTENTS:
        return SERVICE_INTENTS[topic]
    if topic in PLAIN_INTENTS:
        return topic
    if topic in PROCEDURE_TOPICS:
        return "ask_procedure"
    return f"ask_{topic}"


def intent_correct(topic: Text, parsed: Dict) -> bool:
    intent = (parsed.get("intent") or {}).get("name")
    if topic in PROCEDURE_TOPICS:
        values = {e.get("value") for e in parsed.get("entities", []) if e.get("entity") == "procedure"}
        return intent in {"ask_procedure", "inform_procedure"} and bool(values & PROCEDURE_TOPICS[topic])
    return intent == expected_intent(topic)


def reply_text(messages: List[Dict]) -> Text:
    parts = []
    for m in messages:
        parts.append(m.get("text") or "")
        parts += [b.get("title", "") for b in m.get("buttons") or []]
    return "\n".join(p for p in parts if p)


def load_set(path: Path) -> Dict:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    unknown = set(data["questions"]) - set(TOPICS)
    if unknown:
        raise ValueError(f"unknown topics in {path}: {sorted(unknown)}")
    return data


def evaluate(servers, path: Path, workers: int = 4) -> Dict:
    data = load_set(path)
    items = [(topic, text) for topic, texts in data["questions"].items() for text in texts]

    def one(item):
        topic, text = item
        messages = servers.rest(f"eval-{uuid.uuid4().hex}", text)
        reply = reply_text(messages)
        parsed = servers.parse(text)
        return {
            "topic": topic,
            "text": text,
            "reply": reply,
            "reply_ok": TOPICS[topic].matches(reply),
            "problems": TOPICS[topic].problems(reply),
            "intent": (parsed.get("intent") or {}).get("name"),
            "intent_ok": intent_correct(topic, parsed),
        }

    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(one, items))

    conversations = []
    for turns in data.get("conversations") or []:
        sender = f"eval-{uuid.uuid4().hex}"
        for number, turn in enumerate(turns):
            reply = reply_text(servers.rest(sender, turn["text"]))
            ok = TOPICS[turn["topic"]].matches(reply)
            mentions = turn.get("mentions")
            mention_ok = not mentions or re.search(mentions, reply, re.I) is not None
            conversations.append({
                "turn": number, "topic": turn["topic"], "text": turn["text"], "reply": reply,
                "reply_ok": ok and mention_ok, "mentions": mentions, "mention_ok": mention_ok,
            })
    return summarise(results, conversations)


def summarise(results: List[Dict], conversations: List[Dict]) -> Dict:
    per_topic: Dict[Text, Counter] = defaultdict(Counter)
    for r in results:
        per_topic[r["topic"]]["n"] += 1
        per_topic[r["topic"]]["reply_ok"] += r["reply_ok"]
        per_topic[r["topic"]]["intent_ok"] += r["intent_ok"]
    n = len(results)
    follow_ups = [c for c in conversations if c["turn"] > 0]

    def rate(rows, key="reply_ok"):
        return round(sum(r[key] for r in rows) / len(rows), 4) if rows else None

    return {
        "questions": n,
        "reply_accuracy": rate(results),
        "intent_accuracy": rate(results, "intent_ok"),
        "safety": {
            topic: f"{per_topic[topic]['reply_ok']}/{per_topic[topic]['n']}"
            for topic in ("emergency", "crisis")
        },
        "safety_all_caught": all(
            per_topic[t]["reply_ok"] == per_topic[t]["n"] for t in ("emergency", "crisis")
        ),
        "conversation_turns": len(conversations),
        "conversation_accuracy": rate(conversations),
        "follow_up_accuracy": rate(follow_ups),
        "per_topic": {t: dict(c) for t, c in sorted(per_topic.items())},
        "failures": [r for r in results if not r["reply_ok"]]
        + [c for c in conversations if not c["reply_ok"]],
        "intent_errors": [
            {"topic": r["topic"], "text": r["text"], "intent": r["intent"]}
            for r in results if not r["intent_ok"]
        ],
    }


def markdown(summary: Dict, title: Text) -> Text:
    lines = [
        f"# {title}", "",
        f"- Questions: {summary['questions']}",
        f"- Replies carrying the right facts: {summary['reply_accuracy']:.1%}",
        f"- NLU intent accuracy: {summary['intent_accuracy']:.1%}",
        f"- Emergencies answered with 911: {summary['safety']['emergency']}; "
        f"crises answered with 988: {summary['safety']['crisis']}",
        f"- Conversation turns correct: {summary['conversation_accuracy']:.1%} "
        f"(follow-ups naming the earlier procedure: {summary['follow_up_accuracy']:.1%})",
        "", "| topic | questions | replies right | intent right |", "|---|---|---|---|",
    ]
    for topic, c in summary["per_topic"].items():
        lines.append(f"| {topic} | {c['n']} | {c.get('reply_ok', 0)} | {c.get('intent_ok', 0)} |")
    lines += ["", "## Replies that missed", ""]
    for f in summary["failures"]:
        lines.append(f"- [{f['topic']}] {f['text']!r} → {f['reply'][:160]!r}")
    return "\n".join(lines) + "\n"


def main(argv: Optional[List[Text]] = None) -> None:
    from scripts.servers import DEFAULT_MODEL, running

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("questions", type=Path)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--out", type=Path, help="writes OUT.json and OUT.md")
    args = parser.parse_args(argv)
    with running(args.model) as servers:
        summary = evaluate(servers, args.questions)
    report = markdown(summary, f"Evaluation on {args.questions}")
    print(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.with_suffix(".json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
        args.out.with_suffix(".md").write_text(report)


if __name__ == "__main__":
    main()
