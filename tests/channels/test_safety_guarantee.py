"""A safety answer cannot be blocked by the dialogue.

Each test breaks the assistant behind a real channel on purpose (a locked
conversation that trips Rasa's limit on actions per turn, a turn that raises,
hangs, says nothing, or says something else) and sends a crisis or an
emergency: the patient must get 988 / 911, in the clinic's words for them, first,
on REST and on SMS. A message the patterns do not know is caught through the
NLU model's verdict when the turn broke.
"""

from __future__ import annotations

import asyncio

import pytest
import requests

from channels import turn_guard
from channels.rest import PatientRestInput
from channels.twilio_sms import TwilioSmsInput
from clinic import messages
from tests.channels.loopback import AUTH_TOKEN, SENDER_SECRET, WEBHOOK_PATH, LoopbackServer, Phone
from tests.harness.servers import free_port

CRISIS = messages.text("utter_crisis")
EMERGENCY = messages.text("utter_emergency")
FALLBACK = "I'm not sure I understood."
CRISIS_WITHOUT_PATTERN = "the world will be lighter when I'm no longer in it"


class BrokenAssistant:
    """Rasa's Agent, broken in the way ``mode`` says."""

    def __init__(self, mode: str) -> None:
        self.mode = mode
        self.received = []

    async def parse_message(self, text):
        crisis = CRISIS_WITHOUT_PATTERN in text
        return {"text": text, "intent": {"name": "crisis" if crisis else "greet", "confidence": 0.9}}

    async def handle_message(self, message):
        self.received.append(message)
        out, sender = message.output_channel, message.sender_id
        if self.mode == "locked":  # ten fallbacks, then Rasa's circuit breaker
            for _ in range(10):
                await out.send_response(sender, {"text": FALLBACK})
            turn_guard.end_turn_listening(_Tracker(), out, None)
        elif self.mode == "raises":
            raise RuntimeError("the dialogue failed")
        elif self.mode == "hangs":
            await asyncio.sleep(30)
        elif self.mode == "silent":
            await out.send_response(sender, {"custom": {"staff": "only"}})
        elif self.mode == "wrong":
            await out.send_response(sender, {"text": "Okay. Is there anything else I can help you with?"})
        elif self.mode == "answers":
            await out.send_response(sender, {"text": CRISIS})


class _Tracker:
    def update(self, event):
        self.event = event


@pytest.fixture()
def serve():
    started = []

    def start(channel, mode, port=None):
        server = LoopbackServer(channel, BrokenAssistant(mode), port=port).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture(autouse=True)
def quick_safety_wait(monkeypatch):
    monkeypatch.setattr(turn_guard, "SAFETY_WAIT_SECONDS", 0.5)


def rest_says(server, text, sender="patient-1"):
    response = requests.post(
        server.base + "/webhooks/rest/webhook", timeout=60, json={"sender": sender, "message": text}
    )
    assert response.status_code == 200
    return [m.get("text") for m in response.json() if m.get("text")]


def sms_server(serve, mode, tmp_path):
    port = free_port()
    channel = TwilioSmsInput(
        auth_token=AUTH_TOKEN,
        sender_secret=SENDER_SECRET,
        webhook_url=f"http://127.0.0.1:{port}{WEBHOOK_PATH}",
        state_db_url=f"sqlite:///{tmp_path}/sms.db",
        reply_timeout=30,
    )
    return serve(channel, mode, port)


@pytest.mark.parametrize("mode", ["locked", "raises", "hangs", "silent", "wrong"])
def test_a_crisis_gets_988_first_however_the_dialogue_breaks(serve, mode):
    server = serve(PatientRestInput(reply_timeout=30), mode)
    texts = rest_says(server, "I want to kill myself")
    assert texts[0] == CRISIS
    assert turn_guard.sorry_text() not in texts and FALLBACK not in texts


@pytest.mark.parametrize("mode", ["locked", "raises", "hangs", "silent", "wrong"])
def test_an_emergency_gets_911_first_on_sms_however_the_dialogue_breaks(serve, mode, tmp_path):
    server = sms_server(serve, mode, tmp_path)
    reply = Phone(server.url).says("I'm having crushing chest pain")
    assert reply.startswith(EMERGENCY.split(".")[0])
    assert "Sorry, something went wrong" not in reply


def test_a_dialogue_that_answers_is_not_doubled(serve):
    server = serve(PatientRestInput(reply_timeout=30), "answers")
    assert rest_says(server, "I want to kill myself") == [CRISIS]


def test_a_crisis_only_the_model_recognises_is_answered_when_the_turn_broke(serve):
    server = serve(PatientRestInput(reply_timeout=30), "raises")
    assert rest_says(server, CRISIS_WITHOUT_PATTERN)[0] == CRISIS


def test_a_locked_turn_without_safety_gets_the_apology_alone(serve):
    server = serve(PatientRestInput(reply_timeout=30), "locked")
    assert rest_says(server, "what is RFA?") == [turn_guard.sorry_text()]


def test_an_over_long_message_ending_in_a_crisis_is_answered_not_refused(serve):
    server = serve(PatientRestInput(reply_timeout=30, max_message_chars=2000), "wrong")
    story = "I have had fibromyalgia for eleven years and the pain moves around. " * 35
    texts = rest_says(server, story + "Tonight I am going to end it all.")
    assert len(story) > 2000 and texts[0] == CRISIS
    [received] = server.assistant.received
    assert received.text == "Tonight I am going to end it all."


def test_an_over_long_message_ending_in_a_crisis_only_the_model_knows_is_answered(serve):
    server = serve(PatientRestInput(reply_timeout=30, max_message_chars=2000), "wrong")
    story = "I have had fibromyalgia for eleven years and the pain moves around. " * 35
    texts = rest_says(server, story + CRISIS_WITHOUT_PATTERN + ".")
    assert texts[0] == CRISIS
    [received] = server.assistant.received
    assert CRISIS_WITHOUT_PATTERN in received.text and len(received.text) <= 2000


def test_an_over_long_ordinary_message_is_still_refused(serve):
    server = serve(PatientRestInput(reply_timeout=30, max_message_chars=2000), "wrong")
    texts = rest_says(server, "My pain moves around a lot. " * 100)
    assert texts == [
        "Sorry, that message is too long for me. Please ask one question at a time, in under 2,000 characters."
    ]
    assert server.assistant.received == []
