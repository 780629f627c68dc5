"""The JSON API: bearer tokens, listing, reading and status changes."""

from __future__ import annotations

import pytest

from frontdesk.web import create_app
from tests.frontdesk.conftest import PATIENT, sample


@pytest.fixture
def client(sqlite_store):
    return create_app(sqlite_store, secret_key="api-test-" + "k" * 40).test_client()


@pytest.fixture
def auth(sqlite_store):
    return {"Authorization": f"Bearer {sqlite_store.create_api_token('tests')}"}


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer fd_wrong"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
    ],
)
def test_api_needs_a_valid_token(client, sqlite_store, headers):
    stored = sqlite_store.create_request(**sample())
    for method, path in [
        ("get", "/api/requests"),
        ("get", f"/api/requests/{stored.reference}"),
        ("post", f"/api/requests/{stored.reference}/status"),
    ]:
        response = getattr(client, method)(path, headers=headers, json={"status": "done"})
        assert response.status_code == 401, path
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert PATIENT["full_name"] not in response.get_data(as_text=True)
    assert sqlite_store.get(stored.reference).status == "open"


def test_api_lists_reads_and_updates(client, sqlite_store, auth):
    older = sqlite_store.create_request(**sample())
    newer = sqlite_store.create_request(**sample(kind="callback"))

    listed = client.get("/api/requests", headers=auth)
    assert listed.status_code == 200
    assert listed.headers["Cache-Control"] == "no-store"
    assert [r["reference"] for r in listed.get_json()["requests"]] == [newer.reference, older.reference]
    first = listed.get_json()["requests"][1]
    assert first["full_name"] == PATIENT["full_name"] and first["phone_e164"] == PATIENT["phone_e164"]
    assert first["preferred_time"] == "2031-01-14T15:00:00+00:00"
    assert first["transcript"][0]["sender"] == "patient"

    one = client.get(f"/api/requests/{older.reference.lower()}", headers=auth)
    assert one.status_code == 200 and one.get_json()["reference"] == older.reference

    done = client.post(f"/api/requests/{older.reference}/status", headers=auth, json={"status": "done"})
    assert done.status_code == 200 and done.get_json()["status"] == "done"  # no CSRF token needed
    assert [
        r["reference"] for r in client.get("/api/requests?status=open", headers=auth).get_json()["requests"]
    ] == [newer.reference]
    assert [
        r["reference"] for r in client.get("/api/requests?status=done", headers=auth).get_json()["requests"]
    ] == [older.reference]
    assert len(client.get("/api/requests?status=all", headers=auth).get_json()["requests"]) == 2


def test_api_errors(client, sqlite_store, auth):
    stored = sqlite_store.create_request(**sample())
    assert client.get("/api/requests?status=closed", headers=auth).status_code == 400
    assert client.get("/api/requests/MM-ZZZZZ", headers=auth).status_code == 404
    assert (
        client.post("/api/requests/MM-ZZZZZ/status", headers=auth, json={"status": "done"}).status_code == 404
    )
    for body in [{"status": "lost"}, {}, ["done"]]:
        response = client.post(f"/api/requests/{stored.reference}/status", headers=auth, json=body)
        assert response.status_code == 400 and "error" in response.get_json()
    response = client.post(f"/api/requests/{stored.reference}/status", headers=auth, data="done")
    assert response.status_code == 400
    assert sqlite_store.get(stored.reference).status == "open"


def test_a_staff_session_is_not_an_api_token(client, sqlite_store):
    sqlite_store.add_staff("desk", "a long enough password")
    import re

    token = re.search(
        r'name="csrf_token" value="([^"]+)"', client.get("/login").get_data(as_text=True)
    ).group(1)
    client.post(
        "/login", data={"username": "desk", "password": "a long enough password", "csrf_token": token}
    )
    assert client.get("/").status_code == 200
    assert client.get("/api/requests").status_code == 401
