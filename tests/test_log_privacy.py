"""Log lines cannot be forged, and name no conversation (``clinic/log_privacy.py``):
CR, LF, NUL and other control characters are escaped in every record,
request paths included; sender ids are hashed in every record, Rasa's own too.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os

import pytest
import requests
from rasa.core.lock_store import InMemoryLockStore

from channels.rest import PatientRestInput
from clinic import log_privacy
from tests.channels.loopback import FakeAssistant, LoopbackServer

FORGED = "2026-11-29 12:00:00,000 INFO frontdesk.pages: Staff alice signed in."
SENDER = "widget-3f9c2a7e-patient-session"


@pytest.fixture()
def log_output():
    """Every record of the process, formatted as the servers write them, with
    the record factory installed as each server's main installs it."""
    previous_factory = logging.getLogRecordFactory()
    log_privacy._installed = None
    log_privacy.install()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        logging.setLogRecordFactory(previous_factory)
        log_privacy._installed = None


def test_control_characters_are_escaped_to_one_line():
    escaped = log_privacy.escape("a\r\nb\x00c\x1b[31md\u2028e\u202ef\tg\\n")
    assert escaped == "a\\r\\nb\\x00c\\x1b[31md\\u2028e\\u202ef\\tg\\\\n"
    assert log_privacy.escape("Café 😀 naïve") == "Café 😀 naïve"


def test_a_request_path_with_an_encoded_newline_writes_one_line(log_output, tmp_path):
    from frontdesk.store import Store
    from frontdesk.web import create_app

    store = Store(f"sqlite:///{tmp_path / 'clinic.db'}")
    store.create_schema()
    client = create_app(store, secret_key="k" * 40).test_client()
    client.get("/login%0a" + FORGED.replace(" ", "%20"))
    client.get("/queue%00%0d%0aINFO%20forged")
    lines = [line for line in log_output.getvalue().splitlines() if "frontdesk.access" in line]
    assert len(lines) == 2, lines
    every_line = log_output.getvalue().splitlines()
    assert not [line for line in every_line if line.startswith((FORGED, "INFO forged"))], every_line
    assert "\x00" not in log_output.getvalue()
    assert "\\n" + FORGED in lines[0]


def test_rasas_own_records_name_no_conversation(log_output):
    """Rasa's lock store names the conversation in its records, as its
    processor's circuit-breaker warning does."""

    async def turn():
        async with InMemoryLockStore().lock(SENDER):
            logging.getLogger("rasa.core.processor").warning(
                f"Circuit breaker tripped. Stopped predicting more actions for sender '{SENDER}'."
            )

    asyncio.run(turn())
    written = log_output.getvalue()
    assert "for conversation 'id:" in written and "for sender 'id:" in written
    assert SENDER not in written
    assert log_privacy.log_id(SENDER) in written


class NamingAssistant(FakeAssistant):
    """Logs the sender id the way a library might, without quotes."""

    async def handle_message(self, message):
        logging.getLogger("rasa.core.agent").warning(f"Handling {message.sender_id} now.")
        await super().handle_message(message)


def test_the_sender_of_the_turn_is_hashed_wherever_it_appears(log_output):
    server = LoopbackServer(PatientRestInput(reply_timeout=5), NamingAssistant()).start()
    try:
        answer = requests.post(
            server.base + "/webhooks/rest/webhook", json={"sender": SENDER, "message": "hello"}, timeout=30
        )
        assert answer.ok
    finally:
        server.stop()
    written = log_output.getvalue()
    assert f"Handling {log_privacy.log_id(SENDER)} now." in written
    assert SENDER not in written


def test_installing_twice_filters_once(log_output):
    log_privacy.install()
    logging.getLogger("clinic.test").info("a\nb")
    assert "a\\nb" in log_output.getvalue() and "a\\\\nb" not in log_output.getvalue()


def test_every_server_installs_it(monkeypatch):
    import rasa.__main__
    import waitress

    from frontdesk import web
    from server import __main__ as server_main

    previous, umask = logging.getLogRecordFactory(), os.umask(0o022)
    try:
        for start in (
            lambda: (monkeypatch.setattr(rasa.__main__, "main", lambda: None), server_main.main()),
            lambda: (
                monkeypatch.setattr(waitress, "serve", lambda app, **kwargs: None),
                monkeypatch.setenv("CLINIC_DB_URL", "sqlite://"),
                monkeypatch.setenv("FRONTDESK_SECRET_KEY", "k" * 40),
                web.main([]),
            ),
        ):
            logging.setLogRecordFactory(logging.LogRecord)
            log_privacy._installed = None
            start()
            assert logging.getLogRecordFactory() is log_privacy._installed
    finally:
        logging.setLogRecordFactory(previous)
        log_privacy._installed = None
        os.umask(umask)  # the servers narrow it


@pytest.mark.model
def test_the_assistant_loaded_in_a_process_of_our_own_prints_no_patient_text(trained_model, capfd):
    """The evaluation and the dialogue tests load the assistant in their own
    process (``tests.harness.servers.load_agent``): Rasa's structured log,
    unconfigured there, would print each parse with the patient's text."""
    import asyncio

    from tests.harness.servers import load_agent

    agent = load_agent(trained_model)
    text = "my name is Zebediah Quillfeather and my knee hurts"
    asyncio.run(agent.parse_message(text))
    out, err = capfd.readouterr()
    assert "Zebediah" not in out + err
