"""The channels' own texts in the patient's language: SMS HELP / AYUDA, MÁS,
the service and empty-message replies, and a safety answer the channel adds."""

from __future__ import annotations

import asyncio
import json

import pytest
import requests
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from channels import sms_keywords as kw
from channels import turn_guard
from channels.conversation_language import slot_language
from channels.rest import PatientRestInput
from channels.twilio_sms import TwilioSmsInput
from clinic import messages
from tests.channels.loopback import (
    AUTH_TOKEN,
    SENDER_SECRET,
    WEBHOOK_PATH,
    FakeAssistant,
    LoopbackServer,
    Phone,
)
from tests.harness.servers import free_port

CLINIC = {"name": "Momentum Medical", "phone": "(512) 555-0100"}
HELP_ES = messages.text("sms_help", "es", **CLINIC)
HELP_EN = messages.text("sms_help", "en", **CLINIC)


class Tracker:
    def __init__(self, language):
        self.slots = {"language": object()}
        self.language = language

    def get_slot(self, name):
        return self.language


class TrackerStore:
    """Rasa's tracker store as the channels use it: ``retrieve(sender)``."""

    def __init__(self):
        self.languages = {}

    async def retrieve(self, sender):
        if sender not in self.languages:
            return None
        return Tracker(self.languages[sender])


class Assistant(FakeAssistant):
    def __init__(self):
        super().__init__()
        self.tracker_store = TrackerStore()


@pytest.fixture()
def sms(tmp_path):
    port = free_port()
    server = LoopbackServer(
        TwilioSmsInput(
            webhook_url=f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
            auth_token=AUTH_TOKEN,
            sender_secret=SENDER_SECRET,
            state_db_url=f"sqlite:///{tmp_path / 'sms_state.db'}",
            reply_timeout=0.5,
        ),
        Assistant(),
        port=port,
    ).start()
    yield server
    server.stop()


def conversation_is(server, phone, language):
    """Sets the conversation's language slot, as the dialogue would."""
    phone.says("hello")
    sender = server.assistant.received[-1].sender_id
    server.assistant.tracker_store.languages[sender] = language


# ---------------------------------------------------------------- keywords


@pytest.mark.parametrize("text", ["AYUDA", "ayuda", "Ayuda!", "ayúda", " AYUDA "])
def test_ayuda_is_help_in_spanish(text):
    assert kw.keyword(text) == kw.HELP and kw.keyword_language(text) == "es"


@pytest.mark.parametrize("text", ["MÁS", "más", "mas", "Más..."])
def test_mas_is_more_in_spanish(text):
    assert kw.keyword(text) == kw.MORE and kw.keyword_language(text) == "es"


@pytest.mark.parametrize("text", ["HELP", "info", "more", "STOP"])
def test_other_keywords_say_nothing_of_the_language(text):
    assert kw.keyword_language(text) is None


def test_help_text_in_both_languages():
    assert kw.help_text(CLINIC, "es") == HELP_ES and HELP_ES.startswith("Momentum Medical: llame al")
    assert kw.help_text(CLINIC) == HELP_EN


# ---------------------------------------------------------------- SMS over HTTP


def test_ayuda_gets_the_spanish_help_and_never_reaches_the_assistant(sms):
    phone = Phone(sms.url)
    assert phone.says("AYUDA") == HELP_ES
    assert phone.says("HELP") == HELP_EN  # a new conversation, no language yet
    assert sms.assistant.received == []


def test_help_is_answered_in_the_conversations_language(sms):
    phone = Phone(sms.url)
    conversation_is(sms, phone, "es")
    assert phone.says("HELP") == HELP_ES
    english = phone.with_number("+15125550111")
    conversation_is(sms, english, "en")
    assert english.says("HELP") == HELP_EN


def test_a_long_answer_in_spanish_ends_with_mas_and_mas_pages(sms):
    phone = Phone(sms.url)
    conversation_is(sms, phone, "es")
    first = phone.says("long please")
    assert first.endswith(messages.text("sms_more", "es"))
    second = phone.says("MÁS")
    assert second and second != first
    assert [m.text for m in sms.assistant.received] == ["hello", "long please"]  # MÁS stayed in the channel


