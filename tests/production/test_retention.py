"""`python -m frontdesk.cli purge` on the production profile's PostgreSQL:
what is younger than the retention period stays, what is older goes."""

import subprocess
import sys
import uuid

import pytest

from frontdesk.store import Store
from tests.evaluation.checks import reply_text
from tests.harness.production import pg_url
from tests.harness.servers import ROOT

pytestmark = pytest.mark.model


def purge(production, days):
    env = {
        **production.env,
        "CLINIC_DB_URL": pg_url(production.clinic_db),
        "TRACKER_DB_URL": pg_url(production.tracker_db),
    }
    done = subprocess.run(
        [sys.executable, "-m", "frontdesk.cli", "purge", "--days", str(days)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def booked(production, name):
    store = Store(pg_url(production.clinic_db))
    try:
        return [r for r in store.list_requests(status=None) if r.full_name == name]
    finally:
        store.dispose()


def user_messages(production, sender):
    return [e for e in production.tracker(sender)["events"] if e["event"] == "user"]


def test_purge_keeps_recent_and_deletes_older_conversations_and_requests(production):
    sender = f"retention-{uuid.uuid4().hex}"
    for replica, text in enumerate(
        ["book an appointment", "Tobias Lindqvist", "512 555 0177", "next friday at 11am", "yes"]
    ):
        reply = reply_text(production.rest(replica, sender, text))
    assert "reference is MM-" in reply

    purge(production, days=1)  # all of it is younger than a day
    assert len(user_messages(production, sender)) == 5 and booked(production, "Tobias Lindqvist")

    purge(production, days=0)  # everything is older than "now"
    assert user_messages(production, sender) == [] and booked(production, "Tobias Lindqvist") == []
