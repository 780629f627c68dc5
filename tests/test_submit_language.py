"""A request keeps the conversation's language, for staff to call back in it,
and the patient is answered in that language."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import request_submit
from actions.request_submit import ActionSubmitRequest
from frontdesk.store import Store
from tests.conversation import DOMAIN


@pytest.fixture
def request_store(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'clinic.db'}")
    store.create_schema()
    saved, request_submit._store = request_submit._store, store
    yield store
    request_submit._store = saved
    store.dispose()


def submit(language, said="quiero una cita"):
    slots = {
        "full_name": "María José García López",
        "phone": "+15125550142",
        "preferred_time": "2030-01-08T09:00:00-06:00",
        "preferred_time_text": "el martes en la mañana",
        "request_kind": "booking",
        "request_confirmed": True,
        "language": language,
    }
    events = [
        {"event": "active_loop", "name": "request_form", "timestamp": 1700000000.0},
        {"event": "user", "text": said},
    ]
    tracker = Tracker("patient-es", slots, {"text": "sí"}, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionSubmitRequest().run(dispatcher, tracker, DOMAIN))
    reference = next(e["value"] for e in events if e.get("name") == "request_reference")
    return reference, dispatcher.messages[0]["text"]


def test_a_spanish_conversations_request_is_stored_as_spanish_and_confirmed_in_spanish(request_store):
    reference, said = submit("es")
    assert request_store.get(reference).language == "es"
    assert said.startswith(f"¡Listo! Su número de referencia es {reference}.")
    assert "en un plazo de un día hábil" in said


def test_without_a_slot_the_patients_messages_tell_the_language(request_store):
    reference, said = submit(None, "necesito una cita para la RFA")
    assert request_store.get(reference).language == "es" and said.startswith("¡Listo!")


@pytest.mark.parametrize("language", [None, "en", "fr", 7])
def test_any_other_conversation_is_english(request_store, language):
    reference, said = submit(language, "I'd like to book an appointment")
    assert request_store.get(reference).language == "en"
    assert said.startswith("Done!")
