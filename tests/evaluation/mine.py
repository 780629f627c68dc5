"""Training examples from development sets: the texts the model misreads.

The development sets (``tests/devset*``) were written by outside authors
(helper sessions that never saw ``data/``), then looked at and tuned against;
as measurements they are spent. Their wording is still the nearest thing to
real patients' the project has. This tool reads each single question and
safety message of the sets named, parses it with the trained model (in
process, as ``tests.evaluation.safety`` does) and writes those whose intent
the model gets wrong as training examples, labelled with the intent the
author's topic means:

* a question's topic ``fm_definition`` .. ``about_clinic`` -> ``ask_<topic>``;
  a procedure (``rfa``, ``scs``, ...) -> ``ask_procedure`` (``inform_procedure``
  counts as right); the service topics -> their intents (``booking_start`` ->
  ``book_appointment``, ``human_handoff`` -> ``request_human``,
  ``medical_advice_refusal`` -> ``ask_medical_advice``, ...). Compound
  questions and ``not_covered`` (answered from ``content/not_covered.yml``,
  not by an intent) are left out;
* a safety message -> ``crisis`` or ``emergency``.

Only texts at most ``MAX_CHARS`` long are written: a long story is read in
pieces, not learnt whole, and one long example in a batch pads the whole
batch to its length (the 48 questions over 300 characters of the first
mined file doubled DIET's training time, stop 31 -> 32).

Procedure names are annotated where the lookup table's extractor found them
(``procedure`` entity, with its synonym value). A text equal or near to a text
of a set that is still measured (every set not named here: the regression
set, later development sets, the sealed sets) is left out, counted, never
shown; so is a text already in ``data/``.

    python -m tests.evaluation.mine dev-en dev-es dev2-en ... --out data/nlu/mined_devsets.yml
    python -m tests.evaluation.mine dev12-en ... --out data/nlu/mined_devsets_2.yml

One file per mining (``data/nlu/mined_*.yml``): a later mining, with a model
that learnt the earlier file, would find the earlier file's texts read right
and drop them. The sets named must then be listed in ``sets.MINED`` (the leak
tests skip them, and they are no longer measurements).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

from tests.evaluation import sets

MAX_CHARS = 300

PROCEDURE_TOPICS = {"rfa", "scs", "intrathecal", "trigger_point", "steroid", "nerve_block"}
SERVICE_INTENTS = {
    "booking_start": "book_appointment",
    "human_handoff": "request_human",
    "medical_advice_refusal": "ask_medical_advice",
    "out_of_scope": "out_of_scope",
    "greet": "greet",
    "goodbye": "goodbye",
    "thanks": "thanks",
    "bot_challenge": "bot_challenge",
}
UNMINED_TOPICS = {"not_covered"}

# the procedure names the lookup table knows (content/procedure_names.yml);
# DIET's own guesses at a name ("put the", "knots") are not written back
NAME_EXTRACTORS = {"RegexEntityExtractor"}


def intent_for_topic(topic: Text) -> Optional[Text]:
    """The intent a question of ``topic`` must be read as (None: not mined)."""
    if topic in UNMINED_TOPICS or topic in sets.SAFETY:
        return None
    if topic in PROCEDURE_TOPICS:
        return "ask_procedure"
    return SERVICE_INTENTS.get(topic, f"ask_{topic}")


def right(expected: Text, got: Optional[Text]) -> bool:
    return got == expected or (expected == "ask_procedure" and got == "inform_procedure")


def one_line(text: Text) -> Text:
    return re.sub(r"\s+", " ", text).strip()


def annotated(text: Text, entities: Sequence[Dict[Text, Any]]) -> Optional[Text]:
    """``text`` with its procedure entities in Rasa's training format
    (``[surface](procedure)`` or ``[surface]{"entity": ..., "value": ...}``);
    None when a span does not fit the text or spans overlap."""
    spans = sorted(
        {
            (e["start"], e["end"], e["value"])
            for e in entities
            if e.get("entity") == "procedure" and e.get("extractor") in NAME_EXTRACTORS
        },
        reverse=True,
    )
    end_before = len(text) + 1
    for start, end, value in spans:
        surface = text[start:end]
        if not surface.strip() or end > end_before or surface != surface.strip():
            return None
        mark = (
            f"[{surface}](procedure)"
            if surface == str(value)
            else "[" + surface + "]" + json.dumps({"entity": "procedure", "value": value})
        )
        text = text[:start] + mark + text[end:]
        end_before = start
    return text


def candidates(names: Sequence[Text]) -> List[Tuple[Text, Text, Text]]:
    """(set name, text, intent) for every single question and safety message
    of the sets ``names`` at most ``MAX_CHARS`` long."""
    found = []
    for name in names:
        evalset = sets.load(name)
        for item in evalset.questions:
            topics = sets.topics_of(item)
            intent = intent_for_topic(topics[0]) if len(topics) == 1 else None
            if intent:
                found.append((name, one_line(item["text"]), intent))
        for item in evalset.safety:
            found.append((name, one_line(item["text"]), item["expect"]))
    return [c for c in found if "[" not in c[1] and "]" not in c[1] and 0 < len(c[1]) <= MAX_CHARS]


def measured_texts(names: Sequence[Text]) -> List[Text]:
    """Every text of the sets still measured (all but ``names`` and ``sets.MINED``)."""
    return [
        text
        for name, folder in sets.SETS.items()
        if name not in names and name not in sets.MINED and folder.exists()
        for text in sets.load(name).texts()
    ]


def written_texts(path: Path) -> List[Text]:
    """The examples of a file ``write`` wrote, without their entity marks
    (``[]`` when there is none)."""
    if not path.exists():
        return []
    return [
        re.sub(r"\[([^\]]*)\](\([^)]*\)|\{[^}]*\})", r"\1", line[len("    - ") :])
        for line in path.read_text(encoding="utf-8").split("\n")
        if line.startswith("    - ")
    ]


def write(path: Path, names: Sequence[Text], examples: Dict[Text, List[Text]]) -> None:
    lines = [
        'version: "3.1"',
        "",
        "# Written by `python -m tests.evaluation.mine` (see its docstring): the",
        "# single questions and short safety messages of the development sets",
        "# " + ", ".join(names) + ",",
        "# that the model trained without them misread, labelled with the intent",
        "# their author's topic means. Those sets are listed in",
        "# tests/evaluation/sets.py MINED and are no longer measurements.",
        "nlu:",
    ]
    for intent in sorted(examples):
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {text}" for text in examples[intent]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Optional[List[Text]] = None) -> int:
    from tests.evaluation.leaks import near_copies, norm, training_texts
    from tests.harness.servers import DEFAULT_MODEL, load_agent

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="+", choices=sorted(sets.SETS))
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    args = parser.parse_args(argv)

    agent = load_agent(args.model)
    loop = asyncio.new_event_loop()
    found = candidates(args.names)
    print(f"{len(found)} questions and safety messages in {len(args.names)} sets")

    missed: Dict[Text, List[Text]] = {}
    # a text already in data/ is not written twice; but the file being
    # written again does not count (its examples would all be dropped)
    seen = set(training_texts()) - {norm(t) for t in written_texts(args.out)}
    kept = []
    for name, text, intent in found:
        parsed = loop.run_until_complete(agent.parse_message(text))
        got = (parsed.get("intent") or {}).get("name")
        if right(intent, got) or norm(text) in seen:
            continue
        example = annotated(text, parsed.get("entities") or [])
        if example is None:
            continue
        seen.add(norm(text))
        kept.append((name, text, intent, example))
    print(f"{len(kept)} misread")

    measured = [norm(t) for t in measured_texts(args.names)]
    exact = set(n for n in measured if len(n) >= 12)
    normed = [norm(t) for _, t, _, _ in kept]
    near = {i for i, _ in near_copies(normed, [m for m in measured if len(m) > 25])}
    leaks = {i for i, n in enumerate(normed) if n in exact or (len(n) > 25 and i in near)}
    print(f"{len(leaks)} left out: equal or near to a text of a set still measured")
    for i, (_, _, intent, example) in enumerate(kept):
        if i not in leaks:
            missed.setdefault(intent, []).append(example)
    write(args.out, args.names, missed)
    print(f"{sum(map(len, missed.values()))} examples written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
