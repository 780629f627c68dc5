"""What a correct reply must carry: the facts ``content/topics.yml`` asks of
each topic, as regular expressions over a turn's whole reply. The tests, the
evaluation and the content checks use it.

A topic's ``es:`` block holds the same patterns for a reply in Spanish
(``load_topics(language="es")``); they are matched against the reply with its
accents and tildes removed, so they are written without them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import yaml

from clinic.content import content_path

DEFAULT_LANGUAGE = "en"


def fold_accents(text: Text) -> Text:
    """``text`` without accents or tildes ("médula, sueño" → "medula, sueno")."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn"))


@dataclass(frozen=True)
class TopicSpec:
    name: Text
    about: Text
    all: List[Text]
    some_k: int
    some_of: List[Text]
    none: List[Text]
    language: Text = DEFAULT_LANGUAGE
    fold: bool = False  # match against the reply without accents (Spanish patterns)

    def problems(self, reply: Text) -> List[Text]:
        """What the reply misses; an empty list means it carries the facts."""
        found = []
        if self.fold:
            reply = fold_accents(reply)

        def hit(pattern: Text) -> bool:
            return re.search(pattern, reply, re.IGNORECASE) is not None

        found += [f"missing /{p}/" for p in self.all if not hit(p)]
        if self.some_of:
            n = sum(hit(p) for p in self.some_of)
            if n < self.some_k:
                found.append(f"only {n} of {self.some_k} needed from {self.some_of}")
        found += [f"must not say /{p}/" for p in self.none if hit(p)]
        return found

    def matches(self, reply: Text) -> bool:
        return not self.problems(reply)


def _spec(name: Text, about: Text, spec: Dict[Text, Any], language: Text, fold: bool) -> TopicSpec:
    some = spec.get("some") or {}
    return TopicSpec(
        name=name,
        about=about,
        all=list(spec.get("all", [])),
        some_k=int(some.get("k", 0)),
        some_of=list(some.get("of", [])),
        none=list(spec.get("none", [])),
        language=language,
        fold=fold,
    )


def load_topics(path: Optional[Path] = None, language: Text = DEFAULT_LANGUAGE) -> Dict[Text, TopicSpec]:
    """Every topic's spec for a reply in ``language`` ("en" | "es"); a topic
    with no block for ``language`` keeps its English patterns."""
    data = yaml.safe_load(Path(path or content_path("topics.yml")).read_text(encoding="utf-8"))["topics"]
    found = {}
    for name, spec in data.items():
        own = spec.get(language) if language != DEFAULT_LANGUAGE else None
        if isinstance(own, dict):
            found[name] = _spec(name, spec.get("about", ""), own, language, fold=True)
        else:
            found[name] = _spec(name, spec.get("about", ""), spec, DEFAULT_LANGUAGE, fold=False)
    return found
