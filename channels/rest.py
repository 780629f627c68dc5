"""The REST webhook patients' chat uses (the website widget, the front desk's
/assistant page): ``POST /webhooks/rest/webhook`` with
``{"sender": "...", "message": "..."}``, answered with a JSON list of messages.

Rasa's own ``RestInput`` answers a body that is not a JSON object with a 500,
passes any text on unchecked, logs the patient's text when a turn fails, and
answers nothing when a custom action fails. This one (same name, same URL)::

    channels.rest.PatientRestInput:
      reply_timeout: 15          # seconds before the "taking longer" message
      max_message_chars: 2000

* Wrong content type (not ``application/json``): 415. Body over 64 KB: 413.
  Malformed JSON, not an object, ``sender`` not a non-empty string of at most
  255 printable characters, ``message`` not a string: 400 with
  ``{"error": "..."}`` saying what to send.
* The message: put in Unicode NFKC form (full-width "ＳＴＯＰ" is "STOP" to the
  assistant), control and invisible formatting characters are removed and
  whitespace runs become one space. Left empty, the patient is asked to type a
  question; over ``max_message_chars`` (the widget allows 1,000, the front desk
  500), the message is refused with a reply asking for a shorter question,
  not cut: the assistant must not answer half a question. Neither reaches the
  assistant.
* Every turn answers (``channels.turn_guard``): if it raised, showed nothing, or
  took over ``reply_timeout``, the reply is the service message with the
  clinic's phone, as on SMS. The one exception: Rasa's own silent commands
  ``/restart``, ``/session_start`` and ``/back`` may legitimately say nothing,
  and then the reply is an empty list.
* ``language`` ("en" or "es", optional): the language the client shows the
  conversation in (the widget: the page's ``lang``, then the patient's). The
  channel's own texts (the empty and too-long replies, the service message,
  a safety answer it adds) are in the message's language, else in that one
  (``clinic.language.reply_language``). It never reaches the tracker; any
  other value is ignored.
* ``input_channel``, ``metadata`` and ``?stream=true`` are ignored: a client
  cannot pose as another channel, store data in the tracker, or skip the
  guarantee above.
* Logs carry outcomes, counts and lengths only, never the text or the sender.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.shared.core.constants import USER_INTENT_BACK, USER_INTENT_RESTART, USER_INTENT_SESSION_START
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import turn_guard
from clinic import messages
from clinic.content import DEFAULT_LANGUAGE, LANGUAGES
from clinic.language import reply_language
from clinic.normalise import nfkc

logger = logging.getLogger(__name__)

JSON_CONTENT_TYPE = "application/json"
MAX_BODY_BYTES = 64 * 1024
MAX_SENDER_CHARS = 255  # Rasa's SQL tracker store's sender_id column
DEFAULT_REPLY_TIMEOUT = 15.0
DEFAULT_MAX_MESSAGE_CHARS = 2000

SILENT_COMMANDS = frozenset({USER_INTENT_RESTART, USER_INTENT_SESSION_START, USER_INTENT_BACK})
_COMMAND = re.compile(r"/([A-Za-z_]+)\s*(\{.*\})?", re.DOTALL)
# kept although they are formatting characters: they join emoji and shape
# Persian and Indic words
_JOINERS = frozenset({"\u200c", "\u200d"})
_UNSEEN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def empty_text(language: Text = DEFAULT_LANGUAGE) -> Text:
    return messages.text("rest_empty", language)


def too_long_text(limit: int, language: Text = DEFAULT_LANGUAGE) -> Text:
    # "2,000" in English, "2000" in Spanish
    shown = f"{limit:,}" if language == DEFAULT_LANGUAGE else str(limit)
    return messages.text("rest_too_long", language, limit=shown)


class BadRequest(Exception):
    def __init__(self, status: int, message: Text) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def clean_text(text: Text) -> Text:
    """``text`` in NFKC form, without control or invisible formatting
    characters (but for the joiners), whitespace runs as one space, trimmed."""
    kept = []
    for char in nfkc(text):
        if char.isspace():
            kept.append(" ")
        elif char in _JOINERS or unicodedata.category(char) not in _UNSEEN:
            kept.append(char)
    return " ".join("".join(kept).split())


def valid_sender(sender: Any) -> bool:
    return (
        isinstance(sender, str)
        and 0 < len(sender) <= MAX_SENDER_CHARS
        and bool(sender.strip())
        and all(unicodedata.category(c) not in _UNSEEN for c in sender)
    )


def is_silent_command(text: Text) -> bool:
    match = _COMMAND.fullmatch(text)
    return match is not None and match.group(1) in SILENT_COMMANDS


def parse_body(request: Request) -> Dict[Text, Any]:
    """``{"sender", "message", "language"}`` from the request (``language``
    None unless "en" or "es"); BadRequest otherwise."""
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type != JSON_CONTENT_TYPE:
        raise BadRequest(415, f"Send JSON with Content-Type: {JSON_CONTENT_TYPE}.")
    body = request.body or b""
    if len(body) > MAX_BODY_BYTES:
        raise BadRequest(413, f"The request body is over {MAX_BODY_BYTES // 1024} KB.")
    try:
        payload = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest(400, "The body is not valid UTF-8 JSON.") from None
    if not isinstance(payload, dict):
        raise BadRequest(400, 'Send a JSON object: {"sender": "...", "message": "..."}.')
    sender, message = payload.get("sender"), payload.get("message")
    if not isinstance(sender, str) or not valid_sender(sender):
        raise BadRequest(
            400,
            f'"sender" must be a non-empty string of at most {MAX_SENDER_CHARS} '
            "printable characters, the same for the whole conversation.",
        )
    if not isinstance(message, str):
        raise BadRequest(400, '"message" must be a string: the patient\'s text.')
    language = payload.get("language")
    return {"sender": sender, "message": message, "language": language if language in LANGUAGES else None}


def _positive(value: Any, default: float, what: Text) -> float:
    if value in (None, ""):
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = 0
    if number <= 0:
        raise RasaException(f"The rest channel's `{what}` must be a positive number.")
    return number


class PatientRestInput(RestInput):
    """Rasa's REST channel with input checks and a reply for every turn."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> PatientRestInput:
        credentials = credentials or {}
        return cls(
            reply_timeout=_positive(credentials.get("reply_timeout"), DEFAULT_REPLY_TIMEOUT, "reply_timeout"),
            max_message_chars=int(
                _positive(
                    credentials.get("max_message_chars"), DEFAULT_MAX_MESSAGE_CHARS, "max_message_chars"
                )
            ),
        )

    def __init__(
        self, reply_timeout: float = DEFAULT_REPLY_TIMEOUT, max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS
    ) -> None:
        if reply_timeout <= 0 or max_message_chars <= 0:
            raise RasaException("The rest channel's reply_timeout and max_message_chars must be positive.")
        self.reply_timeout = float(reply_timeout)
        self.max_message_chars = int(max_message_chars)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return turn_guard.webhook_blueprint("patient_rest_webhook", self.handle, on_new_message)

    async def handle(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        try:
            fields = parse_body(request)
        except BadRequest as error:
            logger.info("REST webhook: refused a request (%d).", error.status)
            return response.json({"error": error.message}, status=error.status)
        sender = fields["sender"]
        try:
            messages = await self.reply(
                sender,
                fields["message"],
                on_new_message,
                getattr(request.app.ctx, "agent", None),
                fields["language"],
            )
        except Exception as error:  # never a 500 to a patient
            logger.error("REST webhook: the turn failed (%s); sent the apology.", type(error).__name__)
            language = fields["language"] or DEFAULT_LANGUAGE
            messages = [{"recipient_id": sender, "text": turn_guard.sorry_text(language=language)}]
        return response.json(messages)

    async def reply(
        self,
        sender: Text,
        raw: Text,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        agent: Any = None,
        language: Optional[Text] = None,
    ) -> List[Dict[Text, Any]]:
        """The replies to ``raw``; ``language`` is the client's ("en", "es", None)."""
        text = clean_text(raw)
        category: Optional[Text] = None
        if not text:
            logger.info("REST webhook: empty message (%d characters before cleaning).", len(raw))
            return [{"recipient_id": sender, "text": empty_text(language or DEFAULT_LANGUAGE)}]
        if len(text) > self.max_message_chars:
            # a crisis or an emergency is answered at any length: the dialogue
            # gets the sentences that make it one
            flagged = turn_guard.safety_patterns().flagged(text, self.max_message_chars)
            if not flagged:
                flagged, category = await turn_guard.classified_flagged(agent, text, self.max_message_chars)
            if not flagged:
                logger.info("REST webhook: refused a %d-character message.", len(text))
                said = reply_language(text, language)
                return [{"recipient_id": sender, "text": too_long_text(self.max_message_chars, said)}]
            logger.info("REST webhook: a %d-character safety message; passed on its flagged part.", len(text))
            text = flagged

        collector = CollectingOutputChannel()
        message = UserMessage(text, collector, sender, input_channel=self.name())
        turn = await turn_guard.run_turn(
            on_new_message,
            message,
            collector,
            self.reply_timeout,
            agent,
            known_category=category,
            language=language,
        )
        messages = turn.messages
        if not turn.answered and not (turn.outcome == turn_guard.SILENT and is_silent_command(text)):
            said = reply_language(text, language)
            messages.append(
                {"recipient_id": sender, "text": turn_guard.service_text(turn.outcome, language=said)}
            )
        logger.log(
            logging.INFO if turn.answered else logging.WARNING,
            "REST webhook: %d characters; %s turn; %d message(s).",
            len(text),
            turn.outcome,
            len(messages),
        )
        return messages
