"""The patients' REST channel (channels/rest.py) on a real Sanic server on
loopback, mounted as Rasa mounts it, in front of a scripted assistant."""

from __future__ import annotations

import json
import logging

import pytest
import requests

from channels.rest import MAX_BODY_BYTES, PatientRestInput
from tests.channels.loopback import FakeAssistant, LoopbackServer

PHONE = "(512) 555-0100"  # content/clinic.yml
SORRY = f"Sorry, something went wrong. Please call {PHONE}."


class Assistant(FakeAssistant):
    """The SMS tests' stand-in, plus Rasa's silent /restart."""

    async def handle_message(self, message):
        if message.text == "/restart":
            self.received.append(message)
            return None
        return await super().handle_message(message)


@pytest.fixture()
def rest():
    server = LoopbackServer(PatientRestInput(reply_timeout=0.5), Assistant()).start()
    server.url = server.base + "/webhooks/rest/webhook"
    yield server
    server.stop()


def post(server, body=None, *, raw=None, content_type="application/json", **kwargs):
    data = raw if raw is not None else json.dumps(body)
    return requests.post(server.url, data=data, headers={"Content-Type": content_type}, timeout=30, **kwargs)


def says(server, message, sender="patient-1"):
    response = post(server, {"sender": sender, "message": message})
    assert response.status_code == 200, response.text
    return [m.get("text") for m in response.json() if m.get("text")]


def test_a_message_is_answered_as_a_list_of_messages(rest):
    response = post(rest, {"sender": "patient-1", "message": "what is RFA?"})
    assert response.status_code == 200
    assert response.json()[0] == {"recipient_id": "patient-1", "text": "Got 12 characters: what is RFA?"}
    received = rest.assistant.received[0]
    assert (received.sender_id, received.input_channel) == ("patient-1", "rest")


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_a_wrong_content_type_is_415(rest, content_type):
    response = post(rest, {"sender": "p", "message": "hi"}, content_type=content_type)
    assert response.status_code == 415 and "application/json" in response.json()["error"]


@pytest.mark.parametrize(
    "raw", ['{"sender": "p", "message": ', "", "null", "[]", '"hi"', "\xff\xfe", "[" * 50_000 + "]" * 50_000]
)
def test_malformed_or_non_object_json_is_400(rest, raw):
    response = post(rest, raw=raw.encode("latin-1") if raw == "\xff\xfe" else raw[:MAX_BODY_BYTES])
    assert response.status_code == 400, response.text
    assert response.json()["error"]
    assert rest.assistant.received == []


@pytest.mark.parametrize(
    "body,field",
    [
        ({"message": "hi"}, "sender"),
        ({"sender": "", "message": "hi"}, "sender"),
        ({"sender": "   ", "message": "hi"}, "sender"),
        ({"sender": 7, "message": "hi"}, "sender"),
        ({"sender": "x" * 256, "message": "hi"}, "sender"),
        ({"sender": "a\x00b", "message": "hi"}, "sender"),
        ({"sender": "p"}, "message"),
        ({"sender": "p", "message": None}, "message"),
        ({"sender": "p", "message": ["hi"]}, "message"),
        ({"sender": "p", "message": {"text": "hi"}}, "message"),
    ],
)
def test_missing_or_wrong_fields_are_400_naming_the_field(rest, body, field):
    response = post(rest, body)
    assert response.status_code == 400
    assert f'"{field}"' in response.json()["error"]


def test_a_huge_body_is_413(rest):
    response = post(rest, {"sender": "p", "message": "a" * (MAX_BODY_BYTES + 1)})
    assert response.status_code == 413


@pytest.mark.parametrize("message", ["", "   ", "\n\t", "\x00\x01\x7f", "\u200b\u202e"])
def test_an_empty_message_asks_for_a_question_without_the_assistant(rest, message):
    assert says(rest, message) == ['Please type your question, for example "What is RFA?"']
    assert rest.assistant.received == []


def test_an_over_long_message_is_refused_with_a_reply_not_cut(rest):
    reply = says(rest, "word " * 2000)
    assert reply == [
        "Sorry, that message is too long for me. Please ask one question at a time, "
        "in under 2,000 characters."
    ]
    assert rest.assistant.received == []
    assert says(rest, "a" * 2000) == ["Got 2000 characters: " + "a" * 40]


def test_control_characters_are_stripped_and_emoji_kept(rest):
    assert says(rest, "what\x00 is\x07 RFA\x1b?\u202e") == ["Got 12 characters: what is RFA?"]
    assert says(rest, "👨\u200d👩\u200d👧 🙏") == ["Got 7 characters: 👨\u200d👩\u200d👧 🙏"]


def test_the_client_cannot_choose_the_channel_metadata_or_streaming(rest):
    response = requests.post(
        rest.url + "?stream=true",
        timeout=30,
        json={"sender": "p", "message": "hello", "input_channel": "twilio_sms", "metadata": {"x": 1}},
    )
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    received = rest.assistant.received[0]
    assert received.input_channel == "rest" and not received.metadata


def test_an_assistant_error_is_the_apology_with_the_clinic_phone(rest):
    assert says(rest, "boom please") == [SORRY]
    assert says(rest, "hello") == ["Got 5 characters: hello"]


def test_a_turn_that_shows_nothing_gets_the_apology_keeping_the_payload(rest):
    response = post(rest, {"sender": "p", "message": "silent please"})
    assert response.json() == [
        {"recipient_id": "p", "custom": {"staff": "only"}},
        {"recipient_id": "p", "text": SORRY},
    ]


def test_a_slow_turn_gets_the_taking_longer_message(rest):
    assert says(rest, "slow please") == [
        f"Sorry, that is taking longer than it should. Please try again in a minute or call {PHONE}."
    ]


def test_rasas_silent_restart_may_answer_nothing(rest):
    response = post(rest, {"sender": "p", "message": "/restart"})
    assert response.status_code == 200 and response.json() == []


def test_logs_hold_neither_the_text_nor_the_sender(rest, caplog):
    caplog.set_level(logging.DEBUG)
    for text in ["zebra quartz", "boom please", "silent please", "slow please", "", "walrus " * 500]:
        assert post(rest, {"sender": "sender-secret-id", "message": text}).status_code == 200
    post(rest, {"sender": "sender-secret-id", "message": 5})
    logged = caplog.text + "\n".join(str(r.args) for r in caplog.records)
    assert "REST webhook" in logged
    for secret in ("zebra", "quartz", "boom", "walrus", "sender-secret-id"):
        assert secret not in logged, secret


def test_settings_come_from_credentials_and_must_be_positive():
    channel = PatientRestInput.from_credentials({"reply_timeout": "7.5", "max_message_chars": 500})
    assert (channel.reply_timeout, channel.max_message_chars) == (7.5, 500)
    assert PatientRestInput.from_credentials(None).reply_timeout == 15.0
    with pytest.raises(Exception, match="reply_timeout"):
        PatientRestInput.from_credentials({"reply_timeout": "soon"})
