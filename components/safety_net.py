"""The last step of the NLU pipeline: a deterministic net for emergencies.

Whatever the classifier made of a message, this component makes its intent
``crisis`` or ``emergency`` (confidence 1.0) when

* the text matches a pattern of ``content/safety.yml``, or
* the classifier's own first choice is ``crisis`` or ``emergency`` with at
  least ``min_confidence`` (``min_long_confidence`` for a long message or a
  piece of one; even when ``nlu_fallback`` was predicted), unless
  the message describes no emergency happening now (``not_emergency`` of
  ``content/safety.yml``: "I fainted once years ago"), is a bare name
  typed at the form's name question, is a question with no word of urgency,
  is one clause cut out of a longer message, or names nothing of danger
  (``risk_words`` of ``content/safety.yml``: "so my rheumatologist finally
  sent me over...") and the second opinion by meaning does not agree
  (``clinic.safety_neighbours``: the message is nearer to the training
  examples of that safety intent than to any other's, by a margin), nor,
  for a guess of at least ``meaning_min_confidence``, the reading by
  meaning (``clinic.safety_meaning``: a regression over the message's
  sentence embedding, trained on the training data and the development
  sets, gives that intent at least ``meaning_min_probability``).

A safety intent the classifier predicted below ``min_confidence`` and no
pattern confirms becomes ``nlu_fallback``: a false 911 / 988 answer throws a
patient out of a booking, and the patterns catch the wording the classifier
is unsure of. So no low-confidence or fallback prediction can argue a
pattern's emergency away, and no weak guess raises one; rules in
``data/rules.yml`` answer these two intents in any conversation state.
The original prediction is kept in the ranking and in ``safety_net`` for
evaluation. No message text is logged.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from clinic.content import procedure_names
from clinic.form_words import FormWords
from clinic.questions import has_question_mark
from clinic.safety import CATEGORIES, PIECE_CHARS, SafetyPatterns, normalise, sentences
from clinic.safety_meaning import SafetyMeaning
from clinic.safety_neighbours import SafetyNeighbours
from components.clauses import is_clause, is_piece

logger = logging.getLogger(__name__)

SAFETY_NET_KEY = "safety_net"
# an unconfirmed safety guess gives way to a call-back asked for in at least
# this many words (SafetyNet._said)
MIN_CALLBACK_WORDS = 5
FALLBACK_INTENT = "nlu_fallback"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class SafetyNet(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "patterns_file": None,
            "min_confidence": 0.4,
            # the same for a long message (over PIECE_CHARS) or a piece of
            # one: a story of several sentences reads nearer a crisis than
            # it is ("... my life is on pause ..."), and its sentences of
            # danger are also judged on their own, piece by piece
            "min_long_confidence": 0.6,
            # the second opinion by meaning (clinic.safety_neighbours): on,
            # how many nearest examples per label, and by how much (cosine
            # similarity) the safety intent's must be nearer than any other's
            "second_opinion": True,
            "neighbours": 3,
            "min_margin": 0.1,
            # the reading by meaning (clinic.safety_meaning): a guess this
            # sure that the regression also gives this probability is
            # confirmed, where no word of danger and no second opinion does
            # (stop 48, over 10 development sets the regression was not
            # trained on, of 18 missed safety messages and about 5,200
            # ordinary ones: at 0.8, 5 caught and 4 new false alarms; at 0.9,
            # 3 and 1; and after retraining, development 21's "I feel guilty
            # my kids have to help me so much" read 0.87)
            "meaning": True,
            "meaning_min_confidence": 0.8,
            "meaning_min_probability": 0.9,
        }

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: Optional[ModelStorage] = None,
        resource: Optional[Resource] = None,
        neighbours: Optional[SafetyNeighbours] = None,
        meaning: Optional[SafetyMeaning] = None,
    ) -> None:
        self._config = config
        self._min_confidence = float(config["min_confidence"])
        self._min_long_confidence = float(config["min_long_confidence"])
        self._patterns = SafetyPatterns.load(config.get("patterns_file"))
        self._form_words = FormWords.load()
        self._model_storage = model_storage
        self._resource = resource
        self._neighbours = neighbours
        self._meaning = (
            meaning if meaning is not None or not config.get("meaning") else SafetyMeaning.shared()
        )
        self._meaning_min_confidence = float(config.get("meaning_min_confidence", 1.0))
        self._meaning_min_probability = float(config.get("meaning_min_probability", 1.0))

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyNet:
        return cls({**cls.get_default_config(), **config}, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Embeds the intent examples for the second opinion (about a minute
        for 5,000 examples on 2 cores) and keeps them in the model."""
        assert self._model_storage is not None and self._resource is not None
        if self._config["second_opinion"]:
            examples = [m for m in training_data.intent_examples if m.get(TEXT)]
            self._neighbours = SafetyNeighbours.fit(
                [m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples], **self._rule(self._config)
            )
            with self._model_storage.write_to(self._resource) as folder:
                self._neighbours.persist(folder)
        return self._resource

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> SafetyNet:
        config = {**cls.get_default_config(), **config}
        neighbours = None
        if config["second_opinion"]:
            with model_storage.read_from(resource) as folder:
                neighbours = SafetyNeighbours.load(folder, **cls._rule(config))
        return cls(config, model_storage, resource, neighbours)

    @staticmethod
    def _rule(config: Dict[Text, Any]) -> Dict[Text, Any]:
        return {"neighbours": int(config["neighbours"]), "min_margin": float(config["min_margin"])}

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            self._check(message)
        return messages

    def _check(self, message: Message) -> None:
        text = message.get(TEXT)
        if not text:
            return
        reason = "pattern"
        category = pattern_category(message, self._patterns)
        if category is None and not is_clause(message):
            # the classifier alone judges what the patient sent, not a piece
            # of it: out of its message, "my friend has one in her back" or
            # "mi mama no habla ingles" read as a crisis or an emergency
            category, reason = self._from_ranking(
                classifier_ranking(message), text, long=is_piece(message) or len(text) > PIECE_CHARS
            )
        predicted = message.get(INTENT) or {}
        if category is None:
            if predicted.get("name") in CATEGORIES:
                self._unsupported(message, predicted, self._said(text))
            return
        ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != category]
        message.set(INTENT, {"name": category, "confidence": 1.0}, add_to_output=True)
        message.set(
            INTENT_RANKING_KEY,
            [{"name": category, "confidence": 1.0}] + ranking,
            add_to_output=True,
        )
        message.set(
            SAFETY_NET_KEY,
            {"category": category, "reason": reason, "overrode": predicted.get("name")},
            add_to_output=True,
        )
        logger.info(
            "Safety net: %s (by %s), classifier said %s.",
            category,
            reason,
            predicted.get("name"),
        )

    def _from_ranking(
        self, ranking: List[Dict[Text, Any]], text: Text, long: bool = False
    ) -> Tuple[Optional[Text], Text]:
        """The classifier's first choice, if it is a sure safety intent
        (``min_confidence``; ``min_long_confidence`` for a ``long`` message
        or a piece of one) for a message that is neither excused nor a bare
        name, confirmed by a word of danger (reason ``"ranking"``), by the
        second opinion (reason ``"second_opinion"``) or by the reading by
        meaning (reason ``"meaning"``); ``(None, "")`` otherwise."""
        first = next((r for r in ranking if r.get("name") != FALLBACK_INTENT), None)
        if not first or first.get("name") not in CATEGORIES:
            return None, ""
        if first.get("confidence", 0.0) < (self._min_long_confidence if long else self._min_confidence):
            return None, ""
        category = str(first["name"])
        if names_someone(text) or asks_about_it(text, self._patterns, None if long else category):
            return None, ""
        # "I had chest pain last year, it turned out to be reflux": only a
        # sentence that describes something happening now counts. A past
        # event in one sentence excuses nothing in another ("last spring my
        # GP ... Lately I just want to disappear").
        now = [s for s in sentences(text) or [text] if not self._patterns.excused(s, category)]
        # "an appointment about the nerve burning procedure": a procedure's
        # name is no word of danger
        now = [without_procedure_names(sentence) for sentence in now]
        # "so my rheumatologist finally sent me over...": nothing of danger in it
        if any(self._patterns.names_a_danger(sentence, category) for sentence in now):
            # "misty lake" typed at the name question, "wait its Kayleigh Byrnes
            # not Burns": a name's word of danger needs the second opinion too
            if not (might_be_a_name(text) or self._form_words.name_correction(text)):
                return category, "ranking"
            return self._confirmed(text, category, float(first["confidence"]))
        if now:
            return self._confirmed(text, category, float(first["confidence"]))
        return None, ""

    def _confirmed(self, text: Text, category: Text, confidence: float) -> Tuple[Optional[Text], Text]:
        """A sure guess no word of danger confirms: confirmed by the second
        opinion (``"second_opinion"``: the nearest training examples) or by
        the reading by meaning (``"meaning"``: a guess of at least
        ``meaning_min_confidence`` that the regression gives at least
        ``meaning_min_probability``); ``(None, "")`` otherwise."""
        if self._neighbours is not None and self._neighbours.agrees(text, category):
            return category, "second_opinion"
        if (
            self._meaning is not None
            and confidence >= self._meaning_min_confidence
            and self._meaning.probability(text, category) >= self._meaning_min_probability
        ):
            return category, "meaning"
        return None, ""

    def _said(self, text: Text) -> Optional[Text]:
        """``FormWords.says`` of ``text``, but no call-back from a few words
        ("call me maybe" typed at the phone question answers it; "my brother
        wants a callback about the stimulator" asks for one)."""
        said = self._form_words.says(text)
        if said == "request_human" and len(text.split()) < MIN_CALLBACK_WORDS:
            return None
        return said

    @staticmethod
    def _unsupported(message: Message, predicted: Dict[Text, Any], said: Optional[Text] = None) -> None:
        """A safety guess nothing confirms becomes what the patient's own
        words ask for (``said``: leaving the form, a booking, a call-back;
        ``FormWords.says``), else ``nlu_fallback``: "ugh, lets just drop it
        for now" and "book me" were read as crises, sure ones at times."""
        if said:
            intent = {"name": said, "confidence": 1.0}
            ranking = [r for r in (message.get(INTENT_RANKING_KEY) or []) if r.get("name") != said]
            message.set(INTENT_RANKING_KEY, [dict(intent)] + ranking, add_to_output=True)
        else:
            intent = {"name": FALLBACK_INTENT, "confidence": predicted.get("confidence", 0.0)}
        message.set(INTENT, intent, add_to_output=True)
        message.set(
            SAFETY_NET_KEY,
            {"category": None, "reason": "unsupported", "overrode": predicted.get("name")},
            add_to_output=True,
        )
        logger.info("Safety net: an unconfirmed %s guess became %s.", predicted.get("name"), intent["name"])


