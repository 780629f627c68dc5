"""A patient on each channel, talking to the running assistant over HTTP.

``RestPatient`` posts to the REST webhook as the website widget does;
``SmsPatient`` posts form bodies signed as Twilio signs them, each with its own
MessageSid (a provider retry re-posts the same one). Both expose the
conversation's tracker (Rasa's HTTP API, enabled in tests with a one-off token)
so that the evaluation can check what the form waits for.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from typing import Any, Dict, List, Optional, Text

import requests
from twilio.request_validator import RequestValidator

from channels.sms_format import more_suffix
from channels.sms_state import hashed_sender

MORE_SUFFIX = more_suffix()

SMS_PATH = "/webhooks/twilio_sms/webhook"
REST_PATH = "/webhooks/rest/webhook"
MAX_MORE_PAGES = 4


class Patient:
    channel = ""

    def __init__(self, servers) -> None:
        self.servers = servers
        self.sender = ""

    def says(self, text: Text) -> List[Text]:
        """The texts of the assistant's reply (button titles included)."""
        raise NotImplementedError

    def tracker(self) -> Dict[Text, Any]:
        response = requests.get(
            f"{self.servers.rasa_url}/conversations/{self.sender}/tracker",
            params={"token": self.servers.api_token},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()


class RestPatient(Patient):
    channel = "rest"

    def __init__(self, servers) -> None:
        super().__init__(servers)
        self.sender = f"eval-{uuid.uuid4().hex}"

    def says(self, text: Text) -> List[Text]:
        response = requests.post(
            f"{self.servers.rasa_url}{REST_PATH}", json={"sender": self.sender, "message": text}, timeout=60
        )
        response.raise_for_status()
        texts = []
        for m in response.json():
            if m.get("text"):
                texts.append(m["text"])
            texts += [b.get("title", "") for b in m.get("buttons") or []]
        return texts


class SmsPatient(Patient):
    channel = "sms"

    def __init__(self, servers, phone: Optional[Text] = None) -> None:
        super().__init__(servers)
        env = servers.env
        self.phone = phone or "+1999" + str(uuid.uuid4().int)[:7]
        self.sender = hashed_sender(self.phone, env["SMS_SENDER_SECRET"])
        self.url = env.get("SMS_WEBHOOK_URL") or f"{servers.rasa_url}{SMS_PATH}"
        self.post_url = f"{servers.rasa_url}{SMS_PATH}"
        self.validator = RequestValidator(env["TWILIO_AUTH_TOKEN"])
        self.last_params: Dict[Text, Text] = {}

    def params(self, body: Text) -> Dict[Text, Text]:
        sid = "SM" + uuid.uuid4().hex
        return {
            "MessageSid": sid,
            "SmsSid": sid,
            "SmsMessageSid": sid,
            "AccountSid": "AC" + "0" * 32,
            "From": self.phone,
            "To": "+15125550100",
            "Body": body,
            "NumMedia": "0",
            "NumSegments": "1",
            "SmsStatus": "received",
            "ApiVersion": "2010-04-01",
        }

    def post(self, params: Dict[Text, Text]) -> Text:
        signature = self.validator.compute_signature(self.url, params)
        response = requests.post(
            self.post_url, data=params, timeout=60, headers={"X-Twilio-Signature": signature}
        )
        response.raise_for_status()
        root = ET.fromstring(response.content)
        return "\n".join(m.text or "" for m in root.findall("Message"))

    def says(self, text: Text) -> List[Text]:
        self.last_params = self.params(text)
        return [self.post(self.last_params)]

    def retry(self) -> Text:
        """The provider posting the last message again (same MessageSid)."""
        return self.post(self.last_params)

    def more_pages(self, reply: Text) -> List[Text]:
        """The rest of a paged answer, as a patient replying MORE reads it."""
        pages = []
        while reply.rstrip().endswith(MORE_SUFFIX) and len(pages) < MAX_MORE_PAGES:
            reply = self.post(self.params("MORE"))
            pages.append(reply)
        return pages


def patient_for(channel: Text, servers) -> Patient:
    return RestPatient(servers) if channel == "rest" else SmsPatient(servers)
