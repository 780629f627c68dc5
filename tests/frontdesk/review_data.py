"""Patients' conversations written into Rasa's own SQL tracker store, as the
assistant writes them: the review inbox, the figures and the export read them.

Each conversation is a list of turns; a turn is the patient's message, what
the NLU made of it, the actions the assistant ran and what it said. Saved with
``stores.tracker_store.PrivateSQLTrackerStore`` (Rasa's SQLTrackerStore, the
project's subclass) on SQLite or PostgreSQL.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Sequence, Tuple

from clinic import messages

# What the patients wrote that must never reach a log, and must be replaced in the export.
PATIENT_NAME = "Harper Quinlan"
PATIENT_PHONE = "(512) 555-0161"
MISUNDERSTOOD = f"my name is {PATIENT_NAME}, call me at {PATIENT_PHONE}, does the zapping thing wear off"
FALLBACK_TEXT = "do you validate parking at the garage"
CRISIS_TEXT = "i don't want to be alive anymore"
CORRECTED_TEXT = "how long does it take"
CORRECTION_TEXT = "no, I meant how long until I can go back to work"


@dataclass
class T:
    """One turn: the patient's message, the NLU's verdict, what the assistant did."""

    text: str
    intent: str
    confidence: float = 0.95
    say: Sequence[str] = ("An answer.",)
    actions: Sequence[str] = ("action_answer_topic",)
    slots: Dict[str, Any] = field(default_factory=dict)
    guess: Optional[str] = None  # nlu_fallback's best real intent
    minutes: float = 0.0  # minutes after the conversation's start
    loop: Optional[str] = None  # "request_form": the form starts; "": it ends


def events_for(channel: str, start: datetime, turns: Sequence[T], language: Optional[str] = None):
    """Rasa events of one conversation session, as the assistant stores them."""
    from rasa.shared.core.events import (
        ActionExecuted,
        ActiveLoop,
        BotUttered,
        SessionStarted,
        SlotSet,
        UserUttered,
    )

    at = start.timestamp()
    out: List[Any] = [
        ActionExecuted("action_session_start", timestamp=at),
        SessionStarted(timestamp=at),
    ]
    if language:
        out.append(SlotSet("language", language, timestamp=at))
    out.append(ActionExecuted("action_listen", timestamp=at))
    for turn in turns:
        t = at + turn.minutes * 60 + 1
        ranking = [{"name": turn.intent, "confidence": turn.confidence}]
        if turn.guess:
            ranking.append({"name": turn.guess, "confidence": 0.3})
        intent = {"name": turn.intent, "confidence": turn.confidence}
        parse = {"intent": intent, "intent_ranking": ranking, "entities": [], "text": turn.text}
        out.append(UserUttered(turn.text, intent, [], parse, timestamp=t, input_channel=channel))
        for i, action in enumerate(turn.actions):
            out.append(ActionExecuted(action, timestamp=t + 0.1 + i / 100))
        if turn.loop is not None:
            out.append(ActiveLoop(turn.loop or None, timestamp=t + 0.15))
        for name, value in turn.slots.items():
            out.append(SlotSet(name, value, timestamp=t + 0.2))
        for line in turn.say:
            out.append(BotUttered(line, timestamp=t + 0.3))
        out.append(ActionExecuted("action_listen", timestamp=t + 0.4))
    return out


def tracker_store(url: str):
    from rasa.shared.core.domain import Domain

    from stores.tracker_store import PrivateSQLTrackerStore

    return PrivateSQLTrackerStore(Domain.empty(), host=url)


def save(url: str, conversations: Sequence[Tuple[str, List[Any]]]) -> None:
    """Saves ``(sender id, events)`` conversations into the tracker store at ``url``."""
    from rasa.shared.core.trackers import DialogueStateTracker

    store = tracker_store(url)

    async def save_all():
        for sender, events in conversations:
            tracker = await store.retrieve_full_tracker(sender)
            if tracker is None:
                tracker = DialogueStateTracker.from_events(sender, events)
            else:
                for event in events:
                    tracker.update(event)
            await store.save(tracker)

    asyncio.run(save_all())
    store.engine.dispose()


CRISIS_ANSWER = messages.text("utter_crisis")
DAY = datetime(2031, 3, 4, 15, 0, tzinfo=timezone.utc)  # a Tuesday, 9:00 in Chicago


def sample_conversations(day: datetime = DAY) -> List[Tuple[str, List[Any]]]:
    """Five conversations, one of each kind staff review, on two channels and two languages.

    | sender | channel | what happens |
    | web-misunderstood | rest | unsure (0.45) answer; then a question the search answers |
    | sms-crisis | twilio_sms | a crisis message (988 answer) |
    | web-corrected | rest | a question, then "no, I meant ..." |
    | web-booking | rest, es | a booking (the form's answers are not unsure), stored; a request for a person |
    | web-fine | rest | a confident answer, nothing to review |
    """
    from datetime import timedelta

    return [
        (
            "web-misunderstood",
            events_for(
                "rest",
                day,
                [
                    T(MISUNDERSTOOD, "ask_relief_duration", 0.45, slots={"last_topic": "relief_duration"}),
                    T(
                        FALLBACK_TEXT,
                        "nlu_fallback",
                        0.4,
                        say=("I couldn't find that in the clinic's article.",),
                        actions=("action_article_search",),
                        guess="ask_about_clinic",
                        minutes=1,
                    ),
                ],
            ),
        ),
        (
            "sms-crisis",
            events_for(
                "twilio_sms",
                day + timedelta(hours=1),
                [T(CRISIS_TEXT, "crisis", 1.0, say=(CRISIS_ANSWER,), actions=("utter_crisis",))],
            ),
        ),
        (
            "web-corrected",
            events_for(
                "rest",
                day + timedelta(hours=2),
                [
                    T(CORRECTED_TEXT, "ask_during_procedure", 0.9, slots={"last_topic": "during_procedure"}),
                    T(CORRECTION_TEXT, "ask_recovery", 0.8, slots={"last_topic": "recovery"}, minutes=1),
                ],
            ),
        ),
        (
            "web-booking",
            events_for(
                "rest",
                day + timedelta(days=1),
                [
                    T(
                        "quiero una cita",
                        "book_appointment",
                        0.99,
                        actions=("action_start_request", "request_form"),
                        slots={"request_kind": "booking"},
                        loop="request_form",
                    ),
                    # a form's answer: no intent fits a name, and that is fine
                    T(PATIENT_NAME, "nlu_fallback", 0.4, actions=("request_form",), minutes=1),
                    T(
                        "si",
                        "affirm",
                        0.99,
                        actions=("action_submit_request",),
                        slots={"request_reference": "MM-7K3Q9", "request_kind": None},
                        loop="",
                        minutes=2,
                    ),
                    T(
                        "quiero hablar con una persona",
                        "request_human",
                        0.97,
                        actions=("action_start_request",),
                        slots={"request_kind": "callback"},
                        minutes=3,
                    ),
                ],
                language="es",
            ),
        ),
        (
            "web-fine",
            events_for(
                "rest",
                day + timedelta(days=8),
                [T("what is fibromyalgia", "ask_fm_definition", 0.98, slots={"last_topic": "fm_definition"})],
            ),
        ),
    ]
