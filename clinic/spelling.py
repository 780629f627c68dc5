"""Danger words read through typos: "chesst pian", "cnt brethe", "wana die".

The safety net's patterns (``content/safety.yml``) are written in words; a
patient in pain types fast. ``Respeller`` reads a word that is neither
English nor Spanish as the danger word of ``typos`` it is one edit from (two
when both are nine letters or more), so the patterns can match it.

A word is English or Spanish when wordfreq's small lists hold it (at least
once per million words, zipf 3): "hart", "dye" or "rain" stay as typed; only
misspellings are read again. A capitalised word inside a sentence is a
name ("Ivy Stroker", "Mercy Stroud") and stays as typed. Edits are counted
with rapidfuzz's optimal string alignment distance (a swap of two letters
is one edit: "pian").

Pure Python, no Rasa: ``clinic.safety`` uses it.
"""

from __future__ import annotations

import re
from typing import Dict, FrozenSet, Iterable, Optional, Set, Text, Tuple

from rapidfuzz.distance import OSA
from wordfreq import zipf_frequency

# zipf frequency (log10 of uses per billion words) from which a word is taken
# as typed: wordfreq's "small" lists hold the words at 3 and above
KNOWN_ZIPF = 3.0
# shorter words are not read again ("ok", "hr"): too many words are one edit away
MIN_LETTERS = 3
# a word and a danger word both this long and longer may be two edits apart
TWO_EDITS_FROM = 9

_WORD = re.compile(r"[a-z]+")
LANGUAGES = ("en", "es")


def names_in(typed: Text) -> FrozenSet[Text]:
    """The words of ``typed`` written as names (a capital, then lowercase)
    that do not open a sentence, lowercased: "Ivy Stroker" -> {"stroker"}."""
    names: Set[Text] = set()
    for sentence in re.split(r"[.!?\n]+", typed):
        words = re.findall(r"[^\W\d_]+", sentence)
        names.update(w.lower() for w in words[1:] if w[0].isupper() and w[1:].islower())
    return frozenset(names)


def known_word(word: Text) -> bool:
    """Whether ``word`` (lowercase, no accents) is a word of English or
    Spanish as written (wordfreq, zipf >= ``KNOWN_ZIPF``)."""
    return any(zipf_frequency(word, language, wordlist="small") >= KNOWN_ZIPF for language in LANGUAGES)


class Respeller:
    """Reads misspelled words as the danger ``words`` they are closest to."""

    def __init__(self, words: Iterable[Text], shorthand: Optional[Dict[Text, Text]] = None) -> None:
        self.words: Tuple[Text, ...] = tuple(dict.fromkeys(w.strip().lower() for w in words if w.strip()))
        # SMS shorthand read as its word whether or not it is a word ("cnt")
        self.shorthand: Dict[Text, Text] = {k.lower(): v.lower() for k, v in (shorthand or {}).items()}
        self._read: Dict[Text, Text] = {}
        if self.words:
            # wordfreq reads a language's list on its first lookup (a few
            # hundred milliseconds): pay it when the patterns are read at
            # start-up, not on the first patient's first unknown word
            for language in LANGUAGES:
                zipf_frequency("pain", language, wordlist="small")

    def respell(self, clean: Text, typed: Text = "") -> Text:
        """``clean`` (``clinic.safety.normalise``d: lowercase, no accents) with
        each misspelled word replaced by its danger word; as it is when none
        is ("chesst pian rly bad" -> "chest pain rly bad"). The words
        ``typed`` (the message as written) capitalises inside a sentence are
        names, kept."""
        if not self.words and not self.shorthand:
            return clean
        names = names_in(typed)
        return _WORD.sub(lambda m: m.group(0) if m.group(0) in names else self.word(m.group(0)), clean)

    def word(self, typed: Text) -> Text:
        """The danger word ``typed`` misspells, or ``typed``."""
        found = self._read.get(typed)
        if found is None:
            found = self.shorthand.get(typed) or self._closest(typed) or typed
            if len(self._read) < 50_000:  # bounded: patients type unboundedly many words
                self._read[typed] = found
        return found

    def _closest(self, typed: Text) -> Optional[Text]:
        if len(typed) < MIN_LETTERS or typed in self.words or known_word(typed):
            return None
        ranked = []
        for order, word in enumerate(self.words):
            allowed = 2 if min(len(word), len(typed)) >= TWO_EDITS_FROM else 1
            if abs(len(word) - len(typed)) > allowed:
                continue
            distance = OSA.distance(typed, word, score_cutoff=allowed)
            if distance <= allowed:
                ranked.append((distance, abs(len(word) - len(typed)), order, word))
        return min(ranked)[3] if ranked else None