# where the form words step (components.form_words, before this one) records
# that it set the intent ("forget it" -> stop), above the classifier's ranking
_FORM_WORDS_KEY = "form_words"


def classifier_ranking(message: Message) -> List[Dict[Text, Any]]:
    """The intent classifier's own ranking of ``message``: without the intent
    the patient's words set on top of it. "i dont want to do this anymore.
    got the whole bottle..." has leaving words, and the classifier's crisis
    under them is what the safety net judges."""
    ranking = list(message.get(INTENT_RANKING_KEY) or [])
    if message.get(_FORM_WORDS_KEY) and ranking:
        return ranking[1:]
    return ranking


# the safety patterns' verdict on a message, kept on it (not in the parse
# output) so that the pipeline scans a message once: the form words ask
# first, the safety net again
_PATTERN_VERDICT = "safety_pattern_verdict"


def pattern_category(message: Message, patterns: SafetyPatterns) -> Optional[Text]:
    """``patterns.category`` of the message's text, worked out once per
    message (and per clause: each is a message of its own) for all the
    components that ask with the same patterns."""
    text = message.get(TEXT)
    kept = message.get(_PATTERN_VERDICT)
    if kept is not None and kept[0] == patterns and kept[1] == text:
        return kept[2]
    category = patterns.category(text)
    message.set(_PATTERN_VERDICT, (patterns, text, category))
    return category


