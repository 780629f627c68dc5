"""The tracker store keeps patients' words out of SQL error messages."""

import asyncio

import pytest
import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.core.utils import read_endpoints_from_path
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from stores.tracker_store import PrivateSQLTrackerStore
from tests.harness.servers import ROOT

PRIVATE = "my name is Odalys Brennan-Whitfield"


def failed_save_message(store_class, tmp_path):
    store = store_class(dialect="sqlite", db=str(tmp_path / "trackers.db"), domain=Domain.empty())
    tracker = DialogueStateTracker.from_events("patient", [UserUttered(PRIVATE)])
    with store.engine.begin() as connection:
        # every INSERT fails, as one would on a full disk or a cut connection
        connection.execute(
            sa.text("CREATE TRIGGER refuse BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'refused'); END")
        )
    with pytest.raises(Exception) as failure:
        asyncio.run(store.save(tracker))
    return str(failure.value)


def test_a_failed_save_does_not_quote_the_patient(tmp_path):
    (tmp_path / "ours").mkdir()
    assert PRIVATE not in failed_save_message(PrivateSQLTrackerStore, tmp_path / "ours")


def test_rasas_own_store_would_quote_the_patient(tmp_path):
    """Why the subclass exists: the same failure in Rasa's store carries the text."""
    (tmp_path / "rasa").mkdir()
    assert PRIVATE in failed_save_message(SQLTrackerStore, tmp_path / "rasa")


def test_the_store_still_saves_and_retrieves(tmp_path):
    store = PrivateSQLTrackerStore(dialect="sqlite", db=str(tmp_path / "t.db"), domain=Domain.empty())
    asyncio.run(store.save(DialogueStateTracker.from_events("patient", [UserUttered("hello")])))
    tracker = asyncio.run(store.retrieve("patient"))
    assert tracker.latest_message.text == "hello"


@pytest.mark.parametrize("endpoints", ["endpoints.yml", "deploy/endpoints.yml"])
def test_both_profiles_load_it_from_endpoints_yml(endpoints, tmp_path, monkeypatch):
    """A mistyped class path would make Rasa fall back, with only a warning, to
    an in-memory store that forgets every conversation on restart."""
    for name in ("ACTION_ENDPOINT_URL", "ACTION_SERVER_TOKEN", "REDIS_HOST", "REDIS_PASSWORD"):
        monkeypatch.setenv(name, "")
    monkeypatch.setenv("REDIS_PORT", "6379")
    monkeypatch.setenv("REDIS_LOCK_DB", "1")
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path / 'trackers.db'}")
    config = read_endpoints_from_path(ROOT / endpoints).tracker_store
    assert config.type == "stores.tracker_store.PrivateSQLTrackerStore"
    if endpoints == "endpoints.yml":  # the embedded profile can be created here
        store = TrackerStore.create(config, Domain.empty())
        inner = getattr(store, "_tracker_store", store)
        assert isinstance(inner, PrivateSQLTrackerStore)
