"""Which procedure and which topic a patient's message is about, in context.

Pure (a Tracker in, a ``Resolution`` out): the answering action and the
fallback use it alike. The ``procedure`` entity or slot names the procedure;
``last_question`` lets "what about SCS?" ask the previous question again; a
procedure described rather than named ("the thing that burns the nerve") is
found by searching the article.
"""

from __future__ import annotations

import re
from typing import Any, List, NamedTuple, Optional, Text, Tuple

from rasa_sdk import Tracker

from actions.article_index import index_for
from clinic.content import Content
from clinic.questions import asks_to_compare, starts_with_question_word

ASK_PREFIX = "ask_"
# "what is it?" asked about a procedure in context, not about fibromyalgia
DEFINITION_INTENTS = {"ask_fm_definition", "ask_ipm_definition"}
_REFERS_BACK = re.compile(r"\b(it|that|this|those|these|them|they|theyre|one)\b", re.IGNORECASE)
_NAMES_SUBJECT = re.compile(r"fibro|fmg|\bfm\b|interventional|pain management", re.IGNORECASE)
# words that lead a follow-up ("and", "what about", "y qué tal"); longest
# first so the alternation takes "y qué tal" whole
_LEADS = ("what about", "how about", "y qu[eé] tal", "y (?:con|para)", "and", "y")
# a follow-up that names another procedure and asks nothing new
_FOLLOW_UP = re.compile(
    r"^\s*(?:"
    + "|".join(_LEADS + ("also", "same (?:question |thing )?for", "and for", "and with", "qu[eé] tal"))
    + r")\b",
    re.IGNORECASE,
)
# "what about after the steroid one" after a question about recovery: the
# same question, "after" naming when, not what comes next
_AFTER_FOLLOW_UP = re.compile(
    r"^\s*(?:(?:"
    + "|".join(_LEADS + ("so", "ok", "okay"))
    + r")\s+)+(?:right\s+)?(?:after|despu[eé]s de(?:l)?)\b",
    re.IGNORECASE,
)


def refers_back(text: Text) -> bool:
    """Whether ``text`` asks about something said before ("what exactly is
    it anyway", "ok, what is that"), naming no subject of its own."""
    return bool(_REFERS_BACK.search(text)) and not _NAMES_SUBJECT.search(text)


def asks_about_its_own_subject(intent: Text, text: Text) -> bool:
    """Whether a definition question names what it asks about ("what is
    interventional pain management?", "what is fibro"): no procedure named
    elsewhere in the message is its subject."""
    return intent in DEFINITION_INTENTS and bool(_NAMES_SUBJECT.search(text))


class Resolution(NamedTuple):
    procedure: Optional[Text]  # the procedure the answer is about
    topic: Optional[Text]  # what to answer, None: ask which procedure
    in_message: bool  # the latest message names or describes the procedure


def latest_procedure(tracker: Tracker, content: Content) -> Optional[Text]:
    """The procedure named in the latest message (the one its question asks
    about when it names several: "i had rfa last year, what is the pain
    pump" -> the pump), else the one discussed before."""
    asked = _named_in_the_question(tracker, content)
    if asked:
        return asked
    for value in tracker.get_latest_entity_values("procedure"):
        known = known_procedure(value, content)
        if known:
            return known
    slot = tracker.get_slot("procedure")
    return known_procedure(slot, content)


def _procedure_spans(tracker: Tracker, content: Content) -> List[Tuple[int, int, Text]]:
    """(start, end, procedure key) of each procedure the latest message
    names where its text has it, in order (entities without a span left out)."""
    return sorted(
        (e["start"], e["end"], known)
        for e in tracker.latest_message.get("entities") or []
        if e.get("entity") == "procedure"
        and isinstance(e.get("start"), int)
        and isinstance(e.get("end"), int)
        and (known := known_procedure(e.get("value"), content))
    )


_PART = re.compile(r"[^.?!,;]+")


def _named_in_the_question(tracker: Tracker, content: Content) -> Optional[Text]:
    """The first procedure named in or after the last part of the latest
    message that opens with a question word, when the message names two or
    more and one stands before that part; else None."""
    text = tracker.latest_message.get("text") or ""
    named = [(start, known) for start, _, known in _procedure_spans(tracker, content)]
    if len({known for _, known in named}) < 2:
        return None
    opens = [m.start() for m in _PART.finditer(text) if starts_with_question_word(m.group(0))]
    if not opens:
        return None
    after = sorted((start, known) for start, known in named if start >= opens[-1])
    before = [known for start, known in named if start < opens[-1]]
    return after[0][1] if after and before else None


