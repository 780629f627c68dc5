"""The last step of the NLU pipeline: a deterministic net for emergencies.

Whatever the classifier made of a message, this component makes its intent
``crisis`` or ``emergency`` (confidence 1.0) when

* the text matches a pattern of ``content/safety.yml``, or
* the classifier itself gave ``crisis`` or ``emergency`` at least
  ``min_confidence``, even if another intent (or ``nlu_fallback``) ranked first.

So a low-confidence or fallback prediction can never argue an emergency away;
rules in ``data/rules.yml`` answer these two intents in any conversation state.
The original prediction is kept in the ranking and in ``safety_net`` for
evaluation. No message text is logged.
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from components.safety_patterns import CATEGORIES, SafetyPatterns

logger = logging.getLogger(__name__)

SAFETY_NET_KEY = "safety_net"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class SafetyNet(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"patterns_file": None, "min_confidence": 0.3}

    def __init__(self, config: Dict[Text, Any]) -> None:
        self._min_confidence = float(config["min_confidence"])
        self._patterns = SafetyPatterns.load(config.get("patterns_file"))

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "SafetyNet":
        return cls({**cls.get_default_config(), **config})

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._check(message)
        return messages

    def _check(self, message: Message) -> None:
        text = message.get(TEXT)
        if not text:
            return
        reason = "pattern"
        category = self._patterns.category(text)
        if category is None:
            category = self._from_ranking(message.get(INTENT_RANKING_KEY) or [])
            reason = "ranking"
        if category is None:
            return
        predicted = message.get(INTENT) or {}
        if predicted.get("name") == category and reason == "ranking":
            return
        ranking = [
            r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != category
        ]
        message.set(INTENT, {"name": category, "confidence": 1.0}, add_to_output=True)
        message.set(
            INTENT_RANKING_KEY,
            [{"name": category, "confidence": 1.0}] + ranking,
            add_to_output=True,
        )
        message.set(
            SAFETY_NET_KEY,
            {"category": category, "reason": reason, "overrode": predicted.get("name")},
            add_to_output=True,
        )
        logger.info(
            "Safety net: %s (by %s), classifier said %s.",
            category,
            reason,
            predicted.get("name"),
        )

    def _from_ranking(self, ranking: List[Dict[Text, Any]]) -> Optional[Text]:
        for category in CATEGORIES:
            for entry in ranking:
                if (
                    entry.get("name") == category
                    and entry.get("confidence", 0.0) >= self._min_confidence
                ):
                    return category
        return None
