"""Matches a message against the safety patterns of ``content/safety.yml``.

Pure Python, no Rasa: the NLU component (``components.safety_net``), the
channels' own check (``channels.turn_guard``) and the tests use it alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Pattern, Text

import yaml

from clinic.content import content_path

# Order matters: the crisis answer also carries 911, so it wins a tie.
CATEGORIES = ("crisis", "emergency")

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def normalise(text: Text) -> Text:
    """Lowercase, straight quotes, no apostrophes, single spaces."""
    text = unicodedata.normalize("NFKC", text or "").translate(_APOSTROPHES).lower()
    text = text.replace("'", "")
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class SafetyPatterns:
    patterns: Dict[Text, List[Pattern[Text]]]

    @classmethod
    def load(cls, path: Optional[Path] = None) -> SafetyPatterns:
        data = yaml.safe_load(Path(path or content_path("safety.yml")).read_text(encoding="utf-8"))
        return cls(
            {
                category: [re.compile(p, re.IGNORECASE) for p in data.get(category, [])]
                for category in CATEGORIES
            }
        )

    def category(self, text: Text) -> Optional[Text]:
        """``"crisis"``, ``"emergency"`` or ``None`` for the message ``text``
        (any length: every sentence is searched)."""
        clean = normalise(text)
        for category in CATEGORIES:
            if any(p.search(clean) for p in self.patterns[category]):
                return category
        return None

    def flagged(self, text: Text, limit: int = 2000) -> Text:
        """The part of ``text`` that makes it a safety message, at most ``limit``
        characters: the sentences that match, else the matched passage with
        some words around it ('' for an ordinary message)."""
        category = self.category(text)
        if category is None:
            return ""
        hits = [s for s in sentences(text) if self.category(s) == category]
        if not hits:  # a pattern that spans two sentences
            clean = normalise(text)
            match = next(m for p in self.patterns[category] for m in [p.search(clean)] if m)
            hits = [clean[max(0, match.start() - 200) : match.end() + 200]]
        return " ".join(hits)[:limit]


_SENTENCE_END = re.compile(r"(?<=[.!?¡¿;])\s+|\n+")


def sentences(text: Text) -> List[Text]:
    """``text`` cut into sentences (at . ! ? ; and line breaks)."""
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s.strip()]