def test_numbered_choices_are_offered_in_the_conversations_language(sms):
    """A reply's buttons become "Responda 1 para ..." in a Spanish
    conversation (they had stayed "Reply 1 for ..." in every language)."""
    spanish = Phone(sms.url)
    conversation_is(sms, spanish, "es")
    summary = spanish.says("confirm please")
    assert messages.text("sms_choice_inline", "es", number=1, title="") in summary
    assert "Reply" not in summary
    english = spanish.with_number("+15125550112")
    conversation_is(sms, english, "en")
    assert "Reply 1 for " in english.says("confirm please")


def test_service_messages_follow_the_conversations_language(sms):
    phone = Phone(sms.url)
    conversation_is(sms, phone, "es")
    sorry_es = turn_guard.sorry_text(CLINIC, "es")
    assert phone.says("boom please") == sorry_es
    assert phone.says(" ") == messages.text("sms_empty", "es")


def test_an_empty_sms_with_no_language_known_is_answered_in_english(sms):
    assert Phone(sms.url).says("") == messages.text("sms_empty", "en")


# ---------------------------------------------------------------- REST


@pytest.fixture()
def rest():
    server = LoopbackServer(PatientRestInput(reply_timeout=0.5), Assistant()).start()
    server.url = server.base + "/webhooks/rest/webhook"
    yield server
    server.stop()


def rest_says(server, message, language=None):
    body = {"sender": "p", "message": message}
    if language is not None:
        body["language"] = language
    response = requests.post(
        server.url, data=json.dumps(body), headers={"Content-Type": "application/json"}, timeout=30
    )
    assert response.status_code == 200, response.text
    return [m["text"] for m in response.json() if m.get("text")]


def test_rest_texts_in_the_clients_language(rest):
    assert rest_says(rest, "", "es") == [messages.text("rest_empty", "es")]
    assert rest_says(rest, "", "fr") == [messages.text("rest_empty", "en")]
    assert rest_says(rest, "") == [messages.text("rest_empty", "en")]
    too_long = rest_says(rest, "hola " * 500, "es")
    assert too_long == [messages.text("rest_too_long", "es", limit="2000")]
    assert rest_says(rest, "boom please", "es") == [turn_guard.sorry_text(language="es")]


def test_a_spanish_message_gets_spanish_texts_from_an_english_page(rest):
    long_spanish = "necesito saber qué es la ablación por radiofrecuencia " * 60
    assert rest_says(rest, long_spanish, "en") == [messages.text("rest_too_long", "es", limit="2000")]


# ---------------------------------------------------------------- the safety answer the channel adds


class Flagging:
    """Safety patterns that flag "morir" as a crisis (Spanish patterns are the
    safety net's, content/safety.yml; this test is about the channel)."""

    def category(self, text):
        return "crisis" if "morir" in text else None


@pytest.mark.parametrize(
    "text,language,starts",
    [
        ("ya no quiero vivir, quiero morir", None, "Siento mucho"),
        ("quiero morir", "es", "Siento mucho"),
        ("morir", "en", "I'm really sorry"),
    ],
)
def test_the_safety_answer_the_channel_adds_is_in_the_patients_language(monkeypatch, text, language, starts):
    monkeypatch.setattr(turn_guard, "safety_patterns", lambda: Flagging())

    async def dialogue_without_the_answer(message):
        await message.output_channel.send_response(message.sender_id, {"text": "Got it."})

    collector = CollectingOutputChannel()
    message = UserMessage(text, collector, "p", input_channel="rest")
    turn = asyncio.run(
        turn_guard.run_turn(dialogue_without_the_answer, message, collector, 1.0, None, language=language)
    )
    assert turn.messages[0]["text"].startswith(starts)
    assert turn.messages[1]["text"] == "Got it."


def test_slot_language_is_none_without_a_readable_store():
    class Broken:
        async def retrieve(self, sender):
            raise ConnectionError("down")

    class Agent:
        tracker_store = Broken()

    assert asyncio.run(slot_language(None, "p")) is None
    assert asyncio.run(slot_language(Agent(), "p")) is None
    assert asyncio.run(slot_language(Assistant(), "p")) is None


def test_stop_and_start_are_confirmed_in_the_conversations_language(sms):
    phone = Phone(sms.url)
    conversation_is(sms, phone, "es")
    assert phone.says("STOP") == messages.text("sms_unsubscribed", "es", name="Momentum Medical")
    assert phone.says("START") == messages.text("sms_subscribed_again", "es", name="Momentum Medical")
