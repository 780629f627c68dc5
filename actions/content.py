"""The clinic's article content, as data, looked up at run time.

``content/answers.yml`` holds one answer per topic, each with the article
sentences it draws on. It is read again whenever the file changes, so staff can
edit an answer's wording while the assistant runs, without retraining.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Tuple

import yaml

CONTENT_DIR = Path(os.environ.get("CLINIC_CONTENT_DIR", Path(__file__).resolve().parents[1] / "content"))


@dataclass(frozen=True)
class Procedure:
    key: Text
    name: Text
    short: Text
    kind: Text
    topic: Text
    summary: Text
    source: Text

    @property
    def is_injection(self) -> bool:
        return self.kind == "injection"


@dataclass(frozen=True)
class Variant:
    answer: Text
    sources: Tuple[Text, ...]


@dataclass(frozen=True)
class Topic:
    key: Text
    title: Text
    applies_to: Text
    answer: Text
    sources: Tuple[Text, ...]
    suggest: Tuple[Text, ...] = ()
    suggest_procedures: Tuple[Text, ...] = ()
    procedures: Dict[Text, Variant] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    """What the assistant says for one topic, and the article sentences behind it."""

    topic: Text
    text: Text
    sources: Tuple[Text, ...]
    procedure: Optional[Text] = None


def _clean(text: Text) -> Text:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


class Content:
    def __init__(self, data: dict) -> None:
        self.procedures: Dict[Text, Procedure] = {
            key: Procedure(key=key, **value) for key, value in data["procedures"].items()
        }
        self.intros: Dict[Text, Text] = data["procedure_intros"]
        self.prompts: Dict[Text, Text] = {k: _clean(v) for k, v in data["prompts"].items()}
        self.topics: Dict[Text, Topic] = {}
        for key, value in data["topics"].items():
            variants = {
                proc: Variant(_clean(v["answer"]), tuple(v["sources"]))
                for proc, v in (value.get("procedures") or {}).items()
            }
            self.topics[key] = Topic(
                key=key,
                title=value["title"],
                applies_to=value["applies_to"],
                answer=_clean(value["answer"]),
                sources=tuple(value["sources"]),
                suggest=tuple(value.get("suggest") or ()),
                suggest_procedures=tuple(value.get("suggest_procedures") or ()),
                procedures=variants,
            )

    @classmethod
    def load(cls, directory: Path = CONTENT_DIR) -> "Content":
        with open(Path(directory) / "answers.yml", encoding="utf-8") as f:
            return cls(yaml.safe_load(f))

    def procedure(self, value: Any) -> Optional[Procedure]:
        """The procedure whose key is ``value``, else None. Slot and entity
        values can be any JSON: a patient's "/intent{...}" message sets them."""
        return self.procedures.get(value) if isinstance(value, str) else None

    def procedure_topic(self, procedure: Optional[Text]) -> Optional[Text]:
        found = self.procedure(procedure)
        return found.topic if found else None

    def answer(self, topic: Text, procedure: Optional[Text] = None) -> Answer:
        """The answer for ``topic``, naming ``procedure`` where the article is general."""
        entry = self.topics[topic]
        proc = self.procedure(procedure)
        variant = entry.procedures.get(proc.key) if proc else None
        if variant:
            return Answer(topic, variant.answer, variant.sources, proc.key)
        if proc is None or entry.applies_to == "none":
            return Answer(topic, entry.answer, entry.sources)
        if entry.applies_to == "all":
            intro = self.intros["all"]
        elif proc.is_injection:
            intro = self.intros["injections_same"]
        else:
            intro = self.intros["injections_other"]
        intro = intro.format(name=proc.name, short=proc.short, summary=proc.summary)
        sources = (proc.source, *[s for s in entry.sources if s != proc.source])
        return Answer(topic, f"{intro}\n{entry.answer}", sources, proc.key)


_lock = threading.Lock()
_cache: Dict[Path, Tuple[float, Content]] = {}


def get_content(directory: Path = CONTENT_DIR) -> Content:
    """The content, read again only when answers.yml has changed on disk."""
    path = Path(directory) / "answers.yml"
    mtime = path.stat().st_mtime
    with _lock:
        cached = _cache.get(path)
        if cached is None or cached[0] != mtime:
            cached = (mtime, Content.load(directory))
            _cache[path] = cached
        return cached[1]


def clinic_info(directory: Path = CONTENT_DIR) -> Dict[Text, Text]:
    """The clinic's name and phone, overridable by CLINIC_* environment variables."""
    with open(Path(directory) / "clinic.yml", encoding="utf-8") as f:
        info = {k: str(v) for k, v in (yaml.safe_load(f) or {}).items()}
    for key in list(info):
        info[key] = os.environ.get(f"CLINIC_{key.upper()}", info[key])
    return info


def procedure_payload(procedure: Text) -> Text:
    return f'/ask_procedure{{"procedure":"{procedure}"}}'


def topic_button(content: Content, topic: Text) -> Dict[Text, Text]:
    """A button that asks about ``topic`` (procedures through their entity)."""
    procedure = next((p.key for p in content.procedures.values() if p.topic == topic), None)
    payload = procedure_payload(procedure) if procedure else f"/ask_{topic}"
    return {"title": content.topics[topic].title, "payload": payload}


def buttons_for(content: Content, topic: Topic) -> List[Dict[Text, Text]]:
    """Buttons suggesting where to go next from ``topic``."""
    buttons = []
    for key in topic.suggest_procedures:
        name = content.procedures[key].name
        buttons.append({"title": name[0].upper() + name[1:], "payload": procedure_payload(key)})
    return buttons + [topic_button(content, t) for t in topic.suggest]
