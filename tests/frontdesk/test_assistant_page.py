"""The front-desk assistant page, against a tiny fake Rasa REST channel on loopback."""

from __future__ import annotations

import json
import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from frontdesk.web import create_app
from tests.frontdesk.conftest import STAFF_PASSWORD, STAFF_USER
from tests.frontdesk.test_web import SECRET, csrf_token, sign_in

ANSWER = "RFA uses heat to quiet the nerve.\nMost people go home the same day."
SOURCE = "Radiofrequency ablation <b>heats</b> the nerve & stops the signal."
QUESTION = "what is RFA for my neighbour Zelda?"


class FakeRasa:
    """Answers POST /webhooks/rest/webhook with a text message and a custom sources message."""

    def __init__(self):
        self.received = []
        self.status = 200
        self.reply = [
            {
                "recipient_id": "x",
                "text": ANSWER,
                "buttons": [
                    {"title": "Recovery time", "payload": "/ask_recovery"},
                    {"title": "<i>Risks</i>", "payload": "/ask_risks"},
                ],
            },
            {
                "recipient_id": "x",
                "custom": {
                    "topic": "what_is",
                    "procedure": "rfa",
                    "sources": [SOURCE, "Second sentence of the article."],
                },
            },
        ]
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                fake.received.append((self.path, json.loads(body)))
                data = json.dumps(fake.reply).encode()
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    @property
    def senders(self):
        return [body["sender"] for _, body in self.received]


@pytest.fixture
def rasa():
    fake = FakeRasa()
    yield fake
    fake.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_client(sqlite_store, monkeypatch, url):
    monkeypatch.setenv("RASA_URL", url)
    if not sqlite_store.staff_exists(STAFF_USER):
        sqlite_store.add_staff(STAFF_USER, STAFF_PASSWORD)
    client = create_app(sqlite_store, secret_key=SECRET).test_client()
    assert sign_in(client).status_code == 302
    return client


@pytest.fixture
def client(sqlite_store, monkeypatch, rasa):
    return make_client(sqlite_store, monkeypatch, rasa.url)


def ask(client, question, token=None):
    token = token if token is not None else csrf_token(client, "/assistant")
    return client.post("/assistant", data={"question": question, "csrf_token": token})


def new_caller(client, token=None):
    token = token if token is not None else csrf_token(client, "/assistant")
    return client.post("/assistant/new-caller", data={"csrf_token": token})