def discussed_procedure(tracker: Tracker, content: Content) -> Optional[Text]:
    """The procedure the conversation is about: the ``procedure`` slot when it
    names one, else the latest value it held that did ("book a follow up
    after my rfa", then a word the model took for a procedure in a later
    message, "the spot on my back"); None when none was discussed."""
    known = known_procedure(tracker.get_slot("procedure"), content)
    if known:
        return known
    for event in reversed(tracker.events or []):
        if event.get("event") == "slot" and event.get("name") == "procedure":
            known = known_procedure(event.get("value"), content)
            if known:
                return known
    return None


def known_procedure(value: Any, content: Content) -> Optional[Text]:
    """The procedure key an entity value names: the key itself, a patient's
    name for it that the model found but did not map ("spine implant", a
    name of ``procedure_names.yml`` added since the model was trained, or
    one close to them: the article index's reading); None for no procedure."""
    if not value or not isinstance(value, str):
        return None
    if content.procedure(value):
        return value
    return index_for(content).procedure_named(value)


def is_follow_up(text: Text) -> bool:
    """Whether ``text`` opens as a follow-up ("what about", "and for", "how bout")."""
    return _FOLLOW_UP.match(text or "") is not None


def named_in_latest_message(tracker: Tracker, content: Content) -> bool:
    return any(known_procedure(v, content) for v in tracker.get_latest_entity_values("procedure"))


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


def topic_for(
    intent: Text,
    content: Content,
    procedure: Optional[Text],
    last_question: Optional[Text],
    tracker: Tracker,
    in_message: bool,
) -> Optional[Text]:
    """The topic ``intent`` asks about (None: a procedure question without a procedure)."""
    text = tracker.latest_message.get("text") or ""
    if intent == "ask_procedure":
        # "and the battery thing they put by ur spine?" after a question about
        # risks: the same question about this procedure, as "what about SCS?"
        lead = _FOLLOW_UP.match(text)
        if lead and last_question and in_message and not starts_with_question_word(text[lead.end() :]):
            return last_question
        return content.procedure_topic(procedure)
    if (
        intent == "ask_followup"
        and last_question == "recovery"
        and in_message
        and _AFTER_FOLLOW_UP.match(text)
    ):
        return last_question
    if intent == "inform_procedure":
        # "what about SCS?": the last question about a procedure, for this one.
        if last_question and in_message:
            return last_question
        return content.procedure_topic(procedure)
    if intent in DEFINITION_INTENTS and procedure:
        # "scs for fibro?? explain" names a procedure; "what is it anyway?"
        # refers back to the one being discussed
        if named_in_latest_message(tracker, content) or refers_back(text):
            return content.procedure_topic(procedure)
    topic = intent[len(ASK_PREFIX) :] if intent.startswith(ASK_PREFIX) else None
    return topic if topic in content.topics else None


# procedures in general, not the one discussed ("how do people get ready for
# one of these procedures" after "rfa or the stimulator, which is right for
# me?"): the article's words for all of them
_PROCEDURES_IN_GENERAL = re.compile(
    r"\b(these|those|the|any|all|such|other|most|both|of the) ((kinds?|types?|sorts?) of )?(procedures|treatments)\b"
    r"|\bprocedures? in general\b|\b(estos|esos|los|todos los|estas|esas|las) (procedimientos|tratamientos)\b",
    re.IGNORECASE,
)


def resolve(intent: Text, tracker: Tracker, content: Content) -> Resolution:
    """What ``intent`` asks about in this conversation; searches the article once."""
    named = named_in_latest_message(tracker, content)
    described = None if named else described_procedure(tracker, content, intent)
    procedure = described or latest_procedure(tracker, content)
    in_message = named or described is not None
    if not in_message and _PROCEDURES_IN_GENERAL.search(tracker.latest_message.get("text") or ""):
        procedure = None
    last_question = topic_slot(tracker, content, "last_question")
    return Resolution(
        procedure, topic_for(intent, content, procedure, last_question, tracker, in_message), in_message
    )


# the procedures discussed, referred to together: "the difference between them"
_BOTH = re.compile(
    r"\b(them|they|those|these|both|the two|each|either|ambos|ambas|los dos|las dos|ellos|ellas|esos|esas|estos|estas)\b",
    re.IGNORECASE,
)


