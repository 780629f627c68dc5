"""What the SMS channel remembers about a phone, in one SQL database that every
Rasa replica shares, keyed by the hashed sender id (never the number itself).

* ``OptOutStore``: who sent STOP (table ``sms_optout``), kept until START.
* ``Replies``: the reply to each Twilio message id (``MessageSid``, table
  ``sms_reply``), for an hour: Twilio posts a message again when the reply
  is slow, and the retry must get the same reply and not be processed twice.
  Encrypted like the sessions.
* ``Sessions``: the numbered choices last offered and the unsent rest of a long
  answer (table ``sms_session``), for an hour after the reply that made them.
  Expired rows are ignored, and deleted now and then by whichever replica
  writes. Their text is the bot's own, but the bot may echo a patient's name or
  number (the booking summary), so it is stored encrypted with a key derived
  from the channel's ``sender_secret``.

``StateDb`` is the database: SQLite (the default, ``sqlite:///var/sms_state.db``,
one server) or PostgreSQL (``postgresql+psycopg2://user@host/db``, replicas).
Tables are created if missing; writes are single-statement upserts, so replicas
writing at once don't conflict.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, List, Optional, Text, Union

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from channels.sms_format import Choice, Pending
from clinic.private_files import private_sqlite_file

logger = logging.getLogger(__name__)

DEFAULT_STATE_DB_URL = "sqlite:///var/sms_state.db"
SESSION_TTL = 3600.0  # as long as a Rasa conversation session
PURGE_EVERY = 60.0  # seconds between one replica's purges of expired sessions

metadata = sa.MetaData()
optout_table = sa.Table(
    "sms_optout",
    metadata,
    sa.Column("sender", sa.String(64), primary_key=True),
    sa.Column("opted_out_at", sa.String(32), nullable=False),  # ISO 8601, UTC
)
session_table = sa.Table(
    "sms_session",
    metadata,
    sa.Column("sender", sa.String(64), primary_key=True),
    sa.Column("choices", sa.Text, nullable=False),  # encrypted JSON [[title, payload], ...]
    sa.Column("pending", sa.Text, nullable=True),  # encrypted JSON [rest, tail]; NULL: none
    sa.Column("expires_at", sa.Float, nullable=False, index=True),  # Unix time
)
reply_table = sa.Table(
    "sms_reply",
    metadata,
    sa.Column("message_sid", sa.String(64), primary_key=True),
    sa.Column("reply", sa.Text, nullable=True),  # encrypted JSON text; NULL: still being answered
    sa.Column("expires_at", sa.Float, nullable=False, index=True),  # Unix time
)
_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def hashed_sender(phone: Text, secret: Text) -> Text:
    """A stable conversation id for ``phone`` that does not reveal it: HMAC-SHA256
    with a secret, so the id can't be reversed by hashing every phone number."""
    number = "".join(phone.split())
    digest = hmac.new(secret.encode("utf-8"), number.encode("utf-8"), hashlib.sha256)
    return "sms-" + digest.hexdigest()[:40]


def log_id(sender: Text) -> Text:
    """The most of a sender id that goes in a log line."""
    return sender[:12]


def sqlite_url(path: Union[Text, Path]) -> Text:
    return "sqlite:///" + str(Path(path))


def resolve_state_db_url(url: Optional[Text] = None) -> Text:
    """The database to use: ``url``, else SQLite in var/ (one server only)."""
    return url or DEFAULT_STATE_DB_URL


