"""The conversation's language as the Rasa server reads it from a tracker:
its ``language`` slot where the domain has one, else what the patient's
messages so far say (``clinic.language.conversation_language``, the same
reading as the action server's ``actions.wording.language_of``).

The responses (``server.nlg``) use it; the channels read it from Rasa's
tracker store for the texts they write themselves (SMS HELP, service
messages) and otherwise go by the message.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, Iterator, Optional, Text

from rasa.shared.core.events import ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from clinic.content import LANGUAGES
from clinic.language import conversation_language

logger = logging.getLogger(__name__)

LANGUAGE_SLOT = "language"


def _event_dicts(tracker: DialogueStateTracker) -> Iterator[Dict[Text, Any]]:
    """The tracker's events that tell the language, as the action server sees them."""
    for event in tracker.events:
        if isinstance(event, UserUttered):
            yield {"event": "user", "text": event.text}
        elif isinstance(event, SlotSet) and event.key == "requested_slot":
            yield {"event": "slot", "name": event.key, "value": event.value}
        elif isinstance(event, ActiveLoop):
            yield {"event": "active_loop", "name": event.name}


def tracker_language(tracker: DialogueStateTracker) -> Text:
    """The conversation's language: its slot, else its messages'."""
    slot = tracker.get_slot(LANGUAGE_SLOT) if LANGUAGE_SLOT in tracker.slots else None
    return slot if slot in LANGUAGES else conversation_language(_event_dicts(tracker))


async def slot_language(agent: Any, sender: Text) -> Optional[Text]:
    """The conversation's ``language`` slot ("en" | "es"), or None: no agent,
    no such conversation or slot, or the tracker store cannot be read."""
    store = getattr(agent, "tracker_store", None)
    if store is None:
        return None
    try:
        tracker = await store.retrieve(sender)
    except Exception as error:  # the store is down: the channel still answers
        logger.warning("Could not read the conversation's language (%s).", type(error).__name__)
        return None
    if tracker is None:
        return None
    if LANGUAGE_SLOT in getattr(tracker, "slots", {}) and tracker.get_slot(LANGUAGE_SLOT) in LANGUAGES:
        return tracker.get_slot(LANGUAGE_SLOT)
    if not hasattr(tracker, "events"):
        return None
    return tracker_language(tracker)
