"""The language a channel speaks to a patient in, for the texts it writes
itself (SMS HELP, service messages, the safety answer it adds).

The dialogue keeps the conversation's language in its ``language`` slot; a
channel reads it from Rasa's tracker store when it has to say something
itself, and otherwise goes by the message (``clinic.language``).
"""

from __future__ import annotations

import logging
from typing import Any, Optional, Text

from clinic.content import LANGUAGES

logger = logging.getLogger(__name__)

LANGUAGE_SLOT = "language"


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
    if tracker is None or LANGUAGE_SLOT not in getattr(tracker, "slots", {}):
        return None
    value = tracker.get_slot(LANGUAGE_SLOT)
    return value if value in LANGUAGES else None