class StateDb:
    """The SQL database behind ``OptOutStore`` and ``Sessions``."""

    def __init__(self, url: Text) -> None:
        parsed = sa.engine.make_url(url)  # ArgumentError if malformed
        self.dialect = parsed.get_backend_name()
        if self.dialect not in _INSERTS:
            raise ValueError(f"SMS state database: use sqlite or postgresql, not {self.dialect!r}.")
        if self.dialect == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                private_sqlite_file(parsed.database)  # opt-outs: owner-only
            options: dict = {"connect_args": {"timeout": 10}}  # wait out other writers' locks
        else:
            options = {"pool_pre_ping": True, "connect_args": {"connect_timeout": 5}}
        self.engine = sa.create_engine(parsed, future=True, **options)
        self._created: set = set()
        self._lock = threading.Lock()

    def begin(self, table: sa.Table):
        """A transaction (context manager), ``table`` created first if missing."""
        if table.name not in self._created:
            with self._lock:
                if table.name not in self._created:
                    try:
                        metadata.create_all(self.engine, tables=[table])
                    except SQLAlchemyError:  # another replica created it at the same moment
                        metadata.create_all(self.engine, tables=[table])
                    self._created.add(table.name)
        return self.engine.begin()

    def upsert(self, table: sa.Table, **values: Any):
        """INSERT ... ON CONFLICT (sender) DO UPDATE, in this database's dialect."""
        insert = _INSERTS[self.dialect](table).values(**values)
        return insert.on_conflict_do_update(
            index_elements=[table.c.sender],
            set_={name: insert.excluded[name] for name in values if name != "sender"},
        )


def _as_db(db: Union[StateDb, Text, Path]) -> StateDb:
    """``db`` itself, or the database at a URL or SQLite file path."""
    if isinstance(db, StateDb):
        return db
    return StateDb(str(db) if "://" in str(db) else sqlite_url(db))


class OptOutStore:
    """Who sent STOP. Kept until START: a carrier's opt-out has no expiry."""

    def __init__(self, db: Union[StateDb, Text, Path]) -> None:
        self.db = _as_db(db)

    def is_opted_out(self, sender: Text) -> bool:
        query = sa.select(optout_table.c.sender).where(optout_table.c.sender == sender)
        with self.db.begin(optout_table) as connection:
            return connection.execute(query).first() is not None

    def opt_out(self, sender: Text) -> None:
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        with self.db.begin(optout_table) as connection:
            connection.execute(self.db.upsert(optout_table, sender=sender, opted_out_at=now))

    def opt_in(self, sender: Text) -> None:
        with self.db.begin(optout_table) as connection:
            connection.execute(sa.delete(optout_table).where(optout_table.c.sender == sender))


@dataclass
class Session:
    choices: List[Choice] = field(default_factory=list)
    pending: Optional[Pending] = None
    expires: float = 0.0


def _fernet(secret: Text) -> Fernet:
    key = hmac.new(secret.encode("utf-8"), b"sms-session-state", hashlib.sha256).digest()
    return Fernet(base64.urlsafe_b64encode(key))


class Sessions:
    """Per-sender choices and pending pages, forgotten ``ttl`` seconds after the
    reply that made them (``clock``: Unix time, the same on every replica)."""

    def __init__(
        self,
        db: Union[StateDb, Text, Path],
        secret: Text,
        ttl: float = SESSION_TTL,
        clock: Callable[[], float] = time.time,
        purge_every: float = PURGE_EVERY,
    ) -> None:
        self.db = _as_db(db)
        self.ttl = ttl
        self.clock = clock
        self.purge_every = purge_every
        self._fernet = _fernet(secret)
        self._next_purge = float("-inf")

    def get(self, sender: Text) -> Session:
        table, now = session_table, self.clock()
        query = sa.select(table.c.choices, table.c.pending, table.c.expires_at).where(
            table.c.sender == sender
        )
        with self.db.begin(table) as connection:
            row = connection.execute(query).first()
            if row is not None and row.expires_at <= now:
                connection.execute(
                    sa.delete(table).where(table.c.sender == sender, table.c.expires_at <= now)
                )
                row = None
        if row is None:
            return Session()
        try:
            choices = [Choice(title, payload) for title, payload in self._open(row.choices)]
            pending = Pending(*self._open(row.pending)) if row.pending else None
        except (InvalidToken, ValueError, TypeError) as error:  # e.g. a changed sender_secret
            logger.warning(
                "SMS %s: unreadable saved choices (%s); ignored.", log_id(sender), type(error).__name__
            )
            return Session()
        return Session(choices, pending, row.expires_at)

    def put(self, sender: Text, choices: List[Choice], pending: Optional[Pending]) -> None:
        """The state after a reply: replaces what was kept for ``sender``."""
        table, now = session_table, self.clock()
        with self.db.begin(table) as connection:
            if choices or pending:
                connection.execute(
                    self.db.upsert(
                        table,
                        sender=sender,
                        expires_at=now + self.ttl,
                        choices=self._seal([[c.title, c.payload] for c in choices]),
                        pending=self._seal([pending.rest, pending.tail]) if pending else None,
                    )
                )
            else:
                connection.execute(sa.delete(table).where(table.c.sender == sender))
        if now >= self._next_purge:
            self.purge_expired()

    def set_pending(self, sender: Text, pending: Optional[Pending]) -> None:
        """The pages still unsent after a MORE; the choices stay, for ``ttl`` more."""
        table, now = session_table, self.clock()
        with self.db.begin(table) as connection:
            connection.execute(
                sa.update(table)
                .where(table.c.sender == sender, table.c.expires_at > now)
                .values(
                    pending=self._seal([pending.rest, pending.tail]) if pending else None,
                    expires_at=now + self.ttl,
                )
            )

    def forget(self, sender: Text) -> None:
        with self.db.begin(session_table) as connection:
            connection.execute(sa.delete(session_table).where(session_table.c.sender == sender))

    def purge_expired(self) -> int:
        """Deletes every expired session; how many. Best effort: another replica
        may be purging the same rows."""
        now = self.clock()
        self._next_purge = now + self.purge_every
        try:
            with self.db.begin(session_table) as connection:
                deleted = connection.execute(
                    sa.delete(session_table).where(session_table.c.expires_at <= now)
                ).rowcount
        except SQLAlchemyError as error:
            logger.info("SMS state: expired sessions not purged this time (%s).", type(error).__name__)
            return 0
        if deleted:
            logger.debug("SMS state: purged %d expired session(s).", deleted)
        return deleted

    def _seal(self, value: Any) -> Text:
        return self._fernet.encrypt(json.dumps(value, ensure_ascii=False).encode("utf-8")).decode("ascii")

    def _open(self, token: Text) -> Any:
        return json.loads(self._fernet.decrypt(token.encode("ascii")))


