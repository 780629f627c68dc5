"""The dialogue's responses, in the clinic's words from ``content/messages``.

endpoints.yml::

    nlg:
      type: server.nlg.ContentNLG

Rasa's own response generator, reading the ``utter_*`` responses from
``content/messages/<language>.yml`` (read again when a file changes: wording
edits need no retraining) instead of ``domain.yml``, whose ``responses`` only
name them. A response's variants in another language than English are
offered when the conversation's ``language`` slot says so (Rasa's response
conditions); English is the default.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig

from clinic import messages

LANGUAGE_SLOT = "language"
RESPONSE_PREFIX = "utter_"


def responses() -> Dict[Text, List[Dict[Text, Any]]]:
    """Every ``utter_*`` response, its variants in every language: English
    ones as written, another language's conditioned on the language slot."""
    found: Dict[Text, List[Dict[Text, Any]]] = {}
    for language in [messages.DEFAULT_LANGUAGE] + [
        lang for lang in messages.languages() if lang != messages.DEFAULT_LANGUAGE
    ]:
        for key, variants in messages.messages(language).items():
            if not key.startswith(RESPONSE_PREFIX) or not isinstance(variants, list):
                continue
            for variant in variants:
                if language != messages.DEFAULT_LANGUAGE:
                    condition = [{"type": "slot", "name": LANGUAGE_SLOT, "value": language}]
                    variant = {**variant, "condition": condition + list(variant.get("condition") or [])}
                found.setdefault(key, []).append(variant)
    return found


class ContentNLG(TemplatedNaturalLanguageGenerator):
    """Rasa's templated generator over ``content/messages``."""

    def __init__(
        self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None
    ) -> None:
        super().__init__({})

    @property
    def responses(self) -> Dict[Text, List[Dict[Text, Any]]]:
        return responses()

    @responses.setter
    def responses(self, _value: Dict[Text, List[Dict[Text, Any]]]) -> None:
        pass  # always read from content/messages
