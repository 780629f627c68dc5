"""Rasa's SQL tracker store: no patient text in SQL errors, and cheap per turn.

When a statement fails (a connection cut mid-INSERT, a full disk), SQLAlchemy
puts the statement's bound values in the exception's text, and Rasa's
fail-safe tracker store logs that text at ERROR level: the values are the
conversation's events, i.e. what the patient typed. ``hide_parameters=True``
keeps them out.

Same table, same rows and same conversation-session rule as Rasa's
SQLTrackerStore (this is a subclass); what changes is the cost of a turn's one
read and one write, about 4 ms of a 20 ms turn in Rasa's store under the
benchmark's load (`make bench`, `python -m bench.profile`):

* Rasa builds its queries with the ORM on every call, and SQLAlchemy spends
  most of the time making cache keys for them (the session-start subquery).
  Here the same queries are statements built once, and a turn's new events are
  inserted in one statement.
* On SQLite, Rasa opens a new connection for every read and write and commits
  in rollback-journal mode with ``synchronous=FULL``, waiting for fsyncs. Here
  one connection is kept (Rasa's event loop is one thread) in WAL mode with
  ``synchronous=NORMAL``: a committed turn survives a crash of the server; a
  power loss can lose the last turns but not corrupt the file (SQLite's WAL
  guarantee).

endpoints.yml, with one URL for the database (``clinic.settings.tracker_db_url``)::

    tracker_store:
      type: stores.tracker_store.PrivateSQLTrackerStore
      url: ${TRACKER_DB_URL}   # sqlite:///var/trackers.db, postgresql://user:pw@host:5432/db

(Rasa's own keys, ``dialect``, ``url`` as the host, ``db``, ``username``...,
still work.)
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Text

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from clinic.private_files import private_sqlite_file

EVENTS = SQLTrackerStore.SQLEvent.__table__
_SENDER = EVENTS.c.sender_id == sa.bindparam("sender_id")
_SINCE = EVENTS.c.timestamp >= sa.bindparam("start")
# Rasa's rule: the latest session starts at the latest `session_started`
# event; without one, every event belongs to it.
SESSION_START = sa.select(sa.func.max(EVENTS.c.timestamp)).where(
    _SENDER, EVENTS.c.type_name == SessionStarted.type_name
)
ALL_EVENTS = sa.select(EVENTS.c.data).where(_SENDER).order_by(EVENTS.c.id)
EVENTS_SINCE = sa.select(EVENTS.c.data).where(_SENDER, _SINCE).order_by(EVENTS.c.id)
COUNT_ALL = sa.select(sa.func.count()).select_from(EVENTS).where(_SENDER)
COUNT_SINCE = sa.select(sa.func.count()).select_from(EVENTS).where(_SENDER, _SINCE)
INSERT = EVENTS.insert()


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def url_settings(url: Text) -> Dict[Text, Any]:
    """Rasa's SQL store settings for a database URL (a relative SQLite path is
    taken from the project root). ValueError if it is not a database URL."""
    from clinic.database import resolve_url

    parsed = resolve_url(url)
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ValueError("TRACKER_DB_URL must be a sqlite:/// or postgresql:// URL")
    if backend == "sqlite":
        return {"dialect": "sqlite", "db": parsed.database}
    return {
        "dialect": parsed.drivername,
        "host": parsed.host,
        "port": parsed.port,
        "db": parsed.database,
        "username": parsed.username,
        "password": parsed.password,
    }


class PrivateSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, host: Optional[Text] = None, **kwargs: Any) -> None:
        # Rasa passes endpoints.yml's `url` as `host`: a whole URL is the database
        if host and "://" in host:
            kwargs.update(url_settings(host))
            host = kwargs.pop("host", None)
        if kwargs.get("dialect") == "sqlite" and kwargs.get("db") not in (None, "", ":memory:"):
            # conversations are health data: owner-only before SQLite creates it
            private_sqlite_file(kwargs["db"])
        super().__init__(*args, host=host, **kwargs)
        self.engine: sa.engine.Engine
        url = self.engine.url
        self.engine.dispose()
        if url.get_backend_name() == "sqlite":
            self.engine = sa.create_engine(
                url,
                hide_parameters=True,
                poolclass=StaticPool,
                connect_args={"check_same_thread": False},
            )
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = sa.create_engine(url, hide_parameters=True, **create_engine_kwargs(url))
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    @staticmethod
    def _session_start(session: Session, sender_id: Text) -> Optional[float]:
        return session.execute(SESSION_START, {"sender_id": sender_id}).scalar()

    async def _retrieve(
        self, sender_id: Text, fetch_events_from_all_sessions: bool
    ) -> Optional[DialogueStateTracker]:
        with self.session_scope() as session:
            start = None if fetch_events_from_all_sessions else self._session_start(session, sender_id)
            if start is None:
                rows = session.execute(ALL_EVENTS, {"sender_id": sender_id}).all()
            else:
                rows = session.execute(EVENTS_SINCE, {"sender_id": sender_id, "start": start}).all()
        events = [json.loads(data) for (data,) in rows]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    def _additional_events(self, session: Session, tracker: DialogueStateTracker) -> List[Event]:
        """The tracker's events not stored yet (counted as Rasa counts them)."""
        start = self._session_start(session, tracker.sender_id)
        if start is None:
            stored = session.execute(COUNT_ALL, {"sender_id": tracker.sender_id}).scalar()
        else:
            stored = session.execute(COUNT_SINCE, {"sender_id": tracker.sender_id, "start": start}).scalar()
        return list(tracker.events)[stored:]

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        with self.session_scope() as session:
            rows = [_row(tracker.sender_id, e) for e in self._additional_events(session, tracker)]
            if rows:
                session.execute(INSERT, rows)
            session.commit()


def _row(sender_id: Text, event: Event) -> Dict[Text, Any]:
    """The columns Rasa's store writes for an event."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }
