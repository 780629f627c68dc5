"""What reaches a log line: one line per record, and no conversation ids.

Two faults this closes, for every record of every logger of the process
(Rasa's, Sanic's, Flask's, waitress's and ours alike):

* **Forged lines.** A request path with an encoded newline ("/login%0a2026-…
  INFO staff alice signed in") or a NUL wrote a line of the sender's choosing
  into the log. Here CR, LF, NUL, every other control character, and the
  Unicode line separators and bidirectional overrides (which make a line read
  other than it is) are written as escapes (``\\n``, ``\\x00``, ``\\u2028``).
* **Conversation ids.** Rasa's own records name the conversation ("Circuit
  breaker tripped. Stopped predicting more actions for sender '<id>'", the
  lock store's "conversation ID '<id>'"). The REST sender id is the patient's
  session; the SMS one is keyed to the phone. Each is written as
  ``id:<12 hex>``, a hash (BLAKE2b) that still ties one conversation's lines
  together: the id of the turn in progress (``current_sender``, set by the
  channels) wherever it appears, and any id in Rasa's "conversation ID '…'",
  "sender '…'" phrasings.

``install()`` puts ``PrivateLogFilter`` in front of every record as it is made
(``logging.setLogRecordFactory``), so it holds whatever handlers a library
configures afterwards (Rasa installs its own at start-up). Every server calls
it first thing. The formatted message replaces ``msg`` and ``args``; a
traceback keeps its own lines.
"""

from __future__ import annotations

import contextvars
import hashlib
import logging
import re
import unicodedata
from typing import Any, Callable, Optional, Text

current_sender: contextvars.ContextVar[Optional[Text]] = contextvars.ContextVar(
    "clinic_current_sender", default=None
)

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x00": "\\x00", "\\": "\\\\"}
# line and paragraph separators, and the bidirectional controls that reorder
# what a reader sees
_UNSAFE_FORMAT = frozenset("\u2028\u2029\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Rasa's phrasings of a conversation id: conversation ID 'x', conversation 'x',
# conversation_id 'x', sender 'x', sender id 'x', sender_id 'x', for id 'x'
_RASA_ID = re.compile(
    r"(?P<lead>\b(?:conversation(?:[ _]id)?|sender(?:[ _]id)?|for id)\s+')(?P<id>[^'\n]{1,255})'",
    re.IGNORECASE,
)


def escape(text: Text) -> Text:
    """``text`` on one line: control characters, line separators and
    bidirectional overrides as escapes; a backslash doubled, so an escape in
    the log cannot have been typed."""
    out = []
    for char in text:
        if char in _NAMED:
            out.append(_NAMED[char])
        elif char in _UNSAFE_FORMAT or unicodedata.category(char) == "Cc":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def log_id(sender: Text) -> Text:
    """The form a conversation id takes in a log: ``id:`` and 12 hex digits."""
    return "id:" + hashlib.blake2b(sender.encode("utf-8", "replace"), digest_size=6).hexdigest()


def hide_senders(message: Text) -> Text:
    """``message`` with the current turn's sender id, and any id in Rasa's
    phrasings, replaced by its ``log_id``."""
    sender = current_sender.get()
    if sender and sender in message:
        message = message.replace(sender, log_id(sender))
    return _RASA_ID.sub(_hashed_match, message)


def _hashed_match(match: re.Match) -> Text:
    found = match.group("id")
    return match.group("lead") + (found if found.startswith("id:") else log_id(found)) + "'"


class PrivateLogFilter(logging.Filter):
    """Rewrites a record's message: sender ids hashed, then escaped to one
    line. Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_clinic_private", False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # bad arguments: logging reports it when the record is written
            return True
        record.msg = escape(hide_senders(message))
        record.args = None
        record._clinic_private = True
        return True


_filter = PrivateLogFilter()
_installed: Optional[Callable[..., logging.LogRecord]] = None


def install() -> None:
    """Every record made from now on in this process passes ``PrivateLogFilter``
    (safe to call again)."""
    global _installed
    current = logging.getLogRecordFactory()
    if _installed is not None and current is _installed:
        return
    previous = current

    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _filter.filter(record)
        return record

    logging.setLogRecordFactory(make_record)
    _installed = make_record
