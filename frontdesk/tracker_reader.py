"""Reading patients' conversations where Rasa keeps them: its SQL tracker store.

The front desk keeps no copy of what patients wrote: the review inbox, the
transcript page, the figures and the export read Rasa's ``events`` table
(SQLite by default, PostgreSQL in production; ``clinic.settings.tracker_db_url``)
and rebuild turns with ``frontdesk.conversations``. Read only: nothing here
writes to the tracker store or creates it.
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict
from datetime import datetime
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import sqlalchemy as sa

from clinic.database import describe, make_engine, resolve_url, sqlite_path
from clinic.settings import tracker_db_url
from frontdesk.conversations import Turn, turns_of

# Rasa's SQLTrackerStore table, the columns read here.
events = sa.Table(
    "events",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sender_id", sa.String(255)),
    sa.Column("type_name", sa.String(255)),
    sa.Column("timestamp", sa.Float),
    sa.Column("data", sa.Text),
)
CHUNK = 500  # senders per query


class TrackerReader:
    """Turns from Rasa's SQL tracker store at ``url`` (default: $TRACKER_DB_URL,
    else var/trackers.db). A missing SQLite file or ``events`` table reads as
    no conversations."""

    def __init__(self, url: Optional[str] = None) -> None:
        self.url = resolve_url(tracker_db_url(url))
        self._engine: Optional[sa.engine.Engine] = None
        self._lock = threading.Lock()  # the web server's threads share one reader

    def __repr__(self) -> str:
        return f"TrackerReader({describe(self.url)!r})"

    def _ready(self) -> Optional[sa.engine.Engine]:
        """The engine, or None while there is no tracker store to read."""
        with self._lock:
            if self._engine is None:
                path = sqlite_path(self.url)
                if path is not None and not path.exists():
                    return None
                self._engine = make_engine(self.url, create_file=False, wal=False)
        if not sa.inspect(self._engine).has_table("events"):
            return None
        return self._engine

    def dispose(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    # ------------------------------------------------------------ reading

    def _events_of(self, engine, senders: Sequence[str]) -> Dict[str, List[Tuple[int, Mapping[str, Any]]]]:
        """``{sender: [(row id, event dict), ...]}`` in stored order."""
        found: Dict[str, List[Tuple[int, Mapping[str, Any]]]] = defaultdict(list)
        with engine.connect() as conn:
            for start in range(0, len(senders), CHUNK):
                query = (
                    sa.select(events.c.id, events.c.sender_id, events.c.data)
                    .where(events.c.sender_id.in_(senders[start : start + CHUNK]))
                    .order_by(events.c.sender_id, events.c.id)
                )
                for row_id, sender, data in conn.execute(query):
                    found[sender].append((row_id, json.loads(data)))
        return found

    def _turns_of_senders(self, engine, senders: Iterable[str]) -> List[Turn]:
        by_sender = self._events_of(engine, sorted(set(senders)))
        return [turn for sender, evs in by_sender.items() for turn in turns_of(sender, evs)]

    def turns(self, since: datetime, until: datetime) -> List[Turn]:
        """Every patient turn with ``since <= at < until`` (aware datetimes), newest first."""
        engine = self._ready()
        if engine is None:
            return []
        query = (
            sa.select(events.c.sender_id)
            .where(
                events.c.type_name == "user",
                events.c.timestamp >= since.timestamp(),
                events.c.timestamp < until.timestamp(),
            )
            .distinct()
        )
        with engine.connect() as conn:
            senders = list(conn.execute(query).scalars())
        found = [t for t in self._turns_of_senders(engine, senders) if since <= t.at < until]
        return sorted(found, key=lambda t: (t.at, t.event_id), reverse=True)

    def conversation(self, sender_id: str) -> List[Turn]:
        """Every turn of one sender (all sessions), oldest first; [] if unknown."""
        engine = self._ready()
        if engine is None:
            return []
        return sorted(self._turns_of_senders(engine, [sender_id]), key=lambda t: t.event_id)

    def turns_by_id(self, event_ids: Iterable[int]) -> Dict[int, Turn]:
        """``{event id: Turn}`` for the user events still stored (purged ones are missing)."""
        wanted = {int(i) for i in event_ids}
        engine = self._ready()
        if engine is None or not wanted:
            return {}
        senders = set()
        ids = sorted(wanted)
        with engine.connect() as conn:
            for start in range(0, len(ids), CHUNK):
                query = sa.select(events.c.sender_id).where(
                    events.c.id.in_(ids[start : start + CHUNK]), events.c.type_name == "user"
                )
                senders.update(conn.execute(query).scalars())
        return {t.event_id: t for t in self._turns_of_senders(engine, senders) if t.event_id in wanted}
