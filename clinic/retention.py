"""Deleting what is older than the clinic keeps: requests and Rasa conversations."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Optional

import sqlalchemy as sa

from clinic.database import make_engine, resolve_url, sqlite_path
from clinic.settings import tracker_db_url as default_tracker_db_url

logger = logging.getLogger(__name__)


def cutoff(older_than_days: int, now: Optional[datetime] = None) -> datetime:
    """The moment before which data goes: ``now`` (aware; default: now) minus N days."""
    if isinstance(older_than_days, bool) or not isinstance(older_than_days, int) or older_than_days < 0:
        raise ValueError("older_than_days must be a whole number of days, 0 or more")
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(timezone.utc) - timedelta(days=older_than_days)


def purge_conversations(
    tracker_db_url: Optional[str], older_than_days: int, now: Optional[datetime] = None
) -> int:
    """Deletes Rasa tracker-store events older than N days; returns how many.

    Rasa's SQLTrackerStore keeps every event of every conversation in the
    table ``events``, with ``timestamp`` in seconds since the epoch. A missing
    database or table means there is nothing to purge (0). ``tracker_db_url``
    None means $TRACKER_DB_URL, else var/trackers.db.
    """
    before = cutoff(older_than_days, now).timestamp()
    url = resolve_url(default_tracker_db_url(tracker_db_url))
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return 0
    engine = make_engine(url, create_file=False, wal=False)
    try:
        if not sa.inspect(engine).has_table("events"):
            return 0
        events = sa.Table(
            "events",
            sa.MetaData(),
            sa.Column("id", sa.Integer, primary_key=True),
            sa.Column("timestamp", sa.Float),
        )
        with engine.begin() as conn:
            deleted = conn.execute(sa.delete(events).where(events.c.timestamp < before)).rowcount
    finally:
        engine.dispose()
    logger.info("Purged %d conversation events older than %d days.", deleted, older_than_days)
    return deleted
