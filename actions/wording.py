"""The actions' words: message ids of ``content/messages``, in the
conversation's language: its ``language`` slot where the domain has one, else
what the patient's messages so far say (``clinic.language``); English when
nothing tells."""

from __future__ import annotations

from typing import Any, Text

from rasa_sdk import Tracker

from clinic import messages
from clinic.language import LANGUAGES, conversation_language

LANGUAGE_SLOT = "language"


def language_of(tracker: Tracker) -> Text:
    value = tracker.get_slot(LANGUAGE_SLOT) if LANGUAGE_SLOT in (tracker.slots or {}) else None
    if isinstance(value, str) and value in LANGUAGES:
        return value
    return conversation_language(tracker.events or [])


def say(tracker: Tracker, message_id: Text, **values: Any) -> Text:
    """The sentence ``message_id`` in the conversation's language, filled in."""
    return messages.text(message_id, language_of(tracker), **values)
