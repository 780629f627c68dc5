"""Patients' turns, rebuilt from the events Rasa keeps in its tracker store.

Pure: event dicts in, ``Turn`` records out. ``frontdesk.tracker_reader``
fetches the events; the review inbox, the transcript page, the figures and the
export all read turns from here, so they agree on what a turn was.

A *turn* is one patient message (Rasa's ``user`` event) and everything the
assistant did until the next one: the actions it ran, what it said, the slots
it set. Each turn gets its *kinds*, the reasons staff may want to review it:

| Kind | When |
|---|---|
| ``unsure`` | the NLU predicted ``nlu_fallback``, or its intent's confidence is below ``UNSURE_BELOW`` (not for a form's answer: a name or a phone number is no intent) |
| ``fallback`` | the article search answered (``action_article_search`` ran) |
| ``handoff`` | the patient asked for a person (``request_human``) or a call-back was started |
| ``corrected`` | the patient's next message says the answer missed ("no, I meant ...") |
| ``safety`` | the emergency or crisis answer was given (the intent, or the answer's words) |

Button clicks (``/intent{...}`` payloads) are turns too but never ``unsure``.
Nothing here logs; a ``Turn``'s ``repr()`` leaves out what the patient wrote
and what the assistant answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping, Optional, Sequence, Tuple

from clinic import messages

UNSURE = "unsure"
FALLBACK = "fallback"
HANDOFF = "handoff"
CORRECTED = "corrected"
SAFETY = "safety"
KINDS = (UNSURE, FALLBACK, HANDOFF, CORRECTED, SAFETY)
KIND_LABELS = {
    UNSURE: "Unsure",
    FALLBACK: "Article search",
    HANDOFF: "Handed off",
    CORRECTED: "Corrected by the patient",
    SAFETY: "Safety answer",
}

# Below this confidence the assistant answered but was not sure (the
# FallbackClassifier of config.yml sends messages below 0.4 to the search).
UNSURE_BELOW = 0.6
FALLBACK_INTENT = "nlu_fallback"
SEARCH_ACTION = "action_article_search"
SAFETY_INTENTS = {"emergency": "utter_emergency", "crisis": "utter_crisis"}
HANDOFF_INTENT = "request_human"

# The front desk's own assistant page talks to Rasa as ``staff-...`` senders
# (frontdesk.assistant.SENDER_PREFIX): a caller's question typed by staff.
FRONTDESK_CHANNEL = "frontdesk"
STAFF_SENDER_PREFIX = "staff-"
CHANNEL_LABELS = {"rest": "Website chat", "twilio_sms": "SMS", FRONTDESK_CHANNEL: "Phone (front desk)"}
DEFAULT_LANGUAGE = messages.DEFAULT_LANGUAGE

# Service intents and the topic of content/topics.yml they answer; article
# topics come from the `last_topic` slot the answering action sets.
INTENT_TOPICS = {
    "book_appointment": "booking_start",
    "request_human": "human_handoff",
    "emergency": "emergency",
    "crisis": "crisis",
    "ask_medical_advice": "medical_advice_refusal",
    "out_of_scope": "out_of_scope",
    "greet": "greet",
    "goodbye": "goodbye",
    "thanks": "thanks",
    "bot_challenge": "bot_challenge",
}

# "no, I meant ...", "that's not what I asked": the previous answer missed.
CORRECTION = re.compile(
    r"\bi\s+meant\b"
    r"|\bnot\s+what\s+i\s+(?:asked|meant|wanted|said|was\s+asking)"
    r"|\bthat'?s\s+not\s+(?:what\s+i|my\s+question|it\b|right\b)"
    r"|\b(?:wrong|not\s+the\s+right)\s+answer\b"
    r"|\b(?:you\s+)?misunderstood\b"
    r"|^\W*(?:no+|nope|nah)\b[\s,.!]*i\s+(?:mean|asked|was\s+asking|wanted)\b",
    re.IGNORECASE,
)


def is_correction(text: str) -> bool:
    """Whether a patient's message says the assistant's last answer missed."""
    return bool(CORRECTION.search(text or ""))


@dataclass(frozen=True)
class Turn:
    """One patient message and the assistant's reply to it.

    ``event_id`` (the user event's row in Rasa's ``events`` table) is the turn's
    key: labels point at it. ``at`` is aware UTC. ``text`` and ``answer`` are
    patients' health data and stay out of ``repr()``.
    """

    event_id: int
    sender_id: str = field(repr=False)
    session: int  # 0, 1, ...: Rasa's conversation sessions of this sender
    at: datetime
    channel: str  # 'rest' | 'twilio_sms' | 'frontdesk' | another channel's name
    language: str  # 'en', 'es', ...: the conversation's `language` slot
    text: str = field(repr=False)
    intent: Optional[str]
    confidence: Optional[float]
    guess: Optional[str]  # nlu_fallback: the classifier's best real intent
    answer: Tuple[str, ...] = field(repr=False)  # what the assistant said, in order
    actions: Tuple[str, ...]  # the actions it ran (action_listen left out)
    topic: Optional[str]  # the topic answered (content/topics.yml), if any
    stored_request: Optional[str]  # 'booking' | 'callback': a request stored in this turn
    kinds: FrozenSet[str]

    @property
    def conversation(self) -> str:
        """The conversation (a Rasa session of one sender): ``'<sender>#<session>'``."""
        return f"{self.sender_id}#{self.session}"

    @property
    def is_button(self) -> bool:
        """A button's payload (``/intent{...}``), not words the patient typed."""
        return self.text.startswith("/")

    @property
    def outcome(self) -> str:
        """'handoff', else 'fallback', else 'understood': one per turn, for the shares."""
        if HANDOFF in self.kinds:
            return HANDOFF
        if FALLBACK in self.kinds:
            return FALLBACK
        return "understood"


