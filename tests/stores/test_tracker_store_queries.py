"""The tracker store's own queries read and write exactly what Rasa's store does.

Each test runs the same conversation through Rasa's SQLTrackerStore and through
PrivateSQLTrackerStore, on SQLite and on the machine's PostgreSQL, and compares
the rows written and the trackers read back.
"""

import asyncio
import sqlite3
import uuid

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from stores.tracker_store import PrivateSQLTrackerStore
from tests.harness.production import PG_HOST, PG_PORT, PG_USER
from tests.paths import ROOT

DOMAIN = Domain.load(str(ROOT / "domain.yml"))
COLUMNS = "sender_id, type_name, timestamp, intent_name, action_name, data"


def run(coroutine):
    return asyncio.run(coroutine)


def first_session(start: float):
    return [
        ActionExecuted("action_session_start", timestamp=start),
        SessionStarted(timestamp=start + 0.001),
        ActionExecuted("action_listen", timestamp=start + 0.002),
        UserUttered(
            "what is rfa",
            {"name": "ask_procedure", "confidence": 0.9},
            [{"entity": "procedure", "value": "rfa"}],
            timestamp=start + 1,
        ),
        SlotSet("procedure", "rfa", timestamp=start + 1.1),
        ActionExecuted("action_answer_topic", timestamp=start + 1.2),
        BotUttered("Radiofrequency ablation ...", timestamp=start + 1.3),
        ActionExecuted("action_listen", timestamp=start + 1.4),
    ]


def later_turn(start: float):
    return [
        UserUttered("and the risks?", {"name": "ask_risks", "confidence": 0.8}, timestamp=start + 2),
        ActionExecuted("action_answer_topic", timestamp=start + 2.1),
        BotUttered("The risks ...", timestamp=start + 2.2),
        ActionExecuted("action_listen", timestamp=start + 2.3),
    ]


def new_session(start: float):
    return [
        ActionExecuted("action_session_start", timestamp=start + 100),
        SessionStarted(timestamp=start + 100.001),
        ActionExecuted("action_listen", timestamp=start + 100.002),
    ]


def play(store, sender: str):
    """Saves a conversation turn by turn, as Rasa does; returns what is read back."""
    tracker = DialogueStateTracker.from_events(sender, first_session(1000.0), DOMAIN.slots)
    run(store.save(tracker))
    for events in (later_turn(1000.0), [], new_session(1000.0)):
        for event in events:
            tracker.update(event)
        run(store.save(tracker))
    latest = run(store.retrieve(sender))
    full = run(store.retrieve_full_tracker(sender))
    return [e.as_dict() for e in latest.events], [e.as_dict() for e in full.events]


def rows(engine, sender: str):
    with engine.connect() as connection:
        return connection.execute(
            sa.text(f"SELECT {COLUMNS} FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
        ).all()


def test_sqlite_same_rows_and_trackers_as_rasas_store(tmp_path):
    ours = PrivateSQLTrackerStore(dialect="sqlite", db=str(tmp_path / "ours.db"), domain=DOMAIN)
    rasas = SQLTrackerStore(dialect="sqlite", db=str(tmp_path / "rasa.db"), domain=DOMAIN)
    read_ours, read_rasas = play(ours, "patient"), play(rasas, "patient")
    assert read_ours == read_rasas
    latest, full = read_ours
    assert latest[0]["event"] == "session_started" and len(latest) < len(full)
    assert [r[3] for r in rows(ours.engine, "patient") if r[1] == "user"] == ["ask_procedure", "ask_risks"]
    assert rows(ours.engine, "patient") == rows(rasas.engine, "patient")
    assert run(ours.retrieve("nobody")) is None


def test_sqlite_in_wal_mode(tmp_path):
    store = PrivateSQLTrackerStore(dialect="sqlite", db=str(tmp_path / "t.db"), domain=DOMAIN)
    play(store, "patient")
    assert sqlite3.connect(tmp_path / "t.db").execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.fixture()
def pg_database():
    """A database of this test's own on the machine's PostgreSQL, dropped afterwards."""
    admin = sa.create_engine(
        f"postgresql+psycopg2://{PG_USER}@{PG_HOST}:{PG_PORT}/postgres", isolation_level="AUTOCOMMIT"
    )
    name = f"test_trackers_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f"CREATE DATABASE {name}"))
    except sa.exc.OperationalError as error:
        pytest.fail(f"PostgreSQL at {PG_HOST}:{PG_PORT} is needed for this test: {error}")
    yield name
    with admin.connect() as connection:
        connection.execute(sa.text(f"DROP DATABASE {name} WITH (FORCE)"))
    admin.dispose()


def test_postgresql_same_rows_and_trackers_as_rasas_store(pg_database):
    settings = dict(
        dialect="postgresql", host=PG_HOST, port=PG_PORT, username=PG_USER, db=pg_database, domain=DOMAIN
    )
    ours, rasas = PrivateSQLTrackerStore(**settings), SQLTrackerStore(**settings)
    assert play(ours, "patient-a") == play(rasas, "patient-b")
    mine, theirs = rows(ours.engine, "patient-a"), rows(rasas.engine, "patient-b")
    assert [r[1:] for r in mine] == [r[1:] for r in theirs]
    ours.engine.dispose()
    rasas.engine.dispose()
