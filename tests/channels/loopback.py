"""A real Sanic server on loopback with the SMS channel mounted the way Rasa
mounts it (``rasa.core.channels.channel.register``), in front of a scripted
stand-in for the assistant, and a Twilio-like client that signs its posts."""

from __future__ import annotations

import asyncio
import threading
import uuid
from typing import Any, Dict, List, Optional, Text

import requests
from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic
from twilio.request_validator import RequestValidator

from tests.harness.servers import free_port

# Sanic 21.12 rewrites its HTTP class in place when an app starts; in test mode
# it keeps the originals, so that more than one app can start in one process.
Sanic.test_mode = True

AUTH_TOKEN = "0123456789abcdef0123456789abcdef"  # test-only
SENDER_SECRET = "test-only-sender-secret-0123456789"
PHONE = "+15125550199"
WEBHOOK_PATH = "/webhooks/twilio_sms/webhook"

LONG_ANSWER = " ".join(
    f"Point {i}: radiofrequency ablation uses heat to quiet a nerve for months." for i in range(1, 25)
)
CONFIRM_BUTTONS = [
    {"title": "Yes, send it", "payload": "/affirm"},
    {"title": "No, change something", "payload": "/deny"},
    {"title": "Cancel", "payload": "/stop"},
]


class FakeAssistant:
    """Stands in for Rasa's Agent: ``handle_message`` replies through the
    message's output channel, as Rasa does, according to the text."""

    def __init__(self) -> None:
        self.received: List[UserMessage] = []

    async def handle_message(self, message: UserMessage) -> None:
        self.received.append(message)
        out, sender, text = message.output_channel, message.sender_id, message.text or ""
        if text == "confirm please":
            await out.send_response(
                sender,
                {
                    "text": "Here’s your request:\n• Name: Ava\nShall I send it…",
                    "buttons": list(CONFIRM_BUTTONS),
                },
            )
        elif text == "/affirm":
            await out.send_response(sender, {"text": "Sent. Your reference is MM-0001."})
        elif text == "long please":
            await out.send_response(
                sender,
                {
                    "text": LONG_ANSWER,
                    "buttons": [
                        {"title": "Risks", "payload": "/ask_risks"},
                        {"title": "Recovery", "payload": "/ask_recovery"},
                    ],
                    "custom": {"topic": "rfa", "sources": ["staff only"]},
                },
            )
        elif text == "boom please":
            raise RuntimeError(f"the assistant failed on {text!r} from {sender}")
        elif text == "slow please":
            await asyncio.sleep(1.5)
            await out.send_response(sender, {"text": "Too late."})
        elif text == "silent please":
            await out.send_response(sender, {"custom": {"staff": "only"}})
        else:
            await out.send_response(sender, {"text": f"Got {len(text)} characters: {text[:40]}"})
            await out.send_response(sender, {"custom": {"topic": "x", "sources": ["staff"]}})


class LoopbackServer:
    def __init__(
        self, channel, assistant: Optional[FakeAssistant] = None, port: Optional[int] = None
    ) -> None:
        self.channel = channel
        self.assistant = assistant or FakeAssistant()
        self.app = Sanic(f"sms-test-{uuid.uuid4().hex[:8]}", configure_logging=False)
        register([channel], self.app, route="/webhooks/")
        self.app.ctx.agent = self.assistant
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.url = self.base + WEBHOOK_PATH
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._ready = threading.Event()
        self._server = None
        self._error: Optional[BaseException] = None

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)

        async def start():
            server = await self.app.create_server(
                host="127.0.0.1", port=self.port, return_asyncio_server=True, access_log=False
            )
            # create_server has already started listening (it awaits the server)
            await server.startup()
            self._server = server

        try:
            self.loop.run_until_complete(start())
        except BaseException as error:  # pragma: no cover - reported by start()
            self._error = error
            self._ready.set()
            return
        self._ready.set()
        self.loop.run_forever()

    def start(self) -> LoopbackServer:
        self._thread.start()
        self._ready.wait(30)
        if self._error or self._server is None:
            raise RuntimeError(f"loopback server did not start: {self._error!r}")
        return self

    def stop(self) -> None:
        async def shutdown():
            self._server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)


class Phone:
    """Posts to the webhook as Twilio does: a form, signed with the auth token."""

    def __init__(
        self, url: Text, number: Text = PHONE, token: Text = AUTH_TOKEN, sign_url: Optional[Text] = None
    ) -> None:
        self.url = url
        self.number = number
        self.token = token
        self.validator = RequestValidator(token)
        self.sign_url = sign_url or url

    def with_number(self, number: Text) -> Phone:
        """Another patient's phone, texting the same webhook."""
        return Phone(self.url, number, self.token, self.sign_url)

    def params(self, body: Text, **extra: Text) -> Dict[Text, Text]:
        sid = "SM" + uuid.uuid4().hex  # a new message id per message, as Twilio's
        return {
            "ToCountry": "US",
            "ToState": "TX",
            "SmsMessageSid": sid,
            "NumMedia": "0",
            "ToCity": "",
            "FromZip": "",
            "SmsSid": sid,
            "FromState": "",
            "SmsStatus": "received",
            "FromCity": "",
            "Body": body,
            "FromCountry": "US",
            "To": "+15125550100",
            "ToZip": "",
            "NumSegments": "1",
            "MessageSid": sid,
            "AccountSid": "AC" + "0" * 32,
            "From": self.number,
            "ApiVersion": "2010-04-01",
            **extra,
        }

    def post(
        self,
        params: Dict[Text, Any],
        signature: Optional[Text] = "sign",
        headers: Optional[Dict[Text, Text]] = None,
        **kwargs,
    ) -> requests.Response:
        headers = dict(headers or {})
        if signature == "sign":
            signature = self.validator.compute_signature(self.sign_url, params)
        if signature is not None:
            headers["X-Twilio-Signature"] = signature
        return requests.post(self.url, data=params, headers=headers, timeout=30, **kwargs)

    def send(self, body: Text, **extra: Text) -> requests.Response:
        return self.post(self.params(body, **extra))

    def says(self, body: Text, **extra: Text) -> Text:
        """The reply SMS to ``body`` ('' for an empty TwiML response)."""
        answer = self.send(body, **extra)
        assert answer.status_code == 200, answer.text
        assert answer.headers["content-type"].startswith("text/xml")
        return reply_text(answer.content)


def reply_text(twiml) -> Text:
    """The reply SMS in a TwiML document (str or the response's bytes)."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(twiml)
    assert root.tag == "Response"
    return "\n".join(m.text or "" for m in root.findall("Message"))
