"""Stores a confirmed booking or call-back request for the front desk.

Idempotent: the request's key is the conversation and the moment the form
started, so a second "yes", or a retried request, stores it once and gives the
same reference. Never a silent success: if it cannot be stored the patient is
told plainly and given the clinic's number.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime
from typing import Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.booking_inputs import FLEXIBLE, display_phone
from actions.request_form import FORM, FORM_SLOTS
from actions.resolution import discussed_procedure
from actions.wording import language_of, say
from clinic.content import clinic_info, get_content
from clinic.requests import RequestStore

logger = logging.getLogger(__name__)
TRANSCRIPT_LIMIT = 60

_store: Optional[RequestStore] = None


def store() -> RequestStore:
    global _store
    if _store is None:
        _store = RequestStore()
    return _store


def idempotency_key(tracker: Tracker) -> Text:
    """The conversation and the moment this form started: stable across retries."""
    started = next(
        (
            e.get("timestamp")
            for e in reversed(tracker.events)
            if e.get("event") == "active_loop" and e.get("name") == FORM
        ),
        None,
    )
    return hashlib.sha256(f"{tracker.sender_id}:{started}".encode()).hexdigest()


def transcript(tracker: Tracker) -> List[Dict[Text, Text]]:
    """The conversation so far, as the front desk reads it."""
    lines = []
    for event in tracker.events:
        if event.get("event") == "user" and event.get("text"):
            text = event["text"]
            if text.startswith("/"):
                continue  # a button press: the bot's reply shows what it meant
            lines.append({"sender": "patient", "text": text})
        elif event.get("event") == "bot" and event.get("text"):
            lines.append({"sender": "assistant", "text": event["text"]})
    return lines[-TRANSCRIPT_LIMIT:]


class ActionSubmitRequest(Action):
    def name(self) -> Text:
        return "action_submit_request"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain) -> List[EventType]:
        if tracker.get_slot("request_confirmed") is not True:
            return []
        info = clinic_info()
        kind = tracker.get_slot("request_kind") or "booking"
        when = tracker.get_slot("preferred_time")
        content = get_content()
        procedure = content.procedure(discussed_procedure(tracker, content))
        try:
            stored = store().create_request(
                kind=kind,
                full_name=tracker.get_slot("full_name"),
                phone_e164=tracker.get_slot("phone"),
                preferred_time=datetime.fromisoformat(when) if when and when != FLEXIBLE else None,
                preferred_time_text=tracker.get_slot("preferred_time_text"),
                procedure=procedure.name if procedure else None,
                consent=True,
                transcript=transcript(tracker),
                idempotency_key=idempotency_key(tracker),
                language=language_of(tracker),
            )
        except Exception as error:  # the database is down: say so, never pretend
            logger.error("Could not store a %s request: %s", kind, type(error).__name__)
            dispatcher.utter_message(text=say(tracker, "submit_failed", phone=info["phone"]))
            # back to the form's last question: the summary, to confirm again
            return [SlotSet("request_confirmed", None), FollowupAction(FORM)]
        logger.info("Stored %s request %s.", kind, stored.reference)
        dispatcher.utter_message(
            text=say(
                tracker,
                f"submit_done_{kind}",
                reference=stored.reference,
                patient_phone=display_phone(stored.phone_e164),
                phone=info["phone"],
                follow_up=say(tracker, "clinic_follow_up"),
            )
        )
        return [SlotSet("request_reference", stored.reference)] + [SlotSet(s, None) for s in FORM_SLOTS]
