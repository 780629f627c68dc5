"""Generated input against every custom action, in process (hypothesis).

Real rasa_sdk Trackers and a CollectingDispatcher, as the action server runs
them. What a patient controls is generated: the latest message's text, and, as
a "/intent{...}" message lets anyone do over REST, the intent name, its
confidence and the entities' values (any JSON). Slots hold what the actions and
Rasa's mappings can put there. Each action must return a list of events and
tell the patient something (or deliberately nothing, for the form's
interruptions), and whatever it stores must be valid.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import request_submit
from actions.answers import ActionAnswerTopic
from actions.booking_inputs import clean_name
from actions.request_form import (
    ActionAskRequestConfirmed,
    ActionCancelRequest,
    ActionStartRequest,
    ValidateRequestForm,
)
from actions.request_submit import ActionSubmitRequest
from actions.search import ActionArticleSearch
from clinic.content import get_content
from frontdesk.store import MAX_LINE_CHARS, Store
from tests.conversation import DOMAIN

pytestmark = pytest.mark.timeout(120)
FUZZ = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

CONTENT = get_content()
INTENTS = [i for i in DOMAIN["intents"]] + ["nlu_fallback", "restart"]
PROCEDURES = sorted(CONTENT.procedures)
TOPICS = sorted(CONTENT.topics)
NASTY = [
    "",
    " ",
    "\x00",
    "<script>alert(1)</script>",
    "'; DROP TABLE events;--",
    "😀🙏",
    "¿Qué es la ablación?",
    "什么是纤维肌痛",
    "ما هو الألم",
    "\u202e\u200b",
    "a" * 2000,
    "99999999999999999999 days from now",
    "31/02/2031",
    "at 25:99",
    "the 0th",
    "+1 999 999 9999",
    "my name is",
    "actually",
    "make it ",
    '{"procedure": 1}',
]

texts = st.one_of(
    st.text(max_size=300),
    st.sampled_from(NASTY),
    st.lists(st.sampled_from(NASTY + ["rfa", "tomorrow", "3pm", "512 555 0142", "Jane"]), max_size=6).map(
        " ".join
    ),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
intents = st.one_of(st.sampled_from(INTENTS), st.text(max_size=30))
confidences = st.floats(min_value=0, max_value=1)
entity_values = st.one_of(st.sampled_from(PROCEDURES), json_values)
slot_texts = st.one_of(st.none(), st.sampled_from(PROCEDURES + TOPICS), st.text(max_size=20))


def latest(text, intent, confidence, entities, ranking=()):
    return {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": [{"entity": "procedure", "value": v} for v in entities],
        "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
    }


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, DOMAIN))
    assert isinstance(events, list) and all(isinstance(e, dict) and "event" in e for e in events)
    for message in dispatcher.messages:
        assert message.get("text") or message.get("response"), message
    return dispatcher.messages, events


def slots_set(events):
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


@FUZZ
@given(
    text=texts,
    intent=intents,
    confidence=confidences,
    entities=st.lists(entity_values, max_size=2),
    procedure=slot_texts,
    last_topic=slot_texts,
    last_question=slot_texts,
)
def test_answering_a_topic_never_fails(
    text, intent, confidence, entities, procedure, last_topic, last_question
):
    tracker = Tracker(
        "fuzz",
        {"procedure": procedure, "last_topic": last_topic, "last_question": last_question},
        latest(text, intent, confidence, entities),
        [],
        False,
        None,
        {},
        "action_listen",
    )
    messages, events = run(ActionAnswerTopic(), tracker)
    assert len(messages) == 1
    slots = slots_set(events)
    assert slots.get("procedure", PROCEDURES[0]) in PROCEDURES
    assert slots.get("last_topic", TOPICS[0]) in TOPICS


@FUZZ
@given(
    text=texts,
    intent=intents,
    confidence=confidences,
    entities=st.lists(entity_values, max_size=2),
    ranking=st.lists(st.tuples(intents, confidences), max_size=4),
    procedure=slot_texts,
)
def test_the_article_search_always_answers(text, intent, confidence, entities, ranking, procedure):
    tracker = Tracker(
        "fuzz",
        {"procedure": procedure},
        latest(text, intent, confidence, entities, ranking),
        [],
        False,
        None,
        {},
        "action_listen",
    )
    messages, _ = run(ActionArticleSearch(), tracker)
    assert len(messages) == 1
    assert messages[0]["text"]


FORM_SLOTS = ("full_name", "phone", "preferred_time", "request_confirmed")
E164 = re.compile(r"^\+[1-9]\d{6,14}$")
FILLED = {
    "full_name": "Jane Doe",
    "phone": "+15125550142",
    "preferred_time": "2030-01-08T09:00:00-06:00",
    "preferred_time_text": "next tuesday morning",
}


def form_tracker(text, intent, confidence, requested, kind, filled, entities=()):
    slots = {
        "request_kind": kind,
        "requested_slot": requested,
        "procedure": None,
        "request_confirmed": None,
        **{k: v for k, v in FILLED.items() if k in filled},
    }
    events = [
        {"event": "active_loop", "name": "request_form", "timestamp": 1.0},
        {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}},
        {"event": "action", "name": "request_form"},
    ]
    return Tracker(
        "fuzz-form",
        slots,
        latest(text, intent, confidence, entities),
        events,
        False,
        None,
        {"name": "request_form"},
        "request_form",
    )


@FUZZ
@given(
    text=texts,
    intent=intents,
    confidence=confidences,
    requested=st.sampled_from(FORM_SLOTS),
    kind=st.sampled_from(["booking", "callback", None]),
    filled=st.sets(st.sampled_from(sorted(FILLED))),
    entities=st.lists(entity_values, max_size=2),
)
def test_the_request_form_validates_anything_a_patient_types(
    text, intent, confidence, requested, kind, filled, entities
):
    tracker = form_tracker(text, intent, confidence, requested, kind, filled, entities)
    messages, events = run(ValidateRequestForm(), tracker)
    slots = slots_set(events)
    if slots.get("full_name") is not None:
        assert clean_name(slots["full_name"]) == slots["full_name"]
    if slots.get("phone") is not None:
        assert E164.match(slots["phone"])
    if slots.get("preferred_time") is not None:
        assert datetime.fromisoformat(slots["preferred_time"]).tzinfo is not None
    assert slots.get("request_confirmed") in (None, True, False)
    for slot in FORM_SLOTS:  # an answer the form refused is said to the patient
        if slot in slots and slots[slot] is None and slot == requested and tracker.get_slot(slot) is None:
            assert messages or slot == "request_confirmed"


@FUZZ
@given(
    text=texts,
    intent=intents,
    kind=st.sampled_from(["booking", "callback", None]),
    name=texts,
    procedure=slot_texts,
)
def test_starting_confirming_and_cancelling_a_request_never_fail(text, intent, kind, name, procedure):
    full_name = clean_name(name) or "Jane Doe"  # the form stores only validated names
    slots = {
        **FILLED,
        "full_name": full_name,
        "request_kind": kind,
        "procedure": procedure,
        "requested_slot": "request_confirmed",
    }
    tracker = Tracker(
        "fuzz",
        slots,
        latest(text, intent, 0.9, []),
        [],
        False,
        None,
        {"name": "request_form"},
        "request_form",
    )
    _, events = run(ActionStartRequest(), tracker)
    assert slots_set(events)["request_kind"] in ("booking", "callback")
    messages, _ = run(ActionAskRequestConfirmed(), tracker)
    assert len(messages) == 1 and (full_name in (messages[0].get("text") or full_name))
    messages, events = run(ActionCancelRequest(), tracker)
    assert len(messages) == 1 and all(v is None for v in slots_set(events).values())


@pytest.fixture(scope="module")
def request_store(tmp_path_factory):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('fuzz-store') / 'clinic.db'}")
    store.create_schema()
    saved, request_submit._store = request_submit._store, store
    yield store
    request_submit._store = saved
    store.dispose()


@FUZZ
@given(
    said=st.lists(texts, min_size=1, max_size=4),
    name=texts,
    kind=st.sampled_from(["booking", "callback"]),
    procedure=slot_texts,
    started=st.floats(0, 2e9),
)
def test_a_confirmed_request_is_stored_whatever_the_conversation_held(
    request_store, said, name, kind, procedure, started
):
    full_name = clean_name(name) or "Jane Doe"
    slots = {
        **FILLED,
        "full_name": full_name,
        "request_kind": kind,
        "procedure": procedure,
        "request_confirmed": True,
    }
    events = [{"event": "active_loop", "name": "request_form", "timestamp": started}]
    for text in said:
        events += [{"event": "user", "text": text}, {"event": "bot", "text": "Noted."}]
    tracker = Tracker(
        f"fuzz-{uuid.uuid4().hex}",
        slots,
        latest(said[-1], "affirm", 0.99, []),
        events,
        False,
        None,
        {"name": "request_form"},
        "request_form",
    )
    messages, events = run(ActionSubmitRequest(), tracker)
    reference = slots_set(events)["request_reference"]
    assert reference in messages[0]["text"]
    stored = request_store.get(reference)
    assert stored.full_name == full_name and stored.phone_e164 == FILLED["phone"]
    patient_lines = [line["text"] for line in stored.transcript if line["sender"] == "patient"]
    assert patient_lines == [t[:MAX_LINE_CHARS] for t in said if t and not t.startswith("/")]
