"""A search of the clinic's article, for when the NLU model is unsure.

Each topic is a document made of its title, its answer and the article
sentences behind it; procedure topics also carry the names patients use for
the procedure (``clinic.content.procedure_names``, the same list the NLU model
learns). Character n-grams make the search forgiving of typos. Pure: no Rasa.
"""

from __future__ import annotations

import re
import threading
from collections import defaultdict
from functools import lru_cache
from typing import Dict, List, Optional, Set, Text, Tuple

from rapidfuzz.distance import OSA
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel
from wordfreq import zipf_frequency

from clinic.content import Content, procedure_names
from clinic.language import fold
from clinic.spelling import LANGUAGES, known_word

MIN_SCORE = 0.12
MAX_SUGGESTIONS = 3
# words that say nothing about which procedure a patient means
GENERIC = ENGLISH_STOP_WORDS | {
    "procedure",
    "procedures",
    "treatment",
    "treatments",
    "thing",
    "pain",
    "fibro",
    "fibromyalgia",
    "doctor",
    "work",
    "works",
    "explain",
    "tell",
    "mean",
    "called",
}
# a procedure described, not named: its section must clearly match best
MIN_PROCEDURE_SCORE = 0.1
PROCEDURE_MARGIN = 1.2
# an entity value is a word or two: a weak or close match is noise ("blorp"
# is no nerve block, "spine" no stimulator), so it must stand out more
VALUE_MIN_SCORE = 0.11
VALUE_MARGIN = 1.5
# a word of a procedure's names misspelled ("sterod", "epideral",
# "stimulater"): a word of its names only one procedure has, this long or
# longer and rare (wordfreq zipf below MAX_NAME_WORD_ZIPF in English and
# Spanish: "steroid" 3.3, "ablation" 0; not "medicine" 4.7, "muscle" 4.4,
# "system" 5.6), one edit away (two from nine letters on); a typed word of
# English or Spanish is taken as typed
MIN_NAME_WORD_LETTERS = 6
MAX_NAME_WORD_ZIPF = 3.6
TWO_EDITS_FROM = 9
# entity values read once and remembered (a conversation's slot history is
# read again at each summary); a value is a few words, so this is small
VALUE_CACHE_SIZE = 2048


