"""What a correct reply must carry: the facts ``content/topics.yml`` asks of
each topic, as regular expressions over a turn's whole reply. The tests, the
evaluation and the content checks use it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Text

import yaml

from clinic.content import content_path


@dataclass(frozen=True)
class TopicSpec:
    name: Text
    about: Text
    all: List[Text]
    some_k: int
    some_of: List[Text]
    none: List[Text]

    def problems(self, reply: Text) -> List[Text]:
        """What the reply misses; an empty list means it carries the facts."""
        found = []

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


def load_topics(path: Optional[Path] = None) -> Dict[Text, TopicSpec]:
    data = yaml.safe_load(Path(path or content_path("topics.yml")).read_text(encoding="utf-8"))["topics"]
    return {
        name: TopicSpec(
            name=name,
            about=spec.get("about", ""),
            all=list(spec.get("all", [])),
            some_k=int((spec.get("some") or {}).get("k", 0)),
            some_of=list((spec.get("some") or {}).get("of", [])),
            none=list(spec.get("none", [])),
        )
        for name, spec in data.items()
    }
