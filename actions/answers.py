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

from actions.buttons import buttons_for, procedure_payload, procedure_title
from actions.not_covered import Subject, say_not_covered, subject_of
from actions.resolution import (
    DEFINITION_INTENTS,
    asks_about_its_own_subject,
    compared_procedures,
    is_follow_up,
    latest_procedure,
    named_in_latest_message,
    procedures_named_together,
    resolve,
    the_other_one,
    topic_slot,
)
from actions.wording import language_of, say
from clinic.content import Content, get_content
from clinic.form_words import form_words
from clinic.not_covered import subject_named
from clinic.questions import MIN_CLAUSE_CONFIDENCE

ANSWERABLE = ("ask_", "inform_procedure")
MEDICAL_ADVICE = "ask_medical_advice"


class Asked(NamedTuple):
    """One question of a compound message: its intent and its own view of
    the conversation (the clause as the latest message)."""

    intent: Text
    tracker: Tracker


def asked_questions(tracker: Tracker, at_least: int = 2) -> List[Asked]:
    """The questions of the latest message when it asks ``at_least`` two or
    three (``clauses`` of the parse data), each with a tracker whose latest
    message is that clause; ``[]`` when it asks fewer. A clause naming no
    procedure asks about the one the message, or the clause before, names.
    With ``at_least=1``: the article questions beside another part of the
    message (a booking, a question the article does not cover)."""
    clauses = tracker.latest_message.get("clauses") or []
    message_procedures = [
        e for e in tracker.latest_message.get("entities") or [] if e.get("entity") == "procedure"
    ]
    asked: List[Asked] = []
    carried = message_procedures[:1]
    whole = _whole_message_question(tracker, clauses)
    for clause in clauses:
        intent = clause.get("intent") or ""
        sure = float(clause.get("confidence") or 0.0) >= MIN_CLAUSE_CONFIDENCE
        if not sure and whole:
            # "q causa la fibro y xq duele tanto": the model is unsure of "xq
            # duele tanto" alone, sure of the whole message's other topic
            intent, sure, clause, whole = whole, True, {**clause, "intent": whole}, None
        if not sure or not (intent.startswith(ANSWERABLE) or intent == MEDICAL_ADVICE):
            continue
        own = [e for e in clause.get("entities") or [] if e.get("entity") == "procedure"]
        text = clause.get("text") or ""
        if own or not asks_about_its_own_subject(intent, text):
            carried = own or carried
            entities = carried
        else:
            # "what is interventional pain management? and what is a nerve
            # block": the first question is not about the nerve block
            entities = []
        view = tracker.copy()
        view.latest_message = {
            **tracker.latest_message,
            "text": text,
            "intent": {"name": intent, "confidence": clause.get("confidence")},
            "entities": entities,
            "clauses": [],
        }
        asked.append(Asked(intent, view))
    return asked if len(asked) >= at_least else []


# how sure the model must be of a whole message of two questions for its
# topic to stand for a question it is unsure of alone
SURE_WHOLE_MESSAGE = 0.8


def _whole_message_question(tracker: Tracker, clauses: List[Dict[Text, Any]]) -> Optional[Text]:
    """The whole message's topic, when the model is sure of it, of two or more
    clauses one is unsure and another is sure of a different topic ("q causa
    la fibro y xq duele tanto": the causes, and the whole message's how the
    pain comes about); None otherwise."""
    intent = tracker.latest_message.get("intent") or {}
    name = intent.get("name") or ""
    if (
        len(clauses) < 2
        or not name.startswith("ask_")
        or float(intent.get("confidence") or 0.0) < SURE_WHOLE_MESSAGE
    ):
        return None
    sure = [c for c in clauses if float(c.get("confidence") or 0.0) >= MIN_CLAUSE_CONFIDENCE]
    if len(sure) != len(clauses) - 1 or any(c.get("intent") == name for c in sure):
        return None
    if not all((c.get("intent") or "").startswith(ANSWERABLE) for c in sure):
        return None
    return name


# a greeting or thanks before the question ("hi there, what is fibro?",
# "thanks! and how long does it last?"): said back before the answer
_ACKNOWLEDGED = {"greet": "answer_after_greeting", "thanks": "answer_after_thanks"}
# thanks that open a message of one clause, before a comma or a stop
_OPENS_WITH_THANKS = re.compile(
    r"^\W*(?:(?:ok|okay|oh|great|perfect|perfecto|ok)\W+)?(?:thanks|thank (?:you|u)|thx|ty|tysm|gracias|muchas gracias|mil gracias)"
    r"(?: (?:so much|very much|a lot|for (?:everything|all|the \w+|your help)|por (?:todo|la \w+|su ayuda)))?\s*[,.!;:]",
    re.IGNORECASE,
)


