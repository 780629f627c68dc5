"""When the NLU model is unsure: search the article, offer the closest topics.

The search is ``actions.article_index``. When the classifier's unsure guess and
the search agree (or the message names or describes a procedure), the guess is
answered; otherwise the patient gets the closest topics as buttons, and always
the choice of a person.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionAnswerTopic, asked_questions
from actions.article_index import index_for
from actions.buttons import topic_button
from actions.not_covered import CALL_BACK_PAYLOAD, say_not_covered, subject_of
from actions.resolution import (
    DEFINITION_INTENTS,
    latest_procedure,
    named_in_latest_message,
    refers_back,
    resolve,
    the_other_one,
)
from actions.wording import language_of, say
from clinic.content import get_content
from clinic.form_words import form_words

# the fallback answers when the classifier's unsure first choice (at least
# this confident) is among the search's best topics
MIN_GUESS_CONFIDENCE = 0.2
# the intents of "what is it?": a procedure's, or a definition's
DEFINING = {"ask_procedure", *DEFINITION_INTENTS}
# a question that asks more than what the thing is ("is it safe", "how long does it last")
_BEYOND_DEFINITION = re.compile(
    r"\b(safe|hurt|long|last|cost|work|risk|side effects?|recover\w*|prepare|after|before|better|right for)\b",
    re.IGNORECASE,
)


def asks_question_beyond_definition(text: Text) -> bool:
    return bool(_BEYOND_DEFINITION.search(text))


AGREEMENT_DEPTH = 3


def end_of_turn(tracker: Tracker) -> List[EventType]:
    """What follows the fallback: the open form asks its question again, or
    the assistant listens.

    The fallback is also Rasa's core fallback, predicted when no rule or story
    covers the state (say, after the form rejected a message no rule handles).
    Left to the policies, that state would predict the fallback again and
    again until Rasa's limit on actions per turn; ending the turn here makes
    every fallback turn end listening.
    """
    loop = (tracker.active_loop or {}).get("name")
    return [FollowupAction(loop or "action_listen")]


class ActionArticleSearch(Action):
    def name(self) -> Text:
        return "action_article_search"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: Dict[Text, Any],
    ) -> List[EventType]:
        asked = asked_questions(tracker)
        if asked:  # unsure of the whole, sure of each of its questions
            return ActionAnswerTopic.answer_all(dispatcher, tracker, asked) + end_of_turn(tracker)
        other = the_other_one(tracker, get_content())
        if other:  # "what about the other one": the same question, the other procedure
            return ActionAnswerTopic.answer_each(dispatcher, tracker, other[0], [other[1]]) + end_of_turn(
                tracker
            )
        content = get_content(language=language_of(tracker))
        text = tracker.latest_message.get("text") or ""
        if form_words().asks_advice(text):
            # "would i be a good candidate?" that the safety net took from an
            # unsupported crisis guess: declined as advice, never searched
            dispatcher.utter_message(response="utter_medical_advice")
            return end_of_turn(tracker)
        subject = subject_of(text)
        if subject:
            say_not_covered(dispatcher, tracker, subject)
            return end_of_turn(tracker)
        hits = index_for(content).search(text)
        guess = self._agreed_guess(tracker, [topic for topic, _ in hits[:AGREEMENT_DEPTH]])
        if guess is None and self._named_procedure(tracker):
            guess = "ask_procedure"  # unsure what about it: say what it is
        if guess:
            return ActionAnswerTopic.answer_or_compare(dispatcher, tracker, guess) + end_of_turn(tracker)
        buttons = [topic_button(content, topic) for topic, _ in hits]
        buttons.append({"title": say(tracker, "search_button_human"), "payload": CALL_BACK_PAYLOAD})
        message = say(tracker, "search_not_sure" if hits else "search_cannot_answer")
        dispatcher.utter_message(text=message, buttons=buttons)
        return end_of_turn(tracker)

    @staticmethod
    def _named_procedure(tracker: Tracker) -> bool:
        return named_in_latest_message(tracker, get_content())

    @staticmethod
    def _agreed_guess(tracker: Tracker, searched_topics: List[Text]) -> Optional[Text]:
        """The classifier's unsure first choice, when the article search agrees.

        Two independent signals (the trained classifier and a plain search of
        the article) pointing at the same topic are trusted enough to answer.
        """
        ranking = tracker.latest_message.get("intent_ranking") or []
        first = next((r for r in ranking if r.get("name") != "nlu_fallback"), None)
        if not first or first.get("confidence", 0.0) < MIN_GUESS_CONFIDENCE:
            return None
        resolution = resolve(first["name"], tracker, get_content())
        if resolution.topic is None:
            return None
        if resolution.topic in searched_topics:
            return first["name"]
        # a procedure named in the message (by the deterministic lookup table:
        # "My doctor keeps saying RFA. What does it do?") or described in it
        # ("the thing they burn the nerves with") is itself the second signal
        if resolution.in_message:
            return first["name"]
        # "what exactly is it anyway" after a question about epidurals: the
        # model hesitated between the procedure and fibromyalgia's definition;
        # the question refers back to the procedure being discussed
        text = tracker.latest_message.get("text") or ""
        if (
            first["name"] in DEFINING
            and refers_back(text)
            and latest_procedure(tracker, get_content())
            and not asks_question_beyond_definition(text)
        ):
            return "ask_procedure"
        return None
