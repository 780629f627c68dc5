"""When the NLU model is unsure: search the article, offer the closest topics.

Each topic is a document made of its title, its answer and the article
sentences behind it; procedure topics also carry the names patients use for
the procedure (the synonyms of data/nlu/procedures.yml, one list for both).
Character n-grams make the search forgiving of typos. The patient gets the
closest topics as buttons, and always the choice of a person.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any, Dict, List, Optional, Text, Tuple
from weakref import WeakKeyDictionary

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher
import yaml
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from actions.content import Content, get_content, topic_button

MIN_SCORE = 0.12
MAX_SUGGESTIONS = 3
# the fallback answers when the classifier's unsure first choice (at least
# this confident) is among the search's best topics
MIN_GUESS_CONFIDENCE = 0.2
AGREEMENT_DEPTH = 3
PROCEDURE_NAMES = Path(__file__).resolve().parents[1] / "data" / "nlu" / "procedures.yml"
# words that say nothing about which procedure a patient means
GENERIC = ENGLISH_STOP_WORDS | {
    "procedure", "procedures", "treatment", "treatments", "thing", "pain", "fibro",
    "fibromyalgia", "doctor", "work", "works", "explain", "tell", "mean", "called",
}
# a procedure described, not named: its section must clearly match best
MIN_PROCEDURE_SCORE = 0.1
PROCEDURE_MARGIN = 1.2


class ArticleIndex:
    def __init__(self, content: Content) -> None:
        self.topics = list(content.topics)
        synonyms = procedure_synonyms()
        self._procedure_of_topic = {}
        for procedure in content.procedures.values():
            self._procedure_of_topic.setdefault(procedure.topic, procedure.key)
        docs = []
        for key, topic in content.topics.items():
            names = [
                " ".join([p.name, p.short, *synonyms.get(p.key, [])])
                for p in content.procedures.values()
                if p.topic == key
            ]
            docs.append(" ".join([topic.title, topic.answer, *topic.sources, *names]))
        self._vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), lowercase=True, sublinear_tf=True
        )
        self._matrix = self._vectorizer.fit_transform(docs)

    def search(self, text: Text, limit: int = MAX_SUGGESTIONS) -> List[Tuple[Text, float]]:
        if not text or not text.strip():
            return []
        scores = linear_kernel(self._vectorizer.transform([text]), self._matrix)[0]
        ranked = sorted(zip(self.topics, scores), key=lambda pair: -pair[1])
        return [(topic, float(score)) for topic, score in ranked[:limit] if score >= MIN_SCORE]

    def procedure_described(self, text: Text) -> Optional[Text]:
        """The procedure a message describes without naming it, if one stands out."""
        if not text or not text.strip():
            return None
        words = [w for w in re.findall(r"[a-z']+", text.lower()) if w not in GENERIC]
        if not words:
            return None
        scores = linear_kernel(self._vectorizer.transform([" ".join(words)]), self._matrix)[0]
        ranked = sorted(
            ((float(score), topic) for topic, score in zip(self.topics, scores)
             if topic in self._procedure_of_topic),
            reverse=True,
        )
        (best, topic), (second, _) = ranked[0], ranked[1]
        if best >= MIN_PROCEDURE_SCORE and best >= second * PROCEDURE_MARGIN:
            return self._procedure_of_topic[topic]
        return None


def procedure_synonyms(path: Path = PROCEDURE_NAMES) -> Dict[Text, List[Text]]:
    """Patients' names for each procedure, from the NLU training data."""
    names: Dict[Text, List[Text]] = {}
    for item in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
        if "synonym" in item:
            names[item["synonym"]] = [
                line.strip()[2:] for line in item["examples"].splitlines() if line.strip()
            ]
    return names


_indexes: "WeakKeyDictionary[Content, ArticleIndex]" = WeakKeyDictionary()
_lock = threading.Lock()


def index_for(content: Content) -> ArticleIndex:
    with _lock:
        if content not in _indexes:
            _indexes[content] = ArticleIndex(content)
        return _indexes[content]


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
        content = get_content()
        text = tracker.latest_message.get("text") or ""
        hits = index_for(content).search(text)
        guess = self._agreed_guess(tracker, [topic for topic, _ in hits[:AGREEMENT_DEPTH]])
        if guess is None and self._named_procedure(tracker):
            guess = "ask_procedure"  # unsure what about it: say what it is
        if guess:
            from actions.answers import ActionAnswerTopic

            return ActionAnswerTopic.answer(dispatcher, tracker, guess) + end_of_turn(tracker)
        buttons = [topic_button(content, topic) for topic, _ in hits]
        buttons.append({"title": "Talk to a person", "payload": "/request_human"})
        if hits:
            message = (
                "I'm not sure I understood. I can only answer questions about "
                "fibromyalgia, its treatments and appointments at our clinic. "
                "Did you mean one of these?"
            )
        else:
            message = (
                "Sorry, I'm not able to answer that. I can only answer questions "
                "about fibromyalgia, pain treatments like injections, RFA or spinal "
                "cord stimulation, and appointments at our clinic. You can also "
                "talk to a person."
            )
        dispatcher.utter_message(text=message, buttons=buttons)
        return end_of_turn(tracker)

    @staticmethod
    def _named_procedure(tracker: Tracker) -> bool:
        from actions.answers import named_in_latest_message

        return named_in_latest_message(tracker, get_content())

    @staticmethod
    def _agreed_guess(tracker: Tracker, searched_topics: List[Text]) -> Optional[Text]:
        """The classifier's unsure first choice, when the article search agrees.

        Two independent signals (the trained classifier and a plain search of
        the article) pointing at the same topic are trusted enough to answer.
        """
        from actions.answers import answerable_topic

        ranking = tracker.latest_message.get("intent_ranking") or []
        first = next((r for r in ranking if r.get("name") != "nlu_fallback"), None)
        if not first or first.get("confidence", 0.0) < MIN_GUESS_CONFIDENCE:
            return None
        resolution = answerable_topic(first["name"], tracker)
        if resolution.topic is None:
            return None
        if resolution.topic in searched_topics:
            return first["name"]
        # a procedure named in the message (by the deterministic lookup table:
        # "My doctor keeps saying RFA. What does it do?") or described in it
        # ("the thing they burn the nerves with") is itself the second signal
        if resolution.in_message:
            return first["name"]
        return None
