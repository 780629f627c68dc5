"""What the SMS channel remembers about a phone, keyed by its hashed sender id
(never the number itself).

* ``OptOutStore``: who sent STOP, in a small SQLite table that outlives
  restarts (``var/sms_optout.db`` by default, created on first use).
* ``Sessions``: the numbered choices last offered and the unsent rest of a long
  answer, in memory for an hour (as long as a Rasa conversation session). These
  hold message text, so they are not written to disk; after a restart a digit or
  MORE simply goes to the assistant as typed. With several Rasa replicas behind
  a load balancer they would need a shared store.
"""
from __future__ import annotations

import hashlib
import hmac
import sqlite3
import threading
import time
from collections import OrderedDict
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import List, Optional, Text, Union

from channels.sms_format import Choice, Pending


def hashed_sender(phone: Text, secret: Text) -> Text:
    """A stable conversation id for ``phone`` that does not reveal it: HMAC-SHA256
    with a secret, so the id can't be reversed by hashing every phone number."""
    number = "".join(phone.split())
    digest = hmac.new(secret.encode("utf-8"), number.encode("utf-8"), hashlib.sha256)
    return "sms-" + digest.hexdigest()[:40]


def log_id(sender: Text) -> Text:
    """The most of a sender id that goes in a log line."""
    return sender[:12]


class OptOutStore:
    def __init__(self, path: Union[Text, Path]) -> None:
        self.path = Path(path)
        self._ready = False
        self._lock = threading.Lock()

    def _connect(self) -> sqlite3.Connection:
        if not self._ready:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with closing(sqlite3.connect(self.path, timeout=10)) as db, db:
                    db.execute(
                        "CREATE TABLE IF NOT EXISTS sms_optout ("
                        " sender TEXT PRIMARY KEY,"
                        " opted_out_at TEXT NOT NULL)"
                    )
                self._ready = True
        return sqlite3.connect(self.path, timeout=10)

    def is_opted_out(self, sender: Text) -> bool:
        with closing(self._connect()) as db:
            row = db.execute("SELECT 1 FROM sms_optout WHERE sender = ?", (sender,)).fetchone()
        return row is not None

    def opt_out(self, sender: Text) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with closing(self._connect()) as db, db:
            db.execute(
                "INSERT INTO sms_optout (sender, opted_out_at) VALUES (?, ?)"
                " ON CONFLICT(sender) DO UPDATE SET opted_out_at = excluded.opted_out_at",
                (sender, now),
            )

    def opt_in(self, sender: Text) -> None:
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM sms_optout WHERE sender = ?", (sender,))


@dataclass
class Session:
    choices: List[Choice] = field(default_factory=list)
    pending: Optional[Pending] = None
    expires: float = 0.0


class Sessions:
    """Per-sender choices and pending pages, forgotten after ``ttl`` seconds."""

    def __init__(self, ttl: float = 3600, max_senders: int = 10_000, clock=time.monotonic) -> None:
        self.ttl = ttl
        self.max_senders = max_senders
        self.clock = clock
        self._sessions: "OrderedDict[Text, Session]" = OrderedDict()
        self._lock = threading.Lock()

    def get(self, sender: Text) -> Session:
        with self._lock:
            self._expire()
            session = self._sessions.get(sender)
            return session if session is not None else Session()

    def put(self, sender: Text, choices: List[Choice], pending: Optional[Pending]) -> None:
        with self._lock:
            self._sessions.pop(sender, None)
            if choices or pending:
                self._sessions[sender] = Session(list(choices), pending, self.clock() + self.ttl)
            while len(self._sessions) > self.max_senders:
                self._sessions.popitem(last=False)

    def set_pending(self, sender: Text, pending: Optional[Pending]) -> None:
        session = self.get(sender)
        self.put(sender, session.choices, pending)

    def forget(self, sender: Text) -> None:
        with self._lock:
            self._sessions.pop(sender, None)

    def __len__(self) -> int:
        with self._lock:
            self._expire()
            return len(self._sessions)

    def _expire(self) -> None:
        # put() always re-inserts at the end with the same ttl: oldest first
        now = self.clock()
        while self._sessions:
            sender, session = next(iter(self._sessions.items()))
            if session.expires > now:
                break
            del self._sessions[sender]