_NAME = re.compile(r"^[A-ZÀ-Ý][\w'’.-]*(\s+[A-ZÀ-Ý][\w'’.-]*){1,3}$")


def looks_like_a_name(text: Text) -> bool:
    """Two to four capitalised words and nothing else ("Misty Breathwaite",
    "Dolores Vance"): what a patient types at the name question."""
    return bool(_NAME.match(text.strip()))


# common English words, and words of time or farewell no name has ("bridge
# tonight", "goodbye forever" are no one's name)
_COMMON_WORDS = frozenset(ENGLISH_STOP_WORDS) | {
    "tonight",
    "today",
    "tomorrow",
    "now",
    "forever",
    "soon",
    "goodbye",
    "bye",
    "farewell",
    "done",
    "gone",
    "dead",
    "die",
    "dying",
    "pills",
    "gun",
    "rope",
    "end",
    "anymore",
    "sorry",
}


def without_procedure_names(text: Text) -> Text:
    """``text`` with every name of a procedure (content/procedure_names.yml:
    "nerve burning", "burning the nerves") cut out, case ignored."""
    pattern = _procedure_pattern(tuple(n for names in procedure_names().values() for n in names))
    return pattern.sub(" ", text) if pattern else text


@functools.lru_cache(maxsize=4)
def _procedure_pattern(names: Tuple[Text, ...]) -> Optional[re.Pattern]:
    """The names as one pattern, longest first, compiled once per set of names
    (a staff edit of content/procedure_names.yml gives a new one)."""
    if not names:
        return None
    longest_first = sorted(names, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in longest_first) + r")\b", re.IGNORECASE)


