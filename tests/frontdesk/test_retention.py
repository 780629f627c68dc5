"""Purging old conversations from Rasa's own SQL tracker store (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from frontdesk.store import purge_conversations

NOW = datetime(2031, 6, 1, 12, 0, tzinfo=timezone.utc)
OLD = (NOW - timedelta(days=120)).timestamp()
RECENT = (NOW - timedelta(days=3)).timestamp()


def rasa_tracker_store(url: str):
    """Rasa's SQLTrackerStore on ``url``: it creates the ``events`` table itself."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    if url.startswith("sqlite:///"):
        return SQLTrackerStore(Domain.empty(), dialect="sqlite", db=url[len("sqlite:///") :])
    return SQLTrackerStore(Domain.empty(), host=url)  # a full URL in host is taken as is


def save_conversations(tracker_store) -> None:
    from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    def conversation(sender, at):
        return DialogueStateTracker.from_events(
            sender,
            [
                ActionExecuted("action_session_start", timestamp=at),
                SessionStarted(timestamp=at),
                ActionExecuted("action_listen", timestamp=at + 1),
                UserUttered("My name is Ann Example-Lee, 512 555 0123", timestamp=at + 2),
                BotUttered("Thanks, Ann.", timestamp=at + 3),
            ],
        )

    old_then_new = conversation("patient-old", OLD)
    old_then_new.update(UserUttered("Are you still there?", timestamp=RECENT))

    async def save_all():
        await tracker_store.save(old_then_new)
        await tracker_store.save(conversation("patient-new", RECENT))

    asyncio.run(save_all())


def event_timestamps(url: str):
    engine = sa.create_engine(url, future=True)
    try:
        with engine.connect() as conn:
            return sorted(
                (sender, ts)
                for sender, ts in conn.execute(sa.text("SELECT sender_id, timestamp FROM events"))
            )
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def tracker_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'trackers.db'}"
    from tests.frontdesk.conftest import empty_database

    url = request.getfixturevalue("postgres_url")
    empty_database(url)
    return url


def test_purge_conversations_deletes_events_older_than_n_days(tracker_url):
    tracker_store = rasa_tracker_store(tracker_url)
    save_conversations(tracker_store)
    before = event_timestamps(tracker_url)
    assert len(before) == 11

    deleted = purge_conversations(tracker_url, 90, now=NOW)

    assert deleted == 5
    after = event_timestamps(tracker_url)
    assert len(after) == 6
    assert all(ts >= RECENT for _, ts in after)
    assert {sender for sender, _ in after} == {"patient-old", "patient-new"}
    # Rasa still reads what is left
    remaining = asyncio.run(tracker_store.retrieve("patient-old"))
    assert [e.text for e in remaining.events if getattr(e, "text", None)] == ["Are you still there?"]
    assert purge_conversations(tracker_url, 90, now=NOW) == 0
    assert purge_conversations(tracker_url, 1, now=NOW) == 6
    tracker_store.engine.dispose()


def test_missing_tracker_database_is_not_created(tmp_path):
    path = tmp_path / "never-used.db"
    assert purge_conversations(f"sqlite:///{path}", 30, now=NOW) == 0
    assert not path.exists()


def test_tracker_database_without_events_table(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE other (x INTEGER)").connection.commit()
    assert purge_conversations(f"sqlite:///{path}", 30, now=NOW) == 0


def test_default_tracker_database_is_the_one_endpoints_yml_uses(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'trackers.db'}"
    save_conversations(rasa_tracker_store(url))
    monkeypatch.setenv("TRACKER_DB_URL", url)  # as endpoints.yml reads it
    assert purge_conversations(None, 90, now=NOW) == 5
    assert purge_conversations(None, 1, now=NOW) == 6


def test_invalid_days_are_refused(tmp_path):
    with pytest.raises(ValueError):
        purge_conversations(f"sqlite:///{tmp_path / 't.db'}", -5)
    with pytest.raises(ValueError):
        purge_conversations(f"sqlite:///{tmp_path / 't.db'}", "90")