def channel_of(sender_id: str, input_channel: Optional[str]) -> str:
    """The channel a message came from; the front desk's assistant page has its own."""
    if sender_id.startswith(STAFF_SENDER_PREFIX):
        return FRONTDESK_CHANNEL
    return input_channel or "unknown"


def _safety_texts() -> Dict[str, FrozenSet[str]]:
    """Every wording of the emergency and crisis answers, in every language."""
    found: Dict[str, FrozenSet[str]] = {}
    for category, response in SAFETY_INTENTS.items():
        texts = {
            v["text"]
            for language in messages.languages()
            for v in messages.variants(response, language)
            if v.get("text")
        }
        found[category] = frozenset(texts)
    return found


@dataclass
class _Open:
    """A turn being built while its events are read."""

    event_id: int
    session: int
    at: datetime
    channel: str
    language: str
    text: str
    intent: Optional[str]
    confidence: Optional[float]
    guess: Optional[str]
    answer: List[str] = field(default_factory=list)
    actions: List[str] = field(default_factory=list)
    topic: Optional[str] = None
    stored_request: Optional[str] = None
    handoff: bool = False
    safety: bool = False
    corrected: bool = False
    in_form: bool = False  # a form (the booking) was asking: the message answers it


def _intent(parse_data: Mapping[str, Any]) -> Tuple[Optional[str], Optional[float], Optional[str]]:
    """(intent, confidence, best real intent when it is nlu_fallback)."""
    intent = parse_data.get("intent") or {}
    name = intent.get("name")
    confidence = intent.get("confidence")
    guess = None
    if name == FALLBACK_INTENT:
        ranking = parse_data.get("intent_ranking") or []
        guess = next((r.get("name") for r in ranking if r.get("name") != FALLBACK_INTENT), None)
    return name, (float(confidence) if isinstance(confidence, (int, float)) else None), guess


def turns_of(sender_id: str, events: Iterable[Tuple[int, Mapping[str, Any]]]) -> List[Turn]:
    """The turns of one sender's events, oldest first.

    ``events``: ``(row id, event dict)`` pairs in the order Rasa stored them
    (its ``events`` table ordered by ``id``), every session of the sender.
    """
    safety_texts = _safety_texts()
    turns: List[_Open] = []
    current: Optional[_Open] = None
    session = 0
    seen_session_start = False
    language = DEFAULT_LANGUAGE
    request_kind: Optional[str] = None
    active_loop: Optional[str] = None
    for event_id, event in events:
        kind = event.get("event")
        if kind == "session_started":
            if seen_session_start or turns:
                session += 1
            seen_session_start = True
            current = None
            active_loop = None
        elif kind == "active_loop":
            active_loop = event.get("name") or None
        elif kind == "user":
            name, confidence, guess = _intent(event.get("parse_data") or {})
            text = event.get("text") or ""
            if current is not None and is_correction(text) and not text.startswith("/"):
                current.corrected = True
            current = _Open(
                event_id=event_id,
                session=session,
                at=datetime.fromtimestamp(float(event.get("timestamp") or 0), tz=timezone.utc),
                channel=channel_of(sender_id, event.get("input_channel")),
                language=language,
                text=text,
                intent=name,
                confidence=confidence,
                guess=guess,
                topic=INTENT_TOPICS.get(name or ""),
                handoff=name == HANDOFF_INTENT,
                safety=name in SAFETY_INTENTS,
                in_form=active_loop is not None,
            )
            turns.append(current)
        elif kind == "slot":
            slot, value = event.get("name"), event.get("value")
            if slot == "language" and isinstance(value, str) and value:
                language = value
                if current is not None:
                    current.language = value
            elif slot == "request_kind":
                if value is not None:
                    request_kind = value if isinstance(value, str) else None
                if current is not None and value == "callback":
                    current.handoff = True
            elif current is None:
                continue
            elif slot == "last_topic" and isinstance(value, str):
                current.topic = value
            elif slot == "request_reference" and value:
                current.stored_request = request_kind
        elif current is None:
            continue
        elif kind == "action":
            name = event.get("name")
            if name and name != "action_listen":
                current.actions.append(name)
        elif kind == "bot":
            text = event.get("text")
            if text:
                current.answer.append(text)
                if any(text in texts for texts in safety_texts.values()):
                    current.safety = True
    return [_closed(sender_id, t) for t in turns]


def _closed(sender_id: str, t: _Open) -> Turn:
    kinds = set()
    button = t.text.startswith("/")
    if not button and not t.in_form and t.intent not in SAFETY_INTENTS:
        if t.intent == FALLBACK_INTENT or (t.confidence is not None and t.confidence < UNSURE_BELOW):
            kinds.add(UNSURE)
    if SEARCH_ACTION in t.actions:
        kinds.add(FALLBACK)
    if t.handoff:
        kinds.add(HANDOFF)
    if t.corrected:
        kinds.add(CORRECTED)
    if t.safety:
        kinds.add(SAFETY)
    return Turn(
        event_id=t.event_id,
        sender_id=sender_id,
        session=t.session,
        at=t.at,
        channel=t.channel,
        language=t.language,
        text=t.text,
        intent=t.intent,
        confidence=t.confidence,
        guess=t.guess,
        answer=tuple(t.answer),
        actions=tuple(t.actions),
        topic=t.topic,
        stored_request=t.stored_request,
        kinds=frozenset(kinds),
    )


def kind_labels(kinds: Sequence[str]) -> List[str]:
    """Staff's words for ``kinds``, in ``KINDS`` order."""
    return [KIND_LABELS[k] for k in KINDS if k in kinds]


def channel_label(channel: str) -> str:
    return CHANNEL_LABELS.get(channel, channel)
