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

Rasa's wait for a custom action is cut to seconds (``server.patches``), so a
hung action server fails a turn quickly instead of holding it for minutes.

Safety cannot be blocked by the dialogue. Every message is checked by the
channel itself with the safety patterns (``content/safety.yml``) before the
turn; a safety message waits at most ``SAFETY_WAIT_SECONDS`` for the
dialogue. When the turn went wrong (raised, said nothing, was slow, or tripped
Rasa's limit on actions per turn) the message is also classified by the NLU
model. Whenever a message is a crisis or an emergency and the dialogue's reply
lacks that answer, the channel sends it first, in the clinic's words for it
(``utter_crisis`` / ``utter_emergency`` of ``content/messages``).

A turn that trips Rasa's limit on actions per turn (the "circuit breaker")
ends listening (``end_turn_listening``): Rasa counts actions since the last
``action_listen``, so without one every later turn of the conversation would
trip the limit at once and the conversation would be dead (``server.patches``
installs it as Rasa's ``on_circuit_break``).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel, UserMessage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from clinic import log_privacy, messages
from clinic.content import clinic_info
from clinic.language import reply_language
from clinic.safety import CATEGORIES, SafetyPatterns, long_pieces

logger = logging.getLogger(__name__)

ANSWERED = "answered"  # at least one message the patient can see
SILENT = "silent"  # ended without one (typically: a custom action failed)
FAILED = "failed"  # raised before saying anything
SLOW = "slow"  # nothing to show within the reply timeout

VISIBLE_KEYS = ("text", "buttons", "image", "attachment", "elements", "quick_replies")


CIRCUIT_BROKEN = "circuit_broken"  # set on a turn's output channel when it tripped


def end_turn_listening(tracker: DialogueStateTracker, output_channel: OutputChannel, nlg: Any) -> None:
    """Rasa's ``on_circuit_break`` callback: the turn ends listening, and its
    output channel is marked so the channel knows the dialogue broke."""
    logger.error("A turn hit Rasa's limit on actions per turn; it ends listening.")
    tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
    setattr(output_channel, CIRCUIT_BROKEN, True)


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


SAFETY_WAIT_SECONDS = 4.0  # the longest a crisis or emergency waits for the dialogue
SAFETY_RESPONSES = {"crisis": "utter_crisis", "emergency": "utter_emergency"}
_patterns: Optional[SafetyPatterns] = None


def safety_patterns() -> SafetyPatterns:
    global _patterns
    if _patterns is None:
        _patterns = SafetyPatterns.load()
    return _patterns


async def run_turn(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
    message: UserMessage,
    collector: CollectingOutputChannel,
    timeout: float,
    agent: Any = None,
    known_category: Optional[Text] = None,
    language: Optional[Text] = None,
) -> Turn:
    """Passes ``message`` (whose output channel is ``collector``) to the
    assistant and says how the turn went, with the safety answer guaranteed.
    ``agent`` is Rasa's Agent (``request.app.ctx.agent``), for its NLU;
    ``known_category`` a safety category the channel already found (a long
    message's piece the model classified); ``language`` the conversation's as
    the channel knows it (the safety answer the channel adds is in the
    message's language, else in that one). Never raises (but for cancellation)."""
    text = message.text or ""
    category = known_category or safety_patterns().category(text) or _payload_category(text)
    wait = min(timeout, SAFETY_WAIT_SECONDS) if category else timeout
    # Rasa's records during the turn name the conversation: logged as its hash
    sender = log_privacy.current_sender.set(message.sender_id)
    try:
        task = asyncio.ensure_future(on_new_message(message))  # copies the context
    finally:
        log_privacy.current_sender.reset(sender)
    try:
        await asyncio.wait_for(asyncio.shield(task), timeout=wait)
    except asyncio.TimeoutError:
        task.add_done_callback(_log_late_turn)
        outcome = SLOW
        logger.warning(
            "%s turn: nothing to show within %.1f s; it goes on in the background.",
            message.input_channel,
            wait,
        )
    except Exception as error:  # (cancellation is a BaseException: it propagates)
        outcome = FAILED
        # the type only: an exception's message may quote the patient's text
        logger.error("%s turn failed (%s).", message.input_channel, type(error).__name__)
    else:
        outcome = SILENT
    replies = list(collector.messages)
    if getattr(collector, CIRCUIT_BROKEN, False):
        outcome = FAILED  # what a looping turn said (the same fallback ten times) is dropped
        replies = []
    elif any(is_visible(m) for m in replies):
        outcome = ANSWERED
    if category is None and outcome != ANSWERED and not text.startswith("/"):
        category = await _classified_safety(agent, text)
    if category:
        language = reply_language(text, language)
        replies, added = await _with_safety_answer(category, message.sender_id, replies, language)
        if added:
            logger.warning(
                "%s turn: the dialogue's reply lacked the %s answer; the channel sent it.",
                message.input_channel,
                category,
            )
        outcome = ANSWERED
    return Turn(outcome, replies)


def _payload_category(text: Text) -> Optional[Text]:
    """The safety intent of a payload typed or sent by a button ("/emergency")."""
    if not text.startswith("/"):
        return None
    name = text[1:].split("{", 1)[0].strip()
    return name if name in CATEGORIES else None


async def _classified_safety(agent: Any, text: Text) -> Optional[Text]:
    """The NLU model's verdict (the safety net is its last step) on a message
    whose turn went wrong."""
    if agent is None or not hasattr(agent, "parse_message"):
        return None
    try:
        parsed = await agent.parse_message(text)
    except Exception as error:
        logger.error("Could not classify a message for safety (%s).", type(error).__name__)
        return None
    name = (parsed.get("intent") or {}).get("name")
    return name if name in CATEGORIES else None


async def classified_flagged(agent: Any, text: Text, limit: int) -> Tuple[Text, Optional[Text]]:
    """For a message too long to pass on whole that no safety pattern flags:
    the piece (a few sentences, at most ``limit`` characters; ``long_pieces``)
    the NLU model classifies as a crisis or an emergency, and that category;
    ``("", None)`` when none is."""
    for piece in long_pieces(text) or [text]:
        category = await _classified_safety(agent, piece[:limit])
        if category:
            return piece[:limit], category
    return "", None


def safety_answers(category: Text) -> List[Text]:
    """Every wording of the ``category`` answer, in every language."""
    return [
        v["text"]
        for language in messages.languages()
        for v in messages.variants(SAFETY_RESPONSES[category], language)
        if v.get("text")
    ]


async def _with_safety_answer(
    category: Text, sender: Text, replies: List[Dict[Text, Any]], language: Text = messages.DEFAULT_LANGUAGE
):
    """``replies`` with the ``category`` answer first (in ``language``), unless
    already there in any language."""
    known = safety_answers(category)
    if any(m.get("text") in known for m in replies):
        return replies, False
    answer = {"recipient_id": sender, "text": messages.text(SAFETY_RESPONSES[category], language)}
    return [answer] + replies, True


def _log_late_turn(task: asyncio.Future) -> None:
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


def sorry_text(clinic: Optional[Dict[Text, Text]] = None, language: Text = messages.DEFAULT_LANGUAGE) -> Text:
    """A turn that failed or said nothing."""
    phone = (clinic if clinic is not None else clinic_details()).get("phone")
    if phone:
        return messages.text("service_sorry", language, phone=phone)
    return messages.text("service_sorry_no_phone", language)


def slow_text(clinic: Optional[Dict[Text, Text]] = None, language: Text = messages.DEFAULT_LANGUAGE) -> Text:
    """A turn with nothing to show within the reply timeout."""
    phone = (clinic if clinic is not None else clinic_details()).get("phone")
    if phone:
        return messages.text("service_slow", language, phone=phone)
    return messages.text("service_slow_no_phone", language)


def service_text(
    outcome: Text, clinic: Optional[Dict[Text, Text]] = None, language: Text = messages.DEFAULT_LANGUAGE
) -> Text:
    """What to tell the patient for a turn that did not answer, in ``language``."""
    return slow_text(clinic, language) if outcome == SLOW else sorry_text(clinic, language)


def webhook_blueprint(
    name: Text,
    handle: Callable[[Request, Callable], Awaitable[HTTPResponse]],
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
) -> Blueprint:
    """A patient channel's routes: GET / (health) and POST /webhook (``handle``)."""
    webhook = Blueprint(name, __name__)

    @webhook.route("/", methods=["GET"])
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @webhook.route("/webhook", methods=["POST"])
    async def receive(request: Request) -> HTTPResponse:
        return await handle(request, on_new_message)

    return webhook