def acknowledge(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Says hello or "you're welcome" back when the latest message opens with
    a greeting or thanks the model is sure of (its first clause), before the
    answer to the question that follows it."""
    clauses = tracker.latest_message.get("clauses") or []
    first = clauses[0] if clauses else {}
    message = _ACKNOWLEDGED.get(first.get("intent") or "")
    if message and float(first.get("confidence") or 0.0) >= MIN_CLAUSE_CONFIDENCE:
        dispatcher.utter_message(text=say(tracker, message))
    elif not clauses and _OPENS_WITH_THANKS.match(tracker.latest_message.get("text") or ""):
        # "gracias por todo, ahora quiero q me llame una persona": one clause
        dispatcher.utter_message(text=say(tracker, "answer_after_thanks"))


def article_questions_beside(tracker: Tracker) -> List[Asked]:
    """The article questions of a compound message whose other part is
    answered otherwise ("what is RFA and does insurance pay for it", "tell
    me what a stimulator is, and id like to book a consult"): the clauses
    the article answers, without the ones about a subject it does not cover."""
    return [
        question
        for question in asked_questions(tracker, at_least=1)
        if not subject_of(question.tracker.latest_message.get("text") or "")
    ]


def _about_procedures(intent: Text) -> bool:
    """Whether ``intent`` may ask about a procedure: what one is, or an
    aspect of one (risks, recovery...); not fibromyalgia's own topics."""
    if intent in ("ask_procedure", "inform_procedure") or intent in DEFINITION_INTENTS:
        return True
    topic = get_content().topics.get(intent[len("ask_") :]) if intent.startswith("ask_") else None
    return topic is not None and topic.applies_to != "none"


# ``last_question`` after a question the article does not cover, before the subject's key
NOT_COVERED_PREFIX = "not_covered:"


class ActionAnswerTopic(Action):
    def name(self) -> Text:
        return "action_answer_topic"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        acknowledge(dispatcher, tracker)
        asked = asked_questions(tracker)
        if asked:
            return self.answer_all(dispatcher, tracker, asked)
        other = the_other_one(tracker, get_content())
        if other:  # "what about the other one": the same question, the other procedure
            return self.answer_each(dispatcher, tracker, other[0], [other[1]])
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        again = self.ask_again(dispatcher, tracker, intent)
        if again is not None:
            return again
        subject = _not_covered_subject(tracker, intent)
        if subject:  # "does insurance cover RFA": the article does not say
            return answer_beside_not_covered(dispatcher, tracker, subject)
        if intent == MEDICAL_ADVICE:
            dispatcher.utter_message(response="utter_medical_advice")
            return []
        if _asks_what_it_is_too(tracker):
            # "q es la RFA y duele?": what the procedure is, then the aspect
            events = self.answer(dispatcher, tracker, "ask_procedure")
            return events + self.answer(dispatcher, tracker, intent)
        return self.answer_or_compare(dispatcher, tracker, intent)

    @classmethod
    def ask_again(
        cls, dispatcher: CollectingDispatcher, tracker: Tracker, intent: Text
    ) -> Optional[List[EventType]]:
        """The last questions asked again of the procedure the latest message
        names ("what about a steroid shot" after "does rfa hurt and how long
        until i can work": both aspects; "how bout the stimulator, same?"
        after "does medicaid cover it": no information on that either), or
        None when the last question was one topic (``resolve`` asks it
        again) or the message asks something else. ``last_question`` holds
        them: topics joined by ",", or ``NOT_COVERED_PREFIX`` and a subject."""
        last = tracker.get_slot("last_question")
        if not isinstance(last, str) or not ("," in last or last.startswith(NOT_COVERED_PREFIX)):
            return None
        content = get_content(language=language_of(tracker))
        text = tracker.latest_message.get("text") or ""
        if not named_in_latest_message(tracker, content) or not (
            intent == "inform_procedure" or (intent == "ask_procedure" and is_follow_up(text))
        ):
            return None
        if last.startswith(NOT_COVERED_PREFIX):
            subject = subject_named(last[len(NOT_COVERED_PREFIX) :])
            if subject is None:
                return None
            say_not_covered(dispatcher, tracker, subject)
            procedure = next(iter(tracker.get_latest_entity_values("procedure")), None)
            return [SlotSet("procedure", procedure)] if procedure else []
        events: List[EventType] = []
        for topic in [t for t in last.split(",") if t in content.topics]:
            events += cls.answer(dispatcher, tracker, f"ask_{topic}")
        return events + [SlotSet("last_question", last)]

    @classmethod
    def answer_or_compare(
        cls, dispatcher: CollectingDispatcher, tracker: Tracker, intent: Text
    ) -> List[EventType]:
        """``answer``, or ``answer_each`` for the procedures the message asks
        to compare ("how are they different from trigger point shots", "diff
        between trigger point and steroid injections?") or names side by side
        in a question of what one is ("explain RFA and spinal cord
        stimulation")."""
        content = get_content()
        compared = compared_procedures(tracker, content) if _about_procedures(intent) else []
        if not compared and intent in ("ask_procedure", "inform_procedure"):
            # "explain RFA and spinal cord stimulation": what each one is
            compared = procedures_named_together(tracker, content)
        if compared:
            return cls.answer_each(dispatcher, tracker, intent, compared)
        return cls.answer(dispatcher, tracker, intent)

    @classmethod
    def answer_each(
        cls, dispatcher: CollectingDispatcher, tracker: Tracker, intent: Text, procedures: List[Text]
    ) -> List[EventType]:
        """Answers ``intent`` for each of ``procedures`` in turn (a
        comparison: the article describes each; it compares none): the
        question's aspect ("do rfa and scs differ in recovery") for each, else
        what each procedure is."""
        content = get_content()
        topic = intent[len("ask_") :] if intent.startswith("ask_") else None
        per_procedure = topic in content.topics and content.topics[topic].applies_to != "none"
        asked = intent if per_procedure and intent not in DEFINITION_INTENTS else "ask_procedure"
        events: List[EventType] = []
        for procedure in procedures:
            view = tracker.copy()
            view.latest_message = {
                **tracker.latest_message,
                "intent": {"name": asked, "confidence": 1.0},
                "entities": [{"entity": "procedure", "value": procedure}],
                "clauses": [],
            }
            view.slots = {**tracker.slots, "procedure": procedure}
            events += cls.answer(dispatcher, view, asked)
        return events

    @classmethod
    def answer_all(
        cls, dispatcher: CollectingDispatcher, tracker: Tracker, asked: List[Asked]
    ) -> List[EventType]:
        """Answers each question of a compound message in turn, each (topic,
        procedure) once; a medical-advice question gets the refusal once."""
        content = get_content()
        events: List[EventType] = []
        seen = set()
        procedure = None
        aspects: List[Text] = []  # the aspects of a procedure asked, for "what about the stimulator"
        for question in asked:
            if procedure and not question.tracker.latest_message["entities"]:
                question.tracker.slots["procedure"] = procedure
            if question.intent == MEDICAL_ADVICE:
                key: Any = MEDICAL_ADVICE
            else:
                resolved = resolve(question.intent, question.tracker, content)
                # a topic about no procedure ("what kinds of procedures are
                # there? injections and so on") is the same answer whatever
                # procedure its clause names
                per_procedure = resolved.topic and content.topics[resolved.topic].applies_to != "none"
                key = (resolved.topic, resolved.procedure if per_procedure else None)
            subject = _not_covered_subject(question.tracker, question.intent)
            if subject:  # "... and does medicare pay for it": the article does not say
                if subject.key not in seen:
                    seen.add(subject.key)
                    say_not_covered(dispatcher, question.tracker, subject)
                continue
            if key in seen:
                continue
            seen.add(key)
            if isinstance(key, tuple) and key[0] and content.topics[key[0]].applies_to != "none":
                aspects.append(key[0])
            if question.intent == MEDICAL_ADVICE:
                dispatcher.utter_message(response="utter_medical_advice")
                continue
            answered = cls.answer(dispatcher, question.tracker, question.intent)
            events += answered
            procedure = next((e["value"] for e in answered if e.get("name") == "procedure"), procedure)
        if len(set(aspects)) > 1:
            events.append(SlotSet("last_question", ",".join(dict.fromkeys(aspects))))
        return events

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


def answer_beside_not_covered(dispatcher: CollectingDispatcher, tracker: Tracker, subject) -> List[EventType]:
    """ "what is RFA and does insurance pay for it": the article's answers to
    the message's other questions, then that it has no information on
    ``subject`` (with the clinic's phone and a call-back)."""
    others = article_questions_beside(tracker)
    events = ActionAnswerTopic.answer_all(dispatcher, tracker, others) if others else []
    say_not_covered(dispatcher, tracker, subject)
    if subject.per_procedure:  # "how bout the stimulator, same?" asks it again
        events.append(SlotSet("last_question", NOT_COVERED_PREFIX + subject.key))
    return events


def _asks_what_it_is_too(tracker: Tracker) -> bool:
    """Whether the latest message, read by the model as what a procedure is
    and made a question about an aspect of it by its words
    (``components.form_words``), also asks what the procedure is ("q es la
    RFA y duele?", "steroid shots - what are they and whats the downside")."""
    said = tracker.latest_message.get("form_words") or {}
    text = tracker.latest_message.get("text") or ""
    return bool(said.get("aspect")) and form_words().read(text).asks_what_it_is


def _not_covered_subject(tracker: Tracker, intent: Text) -> Optional[Subject]:
    """The subject the article does not cover that the latest message asks
    about; None for a dose or medication question, which is declined as
    advice even about a treatment the article does not discuss ("how many
    cbd gummies a day should i take")."""
    text = tracker.latest_message.get("text") or ""
    if intent == MEDICAL_ADVICE and form_words().asks_advice(text):
        return None
    return subject_of(text)