def compared_procedures(tracker: Tracker, content: Content) -> List[Text]:
    """The procedures the latest message asks to compare ("how are they
    different from trigger point shots" after a question about steroid
    injections: ``["trigger_point", "steroid"]``; "whats the difference between
    them" after "rfa or the stimulator?": ``["rfa", "scs"]``): the ones it
    names, then the latest ones discussed before, two at least; ``[]`` when
    it compares nothing or fewer than two procedures are known."""
    if not asks_to_compare(tracker.latest_message.get("text")):
        return []
    named: List[Text] = []
    for value in tracker.get_latest_entity_values("procedure"):
        known = known_procedure(value, content)
        if known and known not in named:
            named.append(known)
    if len(named) >= 2:
        return named
    if not named and not _BOTH.search(tracker.latest_message.get("text") or ""):
        return []  # "how is fibro pain different from other pain" compares no procedures
    for earlier in _procedures_discussed(tracker, content):
        if earlier not in named:
            named.append(earlier)
        if len(named) == 2:
            return named
    return []


# what may stand between two procedures named together: "rfa and scs",
# "RFA & the stimulator", "la epidural y el bloqueo"
_NAMED_TOGETHER = re.compile(
    r"^\W*(?:and|&|\+|plus|y|e|as well as)(?:\s+(?:the|a|an|la|el|los|las|lo de la|lo del))?\W*$",
    re.IGNORECASE,
)


def procedures_named_together(tracker: Tracker, content: Content) -> List[Text]:
    """The procedures the latest message names side by side ("explain RFA
    and spinal cord stimulation", "que es la epidural y el bloqueo"), in
    order, when it names two or more that way; ``[]`` otherwise ("i had rfa
    last year, what is scs" names two apart)."""
    text = tracker.latest_message.get("text") or ""
    spans = _procedure_spans(tracker, content)
    named: List[Text] = []
    for (_, end, first), (start, _, second) in zip(spans, spans[1:], strict=False):
        if first == second or not _NAMED_TOGETHER.match(text[end:start]):
            continue
        named += [p for p in (first, second) if p not in named]
    return named if len(named) >= 2 else []


def _procedures_discussed(tracker: Tracker, content: Content) -> List[Text]:
    """The procedures of earlier messages and slot values, latest first."""
    found: List[Text] = []
    events = list(tracker.events or [])
    latest = tracker.latest_message.get("text")
    # the latest user message is the comparison itself
    users = [i for i, e in enumerate(events) if e.get("event") == "user"]
    if users and events[users[-1]].get("text") == latest:
        events = events[: users[-1]]
    for event in reversed(events):
        values: List[Any] = []
        if event.get("event") == "user":
            entities = (event.get("parse_data") or {}).get("entities") or []
            values = [e.get("value") for e in entities if e.get("entity") == "procedure"]
        elif event.get("event") == "slot" and event.get("name") == "procedure":
            values = [event.get("value")]
        for value in values:
            known = known_procedure(value, content)
            if known and known not in found:
                found.append(known)
    return found


# "what about the other one", "and the other procedure?", "y la otra?": the
# procedure discussed beside the one being talked about (a short follow-up;
# "la otra vez", "the other day" name no procedure)
_THE_OTHER_ONE = re.compile(
    r"\b(?:the other (?:one|procedure|treatment|thing|option|device|shot|injection)s?|"
    r"(?:el|la) otr[oa](?! (?:vez|semana|dia|mes|ano|noche|tarde|manana|doctora?)\b))\b",
    re.IGNORECASE,
)
# longer than this, "the other one" is part of a story, not a follow-up
_FOLLOW_UP_WORDS = 8


def the_other_one(tracker: Tracker, content: Content) -> Optional[Tuple[Text, Text]]:
    """(intent, procedure) for "what about the other one" after two procedures
    were discussed ("can u explain the stimulator and the pain pump", then "is
    the stimulator one risky", then "what about the other one" ->
    ``("ask_risks", "intrathecal")``): the question the message asks, else
    the last question about a procedure, else what it is, for the procedure
    discussed that is not the current one; None when the message is no such
    follow-up or fewer than two procedures were discussed."""
    text = tracker.latest_message.get("text") or ""
    if (
        len(text.split()) > _FOLLOW_UP_WORDS
        or not _THE_OTHER_ONE.search(text)
        or named_in_latest_message(tracker, content)
    ):
        return None
    current = discussed_procedure(tracker, content)
    other = next((p for p in _procedures_discussed(tracker, content) if p != current), None)
    if current is None or other is None:
        return None
    intent = str((tracker.latest_message.get("intent") or {}).get("name") or "")
    topic = intent[len(ASK_PREFIX) :] if intent.startswith(ASK_PREFIX) else None
    if (
        topic in content.topics
        and content.topics[topic].applies_to != "none"
        and intent not in DEFINITION_INTENTS
    ):
        return intent, other
    last_question = topic_slot(tracker, content, "last_question")
    return (f"{ASK_PREFIX}{last_question}" if last_question else "ask_procedure"), other
