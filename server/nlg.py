"""The dialogue's responses, in the clinic's words from ``content/messages``.

endpoints.yml::

    nlg:
      type: server.nlg.ContentNLG

Rasa's own response generator, reading the ``utter_*`` responses from
``content/messages/<language>.yml`` (read again when a file changes: wording
edits need no retraining) instead of ``domain.yml``, whose ``responses`` only
name them. Each response is said in the conversation's language (its
``language`` slot where the domain has one, else what the patient's messages
so far say: ``clinic.language.conversation_language``; English for an id the
language lacks), choosing among that language's variants only, with Rasa's
own rules (``condition``, ``channel``).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from channels.conversation_language import tracker_language
from clinic import messages
from clinic.content import language_or_default

LANGUAGE_SLOT = "language"
RESPONSE_PREFIX = "utter_"


def responses(language: Optional[Text] = None) -> Dict[Text, List[Dict[Text, Any]]]:
    """Every ``utter_*`` response's variants in ``language`` (English for the
    ids it lacks); with no language, English's (every id the dialogue names)."""
    found: Dict[Text, List[Dict[Text, Any]]] = {}
    wanted = language_or_default(language)
    for lang in dict.fromkeys([messages.DEFAULT_LANGUAGE, wanted]):
        for key, variants in messages.messages(lang).items():
            if key.startswith(RESPONSE_PREFIX) and isinstance(variants, list):
                found[key] = list(variants)
    return found


class ContentNLG(TemplatedNaturalLanguageGenerator):
    """Rasa's templated generator over ``content/messages``, per language."""

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

    async def generate(
        self,
        utter_action: Text,
        tracker: DialogueStateTracker,
        output_channel: Text,
        **kwargs: Any,
    ) -> Optional[Dict[Text, Any]]:
        """The response in the conversation's language."""
        filled_slots = {**tracker.current_slot_values(), LANGUAGE_SLOT: tracker_language(tracker)}
        return self.generate_from_slots(utter_action, filled_slots, output_channel, **kwargs)

    def generate_from_slots(
        self,
        utter_action: Text,
        filled_slots: Dict[Text, Any],
        output_channel: Text,
        **kwargs: Any,
    ) -> Optional[Dict[Text, Any]]:
        """The response in the conversation's language (the ``language`` slot)."""
        language = (filled_slots or {}).get(LANGUAGE_SLOT)
        in_language = TemplatedNaturalLanguageGenerator(responses(language))
        return in_language.generate_from_slots(utter_action, filled_slots, output_channel, **kwargs)