class Replies:
    """The reply to each message id, so that a provider's retry of a slow post
    gets the same reply and the message is processed once, on any replica.

    ``claim`` is one atomic INSERT ... ON CONFLICT DO NOTHING: exactly one post
    of a message id wins and is processed; the others ``wait`` for its reply.
    """

    def __init__(
        self,
        db: Union[StateDb, Text, Path],
        secret: Text,
        ttl: float = SESSION_TTL,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.db = _as_db(db)
        self.ttl = ttl
        self.clock = clock
        self._fernet = _fernet(secret)

    def claim(self, message_sid: Text) -> bool:
        """True for the first post of ``message_sid`` (process it), False for a retry."""
        now = self.clock()
        insert = (
            _INSERTS[self.db.dialect](reply_table)
            .values(message_sid=message_sid, reply=None, expires_at=now + self.ttl)
            .on_conflict_do_nothing(index_elements=[reply_table.c.message_sid])
        )
        with self.db.begin(reply_table) as connection:
            connection.execute(sa.delete(reply_table).where(reply_table.c.expires_at <= now))
            return bool(connection.execute(insert).rowcount)

    def store(self, message_sid: Text, reply: Optional[Text]) -> None:
        """The reply sent for ``message_sid`` ('' or None: an empty response)."""
        sealed = self._fernet.encrypt(json.dumps(reply or "").encode("utf-8")).decode("ascii")
        with self.db.begin(reply_table) as connection:
            connection.execute(
                sa.update(reply_table).where(reply_table.c.message_sid == message_sid).values(reply=sealed)
            )

    def reply(self, message_sid: Text) -> Optional[Text]:
        """The stored reply, or None while the first post is still being answered."""
        query = sa.select(reply_table.c.reply).where(reply_table.c.message_sid == message_sid)
        with self.db.begin(reply_table) as connection:
            row = connection.execute(query).first()
        if row is None or row.reply is None:
            return None
        try:
            return str(json.loads(self._fernet.decrypt(row.reply.encode("ascii"))))
        except (InvalidToken, ValueError):
            return None

    async def wait(self, message_sid: Text, timeout: float, step: float = 0.2) -> Optional[Text]:
        """The first post's reply, once it is stored (None after ``timeout`` seconds)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.reply(message_sid)
            if found is not None or time.monotonic() >= deadline:
                return found
            await asyncio.sleep(step)