class ArticleIndex:
    def __init__(self, content: Content, names: Dict[Text, List[Text]]) -> None:
        self.topics = list(content.topics)
        self._procedure_of_topic: Dict[Text, Text] = {}
        for procedure in content.procedures.values():
            self._procedure_of_topic.setdefault(procedure.topic, procedure.key)
        # a patient's name for a procedure, lowercased -> the procedure's key
        self._key_of_name: Dict[Text, Text] = {}
        for key, called in names.items():
            if content.procedure(key):
                for name in called:
                    self._key_of_name.setdefault(name.strip().lower(), key)
        self._procedure_of_value = lru_cache(maxsize=VALUE_CACHE_SIZE)(self._read_value)
        keys_of_word: Dict[Text, Set[Text]] = defaultdict(set)
        for name, key in self._key_of_name.items():
            for word in re.findall(r"[a-z]+", fold(name)):
                if len(word) >= MIN_NAME_WORD_LETTERS:
                    keys_of_word[word].add(key)
        # the words of the names that name one procedure only ("steroid",
        # "epidural", "stimulator"; not "injection", "nerve")
        self._key_of_word: Dict[Text, Text] = {
            w: next(iter(k)) for w, k in keys_of_word.items() if len(k) == 1 and _rare(w)
        }
        docs = []
        for key, topic in content.topics.items():
            called = [
                " ".join([p.name, p.short, *names.get(p.key, [])])
                for p in content.procedures.values()
                if p.topic == key
            ]
            docs.append(" ".join([topic.title, topic.answer, *topic.sources, *called]))
        self._vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), lowercase=True, sublinear_tf=True
        )
        self._matrix = self._vectorizer.fit_transform(docs)

    def search(self, text: Text, limit: int = MAX_SUGGESTIONS) -> List[Tuple[Text, float]]:
        """The topics closest to ``text``, best first, with their scores (0-1)."""
        if not text or not text.strip():
            return []
        scores = linear_kernel(self._vectorizer.transform([text]), self._matrix)[0]
        ranked = sorted(zip(self.topics, scores, strict=True), key=lambda pair: -pair[1])
        return [(topic, float(score)) for topic, score in ranked[:limit] if score >= MIN_SCORE]

    def procedure_named(self, value: Text) -> Optional[Text]:
        """The procedure key an entity value names: one of the patients'
        names of ``procedure_names.yml`` ("spine implant" -> "scs"), else one
        the value describes (``procedure_described``); None for neither.
        Each value is read once."""
        return self._procedure_of_value(value.strip().lower())

    def _read_value(self, lowered: Text) -> Optional[Text]:
        return self._key_of_name.get(lowered) or self.procedure_described(
            lowered, VALUE_MIN_SCORE, VALUE_MARGIN
        )

    def procedure_misspelled(self, text: Text) -> Optional[Text]:
        """The procedure key that words of ``text`` name, misspelled or not,
        when they name one only ("sterod injection explain" -> "steroid"):
        each word that is no English or Spanish word and is, or is one edit
        (optimal string alignment) from, a word of the names only one
        procedure has (``MIN_NAME_WORD_LETTERS`` or more; two edits when
        both have ``TWO_EDITS_FROM`` letters); None for none or several.
        Words spelt right are left to the search (``procedure_described``)."""
        keys: Set[Text] = set()
        for word in re.findall(r"[a-z]+", fold(text)):
            if len(word) < MIN_NAME_WORD_LETTERS - 1 or known_word(word):
                continue
            if word in self._key_of_word:
                keys.add(self._key_of_word[word])
                continue
            for name_word, key in self._key_of_word.items():
                limit = 2 if min(len(word), len(name_word)) >= TWO_EDITS_FROM else 1
                if abs(len(word) - len(name_word)) <= limit and OSA.distance(word, name_word) <= limit:
                    keys.add(key)
        return keys.pop() if len(keys) == 1 else None

    def procedure_described(
        self, text: Text, min_score: float = MIN_PROCEDURE_SCORE, margin: float = PROCEDURE_MARGIN
    ) -> Optional[Text]:
        """The procedure a message names misspelled (``procedure_misspelled``)
        or describes without naming it, if one stands out: its section scores
        at least ``min_score`` (cosine, 0-1) and ``margin`` times the next
        procedure's."""
        if not text or not text.strip():
            return None
        misspelled = self.procedure_misspelled(text)
        if misspelled:
            return misspelled
        words = [w for w in re.findall(r"[a-z']+", text.lower()) if w not in GENERIC]
        if not words:
            return None
        scores = linear_kernel(self._vectorizer.transform([" ".join(words)]), self._matrix)[0]
        ranked = sorted(
            (
                (float(score), topic)
                for topic, score in zip(self.topics, scores, strict=True)
                if topic in self._procedure_of_topic
            ),
            reverse=True,
        )
        (best, topic), (second, _) = ranked[0], ranked[1]
        if best >= min_score and best >= second * margin:
            return self._procedure_of_topic[topic]
        return None


def _rare(word: Text) -> bool:
    return all(
        zipf_frequency(word, language, wordlist="small") < MAX_NAME_WORD_ZIPF for language in LANGUAGES
    )


_lock = threading.Lock()
_latest: Tuple[object, object, Optional[ArticleIndex]] = (None, None, None)


def index_for(content: Content) -> ArticleIndex:
    """The index of ``content`` and the current procedure names, built once
    for each (it is rebuilt when either file changes)."""
    global _latest
    names = procedure_names()
    with _lock:
        built_for, names_for, index = _latest
        if built_for is not content or names_for is not names or index is None:
            index = ArticleIndex(content, names)
            _latest = (content, names, index)
        return index
