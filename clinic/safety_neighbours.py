"""The safety net's second opinion: is a message nearer, by meaning, to the
training examples of a safety intent than to every other example?

The intent classifier (DIET) calls many messages a crisis with full
confidence, ordinary ones too ("tmrw aft"); so alone it raises 911 / 988 only
when a word of danger (``risk_words`` of ``content/safety.yml``) confirms it.
Patients in crisis often write none: "gave my cat to my sister. told her it was
bc of allergies. it wasnt". This second opinion confirms the classifier's
safety guess by meaning instead: the message's sentence embedding
(``clinic.sentence_encoder``) against the embeddings of the training examples,
``k`` nearest of each of ``crisis``, ``emergency`` and all other intents.

It agrees with a guess ``category`` when the mean similarity of the ``k``
nearest examples of ``category`` beats the other safety category's and every
other intent's by at least ``min_margin`` (cosine similarity, -1..1). Margins
measured on the development sets (README, "Measured"): 0.1 adds catches and no
false alarm there; 0.0 adds more of both.

Pure Python and numpy, no Rasa: ``components.safety_net`` trains and keeps it
in the model; the tests use it alike.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Dict, Optional, Sequence, Text

import numpy as np

from clinic.sentence_encoder import SentenceEncoder

SAFETY_CATEGORIES = ("crisis", "emergency")
OTHER = "other"

_EMBEDDINGS = "embeddings.npy"
_LABELS = "labels.json"


class SafetyNeighbours:
    """Embeddings of training examples, by label (``crisis``, ``emergency``,
    ``other``), and the rule that reads a message against them."""

    def __init__(
        self,
        embeddings: np.ndarray,
        labels: Sequence[Text],
        encoder: SentenceEncoder,
        neighbours: int = 3,
        min_margin: float = 0.1,
    ) -> None:
        self._encoder = encoder
        self._neighbours = neighbours
        self._min_margin = min_margin
        self._labels = list(labels)
        self._by_label: Dict[Text, np.ndarray] = {
            label: embeddings[[i for i, x in enumerate(self._labels) if x == label]]
            for label in (*SAFETY_CATEGORIES, OTHER)
        }

    @classmethod
    def fit(
        cls,
        texts: Sequence[Text],
        intents: Sequence[Text],
        encoder: Optional[SentenceEncoder] = None,
        **rule: float,
    ) -> SafetyNeighbours:
        """Embeds the training examples ``texts`` (each labelled by its intent
        in ``intents``; every intent but the two safety ones is ``other``)."""
        encoder = encoder or SentenceEncoder.shared()
        labels = [i if i in SAFETY_CATEGORIES else OTHER for i in intents]
        return cls(encoder.encode_many(texts, remember=True), labels, encoder, **rule)  # type: ignore[arg-type]

    def scores(self, text: Text) -> Dict[Text, float]:
        """Mean cosine similarity of ``text`` to its ``k`` nearest examples of
        each label (-1.0 for a label without examples)."""
        vector = self._encoder.encode_one(text)
        scores = {}
        for label, examples in self._by_label.items():
            if not len(examples):
                scores[label] = -1.0
                continue
            similarities = examples @ vector
            k = min(self._neighbours, len(similarities))
            scores[label] = float(np.partition(similarities, -k)[-k:].mean())
        return scores

    def agrees(self, text: Text, category: Text) -> bool:
        """Whether ``text`` is nearer to ``category``'s examples than to any
        other label's, by at least the margin."""
        scores = self.scores(text)
        rivals = [score for label, score in scores.items() if label != category]
        return scores[category] - max(rivals) >= self._min_margin

    def persist(self, folder: Path) -> None:
        everything = np.concatenate([self._by_label[label] for label in (*SAFETY_CATEGORIES, OTHER)])
        labels = [label for label in (*SAFETY_CATEGORIES, OTHER) for _ in range(len(self._by_label[label]))]
        np.save(folder / _EMBEDDINGS, everything.astype(np.float16))
        (folder / _LABELS).write_text(json.dumps(labels), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path, encoder: Optional[SentenceEncoder] = None, **rule: float) -> SafetyNeighbours:
        embeddings = np.load(folder / _EMBEDDINGS).astype(np.float32)
        labels = json.loads((folder / _LABELS).read_text(encoding="utf-8"))
        return cls(embeddings, labels, encoder or SentenceEncoder.shared(), **rule)  # type: ignore[arg-type]
