"""Every patient channel answers every turn: never silence, never a 500.

When a custom action fails (action server down, 5xx, timeout), Rasa 3.6 logs
it and carries on with no events, so the turn can end with nothing said. The
channels (``channels.rest``, ``channels.twilio_sms``) run each turn through
``run_turn`` and, when it raised, said nothing the patient can see, or took
longer than the channel's ``reply_timeout``, answer with ``service_text``: one
apology naming the clinic's phone, the same words on every channel.

A slow turn is not cancelled: it goes on in the background, so the tracker
stays consistent (the patient's message and whatever the bot did are kept) and
the conversation's lock is released when it ends; only its late reply is lost.

Rasa waits up to 5 minutes for the action server (``DEFAULT_REQUEST_TIMEOUT``,
read at call time by ``RemoteAction.run``) while holding the conversation's
lock, so one hung action server would stall the patient's next messages for
minutes. Importing this module lowers that wait to ``ACTION_TIMEOUT_SECONDS``
(default 10 s, below the channels' 12-15 s reply timeouts): a hung action is
then an ordinary failed action, answered with the service message, and the
conversation is free again within seconds.
"""
from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import rasa.core.actions.action as rasa_action
import channels.action_responses  # noqa: F401  (the response schema is checked once, not per call)
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.content import clinic_info

logger = logging.getLogger(__name__)

ACTION_TIMEOUT_ENV = "ACTION_TIMEOUT_SECONDS"
DEFAULT_ACTION_TIMEOUT = 10.0

ANSWERED = "answered"  # at least one message the patient can see
SILENT = "silent"      # ended without one (typically: a custom action failed)
FAILED = "failed"      # raised before saying anything
SLOW = "slow"          # nothing to show within the reply timeout

VISIBLE_KEYS = ("text", "buttons", "image", "attachment", "elements", "quick_replies")


def action_timeout() -> float:
    """Seconds Rasa waits for the action server: $ACTION_TIMEOUT_SECONDS or 10."""
    raw = os.environ.get(ACTION_TIMEOUT_ENV, "").strip()
    try:
        value = float(raw) if raw else DEFAULT_ACTION_TIMEOUT
    except ValueError:
        logger.warning("%s is not a number; using %.0f s.", ACTION_TIMEOUT_ENV, DEFAULT_ACTION_TIMEOUT)
        return DEFAULT_ACTION_TIMEOUT
    if value <= 0:
        logger.warning("%s must be positive; using %.0f s.", ACTION_TIMEOUT_ENV, DEFAULT_ACTION_TIMEOUT)
        return DEFAULT_ACTION_TIMEOUT
    return value


def limit_action_timeout() -> float:
    """Makes Rasa wait at most ``action_timeout()`` seconds for a custom action."""
    seconds = action_timeout()
    rasa_action.DEFAULT_REQUEST_TIMEOUT = seconds
    return seconds


limit_action_timeout()


@dataclass
class Turn:
    outcome: Text
    messages: List[Dict[Text, Any]]

    @property
    def answered(self) -> bool:
        return self.outcome == ANSWERED


def is_visible(message: Dict[Text, Any]) -> bool:
    """Whether the patient sees ``message`` (custom payloads are for staff)."""
    return any(message.get(key) for key in VISIBLE_KEYS)


async def run_turn(on_new_message: Callable[[UserMessage], Awaitable[Any]], message: UserMessage,
                   collector: CollectingOutputChannel, timeout: float) -> Turn:
    """Passes ``message`` (whose output channel is ``collector``) to the
    assistant and says how the turn went. Never raises (but for cancellation)."""
    task = asyncio.ensure_future(on_new_message(message))
    try:
        await asyncio.wait_for(asyncio.shield(task), timeout=timeout)
    except asyncio.TimeoutError:
        task.add_done_callback(_log_late_turn)
        outcome = SLOW
        logger.warning("%s turn: nothing to show within %.1f s; it goes on in the background.",
                       message.input_channel, timeout)
    except Exception as error:  # (cancellation is a BaseException: it propagates)
        outcome = FAILED
        # the type only: an exception's message may quote the patient's text
        logger.error("%s turn failed (%s).", message.input_channel, type(error).__name__)
    else:
        outcome = SILENT
    messages = list(collector.messages)
    if any(is_visible(m) for m in messages):
        outcome = ANSWERED
    return Turn(outcome, messages)


def _log_late_turn(task: "asyncio.Future") -> None:
    if task.cancelled():
        return
    if task.exception() is not None:
        logger.error("A late turn failed (%s).", type(task.exception()).__name__)
    else:
        logger.info("A late turn ended; its reply was not delivered.")


# -- the service messages (every channel's words) ---------------------------

_last_clinic: Dict[Text, Text] = {}


def clinic_details() -> Dict[Text, Text]:
    """The clinic's name and phone; the last good copy if the file is unreadable."""
    global _last_clinic
    try:
        _last_clinic = clinic_info()
    except Exception as error:
        logger.warning("Could not read the clinic's details (%s).", type(error).__name__)
    return _last_clinic


def sorry_text(clinic: Optional[Dict[Text, Text]] = None) -> Text:
    """A turn that failed or said nothing."""
    phone = (clinic if clinic is not None else clinic_details()).get("phone")
    return f"Sorry, something went wrong. Please call {phone}." if phone else \
        "Sorry, something went wrong. Please call the clinic."


def slow_text(clinic: Optional[Dict[Text, Text]] = None) -> Text:
    """A turn with nothing to show within the reply timeout."""
    phone = (clinic if clinic is not None else clinic_details()).get("phone")
    call = f" or call {phone}" if phone else ""
    return f"Sorry, that is taking longer than it should. Please try again in a minute{call}."


def service_text(outcome: Text, clinic: Optional[Dict[Text, Text]] = None) -> Text:
    """What to tell the patient for a turn that did not answer."""
    return slow_text(clinic) if outcome == SLOW else sorry_text(clinic)


def webhook_blueprint(name: Text, handle: Callable[[Request, Callable], Awaitable[HTTPResponse]],
                      on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
    """A patient channel's routes: GET / (health) and POST /webhook (``handle``)."""
    webhook = Blueprint(name, __name__)

    @webhook.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @webhook.route("/webhook", methods=["POST"])
    async def receive(request: Request) -> HTTPResponse:
        return await handle(request, on_new_message)

    return webhook
