"""Patients' text messages, through Twilio's SMS webhook.

Twilio POSTs each incoming SMS (form-encoded, signed with the account's auth
token in ``X-Twilio-Signature``) to ``/webhooks/twilio_sms/webhook``; the
channel answers in the HTTP response with TwiML, so no call is made to Twilio's
REST API. In credentials.yml::

    channels.twilio_sms.TwilioSmsInput:
      auth_token: ${TWILIO_AUTH_TOKEN}        # required (or the env variable alone)
      sender_secret: ${SMS_SENDER_SECRET}     # required, 16+ characters
      webhook_url: ${SMS_WEBHOOK_URL}         # required (or the env variable alone)
      # state_db_url: postgresql+psycopg2://user@host/db   # or SMS_STATE_DB_URL
      # reply_timeout: 12

* Signature: checked with Twilio's ``RequestValidator`` against ``webhook_url``,
  the public URL configured in Twilio (env ``SMS_WEBHOOK_URL``), and nothing
  else: never a URL rebuilt from the request's ``Host`` or ``X-Forwarded-*``
  headers, which the sender chooses (a post signed for another host would
  pass). The channel does not start without it; ``make run`` sets the local
  demo's fixed URL. Missing or wrong signature: 403.
* Privacy: the conversation id is an HMAC of the phone number (``sender_secret``),
  so neither the tracker store nor the logs hold the number; log lines carry
  counts, keywords and the first characters of that id, never the number or the
  text.
* State shared by every replica (opt-outs, numbered choices, MORE pages):
  ``channels.sms_state``, in the database at ``state_db_url`` (env
  ``SMS_STATE_DB_URL``; default ``sqlite:///var/sms_state.db``, one server).
* Keywords (STOP, START, HELP, MORE), numbered choices and SMS-sized paging: see
  ``channels.sms_keywords`` and ``channels.sms_format``.
* Never a 500 to Twilio, never silence: a turn that raised, said nothing (a
  failed custom action) or took over ``reply_timeout`` is answered with the
  service message naming the clinic's phone (``channels.turn_guard``, the same
  words as the REST channel), with status 200.
"""

from __future__ import annotations

import logging
import os
import traceback
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text
from urllib.parse import parse_qs

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.exc import SQLAlchemyError
from twilio.request_validator import RequestValidator
from twilio.twiml.messaging_response import MessagingResponse

from channels import sms_keywords as kw
from channels import turn_guard
from channels.conversation_language import slot_language
from channels.sms_format import choice_for, choices_text, compose, next_page, paginate
from channels.sms_state import (
    OptOutStore,
    Replies,
    Sessions,
    StateDb,
    hashed_sender,
    log_id,
    resolve_state_db_url,
)
from clinic import settings
from clinic.content import clinic_info
from clinic.form_words import LEAVING_INTENT
from clinic.language import reply_language

logger = logging.getLogger(__name__)

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
MAX_BODY_BYTES = 256 * 1024  # Twilio sends a few KB at most
MAX_FORM_FIELDS = 200
MIN_SECRET_CHARS = 16
DEFAULT_REPLY_TIMEOUT = 12.0  # Twilio gives up on a webhook after 15 s
RETRY_GRACE_SECONDS = 2.0  # a retry waits this much longer than a turn for the first post's reply


class SmsCollector(CollectingOutputChannel):
    """Collects the bot's messages for one turn, to answer in the webhook response.

    Named like the input channel, so domain responses can have SMS variants
    (``channel: twilio_sms``). Custom payloads are for staff and are dropped.
    """

    @classmethod
    def name(cls) -> Text:
        return "twilio_sms"

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self._persist_message(self._message(recipient_id, text=text))

    async def send_custom_json(
        self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any
    ) -> None:
        return None


class _FormParams(dict):
    """Form fields as lists of values, readable by ``RequestValidator``."""

    def getlist(self, key: Text) -> List[Text]:
        return self[key]

    def first(self, key: Text) -> Optional[Text]:
        values = self.get(key)
        return values[0] if values else None


