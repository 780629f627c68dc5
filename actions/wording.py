"""The actions' words: message ids of ``content/messages``, in the
conversation's language (the ``language`` slot; English when unset)."""

from __future__ import annotations

from typing import Any, Text

from rasa_sdk import Tracker

from clinic import messages

LANGUAGE_SLOT = "language"


def language_of(tracker: Tracker) -> Text:
    value = tracker.get_slot(LANGUAGE_SLOT) if LANGUAGE_SLOT in (tracker.slots or {}) else None
    return value if isinstance(value, str) and value in messages.languages() else messages.DEFAULT_LANGUAGE


def say(tracker: Tracker, message_id: Text, **values: Any) -> Text:
    """The sentence ``message_id`` in the conversation's language, filled in."""
    return messages.text(message_id, language_of(tracker), **values)
