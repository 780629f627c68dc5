"""Staff sessions end on the server: sign-out, a password change, the staff
member's removal, 30 minutes idle, 8 hours after sign-in. A cookie copied
before any of these opens nothing afterwards, on any replica."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from frontdesk.store import staff_sessions
from frontdesk.web import IDLE_MINUTES, SESSION_HOURS, create_app
from tests.frontdesk.conftest import STAFF_PASSWORD, STAFF_USER
from tests.frontdesk.test_web import SECRET, csrf_token, sign_in

COOKIE = "frontdesk_session"


@pytest.fixture
def app(sqlite_store):
    sqlite_store.add_staff(STAFF_USER, STAFF_PASSWORD)
    return create_app(sqlite_store, secret_key=SECRET)


@pytest.fixture
def signed_in(app):
    client = app.test_client()
    assert sign_in(client).status_code == 302
    assert client.get("/").status_code == 200
    return client


def stolen_copy(app, client):
    """Another browser holding the same session cookie (copied, or kept by an
    attacker after the staff member signed out)."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    assert thief.get("/").status_code == 200
    return thief


def opens_the_queue(client) -> bool:
    return client.get("/").status_code == 200


def test_signing_out_ends_the_session_for_every_copy_of_the_cookie(app, signed_in):
    thief = stolen_copy(app, signed_in)
    signed_in.post("/logout", data={"csrf_token": csrf_token(signed_in, "/")})
    assert not opens_the_queue(thief)
    assert not opens_the_queue(signed_in)


def test_a_password_change_ends_every_session_of_that_staff_member(app, signed_in, sqlite_store):
    sqlite_store.add_staff("colleague", "another long password")
    colleague = app.test_client()
    sign_in(colleague, "colleague", "another long password")
    thief = stolen_copy(app, signed_in)
    sqlite_store.set_staff_password(STAFF_USER, "a brand new password")
    assert not opens_the_queue(thief) and not opens_the_queue(signed_in)
    assert opens_the_queue(colleague)
    fresh = app.test_client()
    assert sign_in(fresh, password="a brand new password").status_code == 302


def test_removing_staff_ends_their_sessions(app, signed_in, sqlite_store):
    thief = stolen_copy(app, signed_in)
    sqlite_store.remove_staff(STAFF_USER)
    sqlite_store.add_staff(STAFF_USER, STAFF_PASSWORD)  # a new account with the same name
    assert not opens_the_queue(thief)


def _age(store, **columns_ago):
    now = datetime.now(timezone.utc)
    with store.engine.begin() as conn:
        conn.execute(sa.update(staff_sessions).values(**{c: now - ago for c, ago in columns_ago.items()}))


def test_an_idle_session_ends(signed_in, sqlite_store):
    _age(sqlite_store, last_seen_at=timedelta(minutes=IDLE_MINUTES - 1))
    assert opens_the_queue(signed_in)  # and it is marked seen again
    _age(sqlite_store, last_seen_at=timedelta(minutes=IDLE_MINUTES + 1))
    assert not opens_the_queue(signed_in)
    with sqlite_store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(staff_sessions)).scalar() == 0


def test_a_busy_session_still_ends_after_its_lifetime(signed_in, sqlite_store):
    _age(sqlite_store, created_at=timedelta(hours=SESSION_HOURS, minutes=1), last_seen_at=timedelta(0))
    assert not opens_the_queue(signed_in)


def test_the_cookie_names_a_session_not_a_staff_member(app, signed_in):
    """A signed cookie of the old form ({"staff": name}) opens nothing: only
    sessions the server started count."""
    serializer = app.session_interface.get_signing_serializer(app)
    content = serializer.loads(signed_in.get_cookie(COOKIE).value)
    assert STAFF_USER not in str(content) and set(content) >= {"sid"}
    forged = app.test_client()
    forged.set_cookie(COOKIE, serializer.dumps({"staff": STAFF_USER, "_permanent": True}))
    assert not opens_the_queue(forged)


def test_replicas_share_sessions(app, signed_in, sqlite_store):
    other_replica = create_app(sqlite_store, secret_key=SECRET).test_client()
    other_replica.set_cookie(COOKIE, signed_in.get_cookie(COOKIE).value)
    assert opens_the_queue(other_replica)
    signed_in.post("/logout", data={"csrf_token": csrf_token(signed_in, "/")})
    assert not opens_the_queue(other_replica)


def test_the_database_keeps_only_a_hash_of_the_session_id(app, signed_in, sqlite_store):
    serializer = app.session_interface.get_signing_serializer(app)
    session_id = serializer.loads(signed_in.get_cookie(COOKIE).value)["sid"]
    with sqlite_store.engine.connect() as conn:
        stored = conn.execute(sa.select(staff_sessions.c.id_hash)).scalars().all()
    assert len(stored) == 1 and session_id not in stored[0]
