"""Hostile and odd input on every webhook and form, over real HTTP, against
the running assistant (session ``servers``) and the front desk's web server:
a clear reply or a 4xx, never a 500, never HTML echoed unescaped.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import uuid

import pytest
import requests

from channels.turn_guard import sorry_text
from frontdesk.store import Store
from tests.channels.loopback import Phone
from tests.channels.loopback import reply_text as twiml_text
from tests.frontdesk.conftest import STAFF_PASSWORD, STAFF_USER
from tests.harness.servers import ROOT, free_port, wait_until_up

pytestmark = pytest.mark.model

TEXTS = {
    "empty": "",
    "whitespace": " \n\t  ",
    "10k": "my back hurts " * 715,
    "emoji": "😀🙏👍🏽👨‍👩‍👧",
    "control": "\x00what\x07 is\x1b[31m RFA\x7f?\u202e\u200b",
    "spanish": "¿Qué es la ablación por radiofrecuencia?",
    "chinese": "什么是纤维肌痛？",
    "arabic": "ما هو الألم العضلي الليفي؟",
    "html": "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "sql": "'; DROP TABLE events;--",
    "template": "{{7*7}} ${jndi:ldap://x/a} %s %n {0}",
    "lone surrogate": "\ud800 what is rfa",
    "list entity": '/ask_procedure{"procedure": ["rfa", "scs"]}',
    "object entity": '/ask_procedure{"procedure": {"$gt": ""}}',
    "html entity": '/inform{"full_name": "<script>alert(1)</script>"}',
    "broken command": '/ask_procedure{"procedure": ',
    "unknown intent": "/no_such_intent",
    "slash": "/",
}
# forms carry UTF-8: a lone surrogate cannot be sent in one (browsers and
# Twilio replace it), only inside JSON as an escape
FORM_TEXTS = {k: v for k, v in TEXTS.items() if k != "lone surrogate"}
HTML = re.compile(r"<\s*(script|img)", re.IGNORECASE)


def rest_url(servers):
    return f"{servers.rasa_url}/webhooks/rest/webhook"


def sms_phone(servers):
    return Phone(
        f"{servers.rasa_url}/webhooks/twilio_sms/webhook",
        number="+15125550155",
        token=servers.env["TWILIO_AUTH_TOKEN"],
    )


# ------------------------------------------------------------------ REST


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_rest_answers_any_text_with_a_visible_reply(servers, name):
    body = json.dumps({"sender": f"bad-{uuid.uuid4().hex}", "message": TEXTS[name]})
    response = requests.post(
        rest_url(servers), data=body, timeout=60, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.text
    texts = [m["text"] for m in response.json() if m.get("text")]
    assert texts and all(t.strip() for t in texts)
    assert not HTML.search(response.text)
    if name == "10k":
        assert "too long" in texts[0]


def test_rest_list_and_object_entities_get_a_real_answer_not_an_apology(servers):
    for message in (TEXTS["list entity"], TEXTS["object entity"]):
        texts = [m.get("text") for m in servers.rest(f"bad-{uuid.uuid4().hex}", message)]
        assert sorry_text() not in texts


def test_rest_restart_may_say_nothing(servers):
    assert servers.rest(f"bad-{uuid.uuid4().hex}", "/restart") == []


@pytest.mark.parametrize(
    "data,content_type,status",
    [
        ('{"sender": "x", "message": "hi"', "application/json", 400),
        ("", "application/json", 400),
        ("null", "application/json", 400),
        ('["hi"]', "application/json", 400),
        ('{"sender": "x", "message": 42}', "application/json", 400),
        ('{"sender": ["x"], "message": "hi"}', "application/json", 400),
        ('{"message": "hi"}', "application/json", 400),
        (b'{"sender": "x", "message": "\xff\xfe"}', "application/json", 400),
        ("[" * 20_000, "application/json", 400),
        ('{"sender": "x", "message": "hi"}', "text/plain", 415),
        ("sender=x&message=hi", "application/x-www-form-urlencoded", 415),
        ("<xml/>", "application/xml", 415),
        ('{"sender": "x", "message": "hi"}', None, 415),
        (json.dumps({"sender": "x", "message": "a" * 70_000}), "application/json", 413),
    ],
)
def test_rest_bad_bodies_are_4xx_with_a_json_error(servers, data, content_type, status):
    headers = {"Content-Type": content_type} if content_type else {}
    response = requests.post(rest_url(servers), data=data, headers=headers, timeout=60)
    assert response.status_code == status, response.text
    assert response.json()["error"]


def test_rest_a_huge_body_is_refused(servers):
    response = requests.post(
        rest_url(servers),
        data=b"{" + b" " * 5_000_000 + b"}",
        timeout=60,
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_rest_other_methods_are_4xx(servers, method):
    assert 400 <= getattr(requests, method)(rest_url(servers), timeout=30).status_code < 500


# ------------------------------------------------------------------ SMS


@pytest.mark.parametrize("name", sorted(FORM_TEXTS))
def test_sms_answers_any_signed_text(servers, name):
    answer = sms_phone(servers).send(TEXTS[name])
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/xml")
    reply = twiml_text(answer.content)  # well-formed TwiML
    assert reply.strip() and not HTML.search(answer.text)


@pytest.mark.parametrize("name", ["empty", "html", "sql", "10k", "control"])
def test_sms_refuses_unsigned_and_forged_posts(servers, name):
    phone = sms_phone(servers)
    assert phone.post(phone.params(TEXTS[name]), signature=None).status_code == 403
    assert phone.post(phone.params(TEXTS[name]), signature="forged").status_code == 403


@pytest.mark.parametrize(
    "data,content_type,status",
    [
        ('{"Body": "hi"}', "application/json", 415),
        ("Body=hi", "text/plain", 415),
        ("Body=%ZZ&&&==", "application/x-www-form-urlencoded", 403),
        (b"Body=\xff\xfe", "application/x-www-form-urlencoded", 400),
        ("&".join(f"k{i}=v" for i in range(500)), "application/x-www-form-urlencoded", 400),
        ("Body=" + "a" * 300_000, "application/x-www-form-urlencoded", 413),
    ],
)
def test_sms_malformed_posts_are_4xx(servers, data, content_type, status):
    phone = sms_phone(servers)
    response = requests.post(
        phone.url, data=data, headers={"Content-Type": content_type, "X-Twilio-Signature": "x"}, timeout=60
    )
    assert response.status_code == status, response.text


def test_sms_signed_without_from_or_body_is_400(servers):
    phone = sms_phone(servers)
    params = phone.params("hi")
    del params["Body"]
    assert phone.post(params).status_code == 400


# ------------------------------------------------------------------ Rasa's /


@pytest.mark.parametrize(
    "method,path",
    [
        ("get", "/"),
        ("post", "/"),
        ("get", "/?q=<script>alert(1)</script>"),
        ("get", "/webhooks/rest/"),
        ("get", "/webhooks/no_such_channel/webhook"),
        ("get", "/%00%ff"),
        ("post", "/webhooks/rest/webhook/../webhook"),
    ],
)
def test_rasa_root_and_unknown_paths_never_500(servers, method, path):
    response = getattr(requests, method)(servers.rasa_url + path, data="'; DROP TABLE events;--", timeout=30)
    assert response.status_code < 500
    assert not HTML.search(response.text)


# ------------------------------------------------------------------ front desk


@pytest.fixture(scope="module")
def frontdesk(servers, tmp_path_factory):
    """`python -m frontdesk.web` on loopback, asking the running assistant."""
    workdir = tmp_path_factory.mktemp("frontdesk")
    url = f"sqlite:///{workdir / 'clinic.db'}"
    store = Store(url)
    store.create_schema()
    store.add_staff(STAFF_USER, STAFF_PASSWORD)
    token = store.create_api_token("bad-input-tests")
    store.dispose()
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "CLINIC_DB_URL": url,
        "FRONTDESK_SECRET_KEY": os.urandom(32).hex(),
        "RASA_URL": servers.rasa_url,
    }
    log_path = workdir / "web.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "frontdesk.web", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(f"{base}/healthz", server, log_path, timeout=60)
            yield base, token
        finally:
            server.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(10)
            if server.poll() is None:
                server.kill()


def csrf(session, base, path):
    page = session.get(base + path, timeout=30)
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


@pytest.mark.parametrize("name", sorted(FORM_TEXTS))
def test_login_form_refuses_any_username_clearly(frontdesk, name):
    base, _ = frontdesk
    with requests.Session() as session:
        token = csrf(session, base, "/login")
        response = session.post(
            f"{base}/login",
            timeout=30,
            data={"csrf_token": token, "username": TEXTS[name], "password": TEXTS[name]},
        )
    assert response.status_code in (400, 401, 429), response.status_code
    assert not HTML.search(response.text.split("</form>")[-1]) and "<script>alert" not in response.text


def test_login_form_without_csrf_or_as_json_is_4xx(frontdesk):
    base, _ = frontdesk
    assert (
        requests.post(f"{base}/login", data={"username": "x", "password": "y"}, timeout=30).status_code == 400
    )
    assert requests.post(f"{base}/login", json={"username": "x"}, timeout=30).status_code == 400
    too_big = requests.post(
        f"{base}/login",
        data="x" * 100_000,
        timeout=30,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert too_big.status_code in (400, 413)


@pytest.mark.parametrize("name", sorted(FORM_TEXTS))
def test_the_assistant_page_answers_or_refuses_any_question(frontdesk, name):
    base, _ = frontdesk
    with requests.Session() as session:
        session.post(
            f"{base}/login",
            timeout=30,
            data={
                "csrf_token": csrf(session, base, "/login"),
                "username": STAFF_USER,
                "password": STAFF_PASSWORD,
            },
        )
        response = session.post(
            f"{base}/assistant",
            timeout=90,
            data={"csrf_token": csrf(session, base, "/assistant"), "question": TEXTS[name]},
        )
    assert response.status_code in (200, 400), response.status_code
    assert "<script>alert" not in response.text and "<img src=x" not in response.text
    if response.status_code == 200:
        assert 'class="assistant-text"' in response.text  # the assistant's answer is shown


@pytest.mark.parametrize("name", sorted(FORM_TEXTS))
def test_the_api_refuses_any_token_and_any_status(frontdesk, name):
    base, token = frontdesk
    value = TEXTS[name].encode("utf-8", "replace").decode("latin-1", "replace")
    with contextlib.suppress(ValueError):  # requests refuses some header values itself
        bad = requests.get(f"{base}/api/requests", timeout=30, headers={"Authorization": f"Bearer {value}"})
        assert bad.status_code in (400, 401)
    auth = {"Authorization": f"Bearer {token}"}
    response = requests.post(
        f"{base}/api/requests/MM-00000/status", json={"status": TEXTS[name]}, headers=auth, timeout=30
    )
    assert response.status_code in (400, 404) and response.json()["error"]
    reference = requests.utils.quote(TEXTS[name][:200].replace("/", "%2F"), safe="")
    found = requests.get(f"{base}/api/requests/{reference or 'x'}", headers=auth, timeout=30)
    assert found.status_code in (400, 404) and not HTML.search(found.text)


@pytest.mark.parametrize(
    "data,content_type",
    [
        ('{"status": ', "application/json"),
        ("status=done", "application/x-www-form-urlencoded"),
        ("null", "application/json"),
        ('["done"]', "application/json"),
        ("x" * 100_000, "application/json"),
    ],
)
def test_the_api_bad_bodies_are_4xx(frontdesk, data, content_type):
    base, token = frontdesk
    response = requests.post(
        f"{base}/api/requests/MM-00000/status",
        data=data,
        timeout=30,
        headers={"Authorization": f"Bearer {token}", "Content-Type": content_type},
    )
    assert 400 <= response.status_code < 500