def parse_form(body: bytes) -> _FormParams:
    """The form fields of ``body``, blank values kept (Twilio signs them too).
    ValueError if the body is not a form."""
    text = body.decode("utf-8")  # percent-encoded: plain ASCII from Twilio
    return _FormParams(
        parse_qs(
            text, keep_blank_values=True, max_num_fields=MAX_FORM_FIELDS, encoding="utf-8", errors="replace"
        )
    )


def _setting(credentials: Dict[Text, Any], key: Text, env: Optional[Text]) -> Optional[Text]:
    value = credentials.get(key)
    if isinstance(value, str) and "$" in value:
        value = os.path.expandvars(value)
        if "$" in value:  # an unset ${VARIABLE}
            value = None
    if value in (None, "") and env:
        value = settings.env(env)
    return str(value).strip() if value not in (None, "") else None


class TwilioSmsInput(InputChannel):
    """Twilio SMS webhook, answered with TwiML."""

    @classmethod
    def name(cls) -> Text:
        return "twilio_sms"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> TwilioSmsInput:
        credentials = credentials or {}
        timeout = credentials.get("reply_timeout")
        return cls(
            auth_token=_setting(credentials, "auth_token", "TWILIO_AUTH_TOKEN"),
            sender_secret=_setting(credentials, "sender_secret", "SMS_SENDER_SECRET"),
            webhook_url=_setting(credentials, "webhook_url", "SMS_WEBHOOK_URL"),
            state_db_url=_setting(credentials, "state_db_url", "SMS_STATE_DB_URL"),
            reply_timeout=float(timeout) if timeout not in (None, "") else DEFAULT_REPLY_TIMEOUT,
        )

    def __init__(
        self,
        auth_token: Optional[Text],
        sender_secret: Optional[Text],
        webhook_url: Optional[Text] = None,
        reply_timeout: float = DEFAULT_REPLY_TIMEOUT,
        state_db_url: Optional[Text] = None,
    ) -> None:
        if not auth_token:
            raise RasaException(
                "The twilio_sms channel needs Twilio's auth token to check that "
                "requests come from Twilio: set `auth_token` under "
                "channels.twilio_sms.TwilioSmsInput in credentials.yml, or the "
                "TWILIO_AUTH_TOKEN environment variable. Not starting without it."
            )
        if not sender_secret or len(sender_secret) < MIN_SECRET_CHARS:
            raise RasaException(
                "The twilio_sms channel needs a secret of at least "
                f"{MIN_SECRET_CHARS} characters to hash patients' phone numbers: set "
                "`sender_secret` in credentials.yml or the SMS_SENDER_SECRET "
                "environment variable (e.g. `python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'`). Keep it stable: changing it "
                "starts new conversations and forgets opt-outs. Not starting without it."
            )
        if not webhook_url:
            raise RasaException(
                "The twilio_sms channel needs the public URL Twilio posts to, which Twilio "
                "signs: set `webhook_url` in credentials.yml or the SMS_WEBHOOK_URL "
                "environment variable (e.g. https://assistant.example.org/webhooks/"
                "twilio_sms/webhook). It is never taken from the request's Host header. "
                "Not starting without it."
            )
        if not webhook_url.startswith(("https://", "http://")):
            raise RasaException("The twilio_sms channel's `webhook_url` must be an http(s) URL.")
        if reply_timeout <= 0:
            raise RasaException("The twilio_sms channel's `reply_timeout` must be positive.")
        self.validator = RequestValidator(auth_token)
        self.sender_secret = sender_secret
        self.webhook_url: Text = webhook_url
        self.reply_timeout = reply_timeout
        try:
            state = StateDb(resolve_state_db_url(state_db_url))
        except (ValueError, ImportError, SQLAlchemyError) as error:  # not quoted: may hold a password
            raise RasaException(
                "The twilio_sms channel's `state_db_url` (or SMS_STATE_DB_URL) must be a "
                f"sqlite:/// or postgresql+psycopg2:// URL ({type(error).__name__})."
            ) from None
        self.optouts = OptOutStore(state)
        self.sessions = Sessions(state, secret=sender_secret)
        self.replies = Replies(state, secret=sender_secret)
        self._clinic = clinic_info()  # the last good copy; fails fast if unreadable

    # -- request handling -------------------------------------------------

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return turn_guard.webhook_blueprint("twilio_sms_webhook", self.handle, on_new_message)

    def signed_url(self, request: Request) -> Text:
        """The URL Twilio computed the signature over: the configured public
        URL, whatever the request's Host or forwarding headers say."""
        return self.webhook_url

    async def handle(
        self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> HTTPResponse:
        content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if content_type != FORM_CONTENT_TYPE:
            return response.text(f"Expected {FORM_CONTENT_TYPE}.", status=415)
        body = request.body or b""
        if len(body) > MAX_BODY_BYTES:
            return response.text("Request body too large.", status=413)
        try:
            params = parse_form(body)
        except ValueError:
            return response.text("Malformed form body.", status=400)

        signature = request.headers.get("x-twilio-signature")
        if not signature or not self.validator.validate(self.signed_url(request), params, signature):
            logger.warning(
                "SMS webhook: rejected a request with a %s signature.", "wrong" if signature else "missing"
            )
            return response.text("Invalid or missing X-Twilio-Signature.", status=403)

        phone, text = params.first("From"), params.first("Body")
        if phone is None or not phone.strip() or text is None:
            return response.text("From and Body are required.", status=400)

        message_sid = (params.first("MessageSid") or "").strip()[:64]
        try:
            first_post = not message_sid or self.replies.claim(message_sid)
        except SQLAlchemyError as error:  # answered anyway, without retry detection
            logger.warning("SMS webhook: could not check for a retry (%s).", type(error).__name__)
            message_sid, first_post = "", True
        if not first_post:
            # a provider's retry of a slow post: the first post's reply, processed once
            logger.info("SMS webhook: a retried message; answered with the first post's reply.")
            return twiml(await self.replies.wait(message_sid, self.reply_timeout + RETRY_GRACE_SECONDS))
        try:
            reply = await self.reply(
                phone,
                text,
                params.first("OptOutType"),
                on_new_message,
                getattr(request.app.ctx, "agent", None),
            )
        except Exception as error:  # never a 500 to Twilio
            logger.error("SMS webhook: the turn failed (%s); sent the apology.", type(error).__name__)
            # frames only: an exception's message may quote the patient's text
            logger.debug("SMS webhook failure at:\n%s", "".join(traceback.format_tb(error.__traceback__)))
            reply = turn_guard.sorry_text(self.clinic())
        if message_sid:
            try:
                self.replies.store(message_sid, reply)
            except SQLAlchemyError as error:
                logger.warning("SMS webhook: reply not kept for retries (%s).", type(error).__name__)
        return twiml(reply)

    def clinic(self) -> Dict[Text, Text]:
        try:
            self._clinic = clinic_info()
        except Exception as error:
            logger.warning("SMS: could not read the clinic's details (%s).", type(error).__name__)
        return self._clinic

    async def reply(
        self,
        phone: Text,
        body: Text,
        opt_out_type: Optional[Text],
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        agent: Any = None,
    ) -> Optional[Text]:
        """The SMS to answer with (None: an empty TwiML response)."""
        sender = hashed_sender(phone, self.sender_secret)
        who = log_id(sender)
        text = kw.clean_inbound(body)
        keyword = kw.keyword(text, opt_out_type)

        if keyword == kw.OPT_OUT:
            self.optouts.opt_out(sender)
            self.sessions.forget(sender)
            await self.end_open_request(sender, on_new_message, agent)
            if opt_out_type:  # Twilio's opt-out handling confirms it itself
                logger.info("SMS %s: opt-out keyword (Twilio confirms); opted out.", who)
                return None
            logger.info("SMS %s: opt-out keyword; opted out, confirmed once.", who)
            return kw.unsubscribed_text(self.clinic(), await self.language(text, sender, agent))
        if self.optouts.is_opted_out(sender):
            if keyword == kw.OPT_IN:
                self.optouts.opt_in(sender)
                logger.info("SMS %s: opt-in keyword; subscribed again.", who)
                return kw.subscribed_text(self.clinic(), True, await self.language(text, sender, agent))
            logger.info("SMS %s: opted out; message not passed on, no reply.", who)
            return None
        if keyword == kw.OPT_IN and kw.opts_in_when_subscribed(text):
            logger.info("SMS %s: opt-in keyword while subscribed.", who)
            return kw.subscribed_text(self.clinic(), False, await self.language(text, sender, agent))
        if keyword == kw.HELP:
            logger.info("SMS %s: help keyword.", who)
            return kw.help_text(self.clinic(), await self.language(text, sender, agent))

        session = self.sessions.get(sender)
        if keyword == kw.MORE and session.pending:
            page, pending = next_page(session.pending)
            self.sessions.set_pending(sender, pending)
            logger.info("SMS %s: MORE; sent the next page (%s left).", who, "more" if pending else "none")
            return page
        if not text:
            logger.info("SMS %s: empty message; asked for a question.", who)
            return kw.empty_text(await self.language(text, sender, agent))

        is_number, choice = choice_for(text, session.choices) if session.choices else (False, None)
        if is_number and choice is None:
            logger.info("SMS %s: number outside the %d choices.", who, len(session.choices))
            return kw.out_of_range_text(len(session.choices), await self.language(text, sender, agent))

        turn = await self.run_turn(choice.payload if choice else text, sender, on_new_message, agent)
        reply = compose(turn.messages)
        if not turn.answered or not reply.text:
            # never silence: a failed action, an error or a slow turn gets the
            # service message (the numbered choices offered before still hold)
            logger.warning("SMS %s: %s turn; sent the service message.", who, turn.outcome)
            language = await self.language(text, sender, agent)
            return turn_guard.service_text(turn.outcome, self.clinic(), language)
        if reply.choices:  # "Reply 1 for ..." and "Reply MORE" in the conversation's language
            language = await self.language(text, sender, agent)
            page, pending = paginate(
                reply.body, choices_text(reply.choices, language), reply.max_segments, language=language
            )
        else:
            page, pending = paginate(reply.body, max_segments=reply.max_segments)
            if pending:  # "Reply MORE" in the conversation's language
                page, pending = paginate(
                    reply.body,
                    max_segments=reply.max_segments,
                    language=await self.language(text, sender, agent),
                )
        self.sessions.put(sender, reply.choices, pending)
        logger.info(
            "SMS %s: %s; %d bot message(s), %d choice(s), %s.",
            who,
            "numbered choice" if choice else "text",
            len(turn.messages),
            len(reply.choices),
            "paged" if pending else "one page",
        )
        return page

    async def language(self, text: Text, sender: Text, agent: Any = None) -> Text:
        """The language of the texts the channel writes itself: AYUDA and MÁS
        are Spanish; otherwise the conversation's (its ``language`` slot),
        else the message's, else English."""
        return kw.keyword_language(text) or reply_language(text, await slot_language(agent, sender))

    async def end_open_request(
        self,
        sender: Text,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        agent: Any = None,
    ) -> None:
        """Ends the conversation's open booking or call-back form, if any (the
        ``stop`` intent; its reply is not sent): "CANCEL" at the summary opts
        the phone out, as carriers require, and sends nothing to the front
        desk; a patient who opts in again is not met by the old summary.
        Bounded by ``reply_timeout``; a failure is logged, the opt-out stands."""
        try:
            await self.run_turn(f"/{LEAVING_INTENT}", sender, on_new_message, agent)
        except Exception as error:  # noqa: BLE001 - the opt-out is confirmed whatever happens here
            logger.warning(
                "SMS %s: could not end the open request (%s).", log_id(sender), type(error).__name__
            )

    async def run_turn(
        self,
        text: Text,
        sender: Text,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        agent: Any = None,
    ) -> turn_guard.Turn:
        """Passes ``text`` to the assistant; what it said and how the turn went.

        After ``reply_timeout`` seconds the turn is SLOW and goes on in the
        background (its reply is lost: Twilio has stopped waiting).
        """
        collector = SmsCollector()
        message = UserMessage(text, collector, sender, input_channel=self.name())
        return await turn_guard.run_turn(on_new_message, message, collector, self.reply_timeout, agent)


def twiml(text: Optional[Text]) -> HTTPResponse:
    """A TwiML response with ``text`` as the reply SMS (none if empty)."""
    messaging = MessagingResponse()
    if text:
        messaging.message(text)
    return response.text(str(messaging), content_type="text/xml; charset=utf-8")
