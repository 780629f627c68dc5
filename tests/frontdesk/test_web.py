"""The staff web page through Flask's test client: sign-in, CSRF, the queue, escaping."""

from __future__ import annotations

import logging
import os
import re
import stat

import pytest

from frontdesk.login_throttle import LoginThrottle
from frontdesk.secret_key import load_secret_key
from frontdesk.web import create_app
from tests.frontdesk.conftest import PATIENT, STAFF_PASSWORD, STAFF_USER, sample

SECRET = "test-secret-key-" + "x" * 32
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture
def app(sqlite_store):
    sqlite_store.add_staff(STAFF_USER, STAFF_PASSWORD)
    return create_app(sqlite_store, secret_key=SECRET)


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(client, path="/login") -> str:
    return CSRF.search(client.get(path).get_data(as_text=True)).group(1)


def sign_in(client, username=STAFF_USER, password=STAFF_PASSWORD):
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": csrf_token(client)}
    )


@pytest.fixture
def signed_in(client):
    response = sign_in(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/")
    return client


def mark(client, reference, status, token=None):
    token = token if token is not None else csrf_token(client, "/")
    return client.post(f"/requests/{reference}/status", data={"status": status, "csrf_token": token})


def test_queue_requires_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    page = client.get("/login").get_data(as_text=True)
    assert '<label for="username">Username</label>' in page
    assert '<label for="password">Password</label>' in page


def test_wrong_password_is_refused(client):
    response = sign_in(client, password="not the password")
    assert response.status_code == 401
    assert "Wrong username or password." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302
    assert sign_in(client, username="nobody").status_code == 401


def test_sign_in_without_csrf_token_is_refused(client):
    response = client.post("/login", data={"username": STAFF_USER, "password": STAFF_PASSWORD})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_status_change_without_csrf_token_is_refused(signed_in, sqlite_store):
    stored = sqlite_store.create_request(**sample())
    assert mark(signed_in, stored.reference, "done", token="").status_code == 400
    assert mark(signed_in, stored.reference, "done", token="forged").status_code == 400
    assert sqlite_store.get(stored.reference).status == "open"


def test_queue_lists_open_requests_newest_first(signed_in, sqlite_store):
    first = sqlite_store.create_request(**sample())
    second = sqlite_store.create_request(**sample(full_name="Bo Second", phone_e164="+15125550999"))
    page = signed_in.get("/").get_data(as_text=True)
    assert page.index(second.reference) < page.index(first.reference)
    for text in [
        PATIENT["full_name"],
        PATIENT["phone_e164"],
        "radiofrequency ablation",
        "next tuesday morning",
        "I&#39;d like to book an appointment for my back",
        "Tue 14 Jan 2031, 9:00 AM CST",
        "Appointment",
        "Mark contacted",
        "Mark done",
    ]:
        assert text in page, text
    assert '<th scope="col">Consent to contact</th>' in page
    assert "<details>" in page and "<summary>Transcript" in page


def test_mark_done_removes_it_from_the_open_list(signed_in, sqlite_store):
    stored = sqlite_store.create_request(**sample())
    response = mark(signed_in, stored.reference, "done")
    assert response.status_code == 302
    page = signed_in.get("/").get_data(as_text=True)
    assert f"{stored.reference} marked done." in page
    assert f'id="request-{stored.reference}"' not in page
    assert "No open requests." in page
    assert sqlite_store.get(stored.reference).status == "done"
    assert f'id="request-{stored.reference}"' in signed_in.get("/?status=done").get_data(as_text=True)


def test_mark_contacted_then_reopen(signed_in, sqlite_store):
    stored = sqlite_store.create_request(**sample())
    mark(signed_in, stored.reference, "contacted")
    page = signed_in.get("/?status=contacted").get_data(as_text=True)
    assert f'id="request-{stored.reference}"' in page and "Reopen" in page
    mark(signed_in, stored.reference, "open")
    assert sqlite_store.get(stored.reference).status == "open"


def test_unknown_status_or_reference(signed_in, sqlite_store):
    stored = sqlite_store.create_request(**sample())
    assert mark(signed_in, stored.reference, "lost").status_code == 400
    assert mark(signed_in, "MM-ZZZZZ", "done").status_code == 404


def test_everything_the_patient_typed_is_escaped(signed_in, sqlite_store):
    attack = "<script>alert(1)</script>"
    sqlite_store.create_request(
        **sample(
            full_name=attack,
            preferred_time_text='"><img src=x onerror=alert(2)>',
            procedure=attack,
            transcript=[{"sender": "patient", "text": attack}],
        )
    )
    page = signed_in.get("/").get_data(as_text=True)
    assert "<script>" not in page and "<img src=x" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 3


def test_security_headers_and_cookie_flags(client):
    response = sign_in(client)
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("frontdesk_session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_secure_cookies_when_asked(sqlite_store, monkeypatch):
    monkeypatch.setenv("FRONTDESK_SECURE_COOKIES", "1")
    sqlite_store.add_staff(STAFF_USER, STAFF_PASSWORD)
    client = create_app(sqlite_store, secret_key=SECRET).test_client()
    token = csrf_token(client)
    response = client.post(
        "/login",
        data={"username": STAFF_USER, "password": STAFF_PASSWORD, "csrf_token": token},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/login"},
    )
    assert "Secure" in response.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in response.headers


def test_sign_out_needs_csrf_and_ends_the_session(signed_in):
    assert signed_in.post("/logout").status_code == 400
    assert signed_in.get("/").status_code == 200
    response = signed_in.post("/logout", data={"csrf_token": csrf_token(signed_in, "/")})
    assert response.status_code == 302
    assert signed_in.get("/").status_code == 302


def test_removed_staff_is_signed_out(signed_in, sqlite_store):
    sqlite_store.remove_staff(STAFF_USER)
    assert signed_in.get("/").status_code == 302


def test_repeated_failures_slow_sign_in_down(sqlite_store):
    sqlite_store.add_staff(STAFF_USER, STAFF_PASSWORD)
    client = create_app(sqlite_store, secret_key=SECRET, login_throttle=LoginThrottle()).test_client()
    for _ in range(5):
        assert sign_in(client, password="wrong password!").status_code == 401
    response = sign_in(client)  # the right password, but too soon
    assert response.status_code == 429
    assert "Too many failed attempts" in response.get_data(as_text=True)
    assert sign_in(client, username="someone-else", password="wrong password!").status_code == 401


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_nothing_personal_reaches_the_logs(signed_in, sqlite_store, caplog):
    caplog.set_level(logging.DEBUG)
    stored = sqlite_store.create_request(**sample())
    signed_in.get("/")
    signed_in.get("/?status=all")
    mark(signed_in, stored.reference, "done")
    assert stored.reference in caplog.text and "GET /" in caplog.text
    for value in [*PATIENT.values(), "next tuesday morning", "for my back", STAFF_PASSWORD]:
        assert value not in caplog.text


def test_secret_key_is_made_once_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("FRONTDESK_SECRET_KEY", raising=False)
    path = tmp_path / "var" / "frontdesk-secret"
    key = load_secret_key(path)
    assert len(key) >= 32
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_secret_key(path) == key
    assert load_secret_key(tmp_path / "other") != key
    monkeypatch.setenv("FRONTDESK_SECRET_KEY", "k" * 40)
    assert load_secret_key(path) == "k" * 40
    monkeypatch.setenv("FRONTDESK_SECRET_KEY", "short")
    with pytest.raises(RuntimeError):
        load_secret_key(path)
