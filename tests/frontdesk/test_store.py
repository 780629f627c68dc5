"""The request store, on SQLite and on PostgreSQL (the same tests, parametrised)."""

from __future__ import annotations

import logging
import os
import stat
import threading
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from clinic import requests as store_module
from clinic.database import resolve_url
from clinic.requests import ALPHABET, PATTERN, normalise_reference
from clinic.settings import ROOT
from frontdesk.store import Store, StoredRequest, api_tokens, requests, staff
from tests.frontdesk.conftest import PATIENT, sample

T0 = datetime(2031, 3, 1, 12, 0, tzinfo=timezone.utc)


def count_rows(store: Store, table=requests) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar()


class Clock:
    """Stands in for the store's clock: each call is one minute later."""

    def __init__(self, start=T0):
        self.now = start

    def __call__(self):
        self.now += timedelta(minutes=1)
        return self.now


def test_create_and_read_back(store):
    values = sample()
    stored = store.create_request(**values)
    assert PATTERN.match(stored.reference)
    assert not set(stored.reference[3:]) - set(ALPHABET)
    assert not set("01OI") & set(stored.reference[3:])
    for field in (
        "kind",
        "full_name",
        "phone_e164",
        "preferred_time_text",
        "procedure",
        "consent",
        "transcript",
    ):
        assert getattr(stored, field) == values[field], field
    assert stored.preferred_time == values["preferred_time"]
    assert stored.preferred_time.tzinfo is not None
    assert stored.status == "open"
    assert stored.created_at.utcoffset() == timedelta(0)
    assert stored.created_at == stored.updated_at
    assert abs(stored.created_at - datetime.now(timezone.utc)) < timedelta(minutes=1)

    assert store.get(stored.reference) == stored
    assert store.get(stored.reference.lower().replace("-", " ")) == stored  # read out over the phone
    assert store.get("MM-AAAAA") is None
    assert store.get("nonsense") is None


def test_optional_fields_and_time_zones(store):
    chicago = timezone(timedelta(hours=-6))
    stored = store.create_request(
        **sample(
            preferred_time=datetime(2031, 1, 14, 9, 0, tzinfo=chicago),
            preferred_time_text=None,
            procedure=None,
            transcript=None,
            consent=False,
            kind="callback",
        )
    )
    assert stored.preferred_time == datetime(2031, 1, 14, 15, 0, tzinfo=timezone.utc)
    assert (stored.preferred_time_text, stored.procedure, stored.transcript) == (None, None, None)
    assert stored.consent is False and stored.kind == "callback"
    json = stored.to_json()
    assert json["preferred_time"] == "2031-01-14T15:00:00+00:00"
    assert json["created_at"].endswith("+00:00")
    assert stored.to_json()["transcript"] is None


@pytest.mark.parametrize(
    "bad",
    [
        dict(kind="prescription"),
        dict(phone_e164="512 555 0123"),
        dict(phone_e164="+0123456789"),
        dict(full_name="   "),
        dict(full_name="x" * 201),
        dict(preferred_time=datetime(2031, 1, 14, 9, 0)),  # naive: which time zone?
        dict(consent="yes"),
        dict(transcript=[{"sender": "doctor", "text": "hi"}]),
        dict(transcript=[{"sender": "patient"}]),
        dict(idempotency_key=""),
    ],
)
def test_invalid_requests_are_refused_without_echoing_them(store, bad):
    with pytest.raises(ValueError) as error:
        store.create_request(**sample(**bad))
    for value in PATIENT.values():
        assert value not in str(error.value)
    assert count_rows(store) == 0


def test_same_idempotency_key_stores_once(store):
    first = store.create_request(**sample(idempotency_key="conversation-1:1700000000"))
    again = store.create_request(
        **sample(idempotency_key="conversation-1:1700000000", full_name="Someone Else")
    )
    assert again == first
    assert again.full_name == PATIENT["full_name"]
    assert count_rows(store) == 1
    other = store.create_request(**sample(idempotency_key="conversation-1:1700000999"))
    assert other.reference != first.reference
    assert count_rows(store) == 2