def might_be_a_name(text: Text) -> bool:
    """Two or three words of letters alone, none a common English word
    ("misty lake", "rose hill"), as typed in lowercase at the name question."""
    words = text.strip().rstrip(".!").split()
    return 2 <= len(words) <= 3 and all(
        re.fullmatch(r"[^\W\d_][\w'-]*", w) and w.lower() not in _COMMON_WORDS for w in words
    )


def names_someone(text: Text) -> bool:
    """A short message with a name in it ("it's for my husband, Gary
    Lindqvist"): an answer to the name question."""
    return len(text) <= 80 and any(looks_like_a_name(part) for part in re.split(r"[,:;-]", text))


def asks_about_it(
    text: Text, patterns: Optional[SafetyPatterns] = None, category: Optional[Text] = None
) -> bool:
    """A question with no word of urgency (``urgent`` of content/safety.yml):
    "can you bleed internally after a nerve block? just curious". The
    patterns answer the urgent ones; the classifier alone does not raise
    911 / 988 on a question.

    A crisis is told, not asked: for ``category`` "crisis", a message that
    tells a word of it in a sentence that is no question ("u there?? i took
    the blade out again n i dont think im stopping at my arm") is no question
    about it, whatever it asks beside. An emergency's symptom told beside a
    question ("my chest hurts after the shot. is that normal?") still is, and
    so is a long message's story beside its questions (the caller passes no
    ``category`` for one: "...i'd like to plan it around a work trip")."""
    patterns = patterns or SafetyPatterns.load()
    if not has_question_mark(text) or any(p.search(normalise(text)) for p in patterns.urgent):
        return False
    if category != "crisis":
        return True
    told = [
        s for s in sentences(text) or [text] if not has_question_mark(s) and not patterns.excused(s, category)
    ]
    return not any(patterns.names_a_danger(without_procedure_names(s), category) for s in told)
