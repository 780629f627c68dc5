"""The safety net's reading by meaning: how likely a message is a crisis, an
emergency or neither, from its sentence embedding alone.

The intent classifier is often sure of a crisis or an emergency that no word
of danger (``risk_words`` of ``content/safety.yml``) confirms and that the
nearest training examples (``clinic.safety_neighbours``) do not settle: "im
going to rest for good now", "my ticker is flopping like a fish". This
reading is a logistic regression over the all-MiniLM-L6-v2 embedding
(``clinic.sentence_encoder``) of the message, trained on far more text than
the intent examples: the training examples of ``data/`` and every message of
the development sets (``tests/devset*``: their safety messages, and their
ordinary ones with the pieces of the long ones). The sealed sets, which
measure the assistant, are never among them (``sets`` in the file).

Its weights are a small file, ``clinic/safety_meaning.json`` (3 x 384
weights, 3 biases, the sets it was trained on and how many texts), made by
``python -m tests.evaluation.safety_meaning`` (``make safety-meaning``),
which embeds the texts (cached in ``var/cache``) and fits the regression
(scikit-learn, C=4). The safety net uses it as a second confirmation of the
classifier's sure guess (``components.safety_net``).

Pure Python and numpy, no Rasa.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Dict, Optional, Sequence, Text

import numpy as np

from clinic.sentence_encoder import HIDDEN, SentenceEncoder

WEIGHTS_FILE = Path(__file__).resolve().parent / "safety_meaning.json"
LABELS = ("crisis", "emergency", "other")


class SafetyMeaning:
    """``probabilities(text)`` -> {"crisis": p, "emergency": p, "other": p}
    (softmax of a linear map of the text's 384-dimensional embedding; the
    three sum to 1)."""

    def __init__(
        self,
        weights: np.ndarray,
        biases: np.ndarray,
        labels: Sequence[Text] = LABELS,
        encoder: Optional[SentenceEncoder] = None,
        about: Optional[Dict[Text, Any]] = None,
    ) -> None:
        if weights.shape != (len(labels), HIDDEN) or biases.shape != (len(labels),):
            raise ValueError(
                f"weights {weights.shape} and biases {biases.shape} do not fit {len(labels)} labels"
            )
        self._weights = weights.astype(np.float32)
        self._biases = biases.astype(np.float32)
        self.labels = list(labels)
        self._encoder = encoder
        self.about = dict(about or {})

    @classmethod
    def fit(
        cls, embeddings: np.ndarray, labels: Sequence[Text], about: Optional[Dict[Text, Any]] = None
    ) -> SafetyMeaning:
        """A multinomial logistic regression (C=4) over ``embeddings``
        (n x 384, unit rows), each labelled one of ``LABELS``."""
        from sklearn.linear_model import LogisticRegression

        model = LogisticRegression(C=4.0, max_iter=3000).fit(embeddings, list(labels))
        order = [list(model.classes_).index(label) for label in LABELS]
        return cls(model.coef_[order], model.intercept_[order], LABELS, about=about)

    def probabilities_of(self, embeddings: np.ndarray) -> np.ndarray:
        """Rows of probabilities, in the order of ``labels``, for n x 384 embeddings."""
        scores = embeddings @ self._weights.T + self._biases
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return scores / scores.sum(axis=1, keepdims=True)

    def probabilities(self, text: Text) -> Dict[Text, float]:
        encoder = self._encoder or SentenceEncoder.shared()
        row = self.probabilities_of(encoder.encode_one(text)[None])[0]
        return {label: float(p) for label, p in zip(self.labels, row, strict=True)}

    def probability(self, text: Text, category: Text) -> float:
        """How likely ``text`` is ``category`` (0..1)."""
        return self.probabilities(text)[category]

    def save(self, path: Path = WEIGHTS_FILE) -> None:
        data = {
            **self.about,
            "labels": self.labels,
            "biases": [round(float(b), 6) for b in self._biases],
            "weights": [[round(float(w), 6) for w in row] for row in self._weights],
        }
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE, encoder: Optional[SentenceEncoder] = None) -> SafetyMeaning:
        """Raises ``FileNotFoundError`` without the file, ``ValueError`` for
        weights of the wrong shape."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        about = {k: v for k, v in data.items() if k not in ("labels", "biases", "weights")}
        return cls(
            np.array(data["weights"], dtype=np.float32),
            np.array(data["biases"], dtype=np.float32),
            data["labels"],
            encoder,
            about,
        )

    @staticmethod
    @functools.lru_cache(maxsize=1)
    def shared() -> SafetyMeaning:
        """The weights of ``clinic/safety_meaning.json``, loaded once per process."""
        return SafetyMeaning.load()
