"""Fixtures for the front desk: a store on SQLite and on PostgreSQL, sample requests."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timezone
from typing import Iterator

import pytest
import sqlalchemy as sa

from frontdesk.store import Store
from frontdesk.tracker_reader import TrackerReader
from frontdesk.web import create_app
from tests.frontdesk import review_data
from tests.pg import throwaway_database

STAFF_USER = "frontdesk"
STAFF_PASSWORD = "correct horse battery staple"
SECRET = "test-secret-key-" + "y" * 32
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')

# What a patient gave the assistant: must never reach a log.
PATIENT = dict(full_name="Ann Example-Lee", phone_e164="+15125550123")


def sample(**overrides):
    """Keyword arguments for Store.create_request."""
    values = dict(
        kind="booking",
        **PATIENT,
        preferred_time=datetime(2031, 1, 14, 15, 0, tzinfo=timezone.utc),
        preferred_time_text="next tuesday morning",
        procedure="radiofrequency ablation",
        consent=True,
        transcript=[
            {"sender": "patient", "text": "I'd like to book an appointment for my back"},
            {"sender": "assistant", "text": "Sure. What's your full name?"},
        ],
        idempotency_key=secrets.token_hex(8),
    )
    values.update(overrides)
    return values


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL database, dropped afterwards; skips if PostgreSQL is not there."""
    with throwaway_database("clinic_test") as url:
        yield url


def empty_database(url: str) -> None:
    """Drops every table (ours and Rasa's), so each test starts from nothing."""
    engine = sa.create_engine(url, future=True)
    try:
        tables = sa.MetaData()
        tables.reflect(engine)
        tables.drop_all(engine)
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'clinic.db'}"
    url = request.getfixturevalue("postgres_url")
    empty_database(url)
    return url


@pytest.fixture
def store(db_url) -> Iterator[Store]:
    store = Store(db_url)
    store.create_schema()
    yield store
    store.dispose()


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 'clinic.db'}")
    store.create_schema()
    yield store
    store.dispose()


# ---------------------------------------------------------------- the review inbox


@pytest.fixture
def review_urls(db_url, tmp_path):
    """(front desk database, tracker store) URLs with the sample conversations
    (tests/frontdesk/review_data.py) saved by Rasa's SQL tracker store: two
    SQLite files, or one PostgreSQL database."""
    tracker = f"sqlite:///{tmp_path / 'trackers.db'}" if db_url.startswith("sqlite") else db_url
    review_data.save(tracker, review_data.sample_conversations())
    return db_url, tracker


@pytest.fixture
def review_store(review_urls) -> Iterator[Store]:
    store = Store(review_urls[0])
    store.create_schema()
    store.add_staff(STAFF_USER, STAFF_PASSWORD)
    yield store
    store.dispose()


@pytest.fixture
def review_client(review_store, review_urls):
    """The front desk's test client, signed in, reading the sample conversations."""
    app = create_app(review_store, secret_key=SECRET)
    reader = app.extensions["frontdesk.tracker"] = TrackerReader(review_urls[1])
    client = app.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"username": STAFF_USER, "password": STAFF_PASSWORD, "csrf_token": token})
    yield client
    reader.dispose()


def sign_in(page, base: str) -> None:
    """Signs the test staff member in on the front desk at ``base`` (a
    Playwright page), by the form as staff do."""
    page.goto(f"{base}/")
    page.get_by_label("Username").fill(STAFF_USER)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
