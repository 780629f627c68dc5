"""Asks the clinic's assistant (Rasa's REST channel) a caller's question for staff.

POST {RASA_URL}/webhooks/rest/webhook with {"sender": ..., "message": ...};
Rasa answers with a list of messages: {"text", "buttons"} and, for article
answers, {"custom": {"topic", "procedure", "sources"}}. Neither the question
nor the answer is ever logged: errors are logged by their type only.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any, List, Optional, Tuple

import requests

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 15
SENDER_PREFIX = "staff-"


class AssistantUnavailable(Exception):
    """Rasa could not be reached or gave an answer we cannot read."""


@dataclass(frozen=True)
class Message:
    text: str = ""
    buttons: Tuple[str, ...] = ()  # the buttons' titles


@dataclass(frozen=True)
class Reply:
    messages: Tuple[Message, ...] = ()
    sources: Tuple[str, ...] = ()
    topic: Optional[str] = None
    procedure: Optional[str] = None

    @property
    def text(self) -> str:
        """All the texts, one after another (what the history keeps)."""
        return "\n".join(m.text for m in self.messages if m.text)


def new_sender_id() -> str:
    return SENDER_PREFIX + secrets.token_urlsafe(12)


def ask(rasa_url: str, sender: str, question: str, *, timeout: float = TIMEOUT_SECONDS) -> Reply:
    url = rasa_url.rstrip("/") + "/webhooks/rest/webhook"
    try:
        response = requests.post(url, json={"sender": sender, "message": question}, timeout=timeout)
        response.raise_for_status()
        payload = response.json()
    except (requests.RequestException, ValueError) as error:
        logger.warning("The assistant did not answer (%s).", type(error).__name__)
        raise AssistantUnavailable() from None
    try:
        return parse_reply(payload)
    except (TypeError, ValueError, AttributeError):
        logger.warning("The assistant's answer could not be read.")
        raise AssistantUnavailable() from None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)):
        raise TypeError("not text")
    return str(value)


def parse_reply(payload: Any) -> Reply:
    if not isinstance(payload, list):
        raise TypeError("expected a list of messages")
    messages: List[Message] = []
    sources: List[str] = []
    topic = procedure = None
    for item in payload:
        if not isinstance(item, dict):
            raise TypeError("expected a message object")
        text = _text(item.get("text"))
        buttons = tuple(
            _text(b.get("title"))
            for b in (item.get("buttons") or [])
            if isinstance(b, dict) and b.get("title")
        )
        if text or buttons:
            messages.append(Message(text, buttons))
        custom = item.get("custom")
        if isinstance(custom, dict):
            sources.extend(_text(s) for s in (custom.get("sources") or []) if s)
            topic = _text(custom.get("topic")) or topic
            procedure = _text(custom.get("procedure")) or procedure
    return Reply(tuple(messages), tuple(dict.fromkeys(sources)), topic, procedure)