def test_sign_in_required(sqlite_store, monkeypatch, rasa):
    monkeypatch.setenv("RASA_URL", rasa.url)
    client = create_app(sqlite_store, secret_key=SECRET).test_client()
    for response in (
        client.get("/assistant"),
        client.post("/assistant", data={"question": "hi"}),
        client.post("/assistant/new-caller"),
    ):
        assert response.status_code in (302, 400)
    token = csrf_token(client, "/login")
    response = client.post("/assistant", data={"question": "hi", "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert client.get("/assistant").headers["Location"].endswith("/login")
    assert rasa.received == []


def test_queue_links_to_the_assistant(client):
    page = client.get("/").get_data(as_text=True)
    assert 'href="/assistant"' in page
    page = client.get("/assistant").get_data(as_text=True)
    assert '<label for="question">' in page and "New caller" in page


def test_csrf_required(client, rasa):
    assert ask(client, QUESTION, token="").status_code == 400
    assert ask(client, QUESTION, token="forged").status_code == 400
    assert new_caller(client, token="").status_code == 400
    assert rasa.received == []


def test_answer_and_sources_are_shown_escaped(client, rasa):
    response = ask(client, QUESTION)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert rasa.received[0][0] == "/webhooks/rest/webhook"
    assert rasa.received[0][1]["message"] == QUESTION
    assert "RFA uses heat to quiet the nerve.\nMost people go home the same day." in page
    assert 'class="assistant-text"' in page
    assert "From the clinic's article" in page
    assert "Radiofrequency ablation &lt;b&gt;heats&lt;/b&gt; the nerve &amp; stops the signal." in page
    assert "<b>heats</b>" not in page
    assert "Second sentence of the article." in page
    assert "The assistant offered:" in page and "Recovery time" in page
    assert "&lt;i&gt;Risks&lt;/i&gt;" in page and "<i>Risks" not in page
    assert "style=" not in page and "<script" not in page
    assert "script-src" not in response.headers["Content-Security-Policy"]


def test_same_sender_for_one_caller_new_one_after_new_caller(client, rasa):
    ask(client, "what is RFA?")
    page = ask(client, "how long is recovery?").get_data(as_text=True)
    first, second = rasa.senders
    assert first == second and first.startswith("staff-")
    assert "what is RFA?" in page  # the earlier turn, in the history
    assert "Earlier with this caller" in page
    response = new_caller(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/assistant")
    page = client.get("/assistant").get_data(as_text=True)
    assert "what is RFA?" not in page and "how long is recovery?" not in page
    ask(client, "what is SCS?")
    third = rasa.senders[2]
    assert third.startswith("staff-") and third != first


def test_history_keeps_the_last_ten_turns(client, rasa):
    rasa.reply = [{"text": "Short answer."}]
    for n in range(12):
        ask(client, f"question number {n:02d}")
    page = client.get("/assistant").get_data(as_text=True)
    assert "question number 01" not in page
    for n in range(2, 12):
        assert f"question number {n:02d}" in page
    assert len(set(rasa.senders)) == 1


def test_another_staff_session_gets_its_own_sender(sqlite_store, monkeypatch, rasa):
    first = make_client(sqlite_store, monkeypatch, rasa.url)
    second = create_app(sqlite_store, secret_key=SECRET).test_client()
    assert sign_in(second).status_code == 302
    ask(first, "hello")
    ask(second, "hello")
    assert rasa.senders[0] != rasa.senders[1]


def test_rasa_down_shows_the_friendly_message(sqlite_store, monkeypatch):
    client = make_client(sqlite_store, monkeypatch, f"http://127.0.0.1:{free_port()}")
    response = ask(client, QUESTION)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "The assistant is not reachable right now." in page
    assert "From the clinic" not in page


@pytest.mark.parametrize("status, reply", [(500, {"error": "boom"}), (200, {"not": "a list"}), (200, [1, 2])])
def test_rasa_errors_show_the_friendly_message(client, rasa, status, reply):
    rasa.status, rasa.reply = status, reply
    response = ask(client, QUESTION)
    assert response.status_code == 200
    assert "The assistant is not reachable right now." in response.get_data(as_text=True)


def test_empty_question_is_not_sent(client, rasa):
    response = ask(client, "   ")
    assert response.status_code == 400
    assert rasa.received == []


def test_nothing_of_the_question_or_answer_is_logged(sqlite_store, monkeypatch, rasa, caplog):
    caplog.set_level(logging.DEBUG)
    client = make_client(sqlite_store, monkeypatch, rasa.url)
    ask(client, QUESTION)
    ask(client, QUESTION)
    new_caller(client)
    rasa.status = 500
    ask(client, QUESTION)
    down = make_client(sqlite_store, monkeypatch, f"http://127.0.0.1:{free_port()}")
    ask(down, QUESTION)
    assert "POST /assistant" in caplog.text
    for secret in ["Zelda", "what is RFA", "quiet the nerve", "heats", "Recovery time", *rasa.senders]:
        assert secret not in caplog.text, secret


def test_the_callers_questions_never_go_into_the_cookie(client, rasa):
    """The session cookie is signed, not encrypted: it holds only ids."""
    import base64
    import secrets
    import zlib

    for n in range(6):
        rasa.reply = [{"text": secrets.token_hex(400)}]
        response = ask(client, f"question number {n} about my fibromyalgia")
        assert response.status_code == 200
    cookie = client.get_cookie(client.application.config["SESSION_COOKIE_NAME"]).value
    payload = cookie.lstrip(".").split(".")[0]
    data = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if cookie.startswith("."):
        data = zlib.decompress(data)
    assert b"fibromyalgia" not in data and b"question number" not in data
    page = client.get("/assistant").get_data(as_text=True)
    assert "question number 5" in page and "question number 0" in page


@pytest.mark.model
def test_staff_get_the_real_answer_with_its_article_sentences(sqlite_store, monkeypatch, servers):
    client = make_client(sqlite_store, monkeypatch, servers.rasa_url)
    page = ask(client, "what is RFA?").get_data(as_text=True)
    assert "uses heat to destroy the nerve tissue" in page
    assert "From the clinic&#39;s article" in page or "From the clinic's article" in page
    assert "Radiofrequency ablation is a minimally invasive procedure that uses heat" in page
    follow_up = ask(client, "how long is recovery after it?").get_data(as_text=True)
    assert "radiofrequency ablation (RFA)" in follow_up  # the caller's context is kept
