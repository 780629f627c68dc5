"""Runs the project's actions turn by turn against real rasa_sdk Trackers.

A small stand-in for the Rasa server's bookkeeping: it fills the `procedure`
slot from entities (as domain.yml's from_entity mapping does), applies the
SlotSet events the actions return, and collects what the bot says.
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional, Text

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionAnswerTopic
from actions.search import ActionArticleSearch
from tests.paths import ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
ACTIONS = {a.name(): a for a in (ActionAnswerTopic(), ActionArticleSearch())}


def tracker_for(text, intent, entities=(), slots=None, events=None) -> Tracker:
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99},
        "entities": [{"entity": e, "value": v} for e, v in entities],
    }
    return Tracker(
        sender_id="test-patient",
        slots=dict(slots or {}),
        latest_message=latest,
        events=list(events or []),
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run_action(action: Action, tracker: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    return dispatcher.messages, events


class Conversation:
    def __init__(self) -> None:
        self.slots: Dict[Text, Any] = {"procedure": None, "last_topic": None, "last_question": None}

    def say(
        self, text: Text, intent: Text, procedure: Optional[Text] = None, action: Text = "action_answer_topic"
    ) -> List[Dict[Text, Any]]:
        entities = [("procedure", procedure)] if procedure else []
        if procedure:
            self.slots["procedure"] = procedure
        tracker = tracker_for(text, intent, entities, self.slots)
        messages, events = run_action(ACTIONS[action], tracker)
        for event in events:
            if event.get("event") == "slot":
                self.slots[event["name"]] = event["value"]
        return messages

    def text(self, *args, **kwargs) -> Text:
        return "\n".join(m.get("text") or "" for m in self.say(*args, **kwargs))
