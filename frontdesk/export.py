"""Reviewed messages as Rasa NLU training data, with patients' identities replaced.

    python -m frontdesk.cli export-reviewed --out reviewed.yml
    GET /review/export.yml   (the same file, from the review inbox)

Every turn whose newest label is a topic becomes one example of that topic's
intent (``intent_for``); "not covered by the article" and "fine as answered"
are not training data. The patient's words are read from Rasa's tracker store
at export time (a purged conversation is no longer exported), de-identified
(``frontdesk.deidentify``), and the procedures they name annotated as the
``procedure`` entity, as ``data/nlu/`` does. The file::

    version: "3.1"
    nlu:
    - intent: ask_relief_duration
      examples: |
        - my name is <NAME>, call me at <PHONE>, does the [zapping thing]{"entity": "procedure", "value": "rfa"} wear off

is for review and merging into ``data/``; ``rasa data validate`` accepts it
merged (tested).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import datetime, timezone
from typing import Callable, Dict, Iterable, List, Optional, Tuple

from clinic.content import get_content, procedure_names
from frontdesk.conversations import INTENT_TOPICS, Turn
from frontdesk.review_store import TOPIC, Label, ReviewStore
from frontdesk.tracker_reader import TrackerReader

ASK_PREFIX = "ask_"
PROCEDURE_INTENT = "ask_procedure"
PROCEDURE_ENTITY = "procedure"
TOPIC_INTENTS = {topic: intent for intent, topic in INTENT_TOPICS.items()}
MAX_EXAMPLE_CHARS = 500


def intent_for(topic: str) -> str:
    """The intent whose examples ask about ``topic`` (content/topics.yml).

    A procedure's own topic (``rfa``, ``scs``, ...) is ``ask_procedure`` with
    the procedure as entity; a service topic its intent (``booking_start``:
    ``book_appointment``); any other topic ``ask_<topic>``.
    """
    if topic in {p.topic for p in get_content().procedures.values()}:
        return PROCEDURE_INTENT
    return TOPIC_INTENTS.get(topic) or ASK_PREFIX + topic


def _procedure_pattern() -> Tuple[re.Pattern, Dict[str, str]]:
    """One pattern for every name of every procedure (longest first), and name -> key."""
    keys: Dict[str, str] = {}
    for key, names in procedure_names().items():
        for name in [key, *names]:
            keys.setdefault(name.lower(), key)
    alternatives = sorted(keys, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(n) for n in alternatives) + r")(?!\w)", re.IGNORECASE
    )
    return pattern, keys


def training_text(text: str, deidentify: Callable[[str], str]) -> Optional[str]:
    """A patient's message as one training example, or None (a button, nothing left).

    One line; brackets and braces become parentheses, so the patient's words
    cannot be read as Rasa's entity markup; personal details replaced; the
    procedures named annotated.
    """
    if text.startswith("/"):
        return None
    line = " ".join(text.split())[:MAX_EXAMPLE_CHARS]
    line = line.translate(str.maketrans("[]{}", "()()"))
    line = deidentify(line).strip()
    if not line:
        return None
    pattern, keys = _procedure_pattern()

    def annotate(match: re.Match) -> str:
        entity = {"entity": PROCEDURE_ENTITY, "value": keys[match.group(1).lower()]}
        return f"[{match.group(1)}]{json.dumps(entity)}"

    return pattern.sub(annotate, line)


def examples(
    labelled: Iterable[Tuple[Turn, Label]], deidentify: Callable[[str], str]
) -> Dict[str, List[str]]:
    """``{intent: [example, ...]}``, each list sorted and without repeats."""
    found: Dict[str, set] = defaultdict(set)
    for turn, label in labelled:
        if label.verdict != TOPIC or not label.topic:
            continue
        line = training_text(turn.text, deidentify)
        if line:
            found[intent_for(label.topic)].add(line)
    return {intent: sorted(lines) for intent, lines in sorted(found.items())}


def nlu_yaml(by_intent: Dict[str, List[str]], now: Optional[datetime] = None) -> str:
    """Rasa's NLU training data format, one block per intent."""
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d")
    lines = [
        f"# Patients' messages reviewed by staff, exported {stamp} (python -m frontdesk.cli export-reviewed).",
        "# Names, phone numbers, emails, dates and addresses are replaced by placeholders.",
        "# Read it before merging into data/nlu/.",
        'version: "3.1"',
    ]
    if not by_intent:
        return "\n".join(lines + ["nlu: []", ""])
    lines.append("nlu:")
    for intent, texts in by_intent.items():
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {text}" for text in texts]
    return "\n".join(lines) + "\n"


def export_reviewed(
    review: ReviewStore, reader: TrackerReader, deidentify: Optional[Callable[[str], str]] = None
) -> Tuple[str, int]:
    """(the YAML file's text, how many examples it holds) for every topic-labelled turn."""
    if deidentify is None:
        from frontdesk.deidentify import deidentify as presidio

        deidentify = presidio
    labels = {label.event_id: label for label in review.labels(TOPIC)}
    turns = reader.turns_by_id(labels)
    by_intent = examples(((turns[i], labels[i]) for i in labels if i in turns), deidentify)
    return nlu_yaml(by_intent), sum(len(v) for v in by_intent.values())
