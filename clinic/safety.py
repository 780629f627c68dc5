"""Matches a message against the safety patterns of ``content/safety.yml``.

Pure Python, no Rasa: the NLU component (``components.safety_net``), the
channels' own check (``channels.turn_guard``) and the tests use it alike.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Pattern, Text

import yaml

from clinic.content import cached_load, content_path
from clinic.spelling import Respeller

# Order matters: the crisis answer also carries 911, so it wins a tie.
CATEGORIES = ("crisis", "emergency")

# how far (in characters) around an emergency match an excuse counts: in a
# long run-on sentence, "last year" far from "is not breathing" excuses nothing
EXCUSE_REACH = 100

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def normalise(text: Text) -> Text:
    """Lowercase, straight quotes, no apostrophes, no accents ("desmayó" ->
    "desmayo"), single spaces."""
    text = unicodedata.normalize("NFKC", text or "").translate(_APOSTROPHES).lower()
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.replace("'", "")
    return re.sub(r"\s+", " ", text).strip()


def _compiled(data: Dict[Text, Any], key: Text) -> List[Pattern[Text]]:
    return [re.compile(p, re.IGNORECASE) for p in data.get(key) or []]


@dataclass(frozen=True)
class SafetyPatterns:
    """The patterns of ``content/safety.yml``: ``patterns`` per category, and
    the sentences that set an emergency match aside (``excuses``, and
    ``chronic`` ones) unless they say it is happening now (``happening_now``)."""

    patterns: Dict[Text, List[Pattern[Text]]]
    excuses: List[Pattern[Text]] = field(default_factory=list)
    chronic: List[Pattern[Text]] = field(default_factory=list)
    happening_now: List[Pattern[Text]] = field(default_factory=list)
    urgent: List[Pattern[Text]] = field(default_factory=list)
    risk_words: Dict[Text, List[Pattern[Text]]] = field(default_factory=dict)
    respeller: Respeller = field(default_factory=lambda: Respeller(()))

    @classmethod
    def load(cls, path: Optional[Path] = None) -> SafetyPatterns:
        """The patterns of ``path`` (default ``content/safety.yml``), compiled
        once and read again only when the file changes (``cached_load``).
        Raises OSError or yaml.YAMLError when a file never read before fails."""
        return cached_load(Path(path or content_path("safety.yml")), "safety", cls._read)

    @classmethod
    def _read(cls, path: Path) -> SafetyPatterns:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return cls(
            {category: _compiled(data, category) for category in CATEGORIES},
            _compiled(data, "not_emergency"),
            _compiled(data, "chronic"),
            _compiled(data, "happening_now"),
            _compiled(data, "urgent"),
            {category: _compiled(data.get("risk_words") or {}, category) for category in CATEGORIES},
            Respeller(
                (data.get("typos") or {}).get("words") or (), (data.get("typos") or {}).get("shorthand")
            ),
        )

    def names_a_danger(self, text: Text, category: Text) -> bool:
        """Whether ``text`` has a word of the danger ``category`` names
        ("crisis", "emergency"; ``risk_words``): what the classifier's guess
        of that category needs when no pattern matched."""
        return any(
            p.search(clean) for clean in self._readings(text) for p in self.risk_words.get(category, [])
        )

    def _readings(self, text: Text) -> List[Text]:
        """``text`` normalised, and again with its misspelled danger words
        read as they were meant (``typos``: "cnt brethe" -> "cant breathe")
        when that changes it."""
        clean = normalise(text)
        respelled = self.respeller.respell(clean, text)
        return [clean] if respelled == clean else [clean, respelled]

    def category(self, text: Text) -> Optional[Text]:
        """``"crisis"``, ``"emergency"`` or ``None`` for the message ``text``
        (any length: every sentence is searched), as typed, else with its
        misspellings of danger words read as meant ("wana die")."""
        for clean in self._readings(text):
            found = self._category(clean)
            if found:
                return found
        return None

    def _category(self, clean: Text) -> Optional[Text]:
        if any(p.search(clean) for p in self.patterns["crisis"]):
            return "crisis"
        if not any(p.search(clean) for p in self.patterns["emergency"]):
            return None
        for sentence in _parts(clean):
            for pattern in self.patterns["emergency"]:
                for match in pattern.finditer(sentence):
                    near = sentence[max(0, match.start() - EXCUSE_REACH) : match.end() + EXCUSE_REACH]
                    if not self.excused(near):
                        return "emergency"
        # a pattern that spans two sentences, none of them excused
        spans = [s for s in _parts(clean) if self.excused(s)]
        return None if spans else "emergency"

    def excused(self, text: Text, category: Text = "emergency") -> bool:
        """Whether ``text`` (one sentence) describes no ``category`` happening
        now: a past or resolved event, a figure of speech, a question about a
        risk (``not_emergency``), for an emergency also a chronic, not
        sudden one (``chronic``: "every evening", "for months"), and no word
        that it is happening now."""
        clean = normalise(text)
        excuses = self.excuses + self.chronic if category == "emergency" else self.excuses
        return any(p.search(clean) for p in excuses) and not any(p.search(clean) for p in self.happening_now)

    def flagged(self, text: Text, limit: int = 2000) -> Text:
        """The part of ``text`` that makes it a safety message, at most ``limit``
        characters: the sentences that match, else the matched passage with
        some words around it ('' for an ordinary message)."""
        category = self.category(text)
        if category is None:
            return ""
        hits = [s for s in sentences(text) if self.category(s) == category]
        if not hits:  # a pattern that spans two sentences
            clean, match = next(
                (clean, m)
                for clean in self._readings(text)
                for p in self.patterns[category]
                for m in [p.search(clean)]
                if m
            )
            hits = [clean[max(0, match.start() - 200) : match.end() + 200]]
        return " ".join(hits)[:limit]


# "I had a stroke years back, and now I have fibro": what is past and what is
# now are told apart ("... 2 weeks ago and now the site is oozing pus" is now;
# "... hace una semana pero hoy la herida esta sangrando mucho" is today)
_AND_NOW = re.compile(r"\s*(?:,\s*|\s)(?:and|but|y|pero)\s+(?=(?:now|ahora|today|hoy)\b)")


def _parts(clean: Text) -> List[Text]:
    """The sentences of ``clean``, each cut again before "and now"."""
    return [p for s in sentences(clean) or [clean] for p in _AND_NOW.split(s) if p.strip()]


# an ellipsis before "of" / "de" goes on with the same words ("im running a
# fever... of excitement", "me muero... de la risa"): no sentence ends there
_SENTENCE_END = re.compile(r"(?<=[.!?¡¿;])(?<!\.\.\.)\s+|(?<=\.\.\.)\s+(?!(?:of|de)\s)|\n+")


def sentences(text: Text) -> List[Text]:
    """``text`` cut into sentences (at . ! ? ; and line breaks; not at "..."
    before "of" or "de")."""
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s.strip()]


PIECE_CHARS = 400  # a long message is classified in pieces of about this size
MAX_PIECES = 40  # its last 40 pieces at most (about 16,000 characters)


def long_pieces(text: Text, size: int = PIECE_CHARS) -> List[Text]:
    """``text`` as runs of whole sentences of at most about ``size``
    characters (a longer sentence is a piece of its own, cut at ``size`` * 5),
    the last ``MAX_PIECES`` of them; ``[]`` for a text that is one piece.
    The NLU model sees each piece of a long message on its own, so that a
    plan in the last line of a long story is not drowned by the rest.

    >>> long_pieces("a" * 300 + ". " + "b" * 300 + ".")  # doctest: +ELLIPSIS
    ['aaa...a.', 'bbb...b.']
    """
    pieces: List[Text] = []
    for sentence in sentences(text):
        if pieces and len(pieces[-1]) + len(sentence) < size:
            pieces[-1] = f"{pieces[-1]} {sentence}"
        else:
            pieces.append(sentence[: size * 5])
    return pieces[-MAX_PIECES:] if len(pieces) > 1 else []
