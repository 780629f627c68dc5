"""The sign-in throttle (``frontdesk/login_throttle.py``): by staff name
(case-folded) and client address, atomic under concurrent guesses, windows
that other names cannot push out, shared by replicas through Redis."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from limits import parse

from frontdesk.login_throttle import LoginThrottle
from frontdesk.web import create_app
from tests.frontdesk.conftest import STAFF_PASSWORD, STAFF_USER
from tests.frontdesk.test_web import SECRET, sign_in
from tests.stores.conftest import REDIS_DB, REDIS_HOST, REDIS_PORT, redis_settings  # noqa: F401

ATTACKER, DESK = "203.0.113.9", "10.0.0.21"


def client_from(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


@pytest.fixture
def app(sqlite_store):
    sqlite_store.add_staff(STAFF_USER, STAFF_PASSWORD)
    return create_app(sqlite_store, secret_key=SECRET, login_throttle=LoginThrottle("memory://"))


def test_guesses_from_elsewhere_in_any_capitalisation_do_not_lock_the_real_user_out(app):
    attacker = client_from(app, ATTACKER)
    for name in ("FrontDesk", "FRONTDESK", "frontdesk", " Frontdesk ", "ＦＲＯＮＴＤＥＳＫ"):
        sign_in(attacker, username=name, password="a wrong password")
    assert sign_in(attacker, password="yet another guess").status_code == 429  # one window, every spelling
    assert sign_in(client_from(app, DESK)).status_code == 302  # the real user, at the desk


def test_one_address_cannot_try_many_names(app):
    attacker = client_from(app, ATTACKER)
    statuses = [
        sign_in(attacker, username=f"name{i}", password="a wrong password").status_code for i in range(31)
    ]
    assert statuses[:30] == [401] * 30 and statuses[30] == 429
    assert sign_in(client_from(app, DESK)).status_code == 302


def test_success_starts_the_window_afresh(app):
    desk = client_from(app, DESK)
    for _ in range(4):
        assert sign_in(desk, password="a typo in it").status_code == 401
    assert sign_in(desk).status_code == 302
    later = client_from(app, DESK)  # another browser at the same desk
    for _ in range(5):
        assert sign_in(later, password="a typo in it").status_code == 401


def test_a_desk_where_staff_sign_in_all_day_is_never_locked_out(app):
    for _ in range(40):  # more than the address window's 30
        assert sign_in(client_from(app, DESK)).status_code == 302


def test_concurrent_guesses_cannot_slip_through():
    """20 guesses at once: exactly 5 are let through to the password check."""
    throttle = LoginThrottle("memory://")
    allowed, start = [], threading.Barrier(20)

    def guess():
        start.wait()
        allowed.append(throttle.attempt(STAFF_USER, ATTACKER) == 0)

    threads = [threading.Thread(target=guess) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(allowed) == 5


def test_other_names_cannot_push_a_window_out():
    throttle = LoginThrottle("memory://", per_address=parse("100000 per 15 minutes"))
    for _ in range(5):
        throttle.attempt(STAFF_USER, ATTACKER)
    for i in range(10_001):
        throttle.attempt(f"other{i}", ATTACKER)
    assert throttle.attempt(STAFF_USER, ATTACKER) > 0


def test_a_window_ends_by_time():
    throttle = LoginThrottle("memory://", per_account=parse("2 per 1 second"))
    assert [throttle.attempt(STAFF_USER, DESK) for _ in range(3)][:2] == [0, 0]
    assert throttle.attempt(STAFF_USER, DESK) >= 1
    time.sleep(1.2)
    assert throttle.attempt(STAFF_USER, DESK) == 0


def test_replicas_share_the_throttle_through_redis(redis_settings):  # noqa: F811
    url = f"redis://{REDIS_HOST}:{REDIS_PORT}/{REDIS_DB}"
    namespace = f"login-{redis_settings['prefix']}-{uuid.uuid4().hex[:6]}"
    replicas = [LoginThrottle(url, namespace=namespace) for _ in range(2)]
    results = [replicas[i % 2].attempt(STAFF_USER, ATTACKER) for i in range(6)]
    assert results[:5] == [0] * 5 and results[5] > 0
    keys = list(redis_settings["client"].scan_iter(f"*{namespace}*"))
    assert keys and not [k for k in keys if STAFF_USER.encode() in k or ATTACKER.encode() in k]
    for key in keys:
        redis_settings["client"].delete(key)


def test_behind_the_proxy_the_forwarded_client_address_counts(sqlite_store, monkeypatch):
    monkeypatch.setenv("FRONTDESK_PROXIES", "1")
    sqlite_store.add_staff(STAFF_USER, STAFF_PASSWORD)
    app = create_app(sqlite_store, secret_key=SECRET, login_throttle=LoginThrottle("memory://"))
    proxy = "172.18.0.5"
    attacker = client_from(app, proxy)
    attacker.environ_base["HTTP_X_FORWARDED_FOR"] = ATTACKER
    for _ in range(6):
        sign_in(attacker, password="a wrong password")
    desk = client_from(app, proxy)
    desk.environ_base["HTTP_X_FORWARDED_FOR"] = DESK
    assert sign_in(desk).status_code == 302
