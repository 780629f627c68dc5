"""Leaving words: "never mind", "forget it, I'll call the office" end a
request whatever the classifier guessed.

A patient who says they no longer want the booking must not be kept in it
because the model read "I'll ring the front desk tomorrow" as a request for a
person, or "no, cancel it" as a denial. This component, after the intent
classifiers and before the safety net, makes the intent ``stop`` (confidence
1.0) when the message matches a ``leaving`` pattern of
``content/form_words.yml`` and is not a question. The original prediction is
kept in the ranking and under ``form_words``. No message text is logged.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from clinic.form_words import FormWords

logger = logging.getLogger(__name__)

FORM_WORDS_KEY = "form_words"
LEAVING_INTENT = "stop"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class LeavingWords(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    def __init__(self) -> None:
        self._words = FormWords.load()

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LeavingWords:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or not self._words.leaving(text):
                continue
            predicted = message.get(INTENT) or {}
            if predicted.get("name") == LEAVING_INTENT:
                continue
            ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != LEAVING_INTENT]
            message.set(INTENT, {"name": LEAVING_INTENT, "confidence": 1.0}, add_to_output=True)
            message.set(
                INTENT_RANKING_KEY,
                [{"name": LEAVING_INTENT, "confidence": 1.0}] + ranking,
                add_to_output=True,
            )
            message.set(
                FORM_WORDS_KEY, {"leaving": True, "overrode": predicted.get("name")}, add_to_output=True
            )
            logger.info("Leaving words: intent %s became %s.", predicted.get("name"), LEAVING_INTENT)
        return messages
