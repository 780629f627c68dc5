"""Answers patients' questions from the clinic's article, keeping context.

One action answers every article topic: the intent names the topic
(``ask_<topic>``), the ``procedure`` entity or slot names the procedure the
patient is asking about, and ``last_topic`` lets "what about SCS?" or "tell me
more" refer back to the previous answer.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.buttons import buttons_for, procedure_payload, procedure_title
from actions.resolution import latest_procedure, resolve, topic_slot
from actions.wording import language_of
from clinic.content import Content, get_content


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
        content = get_content(language=language_of(tracker))
        if intent == "more_info":
            last_topic = topic_slot(tracker, content, "last_topic")
            return cls._more(dispatcher, content, last_topic, latest_procedure(tracker, content))

        procedure, topic, _ = resolve(intent, tracker, content)
        if topic is None:
            dispatcher.utter_message(
                text=content.prompts["which_procedure"],
                buttons=[
                    {"title": procedure_title(p.name), "payload": procedure_payload(p.key)}
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
            json_message={"topic": topic, "procedure": answer.procedure, "sources": list(answer.sources)},
        )
        events: List[EventType] = [SlotSet("last_topic", topic)]
        if content.topics[topic].applies_to != "none":
            events.append(SlotSet("last_question", topic))
        if procedure:
            events.append(SlotSet("procedure", procedure))
        return events

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
        prompts = content.prompts
        quoted = [prompts["more_quote"].format(sentence=s) for s in answer.sources]
        dispatcher.utter_message(text="\n".join([prompts["more_intro"], *quoted, prompts["more_outro"]]))
        return []
