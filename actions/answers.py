"""Answers patients' questions from the clinic's article, keeping context.

One action answers every article topic: the intent names the topic
(``ask_<topic>``), the ``procedure`` entity or slot names the procedure the
patient is asking about, and ``last_topic`` lets "what about SCS?" or "tell me
more" refer back to the previous answer.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, NamedTuple, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.content import Content, buttons_for, get_content, procedure_payload
from actions.search import index_for

ASK_PREFIX = "ask_"
# "what is it?" asked about a procedure in context, not about fibromyalgia
DEFINITION_INTENTS = {"ask_fm_definition", "ask_ipm_definition"}
_REFERS_BACK = re.compile(r"\b(it|that|this|those|these|them|one)\b", re.IGNORECASE)
_NAMES_SUBJECT = re.compile(r"fibro|fmg|interventional|pain management", re.IGNORECASE)


def latest_procedure(tracker: Tracker, content: Content) -> Optional[Text]:
    """The procedure named in the latest message, else the one discussed before."""
    for value in tracker.get_latest_entity_values("procedure"):
        if content.procedure(value):
            return value
    slot = tracker.get_slot("procedure")
    return slot if content.procedure(slot) else None


def named_in_latest_message(tracker: Tracker, content: Content) -> bool:
    return any(content.procedure(v) for v in tracker.get_latest_entity_values("procedure"))


def described_procedure(tracker: Tracker, content: Content, intent: Text) -> Optional[Text]:
    """A procedure the latest message describes without naming it."""
    if intent not in ("ask_procedure", "inform_procedure"):
        return None
    if named_in_latest_message(tracker, content):
        return None
    return index_for(content).procedure_described(tracker.latest_message.get("text") or "")


def topic_slot(tracker: Tracker, content: Content, name: Text) -> Optional[Text]:
    value = tracker.get_slot(name)
    return value if isinstance(value, str) and value in content.topics else None


class Resolution(NamedTuple):
    procedure: Optional[Text]  # the procedure the answer is about
    topic: Optional[Text]  # what to answer, None: ask which procedure
    in_message: bool  # the latest message names or describes the procedure


def resolve(intent: Text, tracker: Tracker, content: Content) -> Resolution:
    """What ``intent`` asks about in this conversation; searches the article once."""
    named = named_in_latest_message(tracker, content)
    described = None if named else described_procedure(tracker, content, intent)
    procedure = described or latest_procedure(tracker, content)
    in_message = named or described is not None
    last_question = topic_slot(tracker, content, "last_question")
    topic = ActionAnswerTopic._topic_for(
        intent, content, procedure, last_question, tracker, in_message
    )
    return Resolution(procedure, topic, in_message)


def answerable_topic(intent: Text, tracker: Tracker) -> Resolution:
    """What ``intent`` would answer now (used by the fallback)."""
    return resolve(intent, tracker, get_content())


class ActionAnswerTopic(Action):
    def name(self) -> Text:
        return "action_answer_topic"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        return self.answer(dispatcher, tracker, intent)

    @classmethod
    def answer(cls, dispatcher: CollectingDispatcher, tracker: Tracker, intent: Text) -> List[EventType]:
        """Answers ``intent`` (the latest message's, or the fallback's best guess)."""
        content = get_content()
        if intent == "more_info":
            last_topic = topic_slot(tracker, content, "last_topic")
            return cls._more(dispatcher, content, last_topic, latest_procedure(tracker, content))

        procedure, topic, _ = resolve(intent, tracker, content)
        if topic is None:
            dispatcher.utter_message(
                text=content.prompts["which_procedure"],
                buttons=[
                    {"title": p.name[0].upper() + p.name[1:], "payload": procedure_payload(p.key)}
                    for p in content.procedures.values()
                ],
            )
            return []

        answer = content.answer(topic, procedure)
        dispatcher.utter_message(
            text=answer.text,
            buttons=buttons_for(content, content.topics[topic]) or None,
            # the article sentences behind the answer, for staff (channels
            # that show patients text alone ignore custom payloads)
            json_message={"topic": topic, "procedure": answer.procedure,
                          "sources": list(answer.sources)},
        )
        events: List[EventType] = [SlotSet("last_topic", topic)]
        if content.topics[topic].applies_to != "none":
            events.append(SlotSet("last_question", topic))
        if procedure:
            events.append(SlotSet("procedure", procedure))
        return events

    @staticmethod
    def _topic_for(
        intent: Text,
        content: Content,
        procedure: Optional[Text],
        last_question: Optional[Text],
        tracker: Tracker,
        in_message: bool,
    ) -> Optional[Text]:
        text = tracker.latest_message.get("text") or ""
        if intent == "ask_procedure":
            return content.procedure_topic(procedure)
        if intent == "inform_procedure":
            # "what about SCS?": the last question about a procedure, for this one.
            if last_question and in_message:
                return last_question
            return content.procedure_topic(procedure)
        if intent in DEFINITION_INTENTS and procedure:
            # "scs for fibro?? explain" names a procedure; "what is it anyway?"
            # refers back to the one being discussed
            if named_in_latest_message(tracker, content) or (
                _REFERS_BACK.search(text) and not _NAMES_SUBJECT.search(text)
            ):
                return content.procedure_topic(procedure)
        topic = intent[len(ASK_PREFIX):] if intent.startswith(ASK_PREFIX) else None
        return topic if topic in content.topics else None

    @staticmethod
    def _more(
        dispatcher: CollectingDispatcher,
        content: Content,
        last_topic: Optional[Text],
        procedure: Optional[Text],
    ) -> List[EventType]:
        if last_topic is None:
            dispatcher.utter_message(text=content.prompts["more_without_topic"])
            return []
        answer = content.answer(last_topic, procedure)
        quoted = "\n".join(f"“{s}”" for s in answer.sources)
        prompts = content.prompts
        dispatcher.utter_message(
            text=f"{prompts['more_intro']}\n{quoted}\n{prompts['more_outro']}"
        )
        return []
