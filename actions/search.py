"""When the NLU model is unsure: search the article, offer the closest topics.

Each topic is a document made of its title, its answer and the article
sentences behind it (procedure topics also carry the procedure's names).
Character n-grams make the search forgiving of typos. The patient gets the
closest topics as buttons, and always the choice of a person.
"""
from __future__ import annotations

import threading
from typing import Any, Dict, List, Text, Tuple
from weakref import WeakKeyDictionary

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from actions.content import Content, get_content, topic_button

MIN_SCORE = 0.12
MAX_SUGGESTIONS = 3


class ArticleIndex:
    def __init__(self, content: Content) -> None:
        self.topics = list(content.topics)
        docs = []
        for key, topic in content.topics.items():
            names = [
                f"{p.name} {p.short} {p.key}"
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


_indexes: "WeakKeyDictionary[Content, ArticleIndex]" = WeakKeyDictionary()
_lock = threading.Lock()


def index_for(content: Content) -> ArticleIndex:
    with _lock:
        if content not in _indexes:
            _indexes[content] = ArticleIndex(content)
        return _indexes[content]


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
        return []
