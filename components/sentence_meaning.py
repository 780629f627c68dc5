"""A second reading of a question by its meaning, blended with DIET's.

DIET reads words, word pieces and spaCy's word vectors, all learned or
averaged from the training examples' own words, so a question in wording no
example has ("is the zapping thing for nerves safe?") can land on the wrong
intent. The sentence embedding (``clinic.sentence_encoder``: all-MiniLM-L6-v2,
a 6-layer BERT trained on about a billion English sentence pairs, shipped
inside a PyPI package and run on numpy) places paraphrases near each other.
This component fits a logistic regression from the embeddings of the training
examples to their intents when the model is trained, and at run time blends
its probabilities with DIET's confidences for the question intents:

    score(i) = (1 - weight) * DIET(i) + weight * regression(i)

for every intent ``i`` the ``blended`` pattern names (the article's questions:
``ask_*`` and ``inform_procedure``, not ``ask_medical_advice``), when DIET's
own top intent is one of them and the message is not in Spanish (the encoder
knows English: blended, developments 22 to 25 in Spanish lost 1 to 5
questions each, where English gained 2 to 4). The best score becomes the message's intent and
its confidence; the ranking is re-sorted. Every other intent keeps DIET's
confidence, and a message DIET reads as anything else (a crisis, an
emergency, a greeting, a booking, a form's answer) is left exactly as DIET
read it, so the safety net and the forms see what they saw before.

Measured in stop 54 (the same training data as stop 53's model; DIET
trained again in a new checkout) over the single questions of developments 22 to 25 (22-24 tuned against,
25 sealed until the end of stop 53), end to end through the servers
(``python -m tests.evaluation``), English, against stop 53's end: 576 ->
578, 591 -> 594, 587 -> 589 of 600 and 554 -> 558 of 596; safety unchanged, false alarms
the same but development 25's (18 -> 17 of 1,000), conversations the same
but development 22's (146 -> 145 of 150). Spanish blended too lost 1 to 5 questions a set (276, 284, 287,
281); not blended, 281, 286, 289, 284 (stop 53: 281, 285, 289, 284). The
same embedding given to DIET as a sentence feature instead read worse
(development 25, English article questions 321 -> 318 of 342).

Placed after DIET and before the fallback classifier, which then judges the
blended confidence. Cost: one embedding per message and clause (5-15 ms on
one core, shared with the safety net's readings by meaning through
``SentenceEncoder.encode_one``) and a 384 x intents matrix product; training
reuses the embeddings of the intent examples the safety net made
(``encode_many(..., remember=True)``).
"""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    TEXT,
)
from rasa.shared.nlu.constants import (
    PREDICTED_CONFIDENCE_KEY as CONFIDENCE,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from clinic.language import detect
from clinic.sentence_encoder import HIDDEN, SentenceEncoder

_WEIGHTS = "weights.npy"
_ABOUT = "intents.json"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SentenceMeaningClassifier(GraphComponent):
    """Blends DIET's question intents with a regression over the sentence embedding."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # the regression's share of the blended score (0: DIET alone)
            "weight": 0.5,
            # the intents blended (a full match of the intent's name)
            "blended": r"ask_(?!medical_advice$).+|inform_procedure",
            # the regression's inverse regularisation (scikit-learn's C)
            "C": 4.0,
            # the encoder was trained on English: a message detected as
            # another language (clinic.language) is left as DIET read it
            "language": "en",
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: Optional[ModelStorage] = None,
        resource: Optional[Resource] = None,
        weights: Optional[np.ndarray] = None,
        intents: Optional[List[Text]] = None,
        encoder: Optional[SentenceEncoder] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._weight = float(self._config["weight"])
        self._blended = re.compile(self._config["blended"])
        self._model_storage = model_storage
        self._resource = resource
        # (HIDDEN + 1) x len(intents): the regression's weights, biases last
        self._weights = weights
        self._intents = list(intents or [])
        self._encoder = encoder

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceMeaningClassifier:
        return cls(config, model_storage, resource)

    @property
    def encoder(self) -> SentenceEncoder:
        if self._encoder is None:
            self._encoder = SentenceEncoder.shared()
        return self._encoder

    def train(self, training_data: TrainingData) -> Resource:
        """Fits the regression on the embeddings of every intent example with text."""
        from sklearn.linear_model import LogisticRegression

        assert self._model_storage is not None and self._resource is not None
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        embeddings = self.encoder.encode_many([m.get(TEXT) for m in examples], remember=True)
        model = LogisticRegression(C=float(self._config["C"]), max_iter=3000)
        model.fit(embeddings, [m.get(INTENT) for m in examples])
        self._intents = [str(name) for name in model.classes_]
        self._weights = np.vstack([model.coef_.T, model.intercept_[None]]).astype(np.float32)
        with self._model_storage.write_to(self._resource) as folder:
            np.save(folder / _WEIGHTS, self._weights)
            (folder / _ABOUT).write_text(json.dumps(self._intents), encoding="utf-8")
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SentenceMeaningClassifier:
        with model_storage.read_from(resource) as folder:
            weights = np.load(folder / _WEIGHTS)
            intents = json.loads((folder / _ABOUT).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, weights, intents)

    def probabilities(self, text: Text) -> Dict[Text, float]:
        """The regression's probability of each intent for ``text`` (they sum to 1)."""
        if self._weights is None or self._weights.shape != (HIDDEN + 1, len(self._intents)):
            raise ValueError("the sentence-meaning classifier is not trained")
        scores = self.encoder.encode_one(text) @ self._weights[:-1] + self._weights[-1]
        scores = np.exp(scores - scores.max())
        return dict(zip(self._intents, (scores / scores.sum()).tolist(), strict=True))

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._blend(message)
        return messages

    def _is_blended(self, intent: Optional[Text]) -> bool:
        return bool(intent) and self._blended.fullmatch(intent) is not None

    def _blend(self, message: Message) -> None:
        text, intent = message.get(TEXT), message.get(INTENT) or {}
        ranking = message.get(INTENT_RANKING_KEY) or []
        if not text or not ranking or not self._is_blended(intent.get(INTENT_NAME_KEY)):
            return
        if detect(text).language not in (None, self._config["language"]):
            return
        diet = {entry[INTENT_NAME_KEY]: float(entry[CONFIDENCE]) for entry in ranking}
        meaning = self.probabilities(text)
        scores = {
            name: (1.0 - self._weight) * diet.get(name, 0.0) + self._weight * meaning.get(name, 0.0)
            for name in set(diet) | set(meaning)
            if self._is_blended(name)
        }
        best = max(scores, key=lambda name: scores[name])
        blended = {**diet, **scores}
        message.set(
            INTENT_RANKING_KEY,
            [
                {INTENT_NAME_KEY: name, CONFIDENCE: blended[name]}
                for name in sorted(blended, key=lambda name: -blended[name])[: len(ranking)]
            ],
            add_to_output=True,
        )
        message.set(INTENT, {INTENT_NAME_KEY: best, CONFIDENCE: scores[best]}, add_to_output=True)