def test_racing_calls_with_one_key_store_one_request(store):
    threads, results, errors = 8, [], []
    barrier = threading.Barrier(threads)

    def submit():
        try:
            barrier.wait(timeout=10)
            results.append(store.create_request(**sample(idempotency_key="racing-key")))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    workers = [threading.Thread(target=submit) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert not errors
    assert len(results) == threads
    assert len({r.reference for r in results}) == 1
    assert count_rows(store) == 1


def test_a_taken_reference_is_replaced(store, monkeypatch):
    codes = iter(["MM-22222", "MM-22222", "MM-33333"])
    monkeypatch.setattr(store_module, "new_reference", lambda: next(codes))
    assert store.create_request(**sample()).reference == "MM-22222"
    assert store.create_request(**sample()).reference == "MM-33333"


def test_list_is_newest_first_and_filters_by_status(store, monkeypatch):
    monkeypatch.setattr(store_module, "_utcnow", Clock())
    refs = [store.create_request(**sample()).reference for _ in range(4)]
    assert [r.reference for r in store.list_requests()] == refs[::-1]
    assert [r.reference for r in store.list_requests(limit=2)] == refs[:1:-1]
    store.set_status(refs[1], "done")
    store.set_status(refs[2], "contacted")
    assert [r.reference for r in store.list_requests("open")] == [refs[3], refs[0]]
    assert [r.reference for r in store.list_requests("contacted")] == [refs[2]]
    assert [r.reference for r in store.list_requests("done")] == [refs[1]]
    assert [r.reference for r in store.list_requests(None)] == refs[::-1]
    assert [r.reference for r in store.list_requests("all")] == refs[::-1]
    assert store.count_by_status() == {"open": 2, "contacted": 1, "done": 1}
    with pytest.raises(ValueError):
        store.list_requests("closed")


def test_status_changes(store, monkeypatch):
    monkeypatch.setattr(store_module, "_utcnow", Clock())
    stored = store.create_request(**sample())
    contacted = store.set_status(stored.reference, "contacted")
    assert contacted.status == "contacted" and contacted.updated_at > stored.updated_at
    assert contacted.created_at == stored.created_at
    done = store.set_status(stored.reference.lower(), "done")
    assert done.status == "done" and store.get(stored.reference).status == "done"
    assert store.list_requests("open") == []
    assert store.set_status(stored.reference, "open").status == "open"
    assert store.set_status("MM-ZZZZZ", "done") is None
    assert store.set_status("not a reference", "done") is None


@pytest.mark.parametrize("status", ["closed", "", None, "DONE"])
def test_invalid_status_is_refused(store, status):
    stored = store.create_request(**sample())
    with pytest.raises(ValueError):
        store.set_status(stored.reference, status)
    assert store.get(stored.reference).status == "open"


def test_the_database_refuses_an_invalid_status_too(store):
    stored = store.create_request(**sample())
    with pytest.raises(sa.exc.IntegrityError):
        with store.engine.begin() as conn:
            conn.execute(
                sa.update(requests).where(requests.c.reference == stored.reference).values(status="lost")
            )


def test_purge_by_age(store, monkeypatch):
    now = datetime(2031, 6, 1, 12, 0, tzinfo=timezone.utc)
    made_at = iter([now - timedelta(days=200), now - timedelta(days=91), now - timedelta(days=89), now])
    with monkeypatch.context() as clock:
        clock.setattr(store_module, "_utcnow", lambda: next(made_at))
        refs = [store.create_request(**sample()).reference for _ in range(4)]
    store.set_status(refs[0], "done")  # whatever their status, old requests go
    store.set_status(refs[1], "contacted")

    result = store.purge(90, now=now)
    assert result["requests"] == 2
    assert {r.reference for r in store.list_requests("all")} == set(refs[2:])
    assert store.purge(90, now=now)["requests"] == 0
    assert store.purge(0, now=now + timedelta(seconds=1))["requests"] == 2
    with pytest.raises(ValueError):
        store.purge(-1)
    with pytest.raises(ValueError):
        store.purge(30, now=datetime(2031, 6, 1))  # naive


def test_staff_passwords_are_hashed(store):
    store.add_staff("Reception", "a long enough password")
    assert store.check_staff("reception", "a long enough password")
    assert store.check_staff(" RECEPTION ", "a long enough password")
    assert not store.check_staff("reception", "a long enough passwor")
    assert not store.check_staff("nobody", "a long enough password")
    assert store.staff_exists("reception") and store.list_staff() == ["reception"]
    with store.engine.connect() as conn:
        stored_hash = conn.execute(sa.select(staff.c.password_hash)).scalar()
    assert "a long enough password" not in stored_hash and stored_hash.startswith("scrypt:")
    with pytest.raises(ValueError):
        store.add_staff("reception", "another long password")
    with pytest.raises(ValueError):
        store.add_staff("shorty", "short")
    with pytest.raises(ValueError):
        store.add_staff("bad name!", "a long enough password")
    assert store.set_staff_password("reception", "a brand new password")
    assert store.check_staff("reception", "a brand new password")
    assert not store.check_staff("reception", "a long enough password")
    assert store.remove_staff("reception") and not store.staff_exists("reception")


def test_api_tokens_are_kept_as_hashes(store):
    token = store.create_api_token("reporting")
    assert len(token) > 40
    assert store.check_api_token(token)
    assert not store.check_api_token(token + "x")
    assert not store.check_api_token("")
    assert not store.check_api_token(None)
    with store.engine.connect() as conn:
        (stored_hash,) = conn.execute(sa.select(api_tokens.c.token_hash)).scalars()
    assert token not in stored_hash and len(stored_hash) == 64
    assert store.create_api_token("reporting") != token
    assert store.revoke_api_tokens("reporting") == 2
    assert not store.check_api_token(token)


def test_schema_creation_is_idempotent(store):
    store.create_request(**sample())
    store.create_schema()
    store.create_schema()
    assert count_rows(store) == 1
    assert store.ping()


def test_nothing_personal_reaches_the_logs(store, caplog):
    caplog.set_level(logging.DEBUG)
    stored = store.create_request(**sample(idempotency_key="logged"))
    store.create_request(**sample(idempotency_key="logged"))
    store.set_status(stored.reference, "done")
    store.list_requests("all")
    logging.getLogger("test").info("stored %s", stored)  # even a careless log of the record
    store.purge(0)
    assert stored.reference in caplog.text
    for value in [*PATIENT.values(), "next tuesday morning", "for my back"]:
        assert value not in caplog.text
    assert PATIENT["full_name"] not in repr(stored)


def test_failed_statements_do_not_carry_the_patients_details(store):
    store.create_request(**sample(idempotency_key="dup"))
    row = dict(
        sample(idempotency_key="dup"), reference="MM-99999", status="open", created_at=T0, updated_at=T0
    )
    with pytest.raises(sa.exc.IntegrityError) as error:
        with store.engine.begin() as conn:
            conn.execute(sa.insert(requests).values(**row))
    for value in PATIENT.values():
        assert value not in str(error.value)


def test_reference_normalisation():
    assert normalise_reference("mm-7k3q9") == "MM-7K3Q9"
    assert normalise_reference(" MM 7K3Q9 ") == "MM-7K3Q9"
    assert normalise_reference("7k3q9") == "MM-7K3Q9"
    assert normalise_reference("MM-7K3Q0") is None  # 0 is never used
    assert normalise_reference("MM-7K3Q") is None
    assert normalise_reference("") is None


def test_default_database_is_sqlite_in_var_under_the_project(monkeypatch, tmp_path):
    assert resolve_url("sqlite:///var/clinic.db").database == str(ROOT / "var" / "clinic.db")
    monkeypatch.setenv("CLINIC_DB_URL", f"sqlite:///{tmp_path / 'env.db'}")
    from_env = Store()
    assert from_env.url.database == str(tmp_path / "env.db")
    from_env.dispose()


def test_sqlite_file_is_private(tmp_path):
    path = tmp_path / "private" / "clinic.db"
    store = Store(f"sqlite:///{path}")
    store.create_schema()
    store.dispose()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_stored_request_is_frozen(store):
    stored = store.create_request(**sample())
    assert isinstance(stored, StoredRequest)
    with pytest.raises(AttributeError):  # frozen
        stored.status = "done"
